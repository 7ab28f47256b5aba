"""Registers the ``webhook`` channel: alerts POSTed as Standard Webhooks, signed with the
``signing_secret`` (``whsec_<base64>`` or any plain string). See the distribution's README."""

from __future__ import annotations

from aztui.channels import ChannelSpec
from aztui.hookspecs import hookimpl, lazy

from .options import SEND_TIMEOUT_SECONDS, WebhookOptions

SPEC = ChannelSpec(
    "webhook",
    lazy("aztui_channel_webhook.channel:WebhookChannel"),
    options=WebhookOptions,
    secrets=("signing_secret",),
    timeout_seconds=SEND_TIMEOUT_SECONDS,
)


@hookimpl
def aztui_register_channels(register):
    register(SPEC)
