"""The apprise channel itself (``plugin.py`` registers it): one apprise object per channel.

Without the ``urls`` secret the channel is unavailable (aztui never makes it: its alerts wait
in the outbox until it is set). Every URL is checked on the first send: a secret holding no
URL, or a URL apprise does not know or does not accept, makes every send fail without retry
until the secret is fixed, naming the URL by its position only. A service that fails is named
by its position and apprise's name for it. No URL — nor anything apprise or its HTTP client
logs, which may quote one — reaches a reason or a log: apprise's logger is switched off when
the channel is made, and urllib3's records are dropped while a send runs.
"""

from __future__ import annotations

import asyncio
import contextvars
import inspect
import logging
import re
from typing import Any

import apprise

from aztui.channels import (
    Alert,
    ChannelContext,
    Delivery,
    Severity,
    secret_variable,
)
from aztui.i18n import t, zoned_instant

from .options import AppriseOptions

APPRISE_TIMEOUT_SECONDS = 25.0
"""apprise stops waiting for slow services before aztui gives up on the whole send, so a
slow service is reported as such rather than as a send without an answer."""

NOTIFY_TYPES = {
    Severity.INFO: apprise.NotifyType.INFO,
    Severity.WARNING: apprise.NotifyType.WARNING,
    Severity.CRITICAL: apprise.NotifyType.FAILURE,
}

SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]{0,31})://")
SEPARATOR = re.compile(r"\s+|,\s*(?=[A-Za-z][A-Za-z0-9+.-]{0,31}://)")
"""Between two URLs: white space (new lines included), or a comma before the next
``scheme://`` — a comma inside a URL (``tgram://…/chat1,chat2``) stays in it."""
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]])")


def _apprise_accepts_timeout() -> bool:
    try:
        return "timeout" in inspect.signature(apprise.Apprise.notify).parameters
    except (TypeError, ValueError):
        return False


ACCEPTS_TIMEOUT = _apprise_accepts_timeout()
"""apprise 2 takes ``timeout`` and answers with a per-service ``AppriseResult``; 1.x only
with True or False."""


SENDING = contextvars.ContextVar("aztui_apprise_sending", default=False)
"""True in a send and in the threads apprise runs it in (they copy the caller's context)."""


class QuietWhileSending(logging.Filter):
    """Drops what the HTTP client under apprise logs during a send: urllib3 logs each
    request's path, and a token is often in it (``/hooks/<token>``, ``/bot<token>/…``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not SENDING.get()


QUIET = QuietWhileSending()


def silence_apprise() -> None:
    """apprise logs service URLs and its HTTP client's errors (which may quote a URL with
    its token): nothing it logs reaches aztui's logs, nor its client's logs during a send.
    Other users of requests and urllib3 keep their logs."""
    logging.getLogger(apprise.LOGGER_NAME).setLevel(logging.CRITICAL + 1)
    names = [
        n for n in list(logging.root.manager.loggerDict) if n.startswith(("urllib3.", "requests."))
    ]
    for name in ("urllib3", "requests", *names):
        logger = logging.getLogger(name)
        if QUIET not in logger.filters:
            logger.addFilter(QUIET)


def split_urls(text: str | None) -> list[str]:
    """The URLs of the ``urls`` secret, in order."""
    pieces = SEPARATOR.split(text or "")
    return [url for piece in pieces if (url := piece.strip().strip(","))]


class AppriseChannel:
    """One apprise object holding every URL of the channel's ``urls`` secret."""

    def __init__(self, context: ChannelContext) -> None:
        silence_apprise()
        self.name = context.name
        options = context.options
        self.options = (
            options
            if isinstance(options, AppriseOptions)
            else AppriseOptions.model_validate(options or {})
        )
        self.language = context.language
        self.zone: str | None = getattr(context, "timezone", None)
        self.urls = split_urls(context.secrets.get("urls"))
        self._apprise: apprise.Apprise | None = None
        self._url_ids: list[str | None] = []
        self._unusable: Delivery | None = None
        self._lock = asyncio.Lock()

    # -- the message ------------------------------------------------------------------------

    def title(self, alert: Alert) -> str:
        prefix = self.options.title_prefix.strip()
        return f"[{prefix}] {alert.title}" if prefix else alert.title

    def body(self, alert: Alert) -> str:
        markdown = self.options.format == "markdown"

        def text(value: str) -> str:
            return MARKDOWN_SPECIAL.sub(r"\\\1", value) if markdown else value

        def line(key: str, value: str) -> str:
            label = t(key, self.language)
            separator = " :" if self.language == "fr" else ":"
            return f"**{label}{separator}** {value}" if markdown else f"{label}{separator} {value}"

        facts = []
        if alert.due is not None:
            facts.append(line("due", text(zoned_instant(alert.due, self.zone, self.language))))
        if alert.order_id:
            facts.append(line("order", text(alert.order_id)))
        if alert.link:
            target = alert.link.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
            facts.append(f"[Seller Central]({target})" if markdown else alert.link)
        parts = [text(alert.body.strip())] if alert.body.strip() else []
        if facts:
            parts.append(("  \n" if markdown else "\n").join(facts))
        return "\n\n".join(parts)

    # -- sending ----------------------------------------------------------------------------

    async def send(self, alert: Alert) -> Delivery:
        sending = SENDING.set(True)
        try:
            apobj = await self._ready()
            if apobj is None:
                return self._unusable or Delivery.failed("apprise could not be set up", retry=False)
            kwargs: dict[str, Any] = {
                "body": self.body(alert),
                "title": self.title(alert),
                "notify_type": NOTIFY_TYPES.get(alert.severity, apprise.NotifyType.INFO),
                "body_format": (
                    apprise.NotifyFormat.MARKDOWN
                    if self.options.format == "markdown"
                    else apprise.NotifyFormat.TEXT
                ),
            }
            if ACCEPTS_TIMEOUT:
                kwargs["timeout"] = APPRISE_TIMEOUT_SECONDS
            result = await apobj.async_notify(**kwargs)
            return self._delivery(result)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - report, never raise
            # The message is left out: apprise's errors may quote a URL, token included.
            return Delivery.failed(f"apprise failed: {type(exc).__name__}")
        finally:
            SENDING.reset(sending)

    async def _ready(self) -> apprise.Apprise | None:
        """The apprise object, made on the first send (in a thread: the first one loads every
        apprise plugin, which takes a while)."""
        if self._apprise is not None or self._unusable is not None:
            return self._apprise
        async with self._lock:
            if self._apprise is None and self._unusable is None:
                self._apprise, self._url_ids, self._unusable = await asyncio.to_thread(self._build)
        return self._apprise

    def _build(self) -> tuple[apprise.Apprise | None, list[str | None], Delivery | None]:
        if not self.urls:
            return (
                None,
                [],
                Delivery.failed(
                    f"no apprise URL: set {secret_variable(self.name, 'urls')}, or urls in the "
                    "channel's secrets_file",
                    retry=False,
                ),
            )
        asset = apprise.AppriseAsset(app_id="aztui", app_desc="aztui alerts")
        apobj = apprise.Apprise(asset=asset)
        known = apprise.NotificationManager()
        url_ids: list[str | None] = []
        problems = []
        for number, url in enumerate(self.urls, 1):
            service = apprise.Apprise.instantiate(url, asset=asset)
            if service is None:
                scheme = SCHEME.match(url)
                if scheme is None:
                    problems.append(f"URL #{number} is not an apprise URL (scheme://…)")
                elif scheme.group(1).lower() not in known:
                    problems.append(
                        f"URL #{number} is not one apprise knows ({scheme.group(1).lower()}://)"
                    )
                else:
                    problems.append(
                        f"URL #{number} ({scheme.group(1).lower()}://) is refused "
                        f"by apprise: check it against apprise's page for "
                        f"that service"
                    )
                continue
            apobj.add(service)
            url_ids.append(_url_id(service))
        if problems:
            return None, [], Delivery.failed("; ".join(problems), retry=False)
        return apobj, url_ids, None

    def _delivery(self, result: Any) -> Delivery:
        total = len(self.urls)
        if bool(result):
            return Delivery.ok()
        services = getattr(result, "results", None)
        if services is None:  # apprise 1.x: True or False, nothing more
            return Delivery.failed(
                f"apprise could not deliver to every one of the {total} services"
            )
        failed = [s for s in services if not s]
        if not failed and not services:
            return Delivery.failed("apprise sent to none of the services")
        positions = self._positions(services)
        described = []
        for service in failed:
            where = positions.get(id(service))
            label = f"#{where} " if where else ""
            status = getattr(getattr(service, "status", None), "name", "")
            late = " timed out" if status == "TIMEOUT" else ""
            described.append(f"{label}{getattr(service, 'name', 'service')}{late}".strip())
        count = len(failed) or total
        reason = f"apprise could not deliver to {count} of {total} services"
        if described:
            reason += f" ({', '.join(described)})"
        return Delivery.failed(reason)

    def _positions(self, services: Any) -> dict[int, int]:
        """Each result's URL number in the secret. apprise gives one result per service in
        the order they were added; its URL ids confirm the match (and find it otherwise)."""
        ids = [getattr(s, "url_id", None) for s in services]
        if len(ids) == len(self._url_ids) and all(
            a is None or b is None or a == b for a, b in zip(ids, self._url_ids, strict=True)
        ):
            return {id(s): number for number, s in enumerate(services, 1)}
        free: dict[str | None, list[int]] = {}
        for number, url_id in enumerate(self._url_ids, 1):
            free.setdefault(url_id, []).append(number)
        out = {}
        for service in services:
            numbers = free.get(getattr(service, "url_id", None))
            if numbers and getattr(service, "url_id", None) is not None:
                out[id(service)] = numbers.pop(0)
        return out


def _url_id(service: Any) -> str | None:
    try:
        return service.url_id()
    except Exception:  # noqa: BLE001 - only used to name a failed service
        return None
