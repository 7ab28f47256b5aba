"""Contract: the installed DHL plugin run by ``aztui track`` against a local server speaking
DHL's Shipment Tracking - Unified API (``GET /track/shipments?trackingNumber=…`` with the
``DHL-API-Key`` header, RFC 7807 problems), replaying the real answers of
``fixtures/real`` (origins in its ``SOURCES.md``), end to end into the store.

DHL allows one call every 5 s (``SPEC.per_second`` 0.2): every test here makes exactly one
call (a run's first call is not waited for), so the real pace is kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from aztui.domain.model import TrackingStatus as S
from aztui.testing import Tracked, said, track_through_cli

REAL = Path(__file__).parent / "fixtures" / "real"
GUESSED = Path(__file__).parent / "fixtures"
PATH = "/track/shipments"
KEY = "contract-key-5d1e"
PAKET = "470800204932"
PROBLEM = "application/problem+json"


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def serve(server: HTTPServer, number: str, body: Path, status: int = 200, **query: str) -> None:
    server.expect_ordered_request(
        PATH,
        method="GET",
        headers={"DHL-API-Key": KEY},
        query_string={"trackingNumber": number, **query, "language": "en"},
    ).respond_with_data(
        body.read_bytes(),
        status=status,
        content_type="application/json" if status < 400 else PROBLEM,
        headers={"Retry-After": "3600"} if status == 429 else None,
    )


def run(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    server: HTTPServer,
    number: str,
    label: str = "DHL",
    options: Mapping[str, object] = {},
) -> Tracked:
    tracked = track_through_cli(
        tmp_path,
        monkeypatch,
        capsys,
        carrier="dhl",
        base_url=server.url_for("/"),
        numbers=[number],
        carrier_label=label,
        secrets={"api_key": KEY},
        options=options,
    )
    server.check_assertions()
    assert len(server.log) == 1
    assert KEY not in "".join((tracked.out + tracked.err).split())
    return tracked


def test_parcel_de_delivered_in_german_time_into_the_store(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    httpserver: HTTPServer,
) -> None:
    serve(
        httpserver,
        PAKET,
        REAL / "parcel_de_delivered_de_no_offset.json",
        service="parcel-de",
        requesterCountryCode="DE",
    )

    tracked = run(
        tmp_path,
        monkeypatch,
        capsys,
        httpserver,
        PAKET,
        label="DHL Paket",
        options={"service": "parcel-de", "requester_country_code": "DE"},
    )

    assert tracked.exit_code == 0, tracked.err
    assert (
        "dhl : ok : 1 colis, 1 appel(s), 1 mis à jour, 10 nouvel(s) événement(s), 0 erreur(s)"
        in said(tracked.out)
    )
    parcel = tracked.shipments[PAKET]
    assert (parcel.status, parcel.carrier_status) == (S.DELIVERED, "delivered")
    assert parcel.first_scan_at == utc(2023, 3, 1, 15, 14)  # 16:14 in Berlin
    assert parcel.delivered_at == utc(2023, 3, 13, 8, 50)  # 09:50 in Berlin
    assert parcel.last_event_at == utc(2023, 3, 13, 8, 50)
    assert parcel.signature is False and parcel.proof_of_delivery is None
    events = tracked.events[PAKET]
    assert len(events) == 10
    assert [e.at for e in events] == sorted(e.at for e in events)
    assert events[0].at == utc(2023, 3, 1, 15, 14) and events[0].status is S.IN_TRANSIT
    assert events[-1].status is S.DELIVERED and events[-1].place == "Deutschland"
    assert tracked.checks[PAKET].error is None


def test_ecommerce_offsets_as_written_into_the_store(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    httpserver: HTTPServer,
) -> None:
    number = "11111111111111111XXXXXXX"
    serve(httpserver, number, REAL / "prozsolt_ecommerce_mixed_offsets.json")

    tracked = run(tmp_path, monkeypatch, capsys, httpserver, number, label="DHL eCommerce")

    assert tracked.exit_code == 0, tracked.err
    parcel = tracked.shipments[number]
    assert (parcel.status, parcel.carrier_status) == (S.IN_TRANSIT, "transit")
    assert parcel.first_scan_at == utc(2020, 4, 14, 14, 56)
    assert parcel.last_event_at == utc(2020, 4, 20, 6, 12)  # "+06:00" as DHL wrote it
    assert parcel.delivered_at is None and parcel.signature is None
    events = tracked.events[number]
    assert len(events) == 11
    assert [e.status for e in events].count(S.UNKNOWN) == 2
    assert not any(code in e.place for e in events for code in ("60160", "AL10", "SW1A"))


def test_signed_proof_without_delivery_is_an_error_not_a_delivery(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    httpserver: HTTPServer,
) -> None:
    number = "7777777770"
    serve(httpserver, number, REAL / "unified_spec_example_express_pod_signed.json")

    tracked = run(tmp_path, monkeypatch, capsys, httpserver, number, label="DHL Express")

    assert tracked.exit_code == 0, tracked.err  # DHL answered: the carrier is not degraded
    assert "0 mis à jour, 0 nouvel(s) événement(s), 1 erreur(s)" in said(tracked.out)
    error = tracked.checks[number].error
    assert error is not None and "contradicts itself" in error and "no delivered event" in error
    parcel = tracked.shipments[number]
    assert parcel.status is None and parcel.delivered_at is None
    assert parcel.signature is None and parcel.proof_of_delivery is None
    assert tracked.events[number] == []


@pytest.mark.parametrize(
    ("status", "body", "error", "exit_code"),
    [
        (
            404,
            REAL / "netresearch23_not_found_404.json",
            "unknown to DHL: No result found No shipment with given tracking number found.",
            0,
        ),
        (
            429,  # real body; its headers were not captured: Retry-After GUESSED
            REAL / "itsvic68_too_many_requests_429.json",
            "DHL's rate limit is reached (HTTP 429 Too Many Requests): Too Many Requests Too "
            "many requests within defined time period, please try again later.; "
            "Retry-After: 3600",
            2,
        ),
        (
            401,  # GUESSED: shaped as DHL's ProblemDetail, no real 401 of this API found
            GUESSED / "unauthorized.json",
            "DHL refused the API key (HTTP 401 Unauthorized): Unauthorized Unauthorized for "
            "given resource.",
            2,
        ),
        (
            400,  # GUESSED: shaped as DHL's ProblemDetail
            GUESSED / "bad_request.json",
            "DHL refused the request (HTTP 400 Bad Request): Bad request Missing mandatory "
            "query parameter: trackingNumber",
            2,
        ),
    ],
    ids=["404-real", "429-real", "401-guessed", "400-guessed"],
)
def test_problems_are_stored_as_the_checks_error(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    httpserver: HTTPServer,
    status: int,
    body: Path,
    error: str,
    exit_code: int,
) -> None:
    serve(httpserver, PAKET, body, status=status)

    tracked = run(tmp_path, monkeypatch, capsys, httpserver, PAKET)

    assert tracked.exit_code == exit_code, tracked.out + tracked.err
    assert tracked.checks[PAKET].error == error
    parcel = tracked.shipments[PAKET]
    assert parcel.status is None and parcel.first_scan_at is None
    assert tracked.events[PAKET] == []
    if exit_code:
        assert "dhl : dégradé" in said(tracked.err)
