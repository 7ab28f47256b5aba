"""What a configuration file may contain: one pydantic model per table, strict, no extra keys.

Every file (and every environment variable, and the command line) is validated against
``Settings`` on its own, before anything is merged, so an error always names the one place it
came from.

Adding a section (``[notify]``, ``[carriers.<name>]``, ``[tui]``): write a ``Section`` subclass
with a ``description`` on each field, add it as a field of ``Settings`` with a default, and
expose it on ``Config`` (``loader.py``). Layering, origins, ``config show``, unknown-key
suggestions and relative paths follow from the model; mark a field that may hold a secret with
``SecretSetting`` and a path with ``RelativeToFile``. A table of named sub-tables
(``[carriers.dhl]``, ``[carriers.ups]``) is a ``dict[str, SomeSection]`` field.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    create_model,
)
from pydantic_core import PydanticCustomError

from aztui.config.errors import closest, did_you_mean, said, toml_value
from aztui.domain.marketplaces import LANGUAGES
from aztui.domain.policy import MARKETPLACES

DATED_KEYS = ("value", "valid_from", "source")


@dataclass(frozen=True, slots=True)
class SecretRef:
    """``{ env = "NAME" }`` or ``{ file = "path" }``: where a secret is read, never the secret."""

    env: str | None = None
    file: str | None = None

    def __str__(self) -> str:
        return (
            f"{{ env = {toml_value(self.env)} }}"
            if self.env is not None
            else (f"{{ file = {toml_value(self.file)} }}")
        )


@dataclass(frozen=True, slots=True)
class SecretSetting:
    """Marks a field that may hold a secret. ``mask="url"``: only a URL's password is secret."""

    mask: Literal["url", "all"] = "all"


@dataclass(frozen=True, slots=True)
class RelativeToFile:
    """Marks a path field: a relative path is relative to the file that sets it."""


@dataclass(frozen=True, slots=True)
class PolicyTable:
    """Marks a ``[policy.<MARKETPLACE>]`` table: free keys, flattened by ``flatten_policy``."""


def _one_of(choices: Sequence[str]) -> Callable[[str], str]:
    def check(value: str) -> str:
        if value not in choices:
            hint = did_you_mean(value, choices)
            listed = ", ".join(choices)
            raise ValueError(
                said("config_expected_choice", choices=listed, got=repr(value), hint=hint)
            )
        return value

    return check


@cache
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


def _check_timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        hint = did_you_mean(value, _zones())
        raise ValueError(said("config_expected_zone", got=repr(value), hint=hint)) from None
    return value


def _text_or_secret(value: Any) -> str | SecretRef:
    if isinstance(value, SecretRef):
        return value
    if isinstance(value, str) and value:
        return value
    if isinstance(value, dict) and len(value) == 1:
        ((kind, name),) = value.items()
        if kind in ("env", "file") and isinstance(name, str) and name:
            return SecretRef(**{kind: name})
    raise PydanticCustomError(
        "secret_setting",
        'expected a non-empty string, { env = "NAME" } or { file = "path" }, got {got}',
        {"got": toml_value(value)},
    )


def _check_clock_time(value: str | None) -> str | None:
    if value is not None and not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value):
        raise PydanticCustomError(
            "clock_time", 'expected a time such as "08:00", got {got}', {"got": toml_value(value)}
        )
    return value


def _check_quiet_hours(value: str | None) -> str | None:
    if value is None:
        return None
    parts = value.split("-")
    if len(parts) != 2:
        raise PydanticCustomError(
            "quiet_hours", 'expected "22:00-07:00", got {got}', {"got": toml_value(value)}
        )
    for part in parts:
        _check_clock_time(part.strip())
    return value


NonEmpty = Annotated[str, Field(min_length=1)]
MarketplaceCode = Annotated[str, AfterValidator(_one_of(tuple(MARKETPLACES)))]
Language = Annotated[str, AfterValidator(_one_of(LANGUAGES))]
TimeZone = Annotated[str, AfterValidator(_check_timezone)]


class Section(BaseModel):
    """A table of the configuration: strict types, unknown keys refused."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)


class PluginsSettings(Section):
    """``[plugins]``"""

    disabled: list[NonEmpty] = Field(
        default_factory=list, description="Plugin names not to load (see `aztui plugins`)."
    )
    timeout_seconds: float = Field(
        default=10.0,
        gt=0,
        description="How long a call into plugin code may take before the plugin "
        "is marked degraded.",
    )


class TuiSettings(Section):
    """``[tui]``: the terminal app."""

    theme: NonEmpty = Field(
        default="aztui-dark",
        description="aztui-dark, aztui-light, aztui-contrast or aztui-ansi (the "
        "terminal's own colours, for SSH sessions), or a theme file's name.",
    )
    mouse: bool = Field(default=True, description="false: the app ignores the mouse.")
    keys: dict[str, NonEmpty] = Field(
        default_factory=dict,
        description="Your keys for the app's actions, by action id: "
        '{ "pane.claims" = "c", "quit" = "ctrl+q" } (`?` in the app lists them).',
    )


class SourceSettings(Section):
    """``[sources.<name>]``: one data source a plugin adds (``aztui sync``)."""

    type: NonEmpty | None = Field(
        default=None,
        description="The source a plugin registers (`mail` for the IMAP plugin); the table's "
        "name when not given, so `[sources.mail]` needs none and two mailboxes can be "
        '`[sources.shop_fr]` and `[sources.shop_de]` with `type = "mail"`.',
    )

    folder: Annotated[NonEmpty | None, RelativeToFile()] = Field(
        default=None, description="For a source that reads files: the folder it reads."
    )
    credentials: Annotated[
        str | SecretRef | None, PlainValidator(_text_or_secret), SecretSetting()
    ] = Field(
        default=None,
        description='For a source that calls an API: { env = "NAME" } or '
        '{ file = "path" } holding its credentials (never the credentials themselves).',
    )
    enabled: bool = Field(default=True, description="false: `aztui sync` leaves this source alone.")
    options: dict[str, Any] = Field(
        default_factory=dict,
        description="Settings the source plugin documents, passed to it as they are "
        '(`options = { host = "imap.example.com" }`).',
    )


class MailSection(Section):
    """``[mail]``: how Amazon's e-mails are read (docs/email.md)."""

    trust_authentication_results: bool = Field(
        default=False,
        description="true: trust your mail server's Authentication-Results header "
        "(dkim=pass for Amazon's domain) instead of checking Amazon's DKIM signature here.",
    )
    answers_from: Literal["sent", "amazon"] = Field(
        default="sent",
        description="Where your answers to buyers are read: sent (your Sent folder) or "
        "amazon (Amazon's copy of each answer).",
    )
    patterns: dict[str, Any] = Field(
        default_factory=dict,
        description="Patterns added to (or, with replace = true, replacing) the shipped ones, "
        'per language and kind: { en = { claim_filed = { subject = ["^New claim"] } } }.',
    )


class TrackingSettings(Section):
    """``[tracking]``: asking the carriers in the background."""

    interval_minutes: float = Field(
        default=60.0,
        ge=0,
        description="How often the app asks the carriers "
        "about parcels on their way; 0: only `aztui track` does.",
    )


class ChannelSettings(Section):
    """``[channels.<id>]``: one way alerts reach the seller (a channel plugin's type)."""

    type: NonEmpty = Field(
        description="The channel type a plugin registers: email, webhook, "
        "apprise (`aztui plugins` lists them)."
    )
    enabled: bool = Field(default=True, description="false: nothing is sent through this channel.")
    min_severity: Literal["info", "warning", "critical"] = Field(
        default="info", description="The least severe alerts it gets: info, warning or critical."
    )
    rules: list[NonEmpty] = Field(
        default_factory=list,
        description="Only alerts about these rule, metric or risk ids, "
        "or of these kinds (deadline_overdue, metric_status, risk, digest…); empty: all.",
    )
    options: dict[str, Any] = Field(
        default_factory=dict,
        description="The channel's own settings (the plugin documents "
        "them; checked when aztui starts).",
    )
    secrets_file: Annotated[NonEmpty | None, RelativeToFile()] = Field(
        default=None,
        description="A TOML file with the channel's secrets; else they come from "
        "`AZTUI_CHANNEL_<ID>_<SECRET>` environment variables.",
    )


class AlertSettings(Section):
    """``[alerts]``: when aztui speaks up."""

    windows_hours: list[Annotated[float, Field(gt=0)]] = Field(
        default_factory=lambda: [24.0, 6.0, 1.0],
        description="Warn when a deadline is this many hours away (each once).",
    )
    rule_windows_hours: dict[str, list[Annotated[float, Field(gt=0)]]] = Field(
        default_factory=dict,
        description="Other windows for some rules, by rule id: { ship_confirmation = [12, 2] }.",
    )
    quiet_hours: Annotated[str | None, AfterValidator(_check_quiet_hours)] = Field(
        default=None,
        description='"22:00-07:00": alerts wait until the end (local time), except an '
        "overdue or missed deadline.",
    )
    check_seconds: float = Field(
        default=60.0, gt=0, description="How often `aztui watch` decides and sends (seconds)."
    )
    retry_seconds: float = Field(
        default=30.0,
        gt=0,
        description="The first wait before sending a failed alert again; each "
        "further failure doubles it, up to an hour.",
    )
    digest_at: Annotated[str | None, AfterValidator(_check_clock_time)] = Field(
        default=None, description='"08:00": one summary a day at that local time (none when unset).'
    )


class CarrierSettings(Section):
    """``[carriers.<name>]``: one carrier a plugin adds (``aztui track``)."""

    enabled: bool = Field(default=True, description="false: tracking never asks this carrier.")
    base_url: NonEmpty | None = Field(
        default=None,
        description="Where the carrier's API is (default: the plugin's); a test or "
        "proxy server, for instance.",
    )
    timeout_seconds: float = Field(
        default=20.0, gt=0, description="How long one call to the carrier may take."
    )
    stalled_days: int | None = Field(
        default=None,
        gt=0,
        description="Days without a new event before a parcel of this carrier in "
        "transit is `tracking_stalled` (default: the policy's `tracking_stalled_days`, 4).",
    )
    options: dict[str, str | int | float | bool] = Field(
        default_factory=dict,
        description="Settings the carrier plugin documents, passed to "
        'it as they are (`options = { language = "fr" }`).',
    )
    secrets_file: Annotated[NonEmpty | None, RelativeToFile()] = Field(
        default=None,
        description='A TOML file holding the carrier\'s secrets (`api_key = "…"`); '
        "else they come from `AZTUI_<CARRIER>_<SECRET>` environment variables.",
    )


PolicySection: type[Section] = create_model(
    "PolicySection",
    __base__=Section,
    __doc__="``[policy]``: one table of overrides per marketplace.",
    **{  # type: ignore[call-overload]
        code: (Annotated[dict[str, Any] | None, PolicyTable()], None) for code in MARKETPLACES
    },
)


class Settings(Section):
    """One configuration layer; unset fields take the value of the layer below."""

    marketplace: MarketplaceCode = Field(
        default="FR",
        description=f"The Amazon marketplace: {', '.join(MARKETPLACES)} (docs/configuration.md).",
    )
    language: Language | None = Field(
        default=None,
        description="Language of the interface: fr or en (default: the marketplace's).",
    )
    timezone: TimeZone | None = Field(
        default=None,
        description="IANA time zone for display and end-of-day deadlines "
        "(default: the marketplace's).",
    )
    store: NonEmpty = Field(default="sqlite", description="Name of the store plugin.")
    db: Annotated[
        str | SecretRef | None,
        PlainValidator(_text_or_secret),
        SecretSetting(mask="url"),
        RelativeToFile(),
    ] = Field(
        default=None, description="SQLite file path or database URL; may be a secret reference."
    )
    inbox: Annotated[NonEmpty | None, RelativeToFile()] = Field(
        default=None,
        description="Folder where downloads are dropped: `aztui import --inbox` imports "
        "each new file once and moves it to done/ or failed/ (with a .error.txt).",
    )
    plugins: PluginsSettings = Field(default_factory=PluginsSettings)
    tui: TuiSettings = Field(default_factory=TuiSettings)
    sources: dict[str, SourceSettings] = Field(
        default_factory=dict, description="Data sources added by plugins, by name."
    )
    tracking: TrackingSettings = Field(default_factory=TrackingSettings)
    mail: MailSection = Field(default_factory=MailSection)
    alerts: AlertSettings = Field(default_factory=AlertSettings)
    channels: dict[str, ChannelSettings] = Field(
        default_factory=dict, description="Where alerts go, by a name you choose."
    )
    carriers: dict[str, CarrierSettings] = Field(
        default_factory=dict, description="Carriers added by plugins, by name."
    )
    policy: PolicySection = Field(default_factory=PolicySection)  # type: ignore[valid-type]


__all__ = [
    "LANGUAGES",
    "AlertSettings",
    "CarrierSettings",
    "ChannelSettings",
    "MailSection",
    "PluginsSettings",
    "PolicySection",
    "RelativeToFile",
    "SecretRef",
    "SecretSetting",
    "Section",
    "Settings",
    "SourceSettings",
    "TrackingSettings",
    "TuiSettings",
    "closest",
]
