"""Registers the mondialrelay carrier (placeholder until its client lands)."""

from aztui.hookspecs import hookimpl


@hookimpl
def aztui_register_carriers(register):
    pass
