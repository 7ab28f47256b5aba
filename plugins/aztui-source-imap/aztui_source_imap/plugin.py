"""Registers the ``mail`` source (``[sources.mail]``), built only when it is configured."""

from aztui.hookspecs import hookimpl, lazy

NAME = "mail"


@hookimpl
def aztui_register_sources(register):
    register(NAME, lazy("aztui_source_imap.source:ImapSource"))
