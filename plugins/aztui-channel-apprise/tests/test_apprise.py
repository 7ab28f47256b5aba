"""The apprise channel against real local HTTP servers.

apprise speaks to each service with its own client; the services that let a URL name any
host over plain http stand in for the rest here: the generic JSON webhook (``json://``),
ntfy (``ntfy://``), a Mattermost incoming webhook (``mmost://``) and a Matrix homeserver
(``matrix://``), each checked for what it sends.
"""

from __future__ import annotations

import asyncio
import importlib.metadata
import json
import logging
import re
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from aztui_channel_apprise import channel as apprise_channel
from aztui_channel_apprise import plugin
from aztui_channel_apprise.channel import AppriseChannel, split_urls
from aztui_channel_apprise.options import AppriseOptions
from aztui_channel_apprise.plugin import SPEC
from pydantic import ValidationError
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from aztui.channels import (
    Alert,
    Channel,
    ChannelContext,
    ChannelSpec,
    Delivery,
    Severity,
)
from aztui.hookspecs import resolved
from aztui.pluginmanager import PluginHost
from aztui.testing import PATIENCE, refused_port, wait_until_async

TOKEN = "s3cr3t-T0KEN-4242"
"""Put in every URL that could leak, and looked for in every reason and log."""


def alert(severity: Severity = Severity.WARNING, **changes) -> Alert:
    values: dict[str, Any] = {
        "id": "deadline:claim_response:AZ-1:6h",
        "kind": "deadline_window",
        "severity": severity,
        "title": "Réclamation A-à-z à traiter",
        "body": "Répondez à la réclamation avant l'échéance.",
        "created_at": datetime(2025, 3, 4, 14, 0, tzinfo=UTC),
        "order_id": "171-1234567-1234567",
        "subject": "AZ-1",
        "rule": "claim_response",
        "due": datetime(2025, 3, 5, 9, 30, tzinfo=UTC),
        "link": "https://sellercentral.amazon.fr/gp/guarantee-claims/home",
    }
    values.update(changes)
    return Alert(**values)


def channel(
    urls: str | None,
    *,
    name: str = "team",
    language: str = "fr",
    timezone: str = "Europe/Paris",
    **options,
) -> AppriseChannel:
    secrets = {} if urls is None else {"urls": urls}
    return AppriseChannel(
        ChannelContext(name, AppriseOptions(**options), secrets, language, timezone)
    )


def local(server: HTTPServer, url: str) -> str:
    return url.replace("HOST", f"127.0.0.1:{server.port}")


@pytest.fixture
def closed_port() -> Iterator[int]:
    """A port that refuses connections throughout the test (held: nobody else can take it)."""
    with refused_port() as port:
        yield port


def payload(request: Request) -> dict:
    return json.loads(request.get_data(as_text=True))


def only_request(server: HTTPServer) -> Request:
    [(request, _response)] = server.log
    return request


# -- registration -------------------------------------------------------------------------


def test_registers_the_spec_through_the_hook() -> None:
    found: list = []

    plugin.aztui_register_channels(register=found.append)

    assert found == [SPEC]
    spec = found[0]
    assert isinstance(spec, ChannelSpec)
    assert spec.type == "apprise" and resolved(spec.factory) is AppriseChannel
    assert spec.options is AppriseOptions
    assert spec.secrets == ("urls",)
    assert spec.timeout_seconds == 30


def test_aztui_finds_it_through_its_entry_point() -> None:
    [entry] = [
        ep for ep in importlib.metadata.entry_points(group="aztui") if ep.name == "channel_apprise"
    ]
    host = PluginHost(entry_points=[entry])

    channels = host.channels()

    assert host.plugins["channel_apprise"].status == "ok"
    assert channels["apprise"].item is SPEC


def test_the_channel_is_a_channel() -> None:
    assert isinstance(channel("json://127.0.0.1/x"), Channel)


def test_options_are_small_and_strict() -> None:
    assert AppriseOptions() == AppriseOptions(format="text", title_prefix="aztui")
    assert AppriseOptions.model_validate({"format": "markdown"}).format == "markdown"
    with pytest.raises(ValidationError):
        AppriseOptions.model_validate({"format": "html"})
    with pytest.raises(ValidationError):  # the URLs are a secret, never an option
        AppriseOptions.model_validate({"urls": "json://example.org"})


def test_urls_are_separated_by_spaces_commas_or_new_lines() -> None:
    text = (
        "json://a.example/x, ntfys://ntfy.example/shop\n"
        "  tgram://123:abc/111,222 ,mmost://m.example/tok,\n\n"
    )

    assert split_urls(text) == [
        "json://a.example/x",
        "ntfys://ntfy.example/shop",
        "tgram://123:abc/111,222",
        "mmost://m.example/tok",
    ]
    assert split_urls("") == split_urls(None) == split_urls(" ,\n ") == []


def test_the_schemes_sellers_use_are_ones_apprise_knows() -> None:
    known = set(apprise_channel.apprise.NotificationManager().schemas())

    assert {
        "slack",
        "workflows",
        "ntfy",
        "ntfys",
        "matrix",
        "matrixs",
        "discord",
        "tgram",
        "mmost",
        "json",
        "jsons",
    } <= known


# -- what each service receives -------------------------------------------------------------


async def test_json_webhook_gets_title_message_and_type(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/aztui/hook", method="POST").respond_with_data("ok")

    delivery = await channel(local(httpserver, "json://HOST/aztui/hook")).send(alert())

    assert delivery == Delivery.ok()
    request = only_request(httpserver)
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["User-Agent"] == "aztui"
    sent = payload(request)
    assert sent["title"] == "[aztui] Réclamation A-à-z à traiter"
    assert sent["type"] == "warning"
    assert sent["message"] == (
        "Répondez à la réclamation avant l'échéance.\n\n"
        "Date limite : 05/03/2025 10:30 CET\n"
        "Commande : 171-1234567-1234567\n"
        "https://sellercentral.amazon.fr/gp/guarantee-claims/home"
    )


@pytest.mark.parametrize(
    ("severity", "kind"),
    [(Severity.INFO, "info"), (Severity.WARNING, "warning"), (Severity.CRITICAL, "failure")],
)
async def test_severity_becomes_the_apprise_notify_type(
    httpserver: HTTPServer, severity: Severity, kind: str
) -> None:
    httpserver.expect_request("/hook").respond_with_data("ok")

    assert (await channel(local(httpserver, "json://HOST/hook")).send(alert(severity))).delivered

    assert payload(only_request(httpserver))["type"] == kind


async def test_ntfy_gets_topic_title_message_and_the_url_s_priority_and_tags(
    httpserver: HTTPServer,
) -> None:
    httpserver.expect_request("/", method="POST").respond_with_json({"id": "x1"})

    delivery = await channel(
        local(httpserver, "ntfy://HOST/boutique?priority=high&tags=warning,package")
    ).send(alert())

    assert delivery.delivered
    request = only_request(httpserver)
    assert payload(request) == {
        "topic": "boutique",
        "title": "[aztui] Réclamation A-à-z à traiter",
        "message": (
            "Répondez à la réclamation avant l'échéance.\n\n"
            "Date limite : 05/03/2025 10:30 CET\nCommande : 171-1234567-1234567\n"
            "https://sellercentral.amazon.fr/gp/guarantee-claims/home"
        ),
    }
    assert request.headers["X-Priority"] == "high"
    assert set(request.headers["X-Tags"].split(",")) == {"warning", "package"}
    assert "X-Markdown" not in request.headers


async def test_ntfy_with_a_token_sends_it_as_a_bearer(httpserver: HTTPServer) -> None:
    httpserver.expect_request(
        "/", method="POST", headers={"Authorization": f"Bearer tk_{TOKEN}"}
    ).respond_with_json({"id": "x1"})

    delivery = await channel(local(httpserver, f"ntfy://tk_{TOKEN}@HOST/boutique")).send(alert())

    assert delivery.delivered
    assert payload(only_request(httpserver))["topic"] == "boutique"


async def test_mattermost_webhook_gets_text_with_the_title_and_aztui_as_username(
    httpserver: HTTPServer,
) -> None:
    httpserver.expect_request(f"/hooks/{TOKEN}", method="POST").respond_with_data("ok")

    delivery = await channel(local(httpserver, f"mmost://HOST/{TOKEN}"), language="en").send(
        alert(Severity.CRITICAL)
    )

    assert delivery.delivered
    sent = payload(only_request(httpserver))
    assert sent["username"] == "aztui"
    title, body = sent["text"].split("\r\n", 1)
    assert title == "[aztui] Réclamation A-à-z à traiter"
    assert body == (
        "Répondez à la réclamation avant l'échéance.\n\n"
        "Due: 2025-03-05 10:30 CET\nOrder: 171-1234567-1234567\n"
        "https://sellercentral.amazon.fr/gp/guarantee-claims/home"
    )


async def test_matrix_joins_the_room_then_puts_an_m_text_message(httpserver: HTTPServer) -> None:
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    httpserver.expect_ordered_request(
        "/_matrix/client/v3/account/whoami", method="GET", headers=bearer
    ).respond_with_json({"user_id": "@aztui:localhost"})
    httpserver.expect_ordered_request(
        "/_matrix/client/v3/join/#boutique:localhost", method="POST", headers=bearer
    ).respond_with_json({"room_id": "!r00m:localhost"})
    httpserver.expect_ordered_request(
        re.compile(r"/_matrix/client/v3/rooms/!r00m:localhost/send/m\.room\.message/.+"),
        method="PUT",
        headers=bearer,
    ).respond_with_json({"event_id": "$ev1"})

    delivery = await channel(local(httpserver, f"matrix://{TOKEN}@HOST/%23boutique")).send(alert())

    assert delivery.delivered
    httpserver.check_assertions()
    sent = payload(httpserver.log[-1][0])
    assert sent["msgtype"] == "m.text"
    assert "[aztui] Réclamation A-à-z à traiter" in sent["body"]
    assert "Commande : 171-1234567-1234567" in sent["body"]


async def test_one_apprise_object_carries_every_url(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/hook").respond_with_data("ok")
    httpserver.expect_request("/").respond_with_json({"id": "x"})
    httpserver.expect_request(f"/hooks/{TOKEN}").respond_with_data("ok")
    urls = "\n".join(
        local(httpserver, u)
        for u in ("json://HOST/hook", "ntfy://HOST/boutique", f"mmost://HOST/{TOKEN}")
    )

    delivery = await channel(urls).send(alert())

    assert delivery.delivered
    assert sorted(r.path for r, _ in httpserver.log) == ["/", "/hook", f"/hooks/{TOKEN}"]


async def test_accents_arrive_intact(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/hook").respond_with_data("ok")
    text = "Évaluation négative reçue : « colis abîmé », répondez à l'acheteur — ça presse."

    delivery = await channel(local(httpserver, "json://HOST/hook")).send(
        alert(title="Évaluation négative", body=text)
    )

    assert delivery.delivered
    sent = payload(only_request(httpserver))
    assert sent["title"] == "[aztui] Évaluation négative"
    assert sent["message"].startswith(text + "\n\n")


async def test_markdown_format_bolds_labels_links_and_escapes(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/", method="POST").respond_with_json({"id": "x1"})

    delivery = await channel(
        local(httpserver, "ntfy://HOST/boutique?format=markdown"),
        format="markdown",
        title_prefix="",
    ).send(
        alert(
            body="La règle claim_response *expire* bientôt.",
            link="https://sellercentral.amazon.fr/orders(1)",
        )
    )

    assert delivery.delivered
    request = only_request(httpserver)
    assert request.headers["X-Markdown"] == "yes"
    sent = payload(request)
    assert sent["title"] == "Réclamation A-à-z à traiter"
    assert sent["message"] == (
        "La règle claim\\_response \\*expire\\* bientôt.\n\n"
        "**Date limite :** 05/03/2025 10:30 CET  \n"
        "**Commande :** 171-1234567-1234567  \n"
        "[Seller Central](https://sellercentral.amazon.fr/orders%281%29)"
    )


@pytest.mark.parametrize(
    ("timezone", "language", "shown"),
    [
        ("America/New_York", "en", "Due: 2025-07-01 08:00 EDT"),
        ("UTC", "fr", "Date limite : 01/07/2025 12:00 UTC"),
        ("Nowhere/Atlantis", "fr", "Date limite : 01/07/2025 12:00 UTC"),
    ],
)
async def test_the_due_time_is_in_the_seller_s_time_zone(
    httpserver: HTTPServer, timezone: str, language: str, shown: str
) -> None:
    httpserver.expect_request("/hook").respond_with_data("ok")

    await channel(local(httpserver, "json://HOST/hook"), timezone=timezone, language=language).send(
        alert(due=datetime(2025, 7, 1, 12, 0, tzinfo=UTC))
    )

    assert shown + "\n" in payload(only_request(httpserver))["message"]


async def test_an_alert_without_due_order_or_link_is_just_its_body(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/hook").respond_with_data("ok")

    await channel(local(httpserver, "json://HOST/hook")).send(
        alert(kind="digest", due=None, order_id=None, link=None, body="3 échéances demain.")
    )

    assert payload(only_request(httpserver))["message"] == "3 échéances demain."


# -- failures -----------------------------------------------------------------------------


async def test_one_of_two_targets_down_fails_with_a_retry_and_the_count(
    httpserver: HTTPServer, closed_port: int
) -> None:
    httpserver.expect_request("/hook").respond_with_data("ok")
    urls = f"{local(httpserver, 'json://HOST/hook')}, json://127.0.0.1:{closed_port}/{TOKEN}"

    delivery = await channel(urls).send(alert())

    assert not delivery.delivered and delivery.retry
    assert delivery.reason.startswith("apprise could not deliver to 1 of 2 services")
    assert "#2" in delivery.reason and "#1" not in delivery.reason
    assert TOKEN not in delivery.reason and "127.0.0.1" not in delivery.reason
    assert len(httpserver.log) == 1  # the one that works still got the alert


async def test_a_service_answering_an_error_is_named_by_its_position(
    httpserver: HTTPServer,
) -> None:
    httpserver.expect_request("/hook").respond_with_data("ok")
    httpserver.expect_request("/", method="POST").respond_with_json(
        {"code": 50001, "error": "boom"}, status=500
    )
    urls = " ".join(
        local(httpserver, u) for u in ("json://HOST/hook", f"ntfy://tk_{TOKEN}@HOST/boutique")
    )

    delivery = await channel(urls).send(alert())

    assert delivery == Delivery.failed(
        "apprise could not deliver to 1 of 2 services (#2 ntfy)", retry=True
    )


async def test_every_target_down(httpserver: HTTPServer, closed_port: int) -> None:
    port = closed_port
    urls = f"json://127.0.0.1:{port}/a ntfy://127.0.0.1:{port}/b"

    delivery = await channel(urls).send(alert())

    assert not delivery.delivered and delivery.retry
    assert delivery.reason.startswith("apprise could not deliver to 2 of 2 services (#1 ")


async def test_an_unknown_scheme_fails_without_retry_and_without_the_url(
    httpserver: HTTPServer,
) -> None:
    httpserver.expect_request("/hook").respond_with_data("ok")
    urls = f"{local(httpserver, 'json://HOST/hook')}\nnopeservice://{TOKEN}@example.org/room"
    ch = channel(urls)

    first = await ch.send(alert())
    again = await ch.send(alert())

    assert (
        first
        == again
        == Delivery.failed("URL #2 is not one apprise knows (nopeservice://)", retry=False)
    )
    assert TOKEN not in first.reason
    assert httpserver.log == []  # nothing is sent while a URL is wrong


async def test_a_known_scheme_apprise_refuses_and_a_bare_token() -> None:
    delivery = await channel(f"slack://  {TOKEN}").send(alert())

    assert not delivery.retry
    assert delivery.reason == (
        "URL #1 (slack://) is refused by apprise: check it against apprise's page for that "
        "service; URL #2 is not an apprise URL (scheme://…)"
    )
    assert TOKEN not in delivery.reason


@pytest.mark.parametrize("urls", [None, "", "  \n", " , ,\n"])
async def test_a_missing_or_empty_urls_secret_fails_without_retry(urls: str | None) -> None:
    delivery = await channel(urls, name="my-team").send(alert())

    assert delivery == Delivery.failed(
        "no apprise URL: set AZTUI_CHANNEL_MY_TEAM_URLS, or urls in the channel's secrets_file",
        retry=False,
    )


async def test_send_never_raises(monkeypatch: pytest.MonkeyPatch, httpserver: HTTPServer) -> None:
    async def explode(self, **kwargs):
        raise RuntimeError(f"https://example.org/{TOKEN}")

    monkeypatch.setattr(apprise_channel.apprise.Apprise, "async_notify", explode)

    delivery = await channel(local(httpserver, "json://HOST/hook")).send(alert())

    assert delivery == Delivery.failed("apprise failed: RuntimeError", retry=True)


# -- secrets and the event loop -------------------------------------------------------------


async def test_nothing_logged_can_leak_a_token(
    httpserver: HTTPServer,
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
    closed_port: int,
) -> None:
    caplog.set_level(logging.DEBUG)
    httpserver.expect_request(f"/hooks/{TOKEN}").respond_with_data("no", status=403)
    urls = (
        f"{local(httpserver, f'mmost://HOST/{TOKEN}')} "
        f"json://aztui:{TOKEN}@127.0.0.1:{closed_port}/{TOKEN}"
    )

    failed = await channel(urls).send(alert())
    unknown = await channel(f"nope://{TOKEN}").send(alert())

    assert not failed.delivered and not unknown.delivered
    ours = [r for r in caplog.records if r.name != "werkzeug"]  # the test server's own log
    assert not [r for r in ours if TOKEN in r.getMessage()]
    assert not [r for r in ours if r.name.startswith(("apprise", "urllib3", "requests"))]
    out, err = capfd.readouterr()
    assert TOKEN not in out and TOKEN not in err


def test_requests_outside_a_send_keep_their_logs(caplog: pytest.LogCaptureFixture) -> None:
    channel("json://127.0.0.1/x")
    caplog.set_level(logging.DEBUG)

    logging.getLogger("urllib3.connectionpool").debug("someone else's request")

    assert "someone else's request" in caplog.text


async def test_sending_does_not_block_the_event_loop(httpserver: HTTPServer) -> None:
    arrived, answer = threading.Event(), threading.Event()

    def slow(request: Request) -> Response:
        arrived.set()
        if answer.wait(PATIENCE):  # the event loop ran while the send was waiting
            return Response("ok")
        return Response("the event loop was blocked", status=500)

    httpserver.expect_request("/hook").respond_with_handler(slow)
    ch = channel(local(httpserver, "json://HOST/hook"))

    async def meanwhile() -> None:
        """Runs, and lets the server answer, only if the loop is free during the send."""
        await wait_until_async(arrived.is_set, "the request at the server")
        answer.set()

    helper = asyncio.create_task(meanwhile())
    try:
        delivery = await ch.send(alert())
    finally:
        answer.set()
    await helper

    assert delivery.delivered


async def test_concurrent_first_sends_build_apprise_once(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    httpserver.expect_request("/hook").respond_with_data("ok")
    ch = channel(local(httpserver, "json://HOST/hook"))
    builds = 0
    build = ch._build

    def counted():
        nonlocal builds
        builds += 1
        return build()

    monkeypatch.setattr(ch, "_build", counted)

    deliveries = await asyncio.gather(*(ch.send(alert()) for _ in range(3)))

    assert all(d.delivered for d in deliveries) and builds == 1
    assert len(httpserver.log) == 3
