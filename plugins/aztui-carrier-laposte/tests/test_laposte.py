"""The La Poste Suivi v2 carrier against a real HTTP server on 127.0.0.1 (pytest-httpserver),
answering as La Poste does: fixtures in ``fixtures``."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from aztui_carrier_laposte import codes, plugin
from aztui_carrier_laposte.carrier import LaPosteCarrier
from aztui_carrier_laposte.codes import EVENT_STATUS
from werkzeug import Request, Response

from aztui.carriers import CarrierContext, CarrierSpec
from aztui.domain.model import TrackingStatus as S
from aztui.testing import PATIENCE, refused_port, wait_until_async

FIXTURES = Path(__file__).parent / "fixtures"
PATH = "/suivi/v2/idships/"
KEY_HEADERS = {"X-Okapi-Key": "test-key", "Accept": "application/json"}


def fixture(name: str):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def expect(httpserver, numbers: list[str]):
    """The one request the carrier must make for these numbers: key, JSON, French, joined."""
    return httpserver.expect_oneshot_request(
        PATH + ",".join(numbers), method="GET", query_string={"lang": "fr_FR"}, headers=KEY_HEADERS
    )


def carrier_for(client: httpx.AsyncClient, key: str = "test-key") -> LaPosteCarrier:
    return LaPosteCarrier(CarrierContext("laposte", client, {"api_key": key} if key else {}))


@pytest.fixture
async def client(httpserver):
    async with httpx.AsyncClient(base_url=httpserver.url_for("/"), timeout=5.0) as client:
        yield client


@pytest.fixture
def carrier(client) -> LaPosteCarrier:
    return carrier_for(client)


def assert_one_call(httpserver, numbers: list[str]) -> None:
    httpserver.check_assertions()
    assert len(httpserver.log) == 1
    request, _ = httpserver.log[0]
    assert request.headers["X-Okapi-Key"] == "test-key"
    assert request.path == PATH + ",".join(numbers)
    assert request.args["lang"] == "fr_FR"


# --- one number ------------------------------------------------------------------------------


async def test_a_single_delivered_parcel(httpserver, carrier):
    expect(httpserver, ["6A12345678901"]).respond_with_json(fixture("colissimo_delivered.json"))

    [result] = await carrier.track(["6A12345678901"])

    assert_one_call(httpserver, ["6A12345678901"])
    assert result.error is None
    assert result.number == "6A12345678901"
    assert result.status is S.DELIVERED
    assert result.raw_status == "DI1"
    assert [e.code for e in result.events] == ["DR1", "PC1", "ET1", "MD2", "DI1"]  # oldest first
    assert [e.status for e in result.events] == [
        S.INFO_RECEIVED,
        S.IN_TRANSIT,
        S.IN_TRANSIT,
        S.OUT_FOR_DELIVERY,
        S.DELIVERED,
    ]
    assert result.first_scan_at == datetime(2026, 11, 21, 16, 48, tzinfo=UTC)  # PC1, not DR1
    assert result.delivered_at == datetime(2026, 11, 24, 11, 41, tzinfo=UTC)
    assert result.signed is None and result.proof_of_delivery is None
    last = result.events[-1]
    assert last.description == "Votre colis a été livré dans votre boîte aux lettres."
    assert last.place == "FR"
    assert all(e.at.tzinfo is UTC for e in result.events)
    assert result.events[3].at == utc("2026-11-24T09:12:00+01:00")


# --- a batch ---------------------------------------------------------------------------------

BATCH = ["8R01234567890", "6A98765432109", "XW123456785FR", "1L01234567890"]
TWO = ["6A12345678901", "XW123456785FR"]


async def test_a_batch_in_one_call_with_an_unknown_number_beside_known_ones(httpserver, carrier):
    expect(httpserver, BATCH).respond_with_json(fixture("batch_mixed.json"), status=207)

    results = await carrier.track(BATCH)

    assert_one_call(httpserver, BATCH)
    assert [r.number for r in results] == BATCH  # the asked order, not the answer's
    transit, unknown, chrono, letter = results
    assert (transit.status, transit.raw_status, transit.error) == (S.IN_TRANSIT, "ET1", None)
    assert transit.first_scan_at == utc("2026-11-23T16:05:00+01:00")
    assert transit.delivered_at is None
    assert unknown.error is not None and unknown.events == ()
    assert not unknown.call_failed  # La Poste answered: it does not know the number
    assert "no tracking for this number yet" in unknown.error
    assert "104" in unknown.error and "pas encore disponible" in unknown.error
    assert (chrono.status, chrono.error) == (S.DELIVERED, None)
    assert chrono.delivered_at == utc("2026-11-24T10:31:00+01:00")
    assert (letter.status, letter.raw_status) == (S.AVAILABLE_FOR_PICKUP, "AG1")
    assert letter.first_scan_at == utc("2026-11-21T15:30:00+01:00")


async def test_the_removal_point_and_other_context_never_reach_the_events(httpserver, carrier):
    expect(httpserver, BATCH).respond_with_json(fixture("batch_mixed.json"), status=207)

    letter = (await carrier.track(BATCH))[3]

    kept = repr(letter)
    assert "TERREAUX" not in kept and "BDP" not in kept
    assert {e.place for e in letter.events} == {"FR"}


async def test_a_number_asked_twice_is_asked_once_and_answered_twice(httpserver, carrier):
    expect(httpserver, ["6A12345678901"]).respond_with_json(fixture("colissimo_delivered.json"))

    results = await carrier.track(["6A12345678901", "6A12345678901"])

    assert [r.status for r in results] == [S.DELIVERED, S.DELIVERED]


async def test_a_number_the_answer_leaves_out_is_an_error(httpserver, carrier):
    expect(httpserver, ["6A12345678901", "8R00000000001"]).respond_with_json(
        [fixture("colissimo_delivered.json")], status=207
    )

    delivered, missing = await carrier.track(["6A12345678901", "8R00000000001"])

    assert delivered.status is S.DELIVERED
    assert missing.error == "La Poste's answer said nothing about this number"
    assert missing.call_failed


# --- statuses --------------------------------------------------------------------------------


def one_event(number: str, code: str) -> dict:
    return {
        "lang": "fr_FR",
        "scope": "open",
        "returnCode": 200,
        "shipment": {
            "idShip": number,
            "holder": 4,
            "product": "Colissimo",
            "isFinal": False,
            "event": [
                {
                    "code": code,
                    "label": f"Événement {code}",
                    "date": "2026-11-24T09:12:00+01:00",
                    "country": "FR",
                    "order": 1,
                }
            ],
        },
    }


PUBLISHED = {  # La Poste's list of Suivi v2 event codes, read as a seller would
    "DR1": S.INFO_RECEIVED,
    "DR2": S.EXCEPTION,
    "PC1": S.IN_TRANSIT,
    "PC2": S.IN_TRANSIT,
    "ET1": S.IN_TRANSIT,
    "ET2": S.IN_TRANSIT,
    "ET3": S.IN_TRANSIT,
    "ET4": S.IN_TRANSIT,
    "EP1": S.IN_TRANSIT,
    "DO1": S.IN_TRANSIT,
    "DO2": S.IN_TRANSIT,
    "DO3": S.EXCEPTION,
    "PB1": S.EXCEPTION,
    "PB2": S.IN_TRANSIT,
    "MD2": S.OUT_FOR_DELIVERY,
    "ND1": S.DELIVERY_FAILED,
    "AG1": S.AVAILABLE_FOR_PICKUP,
    "RE1": S.RETURN_TO_SENDER,
    "DI0": S.DELIVERED,
    "DI1": S.DELIVERED,
    "DI2": S.RETURNED,
    "DI3": S.IN_TRANSIT,
}


@pytest.mark.parametrize(("code", "status"), sorted(PUBLISHED.items()))
async def test_every_event_code_reaches_its_status(httpserver, carrier, code, status):
    expect(httpserver, ["6A12345678901"]).respond_with_json(one_event("6A12345678901", code))

    [result] = await carrier.track(["6A12345678901"])

    assert (result.status, result.raw_status, result.error) == (status, code, None)
    assert result.events[0].status is status
    assert result.events[0].at == datetime(2026, 11, 24, 8, 12, tzinfo=UTC)
    assert (result.delivered_at is not None) == (code in {"DI0", "DI1"})
    assert (result.first_scan_at is not None) == (code not in {"DR1", "DR2"})


def test_the_table_covers_the_published_codes():
    assert set(EVENT_STATUS) == set(PUBLISHED)  # ID0 is information only, tested below
    assert len(codes.PUBLISHED) == 19  # La Poste's list, each mapped
    assert set(EVENT_STATUS) - codes.PUBLISHED == {"DR2", "DI0", "DI3"}  # not found again


async def test_an_information_event_keeps_the_status_in_force(httpserver, carrier):
    expect(httpserver, ["CA012345678FR"]).respond_with_json(fixture("international_customs.json"))

    [result] = await carrier.track(["CA012345678FR"])

    assert (result.status, result.raw_status) == (S.EXCEPTION, "DO3")  # held at customs
    assert result.events[-1].code == "ID0"
    assert result.events[-1].status is S.EXCEPTION
    assert result.events[-1].place == "CH"


async def test_an_unknown_code_neither_decides_nor_breaks(httpserver, carrier):
    answer = fixture("colissimo_delivered.json")
    answer["shipment"]["event"].insert(
        0,
        {
            "code": "ZZ9",
            "label": "Nouvel événement",
            "date": "2026-11-25T08:00:00+01:00",
            "order": 6,
        },
    )
    expect(httpserver, ["6A12345678901"]).respond_with_json(answer)

    [result] = await carrier.track(["6A12345678901"])

    assert (result.status, result.raw_status) == (S.DELIVERED, "DI1 (unknown to aztui: ZZ9)")
    assert (result.events[-1].code, result.events[-1].status) == ("ZZ9", S.UNKNOWN)
    assert result.events[-1].description == "Nouvel événement"  # La Poste's words, kept
    assert result.delivered_at == datetime(2026, 11, 24, 11, 41, tzinfo=UTC)  # still DI1's


async def test_only_unknown_codes_give_no_status_but_are_reported(httpserver, carrier):
    """Codes seen in other projects but in no published list (MD3, AN1) never decide."""
    answer = one_event("6A12345678901", "MD3")
    answer["shipment"]["event"].append(
        {"code": "AN1", "label": "Adresse incomplète", "date": "2026-11-23T09:12:00+01:00"}
    )
    expect(httpserver, ["6A12345678901"]).respond_with_json(answer)

    [result] = await carrier.track(["6A12345678901"])

    assert result.error is None and result.status is S.UNKNOWN
    assert result.raw_status == "unknown to aztui: AN1, MD3"
    assert [(e.code, e.status) for e in result.events] == [("AN1", S.UNKNOWN), ("MD3", S.UNKNOWN)]
    assert result.first_scan_at is None and result.delivered_at is None


@pytest.mark.parametrize(
    ("shipment_change", "why"),
    [
        ({"event": []}, "the shipment has no event"),
        ({"event": None}, "no event list"),
        ({"event": {"code": "DI1"}}, "event is not a list"),
    ],
)
async def test_a_shipment_shape_not_known_fails_the_number(
    httpserver, carrier, shipment_change, why
):
    answer = one_event("6A12345678901", "DI1")
    answer["shipment"].update(shipment_change)
    expect(httpserver, ["6A12345678901"]).respond_with_json(answer)

    [result] = await carrier.track(["6A12345678901"])

    assert result.call_failed and result.status is S.UNKNOWN
    assert result.error == f"La Poste's answer for this number is malformed: {why}"


async def test_a_return_delivered_to_the_sender_is_returned_not_delivered(httpserver, carrier):
    expect(httpserver, ["6Q01234567891"]).respond_with_json(fixture("returned_to_sender.json"))

    [result] = await carrier.track(["6Q01234567891"])

    assert (result.status, result.raw_status) == (S.RETURNED, "DI2")
    assert result.delivered_at is None
    assert result.first_scan_at == utc("2026-10-30T12:05:00+01:00")
    assert [e.status for e in result.events][-4:] == [
        S.DELIVERY_FAILED,
        S.AVAILABLE_FOR_PICKUP,
        S.RETURN_TO_SENDER,
        S.RETURNED,
    ]


async def test_an_event_without_a_date_fails_its_number_only(httpserver, carrier):
    answer = fixture("batch_mixed.json")
    del answer[0]["shipment"]["event"][0]["date"]  # the Chronopost parcel
    expect(httpserver, BATCH).respond_with_json(answer, status=207)

    results = await carrier.track(BATCH)

    assert "malformed" in results[2].error and "date" in results[2].error
    assert results[2].call_failed
    assert results[0].error is None and results[3].error is None


# --- per-number errors La Poste answers for one number ------------------------------------------


async def test_a_single_unknown_number_answered_404(httpserver, carrier):
    expect(httpserver, ["6A00000000017"]).respond_with_json(
        fixture("unknown_number_404.json"), status=404
    )

    [result] = await carrier.track(["6A00000000017"])

    assert result.status is S.UNKNOWN and not result.call_failed
    assert result.error.startswith("La Poste has no tracking for this number yet (code 104)")


async def test_a_single_invalid_number_answered_400(httpserver, carrier):
    expect(httpserver, ["6A12345678901"]).respond_with_json(
        fixture("invalid_number_400.json"), status=400
    )

    [result] = await carrier.track(["6A12345678901"])

    assert result.error.startswith("La Poste says this number is not valid (code 400)")
    assert "nombre de caractères" in result.error
    assert not result.call_failed


async def test_a_number_la_poste_could_not_look_up_is_a_failed_call(httpserver, carrier):
    answer = [
        fixture("colissimo_delivered.json"),
        {
            "lang": "fr_FR",
            "scope": "open",
            "returnCode": 504,
            "idShip": "XW123456785FR",
            "returnMessage": "Le service est momentanément indisponible.",
        },
    ]
    expect(httpserver, TWO).respond_with_json(answer, status=207)

    delivered, unanswered = await carrier.track(TWO)

    assert delivered.status is S.DELIVERED
    assert unanswered.call_failed
    assert unanswered.error.startswith(
        "La Poste's tracking system did not answer in time (code 504)"
    )


async def test_an_error_answer_naming_no_number_is_for_every_number(httpserver, carrier):
    answer = fixture("invalid_number_400.json")
    del answer["idShip"]
    expect(httpserver, TWO).respond_with_json(answer, status=400)

    results = await carrier.track(TWO)

    assert all(
        r.error.startswith("La Poste says this number is not valid (code 400)")
        and not r.call_failed
        for r in results
    )


# --- whole-call failures -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "words"),
    [
        (400, "refused the request as invalid (HTTP 400)"),
        (401, "refused the API key (HTTP 401): This action requires an authorization"),
        (404, "HTTP 404: not found"),
        (429, "rate limit was exceeded (HTTP 429)"),
        (500, "server failed (HTTP 500)"),
    ],
)
async def test_an_http_error_fails_every_number_with_its_reason(httpserver, carrier, status, words):
    expect(httpserver, TWO).respond_with_json(fixture(f"gateway_{status}.json"), status=status)

    results = await carrier.track(TWO)

    assert_one_call(httpserver, TWO)
    assert [r.number for r in results] == TWO
    for result in results:
        assert result.status is S.UNKNOWN and result.events == () and result.call_failed
        assert words in result.error


async def test_a_slow_answer_past_the_timeout(httpserver):
    answer = threading.Event()  # the server answers once the client has given up

    def slow(request: Request) -> Response:
        answer.wait(PATIENCE)
        return Response(
            json.dumps(fixture("colissimo_delivered.json")), 200, content_type="application/json"
        )

    expect(httpserver, TWO).respond_with_handler(slow)
    try:
        async with httpx.AsyncClient(base_url=httpserver.url_for("/"), timeout=0.5) as client:
            results = await carrier_for(client).track(TWO)
    finally:
        answer.set()
    await wait_until_async(lambda: httpserver.log, "the server done with the request")

    assert [r.error for r in results] == ["La Poste did not answer in time (timeout)"] * 2
    assert all(r.call_failed for r in results)


async def test_no_connection(httpserver):
    with refused_port() as port:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}/", timeout=2.0) as client:
            results = await carrier_for(client).track(TWO)

    assert all(r.error.startswith("could not reach La Poste (ConnectError") for r in results)


async def test_malformed_json(httpserver, carrier):
    expect(httpserver, TWO).respond_with_data(
        '[{"lang": "fr_FR", "returnCode": 200, "shipment": {"idShip": "6A1',
        status=207,
        content_type="application/json",
    )

    results = await carrier.track(TWO)

    assert [r.error for r in results] == ["La Poste's answer (HTTP 207) is not valid JSON"] * 2
    assert all(r.call_failed for r in results)


async def test_json_that_is_not_a_suivi_answer(httpserver, carrier):
    expect(httpserver, TWO).respond_with_json({"status": "ok"})

    results = await carrier.track(TWO)

    assert all("malformed" in r.error for r in results)


@pytest.mark.parametrize("status", [200, 502])
async def test_an_html_error_page(httpserver, carrier, status):
    expect(httpserver, TWO).respond_with_data(
        (FIXTURES / "error_page.html").read_text(encoding="utf-8"),
        status=status,
        content_type="text/html; charset=utf-8",
    )

    results = await carrier.track(TWO)

    expected = (
        f"La Poste answered HTTP {status} with an HTML page instead of JSON "
        "(an error or maintenance page)"
    )
    assert [r.error for r in results] == [expected] * 2


async def test_a_404_with_no_body(httpserver, carrier):
    expect(httpserver, TWO).respond_with_data("", status=404)

    results = await carrier.track(TWO)

    assert [r.error for r in results] == [
        "La Poste answered HTTP 404 with an empty body (is the base URL right?)"
    ] * 2


async def test_a_client_that_raises_on_http_errors(httpserver):
    async def raise_for_status(response: httpx.Response) -> None:
        await response.aread()
        response.raise_for_status()

    expect(httpserver, TWO).respond_with_json(fixture("gateway_401.json"), status=401)
    async with httpx.AsyncClient(
        base_url=httpserver.url_for("/"), timeout=5.0, event_hooks={"response": [raise_for_status]}
    ) as client:
        results = await carrier_for(client).track(TWO)

    assert all("refused the API key (HTTP 401)" in r.error for r in results)


async def test_no_api_key_fails_without_calling(httpserver, client):
    results = await carrier_for(client, key="").track(TWO)

    assert [r.error for r in results] == ["no La Poste API key (secret api_key) is set"] * 2
    assert httpserver.log == []


async def test_nothing_asked_nothing_called(httpserver, carrier):
    assert await carrier.track([]) == []
    assert httpserver.log == []


# --- registration ------------------------------------------------------------------------------


async def test_the_plugin_registers_the_carrier_through_the_hook() -> None:
    registered: list[CarrierSpec] = []
    plugin.aztui_register_carriers(registered.append)

    [spec] = registered
    assert spec.name == "laposte"
    assert spec.base_url == "https://api.laposte.fr"
    assert {"La Poste", "Colissimo", "Chronopost", "Lettre suivie"} <= set(spec.aliases)
    assert spec.batch_size == 10
    assert spec.per_second <= 10 and spec.per_day is None
    assert spec.secrets == ("api_key",)
    async with httpx.AsyncClient() as client:
        assert isinstance(spec.factory(CarrierContext("laposte", client, {})), LaPosteCarrier)


@pytest.mark.parametrize(
    "number",
    [
        "6A12345678901",
        "8R01234567890",
        "6Q01929938641",
        "9V12345678901",  # Colissimo
        "1L01234567890",
        "1K12345678901",  # Lettre suivie
        "XW123456785FR",
        "CA012345678FR",
        "EE123456789FR",  # S10 from France, Chronopost
    ],
)
def test_recognises_la_poste_numbers(number):
    assert plugin.SPEC.recognises(number)


@pytest.mark.parametrize(
    "number",
    [
        "",
        "hello",
        "6A1234567890",
        "6A123456789012",
        "A612345678901",
        "0A12345678901",
        "XW123456785US",
        "XW12345678FR",
        "1Z999AA10123456784",
        "1234567890",
        "JJD000390007",
        "6A12345678901 ",
    ],
)
def test_refuses_other_numbers(number):
    assert not plugin.SPEC.recognises(number)


# --- real answers (fixtures/real, origins in SOURCES.md) --------------------------------

REAL = Path(__file__).parent / "fixtures" / "real"


def real(name: str):
    return json.loads((REAL / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("as_list", [True, False], ids=["array-as-captured", "one-object"])
async def test_the_real_delivered_answer_fr_to_br(httpserver, carrier, as_list):
    answer = real("colissimo_fr_to_br_delivered.json")
    expect(httpserver, ["EW112720413FR"]).respond_with_json([answer] if as_list else answer)

    [result] = await carrier.track(["EW112720413FR"])

    assert result.error is None
    assert (result.status, result.raw_status) == (S.DELIVERED, "DI1")
    assert result.delivered_at == datetime(2023, 3, 9, 8, 38, tzinfo=UTC)  # 09:38+01:00
    assert result.first_scan_at == datetime(2023, 2, 17, 13, 43, tzinfo=UTC)  # PC1, not DR1
    assert [e.code for e in result.events] == [
        "DR1", "PC1", "ET1", "ET1", "ET2", "ET3", "ET1", "MD2", "DI1"
    ]  # fmt: skip
    assert result.events[2].at == datetime(2023, 2, 17, 22, 13, 12, tzinfo=UTC)  # seconds kept
    assert result.signed is None and result.proof_of_delivery is None


async def test_the_real_invalid_number_answer(httpserver, carrier):
    expect(httpserver, ["6A12345678901"]).respond_with_json(
        real("invalid_number_400.json"), status=400
    )

    [result] = await carrier.track(["6A12345678901"])

    assert result.error.startswith("La Poste says this number is not valid (code 400)")
    assert not result.call_failed and result.events == ()


async def test_the_published_not_yet_available_answer(httpserver, carrier):
    expect(httpserver, ["6S00993561113"]).respond_with_json(
        real("openapi_404_not_yet_104.json"), status=404
    )

    [result] = await carrier.track(["6S00993561113"])

    assert result.error.startswith("La Poste has no tracking for this number yet (code 104)")
    assert "pas encore disponible" in result.error and not result.call_failed


@pytest.mark.parametrize(
    ("name", "status", "words"),
    [
        ("gateway_401_unauthorized.json", 401, "refused the API key (HTTP 401): This action"),
        ("gateway_429_quota.json", 429, "rate limit was exceeded (HTTP 429): max quota"),
    ],
)
async def test_the_real_gateway_refusals(httpserver, carrier, name, status, words):
    expect(httpserver, TWO).respond_with_json(real(name), status=status)

    results = await carrier.track(TWO)

    assert all(r.call_failed and words in r.error for r in results)
