"""The apprise channel's options and limits: light, read whenever aztui looks at its plugins."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

TIMEOUT_SECONDS = 30.0


class AppriseOptions(BaseModel):
    """``[channels.<id>] options`` of an apprise channel."""

    model_config = ConfigDict(extra="forbid")

    format: Literal["text", "markdown"] = Field(
        default="text",
        description="How the body is written: text, or markdown (bold labels, a link); "
        "apprise converts it for each service (HTML for e-mail, markdown for Slack…).",
    )
    title_prefix: str = Field(
        default="aztui",
        description="Put before every title, in brackets ([aztui] …); empty: none.",
    )
