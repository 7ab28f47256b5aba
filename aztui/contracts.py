"""What a plugin registers, held to its ``Protocol`` when the plugin loads.

A carrier whose ``track`` is a plain ``def``, a rule without ``policy_defaults`` or a store
missing a method would otherwise fail much later, far from the mistake (an asyncio
``TypeError`` in the middle of ``aztui track``). Each registration is checked against the
members of its Protocol with ``inspect``: present, ``async def`` where the Protocol's is, a
plain ``def`` where it is not, and callable with the Protocol's parameters. A problem is a
``ContractError`` naming the hook, the thing registered, the attribute, what was expected and
what was found. A factory given as ``lazy("module:Name")`` is checked when it is first
resolved, so checking never imports a heavy library.
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Callable, Iterator
from typing import Any

from aztui.domain.faults import Refused
from aztui.errors import saying

MISSING = object()
SHOWN = 2
"""Problems named in one message (the rest counted): a fault's error is kept short."""


class ContractError(Refused):
    """What a plugin registered does not meet its Protocol; says what to change."""


def _public(name: str) -> bool:
    return not name.startswith("_")


def _members(protocol: type) -> Iterator[tuple[str, Any]]:
    """The Protocol's methods (name, function) and data attributes (name, MISSING)."""
    for name, value in vars(protocol).items():
        if _public(name) and inspect.isfunction(value):
            yield name, value
    for name in getattr(protocol, "__annotations__", {}):
        if _public(name) and not inspect.isfunction(vars(protocol).get(name)):
            yield name, MISSING


def _spelled(name: str, function: Callable[..., Any]) -> str:
    """``async def track(self, numbers)``: how the Protocol writes a method."""
    parameters = ", ".join(inspect.signature(function).parameters)
    prefix = "async def" if inspect.iscoroutinefunction(function) else "def"
    return f"{prefix} {name}({parameters})"


def _callable_as(expected: Callable[..., Any], found: Any, bound: bool) -> bool:
    """Whether ``found`` takes the arguments the Protocol's method is called with."""
    try:
        signature = inspect.signature(found)
    except (TypeError, ValueError):
        return True  # a builtin or C method: nothing to compare
    positional: list[None] = []
    keywords: dict[str, None] = {}
    for parameter in list(inspect.signature(expected).parameters.values())[1:]:
        if parameter.kind is parameter.KEYWORD_ONLY:
            keywords[parameter.name] = None
        elif parameter.kind in (parameter.POSITIONAL_ONLY, parameter.POSITIONAL_OR_KEYWORD):
            positional.append(None)
    if not bound:
        positional.insert(0, None)  # self
    try:
        signature.bind(*positional, **keywords)
    except TypeError:
        return False
    return True


def _asynchronous(value: Any, expected: Callable[..., Any]) -> bool:
    """An ``async def`` where a plain one is expected (an async generator is fine for a
    method the Protocol says returns an async iterator)."""
    if inspect.iscoroutinefunction(value):
        return True
    returns = str(inspect.signature(expected).return_annotation)
    return inspect.isasyncgenfunction(value) and not returns.startswith("Async")


def problems(subject: Any, protocol: type, *, instance: bool) -> list[str]:
    """What ``subject`` (a class a factory is, or an object made) lacks to meet
    ``protocol``; a class is held to the Protocol's methods only (its instance attributes
    are set in ``__init__``)."""
    found: list[str] = []
    for name, expected in _members(protocol):
        value = getattr(subject, name, MISSING)
        if expected is MISSING:
            if instance and value is MISSING:
                found.append(f"no attribute {name!r}")
            continue
        wanted = _spelled(name, expected)
        if value is MISSING:
            found.append(f"no method {name!r}: expected {wanted}")
        elif not callable(value):
            found.append(f"{name!r} is a {type(value).__name__}: expected {wanted}")
        elif inspect.iscoroutinefunction(expected) and not inspect.iscoroutinefunction(value):
            found.append(f"{name!r} is a plain def: expected {wanted}")
        elif not inspect.iscoroutinefunction(expected) and _asynchronous(value, expected):
            found.append(f"{name!r} is an async def: expected {wanted}")
        elif not _callable_as(expected, value, bound=instance or inspect.ismethod(value)):
            parameters = ", ".join(inspect.signature(value).parameters)
            found.append(f"{name!r} takes ({parameters}): expected {wanted}")
    return found


def check_factory(factory: Any, protocol: type, where: str) -> Any:
    """The factory to keep: a class is held to ``protocol`` now, a ``lazy`` when it is
    first resolved, and what a function makes each time it makes it (``Checked``)."""
    from aztui.hookspecs import lazy

    if isinstance(factory, lazy):
        factory.check = lambda target: check_factory(target, protocol, where)
    elif not callable(factory):
        raise ContractError(
            f"{where}: the factory is a {type(factory).__name__}: expected a class or a "
            f"function making a {protocol.__name__}"
        )
    elif inspect.isclass(factory):
        _raise(where, f"factory {factory.__name__}", problems(factory, protocol, instance=False))
    elif not isinstance(factory, Checked):
        return Checked(factory, protocol, where)
    return factory


class Checked:
    """A factory that is a function: what it makes is held to the Protocol as it is made."""

    def __init__(self, factory: Callable[..., Any], protocol: type, where: str) -> None:
        self.factory, self.protocol, self.where = factory, protocol, where

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        made = self.factory(*args, **kwargs)
        name = getattr(self.factory, "__name__", "the factory")
        found = problems(made, self.protocol, instance=True)
        _raise(self.where, f"what {name} made ({type(made).__name__})", found)
        return made

    def __repr__(self) -> str:
        return repr(self.factory)


def check_instance(subject: Any, protocol: type, where: str) -> None:
    _raise(where, type(subject).__name__, problems(subject, protocol, instance=True))


def check_type(subject: Any, expected: type, where: str) -> None:
    if not isinstance(subject, expected):
        raise ContractError(
            f"{where}: registered a {type(subject).__name__}: expected "
            f"{expected.__module__}.{expected.__qualname__}"
        )


def _raise(where: str, what: str, found: list[str]) -> None:
    if found:
        more = f"; and {len(found) - SHOWN} more" if len(found) > SHOWN else ""
        said = "; ".join(found[:SHOWN])
        raise ContractError(f"{where}: {what} does not meet the contract: {said}{more}")


def check_registration(hook: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
    """What one ``register(...)`` call of ``hook`` gave, held to its kind's contract; the
    arguments to keep (a factory that is a function checks what it makes)."""
    where = hook
    if hook in ("aztui_register_stores", "aztui_register_sources"):
        if len(args) < 2 or not isinstance(args[0], str):
            raise ContractError(f"{where}: expected register(name, factory)")
        name, factory = args[0], args[1]
        if hook == "aztui_register_stores":
            from aztui.store.protocol import Store

            factory = check_factory(factory, Store, f"{where}: store {name!r}")
        else:
            from aztui.sources import Source

            factory = check_factory(factory, Source, f"{where}: source {name!r}")
        return (name, factory, *args[2:])
    if len(args) != 1 or kwargs:
        raise ContractError(f"{where}: expected register(one object)")
    [item] = args
    if hook == "aztui_register_carriers":
        from aztui.carriers import Carrier, CarrierSpec

        check_type(item, CarrierSpec, where)
        where = f"{where}: carrier {item.name!r}"
        _raise(where, "its spec", list(_carrier_fields(item)))
        return (_with_factory(item, check_factory(item.factory, Carrier, where)),)
    elif hook == "aztui_register_channels":
        from aztui.channels import Channel, ChannelSpec

        check_type(item, ChannelSpec, where)
        where = f"{where}: channel type {item.type!r}"
        _raise(where, "its spec", list(_channel_fields(item)))
        return (_with_factory(item, check_factory(item.factory, Channel, where)),)
    elif hook == "aztui_register_deadline_rules":
        from aztui.domain.deadlines import DeadlineRule

        check_instance(item, DeadlineRule, f"{where}: rule {getattr(item, 'id', '?')!r}")
    elif hook == "aztui_register_metrics":
        from aztui.domain.metrics import MetricDefinition

        check_type(item, MetricDefinition, where)
    elif hook == "aztui_register_commands":
        from aztui.subcommands import Command

        check_type(item, Command, where)
        _raise(f"{where}: command {item.name!r}", "it", list(_command_fields(item)))
    return args


def _with_factory(spec: Any, factory: Any) -> Any:
    return spec if factory is spec.factory else dataclasses.replace(spec, factory=factory)


def _secrets(secrets: Any, field: str = "secrets") -> Iterator[str]:
    if not isinstance(secrets, (tuple, list)) or not all(isinstance(n, str) for n in secrets):
        yield f"{field} is {secrets!r}: expected a tuple of names, ('api_key',)"


def _positive(name: str, value: Any, *, whole: bool = False) -> Iterator[str]:
    number = isinstance(value, int if whole else (int, float)) and not isinstance(value, bool)
    if not number or value <= 0:
        yield f"{name} is {value!r}: expected a {'whole ' if whole else ''}number above 0"


def _options_model(options: Any) -> Iterator[str]:
    if options is not None and not callable(getattr(options, "model_validate", None)):
        yield f"options is {options!r}: expected a pydantic model class, or None"


def _carrier_fields(spec: Any) -> Iterator[str]:
    """A carrier spec's fields of the wrong type (the dataclass does not check them)."""
    import re

    if not isinstance(spec.base_url, str):
        yield f"base_url is a {type(spec.base_url).__name__}: expected a URL as text"
    yield from _positive("batch_size", spec.batch_size, whole=True)
    yield from _positive("per_second", spec.per_second)
    if spec.per_day is not None:
        yield from _positive("per_day", spec.per_day, whole=True)
    yield from _secrets(spec.secrets)
    yield from _options_model(spec.options)
    for field in ("aliases", "patterns"):
        value = getattr(spec, field)
        if not isinstance(value, (tuple, list)) or not all(isinstance(v, str) for v in value):
            yield f"{field} is {value!r}: expected a tuple of text"
    for pattern in spec.patterns if isinstance(spec.patterns, (tuple, list)) else ():
        try:
            re.compile(pattern)
        except (re.error, TypeError) as exc:
            yield f"pattern {pattern!r} is not a regular expression ({exc})"


def _command_fields(command: Any) -> Iterator[str]:
    """A command's fields of the wrong type."""
    for field in ("name", "help"):
        if not isinstance(getattr(command, field), str):
            yield f"{field} is {getattr(command, field)!r}: expected text"
    if not callable(command.run):
        yield f"run is {command.run!r}: expected a function run(args), or lazy('module:run')"
    if command.arguments is not None and not callable(command.arguments):
        yield f"arguments is {command.arguments!r}: expected a function arguments(parser)"


def _channel_fields(spec: Any) -> Iterator[str]:
    """A channel spec's fields of the wrong type."""
    yield from _options_model(spec.options)
    yield from _secrets(spec.secrets)
    yield from _secrets(spec.optional_secrets, "optional_secrets")
    yield from _positive("timeout_seconds", spec.timeout_seconds)


WARNINGS = {
    "plugin_unmarked": (
        "{name} has no @hookimpl, so aztui never calls it: add @hookimpl (from "
        "aztui.hookspecs import hookimpl) on the line above def {name}"
    ),
}
"""What ``aztui plugins`` warns of a plugin, in English (``problem_<code>`` words it)."""


def unmarked(plugin: object) -> list[str]:
    """A warning for each ``aztui_*`` function of a plugin's module without ``@hookimpl``:
    pluggy ignores it, so what it would register is silently missing."""
    return [
        saying(WARNINGS, "plugin_unmarked", name=name)
        for name, value in sorted(vars(plugin).items() if hasattr(plugin, "__dict__") else ())
        if name.startswith("aztui_")
        and inspect.isfunction(value)
        and not hasattr(value, "aztui_impl")
    ]
