"""The plugin API: every hook a plugin may implement (group ``aztui``, marker ``"aztui"``).

A plugin is a module (or object) with functions decorated by ``aztui.hookspecs.hookimpl``,
exposed through an entry point in the ``aztui`` group of its distribution::

    [project.entry-points.aztui]
    my_plugin = "my_package.plugin"

Registration hooks receive a ``register`` callable, as in llm and tox: the plugin calls it once
per thing it adds. aztui's own store, deadline rules and metrics come through the same hooks.
See ``docs/plugins.md`` for a walk-through.

Every plugin's module is imported whenever aztui looks at its plugins, so it stays light: a
factory that needs a heavy library (an HTTP client, a database driver, apprise) is registered
as ``lazy("package.module:Name")`` and imported only when aztui builds what it names.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

import pluggy

hookspec = pluggy.HookspecMarker("aztui")
hookimpl = pluggy.HookimplMarker("aztui")


class lazy:
    """A factory named by ``"module:attribute"``, imported the first time it is called.

    A store, carrier, channel or source registered this way costs nothing until aztui builds
    it: ``aztui check`` never imports psycopg, ``aztui plugins`` never imports apprise unless
    a channel of that type is configured.
    """

    def __init__(self, reference: str) -> None:
        module, _, attribute = reference.partition(":")
        if not module or not attribute:
            raise ValueError(f"lazy({reference!r}): expected 'package.module:Name'")
        self.reference = reference
        self._target: Callable[..., Any] | None = None
        self.check: Callable[[Any], Any] | None = None
        """Holds what is imported to its contract (``aztui.contracts``): raises if it fails,
        else gives the factory to use."""

    def resolve(self) -> Callable[..., Any]:
        """The factory itself (imported on the first call)."""
        if self._target is None:
            module, _, attribute = self.reference.partition(":")
            target: Any = importlib.import_module(module)
            for part in attribute.split("."):
                target = getattr(target, part)
            if self.check is not None:
                target = self.check(target)
            self._target = target
        return self._target

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.resolve()(*args, **kwargs)

    def __repr__(self) -> str:
        return f"lazy({self.reference!r})"


def resolved(factory: Callable[..., Any]) -> Callable[..., Any]:
    """What a registered factory stands for: the class behind a ``lazy``, else itself."""
    return factory.resolve() if isinstance(factory, lazy) else factory


@hookspec
def aztui_register_stores(register: Callable[..., None]) -> None:
    """Add a storage backend.

    Call ``register(name, factory, schemes=("scheme",))``. ``factory(url, engine)`` returns an
    object implementing ``aztui.store.protocol.Store``; ``url`` is the ``db`` setting (a path
    or ``scheme://…``) and ``engine`` the ``aztui.domain.engine.Engine`` whose ``derive_many``
    the store calls on every write. A ``db`` URL whose scheme is in ``schemes`` selects this
    store; otherwise the ``store`` setting names it.

    Example::

        @hookimpl
        def aztui_register_stores(register):
            register("memory", MemoryStore, schemes=("memory",))
    """


@hookspec
def aztui_register_deadline_rules(register: Callable[[Any], None]) -> None:
    """Add deadline rules.

    Call ``register(rule)`` with an object implementing
    ``aztui.domain.deadlines.DeadlineRule``: an ``id`` (stable, snake_case, used in
    ``check --json``), ``names`` (``{"fr": …, "en": …}``), ``policy_defaults`` (the policy keys
    it reads, as ``PolicyValue``s, overridable in ``aztui.toml``) and ``derive(bundle, policy)``
    yielding ``Deadline``s. ``derive`` must be pure: no I/O, no clock.

    Example::

        @hookimpl
        def aztui_register_deadline_rules(register):
            register(RefundAfterReturn())
    """


@hookspec
def aztui_register_metrics(register: Callable[[Any], None]) -> None:
    """Add metrics.

    Call ``register(metric)`` with an ``aztui.domain.metrics.MetricDefinition`` whose ``facts``
    is a function ``facts(bundle, policy)`` yielding ``MetricFact``s (subject, basis instant,
    counted, optional eligible instant). The store keeps them indexed, so the metric costs one
    aggregate query per window. Its policy keys are ``{id}.window_days``, ``{id}.target`` (and
    ``{id}.lag_days`` when ``lagged``), with defaults in ``policy_defaults``.

    Example::

        @hookimpl
        def aztui_register_metrics(register):
            register(PRIME_LATE_SHIPMENT_RATE)
    """


@hookspec
def aztui_register_sources(register: Callable[..., None]) -> None:
    """Add a data source: something that fetches records itself, run by ``aztui sync``.

    Call ``register(name, factory)``. For every ``[sources.<name>]`` table of the
    configuration, aztui calls ``factory(context)`` with an ``aztui.sources.SourceContext``
    (the folder, the resolved credentials, the marketplace and its zone) and gets an object
    implementing ``aztui.sources.Source``: ``async fetch(cursor)`` returns a ``Fetched`` with
    records, Amazon figures and the cursor to hand back next time. A source that raises or
    hangs is reported and skipped; the others still sync.

    Example::

        @hookimpl
        def aztui_register_sources(register):
            register("jsonl_folder", JsonlFolder)
    """


@hookspec
def aztui_register_carriers(register: Callable[[Any], None]) -> None:
    """Add a carrier: where tracking comes from (``aztui track`` and the app).

    Call ``register(spec)`` with an ``aztui.carriers.CarrierSpec``: the name (the key of
    ``[carriers.<name>]``), the default base URL, the names sellers write for it, the
    tracking-number patterns it recognises, its batch size, its rate limits, the secrets it
    needs and ``factory(context)``. The factory gets an ``aztui.carriers.CarrierContext`` (an
    ``httpx.AsyncClient`` on the configured base URL that keeps to the rate limits, retries
    429 and 5xx and times out; the secrets) and returns an object whose ``async
    track(numbers)`` gives one ``TrackingResult`` per number, errors included. A carrier that
    raises, hangs or answers nonsense is marked degraded; the other carriers carry on.
    ``docs/carriers.md`` walks through writing one.

    Example::

        @hookimpl
        def aztui_register_carriers(register):
            register(CarrierSpec("example", ExampleCarrier, "https://api.example.com",
                                 aliases=("Example Post",), patterns=(r"EX\\d{9}",),
                                 batch_size=10, per_second=5, secrets=("api_key",)))
    """


@hookspec
def aztui_register_channels(register: Callable[[Any], None]) -> None:
    """Add a notification channel type: how alerts reach the seller.

    Call ``register(spec)`` with an ``aztui.channels.ChannelSpec``: the ``type`` name a
    ``[channels.<id>]`` table selects, a pydantic model of its ``options``, the secrets it
    needs and ``factory(context)``. The factory gets an ``aztui.channels.ChannelContext``
    (validated options, secrets from ``AZTUI_CHANNEL_<ID>_<SECRET>`` or a ``secrets_file``, the
    language) and returns an object whose ``async send(alert)`` sends once and returns an
    ``aztui.channels.Delivery``. aztui keeps the outbox and retries with backoff; a channel
    that raises or hangs is reported and retried later, and the other channels carry on.

    Example::

        @hookimpl
        def aztui_register_channels(register):
            register(ChannelSpec("webhook", Webhook, options=WebhookOptions,
                                 secrets=("signing_secret",)))
    """


@hookspec
def aztui_register_commands(register: Callable[[Any], None]) -> None:
    """Add an ``aztui`` sub-command.

    Call ``register(command)`` with an ``aztui.subcommands.Command``: its ``name``, one line of
    ``help``, ``arguments(parser)`` adding its own argparse arguments, and ``run(args)``
    returning its exit status (``lazy("package.module:run")`` keeps its libraries unloaded
    until it runs). Name it in the ``aztui.commands`` entry-point group of the distribution
    too, so ``aztui --help`` lists it without importing the plugin. A command that raises is
    reported, as every plugin failure is; aztui's own commands cannot be replaced.

    Example::

        @hookimpl
        def aztui_register_commands(register):
            register(Command("report", "Print this week's report", lazy("my_pkg.report:run"),
                             arguments=lambda parser: parser.add_argument("--week")))
    """
