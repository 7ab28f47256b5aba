"""La Poste's contract, end to end: the installed plugin run by ``aztui track`` against a local
server speaking Suivi v2 (``GET /suivi/v2/idships/{ids}?lang=fr_FR``, ``X-Okapi-Key``),
replaying La Poste's real answers (``fixtures/real``, origins in SOURCES.md), into the
store: status, first scan, delivery in UTC, signature, events and the errors kept."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from werkzeug import Request, Response

from aztui.domain.model import TrackingStatus as S
from aztui.testing import Tracked, said, track_through_cli


def json_response(status: int, body: object, headers: dict[str, str] | None = None) -> Response:
    """An API's JSON answer, as a replaying server's handler returns it."""
    return Response(
        json.dumps(body, ensure_ascii=False),
        status=status,
        content_type="application/json",
        headers=headers,
    )


REAL = Path(__file__).parent / "fixtures" / "real"
GUESSED = Path(__file__).parent / "fixtures"
KEY = "okapi-test-key-0123456789"
DELIVERED = "EW112720413FR"  # the real answer's number
NOT_YET = "6S00993561113"  # the number of La Poste's published 404 example
INVALID = "WBZQ03ENZJ6BBBTEELZWITJTAGYKA19WR6OOJ6MIVZARY3OVPSX4A495YOMXBLKC"  # the real 400's


def real(name: str) -> dict:
    return json.loads((REAL / name).read_text(encoding="utf-8"))


def utc(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


class SuiviV2:
    """What api.laposte.fr does for ``/suivi/v2/idships/{ids}``: the gateway checks the key
    (its real 401 when wrong), then one number gets its envelope with that envelope's HTTP
    status (200 answers an array, as the OpenAPI documents), several get 207 and an array."""

    def __init__(self, envelopes: dict[str, dict], refusal: tuple[int, dict] | None = None):
        self.envelopes = envelopes
        self.refusal = refusal
        """Every call answered with this (status, gateway body) instead."""
        self.calls: list[Request] = []

    def __call__(self, request: Request) -> Response:
        self.calls.append(request)
        if request.headers.get("X-Okapi-Key") != KEY:
            return json_response(401, real("gateway_401_unauthorized.json"))
        if self.refusal is not None:
            return json_response(*self.refusal, headers={"Retry-After": "0"})
        ids = request.path.removeprefix("/suivi/v2/idships/").split(",")
        answers = [self.envelopes[i] for i in ids]
        if len(answers) > 1:
            return json_response(207, answers)
        code = answers[0].get("returnCode", 200)
        if code == 200:
            return json_response(200, answers)
        return json_response(404 if code in (104, 105) else code, answers[0])


def serve(httpserver, service: SuiviV2) -> SuiviV2:
    httpserver.expect_request(
        re.compile(r"/suivi/v2/idships/[^/]+"), method="GET"
    ).respond_with_handler(service)
    return service


def track(tmp_path, monkeypatch, capsys, httpserver, numbers, key=KEY) -> Tracked:
    return track_through_cli(
        tmp_path,
        monkeypatch,
        capsys,
        carrier="laposte",
        base_url=httpserver.url_for("/"),
        numbers=numbers,
        carrier_label="Colissimo",
        secrets={"api_key": key},
    )


def assert_suivi_v2_request(request: Request, numbers: list[str]) -> None:
    assert request.method == "GET"
    assert request.path == "/suivi/v2/idships/" + ",".join(numbers)
    assert request.args.to_dict() == {"lang": "fr_FR"}
    assert request.headers["X-Okapi-Key"] == KEY
    assert request.headers["Accept"] == "application/json"


def test_a_real_delivered_parcel_lands_in_the_store(tmp_path, monkeypatch, capsys, httpserver):
    service = serve(httpserver, SuiviV2({DELIVERED: real("colissimo_fr_to_br_delivered.json")}))

    tracked = track(tmp_path, monkeypatch, capsys, httpserver, [DELIVERED])

    [request] = service.calls
    assert_suivi_v2_request(request, [DELIVERED])
    assert tracked.exit_code == 0, tracked.err
    assert (
        "laposte : ok : 1 colis, 1 appel(s), 1 mis à jour, 9 nouvel(s) événement(s), 0 erreur(s)"
        in said(tracked.out)
    )
    parcel = tracked.shipments[DELIVERED]
    assert (parcel.status, parcel.carrier_status) == (S.DELIVERED, "DI1")
    assert parcel.delivered_at == utc(2023, 3, 9, 8, 38)  # 09:38+01:00, the DI1 event
    assert parcel.first_scan_at == utc(2023, 2, 17, 13, 43)  # PC1; DR1 is the label
    assert parcel.last_event_at == utc(2023, 3, 9, 8, 38)
    assert parcel.signature is None and parcel.proof_of_delivery is None  # not stated
    events = tracked.events[DELIVERED]
    assert [(e.code, e.status) for e in events] == [
        ("DR1", S.INFO_RECEIVED),
        ("PC1", S.IN_TRANSIT),
        ("ET1", S.IN_TRANSIT),
        ("ET1", S.IN_TRANSIT),
        ("ET2", S.IN_TRANSIT),
        ("ET3", S.IN_TRANSIT),
        ("ET1", S.IN_TRANSIT),
        ("MD2", S.OUT_FOR_DELIVERY),
        ("DI1", S.DELIVERED),
    ]
    assert all(e.at.utcoffset() == UTC.utcoffset(None) for e in events)
    assert events[-1].description == "Votre colis est livré."
    assert tracked.checks[DELIVERED].error is None


def test_a_batch_with_la_poste_verdicts_on_two_numbers(tmp_path, monkeypatch, capsys, httpserver):
    """One call for three numbers (HTTP 207): the real delivered answer, La Poste's published
    "not yet available" (104) and its real "not a valid number" (400)."""
    numbers = [DELIVERED, NOT_YET, INVALID]
    service = serve(
        httpserver,
        SuiviV2(
            {
                DELIVERED: real("colissimo_fr_to_br_delivered.json"),
                NOT_YET: real("openapi_404_not_yet_104.json"),
                INVALID: real("invalid_number_400.json"),
            }
        ),
    )

    tracked = track(tmp_path, monkeypatch, capsys, httpserver, numbers)

    [request] = service.calls
    assert_suivi_v2_request(request, numbers)
    assert tracked.exit_code == 0, tracked.err  # verdicts on numbers, not a failed call
    assert "3 colis, 1 appel(s), 1 mis à jour, 9 nouvel(s) événement(s), 2 erreur(s)" in said(
        tracked.out
    )
    assert tracked.shipments[DELIVERED].status is S.DELIVERED
    assert tracked.checks[DELIVERED].error is None
    not_yet = tracked.checks[NOT_YET].error
    assert not_yet.startswith("La Poste has no tracking for this number yet (code 104): Votre")
    assert tracked.checks[INVALID].error.startswith(
        "La Poste says this number is not valid (code 400): Le numéro que vous avez saisi"
    )
    for number in (NOT_YET, INVALID):  # nothing is made up for them
        assert tracked.shipments[number].status is None and tracked.events[number] == []


def test_an_unknown_code_is_stored_and_reported(tmp_path, monkeypatch, capsys, httpserver):
    """The real delivered answer with one event added whose code is in no published list (MD3,
    seen in another project's samples): kept, shown, never deciding."""
    answer = real("colissimo_fr_to_br_delivered.json")
    answer["shipment"]["event"].insert(
        0, {"code": "MD3", "label": "Événement inconnu", "date": "2023-03-09T10:00:00+01:00"}
    )
    serve(httpserver, SuiviV2({DELIVERED: answer}))

    tracked = track(tmp_path, monkeypatch, capsys, httpserver, [DELIVERED])

    parcel = tracked.shipments[DELIVERED]
    assert (parcel.status, parcel.carrier_status) == (S.DELIVERED, "DI1 (unknown to aztui: MD3)")
    assert parcel.delivered_at == utc(2023, 3, 9, 8, 38)
    assert parcel.last_event_at == utc(2023, 3, 9, 9, 0)
    last = tracked.events[DELIVERED][-1]
    assert (last.code, last.status, last.description) == ("MD3", S.UNKNOWN, "Événement inconnu")


def test_a_wrong_key_gets_the_gateways_real_401(tmp_path, monkeypatch, capsys, httpserver):
    service = serve(httpserver, SuiviV2({DELIVERED: real("colissimo_fr_to_br_delivered.json")}))

    tracked = track(tmp_path, monkeypatch, capsys, httpserver, [DELIVERED], key="not-the-key")

    assert len(service.calls) == 1  # 401 is not retried
    assert tracked.exit_code == 2
    expected = "La Poste refused the API key (HTTP 401): This action requires an authorization"
    assert "laposte : dégradé : 1 colis, 1 appel(s), 0 mis à jour" in said(tracked.err)
    assert expected in said(tracked.err)
    assert tracked.checks[DELIVERED].error == expected
    assert tracked.shipments[DELIVERED].status is None
    assert "not-the-key" not in tracked.out + tracked.err


@pytest.mark.parametrize(
    ("status", "body", "calls", "words"),
    [
        (429, real("gateway_429_quota.json"), 4, "rate limit was exceeded (HTTP 429): max quota"),
        # Guessed in the gateway's {code, message} shape (no real body found, SOURCES.md):
        (500, GUESSED / "gateway_500.json", 4, "La Poste's server failed (HTTP 500)"),
        (400, GUESSED / "gateway_400.json", 1, "refused the request as invalid (HTTP 400)"),
        (404, GUESSED / "gateway_404.json", 1, "HTTP 404: not found (is the base URL right?)"),
    ],
    ids=["429-real", "500-guessed", "400-guessed", "404-guessed"],
)
def test_gateway_errors_fail_the_call_and_are_kept(
    tmp_path, monkeypatch, capsys, httpserver, status, body, calls, words
):
    if isinstance(body, Path):
        body = json.loads(body.read_text(encoding="utf-8"))
    service = serve(httpserver, SuiviV2({}, refusal=(status, body)))

    tracked = track(tmp_path, monkeypatch, capsys, httpserver, [DELIVERED, NOT_YET])

    assert len(service.calls) == calls  # 429 and 5xx: aztui's three retries (Retry-After: 0)
    assert all(r.path == f"/suivi/v2/idships/{DELIVERED},{NOT_YET}" for r in service.calls)
    assert tracked.exit_code == 2 and "laposte : dégradé" in said(tracked.err)
    for number in (DELIVERED, NOT_YET):
        assert words in tracked.checks[number].error
        assert tracked.shipments[number].status is None and tracked.events[number] == []
