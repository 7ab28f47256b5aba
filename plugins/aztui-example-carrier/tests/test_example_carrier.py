"""The example carrier (``plugins/aztui-example-carrier``, the one ``docs/carriers.md`` walks
through) against a local server: a batch in one call, the status mapping, every failure a
result; then installed as pip would and run by ``aztui track`` through the real core."""

from __future__ import annotations

import asyncio
import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from aztui.carriers import CarrierContext, CarrierSpec, TrackingResult
from aztui.cli.main import main
from aztui.config import load_config
from aztui.domain.model import Order, OrderStatus, Shipment
from aztui.domain.model import TrackingStatus as S
from aztui.service import Service
from aztui.testing import isolate_cli, refused_port

EXAMPLE_CARRIER = Path(__file__).resolve().parents[1]

KEY = "k-test"
KNOWN, UNKNOWN = "EX123456789FR", "EX000000000FR"
IN_TRANSIT = {
    "id": KNOWN,
    "state": "IN_TRANSIT",
    "scans": [
        {
            "at": "2026-11-24T18:30:00+01:00",
            "code": "TRANSIT",
            "label": "En transit",
            "city": "Lyon",
            "country": "FR",
        }
    ],
    "signed": False,
    "pod_url": None,
}


def scan(at: str, code: str, label: str = "", city: str = "Lyon") -> dict:
    return {"at": at, "code": code, "label": label, "city": city, "country": "FR"}


@pytest.fixture
def track(httpserver, example_carrier_importable):
    """``await track(*numbers)``: the carrier's results, asking ``httpserver``. A plain client
    here; aztui's would also pace and retry (a 500 is retried before the carrier sees it)."""
    from aztui_example_carrier.carrier import ExempleCarrier

    async def track(*numbers: str, url: str | None = None) -> list[TrackingResult]:
        async with httpx.AsyncClient(base_url=url or httpserver.url_for("/"), timeout=5) as client:
            carrier = ExempleCarrier(CarrierContext("exemple", client, {"api_key": KEY}))
            return list(await carrier.track(list(numbers)))

    return track


def answer(httpserver, body: object, *, ids: str = f"{KNOWN},{UNKNOWN}", status: int = 200):
    httpserver.expect_oneshot_request(
        "/v1/parcels",
        method="GET",
        query_string={"ids": ids},
        headers={"Authorization": f"Bearer {KEY}"},
    ).respond_with_data(
        body if isinstance(body, str) else json.dumps(body),
        status=status,
        content_type="application/json",
    )


async def test_one_call_answers_a_known_and_an_unknown_number(httpserver, track):
    answer(httpserver, {"parcels": [IN_TRANSIT], "unknown": [UNKNOWN]})
    known, unknown = await track(KNOWN, UNKNOWN)
    httpserver.check_assertions()  # one call, with both ids and the key
    assert (known.number, known.status, known.raw_status, known.error) == (
        KNOWN,
        S.IN_TRANSIT,
        "IN_TRANSIT",
        None,
    )
    (event,) = known.events
    assert event.at == datetime(2026, 11, 24, 17, 30, tzinfo=UTC)
    assert (event.status, event.code, event.description, event.place) == (
        S.IN_TRANSIT,
        "TRANSIT",
        "En transit",
        "Lyon FR",
    )
    assert known.first_scan_at == event.at and known.delivered_at is None
    assert (known.signed, known.proof_of_delivery) == (False, None)
    assert unknown == TrackingResult.not_found(UNKNOWN, "unknown to Exemple Colis")
    assert not unknown.call_failed


async def test_a_delivered_parcel_keeps_every_scan_oldest_first_and_its_proof(httpserver, track):
    answer(
        httpserver,
        {
            "parcels": [
                {
                    "id": KNOWN,
                    "state": "DELIVERED",
                    "signed": True,
                    "pod_url": "https://exemple-colis.test/pod/123",
                    "scans": [
                        scan("2026-11-25T11:02:00+01:00", "DELIVERED", "Livré", "Paris"),
                        scan("2026-11-24T08:00:00+01:00", "CREATED", "Étiquette créée"),
                        scan("2026-11-25T07:45:00+01:00", "SORTED", "Trié", "Paris"),
                        scan("2026-11-24T18:30:00+01:00", "TRANSIT", "En transit"),
                    ],
                }
            ]
        },
        ids=KNOWN,
    )
    (result,) = await track(KNOWN)
    assert [(e.code, e.status) for e in result.events] == [
        ("CREATED", S.INFO_RECEIVED),
        ("TRANSIT", S.IN_TRANSIT),
        ("SORTED", S.UNKNOWN),  # a code the table does not know: kept, as unknown
        ("DELIVERED", S.DELIVERED),
    ]
    assert all(e.at.tzinfo is UTC for e in result.events)
    assert result.first_scan_at == datetime(2026, 11, 24, 17, 30, tzinfo=UTC)  # not the label
    assert result.delivered_at == datetime(2026, 11, 25, 10, 2, tzinfo=UTC)
    assert (result.status, result.signed, result.proof_of_delivery) == (
        S.DELIVERED,
        True,
        "https://exemple-colis.test/pod/123",
    )


@pytest.mark.parametrize(
    ("state", "status"),
    [
        ("CREATED", S.INFO_RECEIVED),
        ("OUT_FOR_DELIVERY", S.OUT_FOR_DELIVERY),
        ("AT_PICKUP_POINT", S.AVAILABLE_FOR_PICKUP),
        ("ATTEMPTED", S.DELIVERY_FAILED),
        ("INCIDENT", S.EXCEPTION),
        ("RETURNING", S.RETURN_TO_SENDER),
        ("RETURNED", S.RETURNED),
        ("LOST_IN_SPACE", S.UNKNOWN),
    ],
)
async def test_each_state_maps_to_a_status_and_keeps_its_code(httpserver, track, state, status):
    answer(httpserver, {"parcels": [{"id": KNOWN, "state": state, "scans": []}]}, ids=KNOWN)
    (result,) = await track(KNOWN)
    assert (result.status, result.raw_status, result.events) == (status, state, ())
    assert result.first_scan_at is result.delivered_at is result.signed is None


async def test_a_server_error_fails_every_number_of_the_call(httpserver, track):
    answer(httpserver, "<html>Internal Server Error</html>", status=500)
    results = await track(KNOWN, UNKNOWN)
    assert [r.number for r in results] == [KNOWN, UNKNOWN]
    assert all(r.call_failed and r.error == "Exemple Colis answered HTTP 500" for r in results)


@pytest.mark.parametrize(
    "body",
    [
        "<html>maintenance</html>",
        "",
        "[]",
        '{"parcels": "none"}',
        '{"parcels": [{"state": "X"}]}',
        json.dumps({"parcels": [{**IN_TRANSIT, "scans": [scan("yesterday", "TRANSIT")]}]}),
        json.dumps(
            {"parcels": [{**IN_TRANSIT, "scans": [scan("2026-11-24T18:30:00", "TRANSIT")]}]}
        ),
    ],
    ids=["html", "empty", "a list", "parcels not a list", "no id", "bad date", "no offset"],
)
async def test_a_malformed_body_fails_every_number_and_never_raises(httpserver, track, body):
    answer(httpserver, body)
    results = await track(KNOWN, UNKNOWN)
    assert [r.number for r in results] == [KNOWN, UNKNOWN]
    assert all(r.call_failed and "could not be read" in r.error for r in results)


async def test_a_number_left_out_of_the_answer_fails_alone(httpserver, track):
    answer(httpserver, {"parcels": [IN_TRANSIT]})
    known, missing = await track(KNOWN, UNKNOWN)
    assert known.status is S.IN_TRANSIT and missing.call_failed


async def test_an_unreachable_server_fails_every_number(track):
    with refused_port() as port:
        results = await track(KNOWN, url=f"http://127.0.0.1:{port}")
    assert results[0].call_failed and "could not reach Exemple Colis" in results[0].error


def test_the_plugin_registers_its_spec(example_carrier_importable: None) -> None:
    from aztui_example_carrier import plugin

    registered: list[CarrierSpec] = []
    plugin.aztui_register_carriers(registered.append)
    (spec,) = registered
    assert (spec.name, spec.aliases, spec.batch_size, spec.per_day, spec.secrets) == (
        "exemple",
        ("Exemple Colis",),
        20,
        10000,
        ("api_key",),
    )
    assert spec.recognises(KNOWN) and not spec.recognises("EX12345678FR")


# -- installed, through aztui track ------------------------------------------------------------


def test_aztui_track_asks_the_installed_example_carrier(
    tmp_path: Path, monkeypatch, capsys, httpserver, install_plugin
):
    install_plugin(
        "example_carrier",
        "aztui_example_carrier.plugin",
        source_dir=EXAMPLE_CARRIER,
        distribution="aztui-example-carrier",
        version="0.1.0",
    )
    isolate_cli(tmp_path, monkeypatch)
    monkeypatch.setenv("AZTUI_EXEMPLE_API_KEY", KEY)
    (tmp_path / "aztui.toml").write_text(
        f'db = "store.db"\n\n[carriers.exemple]\nbase_url = "{httpserver.url_for("/")}"\n'
        f"timeout_seconds = 2\n"
    )
    now = datetime.now(UTC).replace(microsecond=0)
    handed, delivered = now - timedelta(days=2), now - timedelta(hours=3)
    answer(
        httpserver,
        {
            "parcels": [
                {
                    "id": KNOWN,
                    "state": "DELIVERED",
                    "signed": True,
                    "pod_url": "https://pod.test/1",
                    "scans": [
                        scan(handed.isoformat(), "PICKED_UP"),
                        scan(delivered.isoformat(), "DELIVERED", city="Paris"),
                    ],
                }
            ],
            "unknown": [UNKNOWN],
        },
    )

    async def seed_and_read(seed: bool):
        async with Service(load_config(config_path=tmp_path / "aztui.toml")) as service:
            if seed:
                for i, number in enumerate((KNOWN, UNKNOWN), start=1):
                    order_id = f"402-000000{i}-0000000"
                    await service.write(
                        [
                            Order(
                                order_id,
                                now - timedelta(days=3),
                                status=OrderStatus.SHIPPED,
                                latest_ship_date=now - timedelta(days=2),
                            ),
                            Shipment(
                                order_id,
                                number,
                                carrier="Exemple Colis",
                                confirmed_at=now - timedelta(days=2),
                            ),
                        ]
                    )
                return None
            bundle = await service.store.bundle("402-0000001-0000000")
            assert bundle is not None
            return bundle.shipments[0], await service.store.tracking_events(bundle.order_id)

    asyncio.run(seed_and_read(seed=True))
    capsys.readouterr()
    assert main(["track"]) == 0
    out = capsys.readouterr().out
    assert (
        "exemple : ok : 2 colis, 1 appel(s), 1 mis à jour, 2 nouvel(s) événement(s), 1 erreur(s)"
        in out
    )
    assert "laposte : ok : 0 colis" in out  # the installed carriers had nothing to ask
    shipment, events = asyncio.run(seed_and_read(seed=False))
    assert (shipment.status, shipment.carrier_status) == (S.DELIVERED, "DELIVERED")
    assert (shipment.first_scan_at, shipment.delivered_at) == (handed, delivered)
    assert (shipment.signature, shipment.proof_of_delivery) == (True, "https://pod.test/1")
    assert [e.event.code for e in events] == ["PICKED_UP", "DELIVERED"]

    assert main(["track"]) == 0  # delivered: never asked again; unknown: not for 4 hours
    assert "exemple : ok : 0 colis, 0 appel(s)" in capsys.readouterr().out
    assert main(["plugins"]) == 0
    rows = [
        [cell for cell in line.split() if cell != "│"]
        for line in capsys.readouterr().out.splitlines()
    ]
    assert ["example_carrier", "carrier", "aztui-example-carrier", "0.1.0", "ok"] in rows
    assert ["exemple", "example_carrier", "20", "5", "10000", "ok"] in rows  # its last run


# -- docs/carriers.md quotes the example as it is ------------------------------------------------


def test_the_guide_quotes_the_example_verbatim():
    guide = (EXAMPLE_CARRIER.parents[1] / "docs" / "carriers.md").read_text(encoding="utf-8")
    quoted = re.findall(
        r"```(?:python|toml)\n# ((?:plugins/)?aztui[\w./-]+)\n(.*?)```", guide, re.S
    )
    assert len(quoted) >= 5
    for path, code in quoted:
        source = EXAMPLE_CARRIER / path.removeprefix("plugins/aztui-example-carrier/")
        assert code in source.read_text(encoding="utf-8"), f"docs/carriers.md quotes {path}"
