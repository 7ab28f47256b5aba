"""Registers the ``email`` channel: alerts as plain-text e-mails over SMTP (aiosmtplib).

Options: see ``aztui_channel_email.options.EmailOptions``; the one secret is ``password``
(``AZTUI_CHANNEL_<ID>_PASSWORD`` or the channel's ``secrets_file``), used when ``username``
is set.
"""

from __future__ import annotations

from aztui.channels import ChannelSpec
from aztui.hookspecs import hookimpl, lazy

from .options import TIMEOUT_SECONDS, EmailOptions

SPEC = ChannelSpec(
    "email",
    lazy("aztui_channel_email.channel:EmailChannel"),
    options=EmailOptions,
    optional_secrets=("password",),  # needed only with a login: the channel says so
    timeout_seconds=TIMEOUT_SECONDS,
)


@hookimpl
def aztui_register_channels(register):
    register(SPEC)
