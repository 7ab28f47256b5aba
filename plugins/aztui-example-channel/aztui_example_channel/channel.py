"""The Exemple Push client: ``POST /v1/rooms/<room>/messages`` with ``Authorization: Bearer
<token>`` and a JSON body::

    {"title": "…", "text": "…", "priority": "high", "link": "https://sellercentral…",
     "dedup_key": "deadline:claim_response:AZ-1:6h"}

Exemple Push answers 201 when it took the message, 401 for a wrong token, 404 for a room that
does not exist, 429 when called too often and 5xx when it is unwell. It drops a message whose
``dedup_key`` it has already seen, so the alert's id, the same on every attempt, makes a send
repeated after a crash harmless.
"""

from __future__ import annotations

from urllib.parse import quote

import httpx

from aztui.channels import Alert, ChannelContext, Delivery, Severity, secret_variable
from aztui.http import CallFailed, attempt, client

from .options import ExempleOptions

PRIORITIES = {Severity.INFO: "low", Severity.WARNING: "normal", Severity.CRITICAL: "high"}
HINTS = {
    401: "is {variable} the room's token?",
    403: "may this token post to the room?",
    404: "does the room exist?",
}
"""What to check after a refusal (a 4xx is not tried again: the configuration needs fixing)."""


class ExempleChannel:
    """A ``[channels.<id>] type = "exemple"`` channel: one POST per alert."""

    def __init__(self, context: ChannelContext) -> None:
        self.name = context.name
        self.options: ExempleOptions = context.options  # validated by aztui
        self.token = context.secrets["token"]  # aztui makes the channel only when it is set

    async def send(self, alert: Alert) -> Delivery:
        """Send once; a ``Delivery``, never an exception. aztui retries what failed."""
        options = self.options
        async with client(base_url=options.base_url, timeout=options.timeout_seconds) as http:
            answer = await attempt(self._post(http, alert), "Exemple Push")
        if not isinstance(answer, CallFailed):
            return Delivery.ok()
        hint = HINTS.get(answer.response.status_code, "") if answer.response else ""
        variable = secret_variable(self.name, "token")
        reason = f"{answer.reason}: {hint.format(variable=variable)}" if hint else answer.reason
        return Delivery.failed(reason, retry=answer.retry)

    async def _post(self, http: httpx.AsyncClient, alert: Alert) -> httpx.Response:
        response = await http.post(
            f"/v1/rooms/{quote(self.options.room, safe='')}/messages",
            json=message(alert),
            headers={"Authorization": f"Bearer {self.token}"},
        )
        response.raise_for_status()  # an error status becomes a CallFailed, worded by aztui
        return response


def message(alert: Alert) -> dict[str, str | None]:
    """The JSON body: the alert's words, its priority, its page, its id to drop duplicates.
    An alert carries no buyer's data (ids, times, rules, amounts), nor does this."""
    return {
        "title": alert.title,
        "text": alert.body,
        "priority": PRIORITIES.get(alert.severity, "normal"),
        "link": alert.link,
        "dedup_key": alert.id,
    }
