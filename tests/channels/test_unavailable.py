"""A channel plugin that cannot send, as its author and the seller see it: a declared secret
missing makes the channel unavailable (told on stderr and in ``aztui plugins``), its alerts
wait in the outbox and go out once the secret is set; ``check --notify`` exits 3 naming the
channel, and decides at ``--now``; a call that fails on the way is worded by ``aztui.http``."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from werkzeug import Request, Response

from aztui.config import load_config
from aztui.domain.alerts import Outgoing
from aztui.service import Service
from tests.plugin_system.faulty import ORDERS
from tests.ports import refused_port

BEFORE = "2026-11-20T09:00:00Z"
"""A week before the orders' ship-by dates: nothing to tell."""
LATE = "2026-11-29T09:00:00Z"
"""Both orders' ship-by dates have passed: overdue alerts are due."""
LATER = "2026-11-29T10:00:00Z"

PAGER = """
import httpx
from pydantic import BaseModel, ConfigDict

from aztui.channels import ChannelSpec, Delivery
from aztui.hookspecs import hookimpl
from aztui.http import CallFailed, attempt, client


class Options(BaseModel):
    model_config = ConfigDict(extra="forbid")
    url: str


async def post(http, url, alert, token):
    answer = await http.post(url, json={"id": alert.id}, headers={"X-Token": token})
    answer.raise_for_status()
    return answer


class Pager:
    def __init__(self, context):
        self.url = context.options.url
        self.token = context.secrets["token"]

    async def send(self, alert):
        async with client(timeout=10) as http:
            answer = await attempt(post(http, self.url, alert, self.token), "the pager")
        if isinstance(answer, CallFailed):
            return Delivery.failed(answer.reason, retry=answer.retry)
        return Delivery.ok()


@hookimpl
def aztui_register_channels(register):
    register(ChannelSpec("pager", Pager, options=Options, secrets=("token",)))
"""


def configure(workdir, url: str) -> None:
    (workdir / "aztui.toml").write_text(
        'language = "en"\n[tracking]\ninterval_minutes = 0\n'
        f'[channels.ops]\ntype = "pager"\noptions = {{ url = "{url}" }}\n'
    )


def entries(workdir) -> list[Outgoing]:
    async def read():
        config = load_config(config_path=workdir / "aztui.toml", cli_overrides={"db": "store.db"})
        async with Service(config) as service:
            return await service.store.outbox()

    return asyncio.run(read())


def outbox(workdir) -> list[tuple[str, str]]:
    return [(o.channel, o.status) for o in entries(workdir)]


def test_a_missing_secret_keeps_the_alerts_until_it_is_set(
    aztui, workdir, plugins, httpserver, monkeypatch
):
    received: list[str] = []

    def receive(request: Request) -> Response:
        assert request.headers["X-Token"] == "tok-123"
        received.append(request.get_json()["id"])
        return Response(status=204)

    httpserver.expect_request("/page", method="POST").respond_with_handler(receive)
    plugins("pagerplug", PAGER)
    configure(workdir, httpserver.url_for("/page"))
    monkeypatch.delenv("AZTUI_CHANNEL_OPS_TOKEN", raising=False)
    (workdir / "orders.csv").write_text(ORDERS)
    assert aztui("import", "orders.csv").code == 0

    run = aztui("check", "--notify", "--now", BEFORE)  # --now: nothing is due yet
    missing = (
        "no token: set AZTUI_CHANNEL_OPS_TOKEN or token in the channel's secrets_file; "
        "its alerts wait in the outbox"
    )
    assert f"channel ops: unavailable: {missing}" in run.err.splitlines()
    assert run.err.splitlines()[-1] == f"aztui: channel ops could not send: {missing}"
    assert run.code == 3
    assert outbox(workdir) == []

    run = aztui("check", "--notify", "--now", LATE)
    assert run.code == 3
    waiting = outbox(workdir)
    assert len(waiting) >= 2 and set(waiting) == {("ops", "pending")}
    said = f"channel ops: unavailable: {len(waiting)} alert(s) wait in the outbox"
    assert run.err.splitlines().count(said) == 1  # one line, however many alerts
    assert received == [] and not httpserver.log
    assert aztui("check", "--notify", "--now", "2026-11-29T09:30:00Z").code == 3
    waited = entries(workdir)
    assert {o.attempts for o in waited} == {0}  # waiting is no attempt: no backoff grows
    # due again at once: the first pass after the secret is set sends them
    assert {o.next_at for o in waited} == {datetime(2026, 11, 29, 9, 30, tzinfo=UTC)}
    assert {o.last_error for o in waited} == {missing}
    listing = aztui("plugins").out
    [row] = [line for line in listing.splitlines() if line.split()[:1] == ["ops"]]
    assert f"unavailable: {missing}" in " ".join(row.replace("│", " ").split())

    monkeypatch.setenv("AZTUI_CHANNEL_OPS_TOKEN", "tok-123")
    run = aztui("check", "--notify", "--now", "2026-11-29T09:30:01Z")  # the very next pass
    assert run.code == 1, run.err  # overdue orders; every channel could send
    assert "could not send" not in run.err and "unavailable" not in run.err
    assert len(received) == len(waiting)
    assert {
        "deadline:ship_confirmation:402-0000001-0000001:overdue",
        "deadline:ship_confirmation:402-0000002-0000002:overdue",
    } <= set(received)
    assert set(outbox(workdir)) == {("ops", "sent")}
    assert "tok-123" not in run.err + run.out


def test_a_channel_that_fails_makes_check_notify_exit_3(
    aztui, workdir, plugins, httpserver, monkeypatch
):
    httpserver.expect_request("/page", method="POST").respond_with_data("busy", status=503)
    plugins("pagerplug", PAGER)
    configure(workdir, httpserver.url_for("/page"))
    monkeypatch.setenv("AZTUI_CHANNEL_OPS_TOKEN", "tok-123")
    (workdir / "orders.csv").write_text(ORDERS)
    assert aztui("import", "orders.csv").code == 0

    run = aztui("check", "--notify", "--now", LATE)
    assert run.code == 3
    said = "the pager answered HTTP 503"
    assert run.err.splitlines()[-1] == f"aztui: channel ops could not send: {said}"
    assert set(outbox(workdir)) == {("ops", "pending")}  # tried again later


def test_a_server_out_of_reach_is_worded_by_the_core(aztui, workdir, plugins, monkeypatch):
    plugins("pagerplug", PAGER)
    monkeypatch.setenv("AZTUI_CHANNEL_OPS_TOKEN", "tok-123")
    (workdir / "orders.csv").write_text(ORDERS)
    with refused_port() as port:
        configure(workdir, f"http://127.0.0.1:{port}/page")
        assert aztui("import", "orders.csv").code == 0
        run = aztui("check", "--notify", "--now", LATE)
    assert run.code == 3
    assert run.err.splitlines()[-1].startswith(
        "aztui: channel ops could not send: could not reach the pager (ConnectError"
    )


def test_an_optional_secret_written_in_options_is_refused(aztui, workdir, plugins, in_english):
    plugins(
        "pagerplug",
        PAGER.replace('secrets=("token",)', 'secrets=("token",), optional_secrets=("seed",)'),
    )
    (workdir / "aztui.toml").write_text(
        '[channels.ops]\ntype = "pager"\n'
        'options = { url = "http://127.0.0.1:9/", seed = "s33d-value" }\n'
    )
    run = aztui("check")
    assert run.code == 2
    assert "channels.ops.options.seed: seed is a secret of this plugin" in run.err
    assert "AZTUI_CHANNEL_OPS_SEED" in run.err and "s33d-value" not in run.err


LOGIN_PAGER = (
    PAGER.replace(
        '        self.token = context.secrets["token"]\n',
        '        self.token = context.secrets["token"]\n'
        '        if "pin" not in context.secrets:\n'
        '            raise Unavailable("no pin: set AZTUI_CHANNEL_OPS_PIN")\n',
    )
    .replace(
        "from aztui.channels import ChannelSpec, Delivery",
        "from aztui.channels import ChannelSpec, Delivery, Unavailable",
    )
    .replace('secrets=("token",)', 'secrets=("token",), optional_secrets=("pin",)')
)


def test_a_factory_that_says_unavailable_keeps_the_alerts_without_a_fault(
    aztui, workdir, plugins, httpserver, monkeypatch
):
    httpserver.expect_request("/page", method="POST").respond_with_data("", status=204)
    plugins("pagerplug", LOGIN_PAGER)
    configure(workdir, httpserver.url_for("/page"))
    monkeypatch.setenv("AZTUI_CHANNEL_OPS_TOKEN", "tok-123")
    monkeypatch.delenv("AZTUI_CHANNEL_OPS_PIN", raising=False)
    (workdir / "orders.csv").write_text(ORDERS)
    assert aztui("import", "orders.csv").code == 0

    run = aztui("check", "--notify", "--now", LATE)
    assert run.code == 3
    assert "channel ops: unavailable: no pin: set AZTUI_CHANNEL_OPS_PIN" in run.err
    assert run.err.splitlines()[-1] == (
        "aztui: channel ops could not send: no pin: set AZTUI_CHANNEL_OPS_PIN"
    )
    assert "plugin pagerplug" not in run.err  # not a fault of the plugin: nothing to remember
    assert set(outbox(workdir)) == {("ops", "pending")} and not httpserver.log

    monkeypatch.setenv("AZTUI_CHANNEL_OPS_PIN", "4321")
    assert aztui("check", "--notify", "--now", LATER).code == 1
    assert set(outbox(workdir)) == {("ops", "sent")}


def test_alerts_of_a_channel_no_longer_configured_wait_without_failing_check(
    aztui, workdir, plugins, monkeypatch
):
    plugins("pagerplug", PAGER)
    configure(workdir, "http://127.0.0.1:9/page")
    monkeypatch.delenv("AZTUI_CHANNEL_OPS_TOKEN", raising=False)
    (workdir / "orders.csv").write_text(ORDERS)
    assert aztui("import", "orders.csv").code == 0
    assert aztui("check", "--notify", "--now", LATE).code == 3

    (workdir / "aztui.toml").write_text('language = "en"\n[tracking]\ninterval_minutes = 0\n')
    run = aztui("check", "--notify", "--now", LATER)
    assert run.code == 1  # overdue orders; no configured channel failed
    assert "could not send" not in run.err
    assert "the channel is no longer configured; again at" in run.err
    assert set(outbox(workdir)) == {("ops", "pending")}  # kept, should it come back
