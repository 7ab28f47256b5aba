"""``[channels.<id>] options`` of an ``exemple`` channel: light, read whenever aztui lists its
plugins (no HTTP library here)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

SEND_TIMEOUT_SECONDS = 15.0
"""How long aztui lets one ``send`` run (``ChannelSpec.timeout_seconds``)."""


class ExempleOptions(BaseModel):
    """What a seller may set; an unknown key is refused when aztui starts."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    room: str = Field(min_length=1, description="The Exemple Push room the alerts go to.")
    base_url: str = Field(
        default="https://push.exemple.test",
        pattern=r"^https?://",
        description="Where the API lives: a proxy, a sandbox, a test server on 127.0.0.1.",
    )
    timeout_seconds: float = Field(
        default=10.0,
        gt=0,
        lt=SEND_TIMEOUT_SECONDS,
        description="How long one call may take before it counts as failed.",
    )
