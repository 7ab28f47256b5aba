"""``[channels.<id>] options`` of a ``type = "webhook"`` channel."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

SEND_TIMEOUT_SECONDS = 15.0
"""How long aztui lets one ``send`` run (``ChannelSpec.timeout_seconds``)."""

LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
_HOST = re.compile(r"[A-Za-z0-9._-]+|[0-9A-Fa-f:.]+")
_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
_VALUE = re.compile(r"[\t\x20-\x7e]*")
OWN_HEADERS = frozenset({"content-type", "content-length", "transfer-encoding", "host"})
"""Headers the channel sets itself, besides every ``webhook-*``."""


def check_url(value: str) -> str:
    """An http(s) URL with a host; plain http only to this machine.

    Why: the signature proves who sent an alert and that nobody changed it, but not that
    nobody read it. Over plain http anyone on the way reads the alert (order ids, amounts) and
    can replay it while the receiver's tolerance lasts (5 minutes in the spec's libraries).
    127.0.0.1, localhost and ::1 never leave the machine (a local relay, a test receiver).
    """
    import httpx  # only when a webhook is configured

    try:
        url = httpx.URL(value)
    except httpx.InvalidURL as exc:
        raise ValueError(f"not a valid URL ({exc})") from None
    if url.scheme not in ("http", "https") or not url.host or not _HOST.fullmatch(url.host):
        raise ValueError("expected an https:// URL such as https://hooks.example.com/aztui")
    if url.scheme == "http" and url.host.lower() not in LOOPBACK:
        raise ValueError(
            "plain http is allowed only to this machine (127.0.0.1, localhost, ::1): the "
            "signature does not hide the alert, anyone on the way could read and replay it; "
            "use https://"
        )
    return value


def check_headers(value: dict[str, str]) -> dict[str, str]:
    seen: set[str] = set()
    for name, text in value.items():
        lower = name.lower()
        if not _TOKEN.fullmatch(name):
            raise ValueError(f"{name!r} is not a valid header name")
        if lower.startswith("webhook-") or lower in OWN_HEADERS:
            raise ValueError(
                f"the channel sets {name} itself (and every webhook-* header: "
                "they carry the signature)"
            )
        if lower in seen:
            raise ValueError(f"header {name} is given twice")
        if not _VALUE.fullmatch(text):
            raise ValueError(f"the value of header {name} must be printable ASCII on one line")
        seen.add(lower)
    return value


class WebhookOptions(BaseModel):
    """What a webhook channel needs; unknown keys are refused."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    url: Annotated[str, AfterValidator(check_url)] = Field(
        description="Where alerts are POSTed: https://…; plain http only to 127.0.0.1, "
        "localhost or ::1."
    )
    timeout_seconds: float = Field(
        default=10.0,
        gt=0,
        lt=SEND_TIMEOUT_SECONDS,
        description="How long one delivery may take, all told (aztui stops a send after "
        f"{SEND_TIMEOUT_SECONDS:g} s).",
    )
    headers: Annotated[dict[str, str], AfterValidator(check_headers)] = Field(
        default_factory=dict,
        description="Extra headers sent as they are (not webhook-*, content-type, "
        "content-length, transfer-encoding or host, which the channel sets).",
    )
