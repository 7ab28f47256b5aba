"""``[channels.<id>] options`` of an ``email`` channel, checked when aztui starts.

::

    [channels.mail]
    type = "email"
    options = { host = "smtp.example.com", username = "alerts@example.com",
                sender = "Boutique <alerts@example.com>", recipients = ["me@example.com"] }
    # the password: AZTUI_CHANNEL_MAIL_PASSWORD, or `password = "…"` in the secrets_file

``security`` is ``starttls`` (port 587 by default), ``tls`` (implicit TLS, port 465 by default)
or ``none`` (port 25 by default), which is only allowed for a relay on this machine.
"""

from __future__ import annotations

import ipaddress
import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

TIMEOUT_SECONDS = 30.0
"""aztui's limit on one ``send`` (``ChannelSpec.timeout_seconds``): the option may only
shorten it, since aztui gives up on a longer send anyway."""

DEFAULT_PORTS = {"starttls": 587, "tls": 465, "none": 25}

_ATOM = r"[^\s@<>()\[\],;:\"\\]+"
_ADDRESS = re.compile(
    rf"{_ATOM}@(?:localhost|(?:[^\s@<>()\[\],;:\"\\.]+\.)+[^\s@<>()\[\],;:\"\\.]+)"
)
_NAMED = re.compile(rf"(?P<name>[^<>\"\r\n,;]*?)\s*<(?P<address>{_ATOM}@[^<>\s]+)>")


def address_of(value: str) -> str:
    """The bare address of ``alerts@example.com`` or ``Boutique <alerts@example.com>``."""
    named = _NAMED.fullmatch(value.strip())
    return named["address"] if named else value.strip()


def _check_address(value: str) -> str:
    value = value.strip()
    named = _NAMED.fullmatch(value)
    if not _ADDRESS.fullmatch(named["address"] if named else value):
        raise ValueError(
            f"expected an e-mail address such as alerts@example.com or "
            f"'Boutique <alerts@example.com>', got {value!r}"
        )
    return value


def _check_host(value: str) -> str:
    if "://" in value or re.search(r"[\s/@]", value):
        raise ValueError(
            f"expected a host name such as smtp.example.com (no scheme, no "
            f"path, no port), got {value!r}"
        )
    return value


def _check_ca_file(value: str | None) -> str | None:
    if value is None:
        return None
    path = Path(value).expanduser()
    if not path.is_file():
        raise ValueError(
            f"no such file: {value!r} (a PEM bundle of the certificates that signed the server's)"
        )
    return str(path)


def is_loopback(host: str) -> bool:
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


Address = Annotated[str, AfterValidator(_check_address)]


class EmailOptions(BaseModel):
    """How the ``email`` channel reaches its SMTP server."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    host: Annotated[str, Field(min_length=1), AfterValidator(_check_host)] = Field(
        description="The SMTP server (your provider's submission server, or a local relay)."
    )
    port: int = Field(
        default=587,
        ge=1,
        le=65535,
        description="Default: 587 with starttls, 465 with tls, 25 with none.",
    )
    security: Literal["starttls", "tls", "none"] = Field(
        default="starttls",
        description="starttls (upgrade a plain connection, port 587), tls "
        "(implicit TLS from the first byte, port 465), or none: only for a relay on this "
        "machine (localhost, 127.0.0.1, ::1).",
    )
    username: str | None = Field(
        default=None,
        min_length=1,
        description="Log in with this name and the `password` secret; no login when unset.",
    )
    sender: Address = Field(
        description="From: `alerts@example.com` or `Boutique <alerts@example.com>`."
    )
    recipients: list[Address] = Field(min_length=1, description="To: one address or more.")
    subject_prefix: str = Field(default="[aztui]", description="Put before every alert's title.")
    ca_file: Annotated[str | None, AfterValidator(_check_ca_file)] = Field(
        default=None,
        description="A PEM bundle of CA certificates to trust instead of the system's "
        "(a private relay, a test server).",
    )
    timeout_seconds: float = Field(
        default=TIMEOUT_SECONDS,
        gt=0,
        le=TIMEOUT_SECONDS,
        description="How long the whole exchange with the server may take.",
    )

    @model_validator(mode="before")
    @classmethod
    def _default_port(cls, data: Any) -> Any:
        if isinstance(data, dict) and "port" not in data:
            security = data.get("security", "starttls")
            if isinstance(security, str) and security in DEFAULT_PORTS:
                return {**data, "port": DEFAULT_PORTS[security]}
        return data

    @model_validator(mode="after")
    def _check_security(self) -> EmailOptions:
        if self.security == "none" and not is_loopback(self.host):
            raise ValueError(
                f'security = "none" is only allowed for a relay on this machine (localhost, '
                f"127.0.0.1, ::1), not {self.host!r}: without TLS the password and the alerts "
                f"cross the network in clear, and anyone on the way can read or change them. "
                f'Use "starttls" (port 587) or "tls" (port 465).'
            )
        if self.security == "starttls" and self.port == 465:
            raise ValueError('port 465 expects TLS from the first byte: set security = "tls"')
        if self.security == "tls" and self.port in (25, 587):
            raise ValueError(
                f"port {self.port} starts in clear text and upgrades with "
                f'STARTTLS: set security = "starttls"'
            )
        return self
