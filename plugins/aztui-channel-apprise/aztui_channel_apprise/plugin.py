"""The apprise channel: alerts to every service apprise speaks (Slack, Teams workflows, ntfy,
Matrix, Discord, Telegram, Mattermost, a JSON webhook…), through apprise's own clients.

Configuration::

    [channels.team]
    type = "apprise"
    options = { format = "markdown", title_prefix = "aztui" }

The service URLs carry tokens, so they are a secret, never an option:
``AZTUI_CHANNEL_TEAM_URLS`` (or ``urls = "…"`` in the channel's ``secrets_file``), several
separated by spaces, commas or new lines::

    AZTUI_CHANNEL_TEAM_URLS="ntfys://ntfy.example.org/shop slack://T0/B0/XXXX/#alerts"

Each URL is written as apprise documents it for its service (``slack://``, ``workflows://``,
``ntfy://``/``ntfys://``, ``matrix://``/``matrixs://``, ``discord://``, ``tgram://``,
``mmost://``, ``json://``/``jsons://``…); apprise's own URL options (``?priority=high`` for
ntfy, ``?format=…``) apply as usual.

Without the ``urls`` secret the channel is unavailable (aztui never makes it: its alerts wait
in the outbox until it is set). Every URL is checked on the first send: a secret holding no
URL, or a URL apprise does not know or does not accept, makes every send fail without retry
until the secret is fixed, naming the URL by its position only. A service that fails is named
by its position and apprise's name for it. No URL — nor anything apprise or its HTTP client
logs, which may quote one — reaches a reason or a log: apprise's logger is switched off when
the channel is made, and urllib3's records are dropped while a send runs.
"""

from __future__ import annotations

from aztui.channels import ChannelSpec
from aztui.hookspecs import hookimpl, lazy

from .options import TIMEOUT_SECONDS, AppriseOptions

SPEC = ChannelSpec(
    "apprise",
    lazy("aztui_channel_apprise.channel:AppriseChannel"),
    options=AppriseOptions,
    secrets=("urls",),
    timeout_seconds=TIMEOUT_SECONDS,
)


@hookimpl
def aztui_register_channels(register):
    register(SPEC)
