"""A tracking run against a carrier on a real local server: batches, pace, retries, timeouts,
what is kept (once), what is never asked again, and a failing carrier kept to itself."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from werkzeug import Request, Response

from aztui.domain.model import Order, OrderStatus, Shipment, TrackingStatus
from aztui.service import Service
from tests.tracking.conftest import answer, host_with, spec
from tests.waiting import PATIENCE, wait_until_async

NOW = datetime(2026, 11, 26, 9, tzinfo=UTC)
H = timedelta(hours=1)


def parcels(n: int, carrier: str | None = "Test Post") -> list:
    records = []
    for i in range(1, n + 1):
        order_id = f"402-000000{i}-0000000"
        records += [
            Order(
                order_id,
                NOW - 72 * H,
                status=OrderStatus.SHIPPED,
                latest_ship_date=NOW - 48 * H,
                latest_delivery_date=NOW + 24 * H,
                order_total=Decimal("20.00"),
                currency="EUR",
            ),
            Shipment(order_id, f"TP{i:06d}", confirmed_at=NOW - 50 * H, carrier=carrier),
        ]
    return records


def moving(number: str, *, delivered: bool = False) -> dict:
    events = [
        {"at": "2026-11-24T08:00:00+01:00", "status": "info_received", "code": "LBL"},
        {
            "at": "2026-11-24T18:30:00+01:00",
            "status": "in_transit",
            "code": "SCAN",
            "place": "LYON FR",
        },
    ]
    if delivered:
        events.append(
            {
                "at": "2026-11-25T11:00:00+01:00",
                "status": "delivered",
                "code": "DLV",
                "place": "PARIS FR",
            }
        )
    return {
        "status": "delivered" if delivered else "in_transit",
        "events": events,
        "signed": delivered or None,
    }


class Server:
    """The carrier's API: answers from ``parcels``, counting calls, optionally misbehaving."""

    def __init__(
        self,
        httpserver,
        answers: dict,
        *,
        fail_first: Sequence[Response] = (),
        hold: threading.Event | None = None,
    ) -> None:
        self.answers, self.calls = answers, 0
        self.asked: list[list[str]] = []
        self.fail_first, self.hold = list(fail_first), hold
        """``hold``: answer only once it is set (slower than any timeout)."""
        httpserver.expect_request("/v1/track").respond_with_handler(self.handle)

    def handle(self, request: Request) -> Response:
        self.calls += 1
        assert request.headers["X-Key"] == "k-123"
        if self.fail_first:
            return self.fail_first.pop(0)
        if self.hold is not None:
            self.hold.wait(PATIENCE)
        numbers = request.args["numbers"].split(",")
        self.asked.append(numbers)
        return Response(
            answer({n: self.answers.get(n) for n in numbers}), content_type="application/json"
        )


async def run(config, host, records, *, every_parcel=False, now=NOW):
    async with Service(config, host=host) as service:
        if records:
            await service.write(records)
        return await service.track(now, every_parcel=every_parcel)


async def test_batches_keep_every_fact_once_and_never_ask_again_about_a_delivered_parcel(
    config, httpserver
):
    server = Server(
        httpserver,
        {
            "TP000001": moving("TP000001", delivered=True),
            "TP000002": moving("TP000002"),
            "TP000003": moving("TP000003"),
        },
    )
    host = host_with(spec(httpserver.url_for("/")))
    (first,), unmatched = await run(config, host, parcels(3))
    assert server.asked == [["TP000001", "TP000002"], ["TP000003"]]  # batches of 2
    assert (first.asked, first.calls, first.updated, first.new_events, first.errors) == (
        3,
        2,
        3,
        7,
        0,
    )
    assert unmatched == 0
    async with Service(config, host=host) as service:
        bundle = await service.store.bundle("402-0000001-0000000")
        (shipment,) = bundle.shipments
        events = await service.store.tracking_events("402-0000001-0000000")
        risks = {r.signal for r in await service.store.risks(NOW)}
    assert shipment.status is TrackingStatus.DELIVERED and shipment.carrier_status == "delivered"
    assert shipment.first_scan_at == datetime(2026, 11, 24, 17, 30, tzinfo=UTC)
    assert shipment.delivered_at == datetime(2026, 11, 25, 10, tzinfo=UTC)
    assert shipment.signature is True and shipment.carrier == "Test Post"  # the rest kept
    assert [e.event.code for e in events] == ["LBL", "SCAN", "DLV"]
    assert "no_tracking" not in risks  # every parcel has a carrier scan now
    server.asked.clear()
    (again,), _ = await run(config, host, [], every_parcel=True)
    assert server.asked == [["TP000002", "TP000003"]]  # the delivered one is never asked again
    assert again.new_events == 0  # the same events again: nothing new kept


async def test_a_parcel_asked_recently_waits_for_the_next_run(config, httpserver):
    server = Server(httpserver, {"TP000001": moving("TP000001")})
    host = host_with(spec(httpserver.url_for("/")))
    await run(config, host, parcels(1))
    (second,), _ = await run(config, host, [], now=NOW + H)
    (later,), _ = await run(config, host, [], now=NOW + 5 * H)
    assert (second.asked, later.asked, server.calls) == (0, 1, 2)


async def test_the_carrier_is_chosen_by_name_else_by_number(config, httpserver):
    Server(httpserver, {})
    host = host_with(spec(httpserver.url_for("/")))
    records = [
        *parcels(2, carrier=None),
        Shipment("402-0000001-0000000", "ZZ-UNKNOWN", confirmed_at=NOW - 50 * H, carrier="Nope"),
    ]
    (run_,), unmatched = await run(config, host, records)
    assert run_.asked == 2 and unmatched == 1  # TP… by pattern; the other matches nothing


async def test_calls_keep_to_the_carriers_pace(config, httpserver, virtual_time):
    server = Server(httpserver, {})
    host = host_with(spec(httpserver.url_for("/"), batch_size=1, per_second=4))
    (run_,), _ = await run(config, host, parcels(5))
    assert server.calls == 5 and run_.calls == 5
    assert virtual_time() >= 1.0  # 5 calls at 4 a second: the pace made them last 1 s


async def test_429_and_5xx_are_retried_after_the_wait_asked(config, httpserver, virtual_time):
    busy = Response("slow down", status=429, headers={"Retry-After": "1"})
    server = Server(
        httpserver,
        {"TP000001": moving("TP000001")},
        fail_first=[busy, Response("oops", status=503)],
    )
    host = host_with(spec(httpserver.url_for("/")))
    (run_,), _ = await run(config, host, parcels(1))
    assert server.calls == 3 and run_.updated == 1 and run_.errors == 0
    assert 1.0 in virtual_time.waits  # the Retry-After was honoured


async def test_answers_that_stay_wrong_become_errors_for_their_numbers(
    config, httpserver, virtual_time
):
    Server(httpserver, {}, fail_first=[Response("down", status=500)] * 4)
    host = host_with(spec(httpserver.url_for("/"), batch_size=5))
    (run_,), _ = await run(config, host, parcels(2))
    assert run_.errors == 2 and run_.status == "degraded"
    assert run_.detail.startswith("HTTPStatusError: Server error '500 INTERNAL SERVER ERROR'")
    async with Service(config, host=host) as service:
        checks = await service.store.tracking_checks()
    assert [c.error.split(":")[0] for c in checks] == ["HTTPStatusError"] * 2


async def test_a_slow_answer_times_out(config, httpserver, tmp_path):
    release = threading.Event()  # the server answers once the client has given up
    Server(httpserver, {"TP000001": moving("TP000001")}, hold=release)
    (tmp_path / "aztui.toml").write_text("[carriers.testpost]\ntimeout_seconds = 0.3\n")
    from aztui.config import load_config

    slow = load_config(
        config_path=tmp_path / "aztui.toml", cli_overrides={"db": str(tmp_path / "store.db")}
    )
    host = host_with(spec(httpserver.url_for("/")))
    try:
        (run_,), _ = await run(slow, host, parcels(1))
    finally:
        release.set()
    await wait_until_async(lambda: httpserver.log, "the server done with the request")
    assert run_.errors == 1
    async with Service(slow, host=host) as service:
        (check,) = await service.store.tracking_checks()
    assert check.error.startswith("ReadTimeout")


async def test_a_carrier_that_raises_or_hangs_is_degraded_and_the_others_carry_on(
    config, httpserver, tmp_path, monkeypatch
):
    Server(httpserver, {"TP000001": moving("TP000001")})

    class Raising:
        def __init__(self, context):
            pass

        async def track(self, numbers):
            raise RuntimeError("parser bug")

    class Hanging(Raising):
        async def track(self, numbers):
            await asyncio.sleep(3600)

    class Nonsense(Raising):
        async def track(self, numbers):
            return {"not": "a list"}

    (tmp_path / "aztui.toml").write_text("[carriers.hangpost]\ntimeout_seconds = 0.1\n")
    from aztui.config import load_config

    cfg = load_config(
        config_path=tmp_path / "aztui.toml", cli_overrides={"db": str(tmp_path / "store.db")}
    )
    for name in ("RAISEPOST", "HANGPOST", "JUNKPOST"):
        monkeypatch.setenv(f"AZTUI_{name}_API_KEY", "x")
    host = host_with(
        spec(httpserver.url_for("/")),
        spec(
            "http://127.0.0.1:9", name="raisepost", factory=Raising, aliases=("Raise",), patterns=()
        ),
        spec(
            "http://127.0.0.1:9", name="hangpost", factory=Hanging, aliases=("Hang",), patterns=()
        ),
        spec(
            "http://127.0.0.1:9", name="junkpost", factory=Nonsense, aliases=("Junk",), patterns=()
        ),
    )
    records = parcels(1) + [
        Shipment("402-0000001-0000000", f"X{c}1", confirmed_at=NOW - H, carrier=c)
        for c in ("Raise", "Hang", "Junk")
    ]
    runs, _ = await run(cfg, host, records)
    by_name = {r.name: r for r in runs}
    assert by_name["testpost"].status == "ok" and by_name["testpost"].updated == 1
    assert by_name["raisepost"].detail == "RuntimeError: parser bug"
    assert by_name["hangpost"].detail == "did not answer in time"
    assert by_name["junkpost"].detail == "the carrier gave no answer for this number"
    assert all(by_name[n].status == "degraded" for n in ("raisepost", "hangpost", "junkpost"))


async def test_the_daily_quota_is_kept_across_runs(config, httpserver):
    server = Server(httpserver, {})
    host = host_with(spec(httpserver.url_for("/"), batch_size=1, per_day=2))
    (first,), _ = await run(config, host, parcels(3))
    assert (server.calls, first.errors) == (2, 3)  # two unknown numbers, one not asked
    async with Service(config, host=host) as service:
        errors = [c.error for c in await service.store.tracking_checks()]
    assert sorted(errors) == ["daily quota spent", "unknown number", "unknown number"]
    (second,), _ = await run(config, host, [], every_parcel=True)
    assert server.calls == 2 and second.errors == 3  # nothing left today
    (tomorrow,), _ = await run(config, host, [], every_parcel=True, now=NOW + 24 * H)
    assert server.calls == 4 and tomorrow.calls == 2  # a new day, a new quota


async def test_a_missing_secret_makes_the_carrier_unavailable(config, httpserver, monkeypatch):
    monkeypatch.delenv("AZTUI_TESTPOST_API_KEY")
    server = Server(httpserver, {})
    (run_,), _ = await run(config, host_with(spec(httpserver.url_for("/"))), parcels(1))
    assert run_.status == "unavailable" and "AZTUI_TESTPOST_API_KEY" in run_.detail
    assert server.calls == 0


async def test_every_missing_secret_is_named_with_its_variable(config, httpserver, monkeypatch):
    monkeypatch.delenv("AZTUI_TESTPOST_API_KEY")
    two = spec(httpserver.url_for("/"), secrets=("api_key", "account"))
    (run_,), _ = await run(config, host_with(two), parcels(1))
    assert run_.status == "unavailable"
    assert "no api_key, account: set AZTUI_TESTPOST_API_KEY and AZTUI_TESTPOST_ACCOUNT" in (
        run_.detail
    )


async def test_secrets_come_from_the_file_named_in_the_configuration(
    config, httpserver, monkeypatch, tmp_path
):
    monkeypatch.delenv("AZTUI_TESTPOST_API_KEY")
    (tmp_path / "testpost.toml").write_text('api_key = "k-123"\n')
    (tmp_path / "aztui.toml").write_text('[carriers.testpost]\nsecrets_file = "testpost.toml"\n')
    from aztui.config import load_config

    cfg = load_config(
        config_path=tmp_path / "aztui.toml", cli_overrides={"db": str(tmp_path / "store.db")}
    )
    server = Server(httpserver, {"TP000001": moving("TP000001")})
    (run_,), _ = await run(cfg, host_with(spec(httpserver.url_for("/"))), parcels(1))
    assert run_.updated == 1 and server.calls == 1


async def test_the_environment_beats_the_secrets_file_and_options_reach_the_carrier(
    config, httpserver, tmp_path
):
    seen = {}

    class Recording:
        def __init__(self, context):
            seen.update(key=context.secrets["api_key"], options=dict(context.options))

        async def track(self, numbers):
            return []

    (tmp_path / "testpost.toml").write_text('api_key = "from-file"\n')
    (tmp_path / "aztui.toml").write_text(
        '[carriers.testpost]\nsecrets_file = "testpost.toml"\noptions = { language = "fr" }\n'
    )
    from aztui.config import load_config

    cfg = load_config(
        config_path=tmp_path / "aztui.toml", cli_overrides={"db": str(tmp_path / "store.db")}
    )
    await run(cfg, host_with(spec(httpserver.url_for("/"), factory=Recording)), parcels(1))
    assert seen == {"key": "k-123", "options": {"language": "fr"}}  # AZTUI_TESTPOST_API_KEY


async def test_a_carrier_can_have_its_own_stalled_days(config, httpserver, tmp_path):
    (tmp_path / "aztui.toml").write_text("[carriers.testpost]\nstalled_days = 9\n")
    from aztui.config import load_config

    cfg = load_config(
        config_path=tmp_path / "aztui.toml", cli_overrides={"db": str(tmp_path / "store.db")}
    )
    last = NOW - 6 * 24 * H
    host = host_with(spec(httpserver.url_for("/")))
    records = [
        *parcels(1)[:1],
        Shipment(
            "402-0000001-0000000",
            "TP000001",
            confirmed_at=NOW - 8 * 24 * H,
            carrier="Test Post",
            status=TrackingStatus.IN_TRANSIT,
            first_scan_at=NOW - 7 * 24 * H,
            last_event_at=last,
        ),
    ]
    for configured, stalled in ((config, True), (cfg, False)):
        async with Service(configured, host=host) as service:
            await service.write(records)
            signals = {r.signal for r in await service.store.risks(NOW)}
        assert ("tracking_stalled" in signals) is stalled  # 6 days: over 4, under 9
