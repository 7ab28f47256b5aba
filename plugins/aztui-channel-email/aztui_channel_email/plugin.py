"""Registers the email channel (placeholder until it lands)."""

from aztui.hookspecs import hookimpl


@hookimpl
def aztui_register_channels(register):
    pass
