"""Registers the Exemple Push channel (the ``example_channel`` entry point points here)."""

from __future__ import annotations

from aztui.channels import ChannelSpec
from aztui.hookspecs import hookimpl, lazy

from .options import SEND_TIMEOUT_SECONDS, ExempleOptions

SPEC = ChannelSpec(
    "exemple",  # [channels.<id>] type = "exemple"
    lazy("aztui_example_channel.channel:ExempleChannel"),  # factory(context) -> the channel
    options=ExempleOptions,  # [channels.<id>] options, validated; unknown keys refused
    secrets=("token",),  # AZTUI_CHANNEL_<ID>_TOKEN; without it the channel is unavailable
    timeout_seconds=SEND_TIMEOUT_SECONDS,  # aztui stops a send that takes longer
)


@hookimpl
def aztui_register_channels(register):  # pluggy passes `register` by name: keep the name
    register(SPEC)
