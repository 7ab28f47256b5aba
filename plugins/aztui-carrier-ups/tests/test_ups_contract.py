"""UPS's contract, end to end: the installed plugin run by ``aztui track`` against a local
server speaking the Tracking API as UPS does — ``POST /security/v1/oauth/token`` (HTTP Basic
auth, form ``grant_type=client_credentials``), then ``GET /api/track/v1/details/{number}``
with a Bearer token and the ``transId`` / ``transactionSrc`` headers — replaying UPS's real
answers and error envelopes (``fixtures/real``, origins in SOURCES.md) into the store:
status, first scan, delivery in UTC, signature, events and the errors kept.

Two real answers are not whole envelopes and are wrapped here, saying so: issue 38's single
activity and issue 236's single package. A third real capture came through a proxy that
renamed ``trackResponse`` to ``payload``: it is served both as captured (an unknown shape) and
with UPS's envelope name restored.
"""

from __future__ import annotations

import base64
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
CLIENT_ID, CLIENT_SECRET = "ups-test-client-id", "ups-test-client-secret-0123456789"
TOKEN = "ups-test-access-token-0123456789"

CUSTOMS = "1Z1202R66698804005"  # the Belgium -> Australia capture's number
OUT_FOR_DELIVERY = "1ZWE58136821755160"  # the US -> Canada capture's number
PORTAL = "1Z023E2X0214323462"  # UPS's portal example's number
LOCAL_ONLY = "1Z999AA10123456784"  # ours: issue 38 quotes no number
NO_TIME = "1Z999AA10123456785"  # ours: issue 236 quotes no number
UNKNOWN = "1Z5629230309413682xxxx"  # issue 166's number, masked by its reporter
INVALID = "1Z999AA1012345678Z"  # ours: issue 12 quotes no number
GONE = "1Z999AA10123456786"  # ours, for the documented 404 (no real one found)


def real(name: str) -> dict:
    return json.loads((REAL / name).read_text(encoding="utf-8"))


def guessed(name: str) -> dict:
    return json.loads((GUESSED / name).read_text(encoding="utf-8"))


def envelope(number: str, package: dict) -> dict:
    """UPS's envelope around a real package quoted without one (ours, not UPS's text)."""
    return {"trackResponse": {"shipment": [{"inquiryNumber": number, "package": [package]}]}}


def unproxied(capture: dict) -> dict:
    """The proxied capture with UPS's own envelope name (``payload`` -> ``trackResponse``)."""
    return {"trackResponse": capture["payload"]}


def utc(year: int, month: int, day: int, hour: int, minute: int, second: int) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


class TrackingApi:
    """What onlinetools.ups.com does: the token endpoint checks the app's credentials (its
    real 401 when wrong), the tracking endpoint the bearer token; each number gets its answer
    with that answer's HTTP status."""

    def __init__(self, answers: dict[str, tuple[int, dict]]) -> None:
        self.answers = {number.upper(): answer for number, answer in answers.items()}
        self.tokens: list[Request] = []
        self.calls: list[Request] = []
        self.refuse_tokens_on_tracking = False
        """Answer every tracking call 401, as for a token UPS no longer accepts."""

    def token(self, request: Request) -> Response:
        self.tokens.append(request)
        basic = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        if request.headers.get("Authorization") != f"Basic {basic}":
            return json_response(401, real("karrio_issue503_token_401_clientid_invalid.json"))
        if request.form.to_dict() != {"grant_type": "client_credentials"}:
            return json_response(400, guessed("forbidden.json"))
        return json_response(
            200,
            {
                "token_type": "Bearer",
                "issued_at": "1700000000000",
                "client_id": CLIENT_ID,
                "access_token": TOKEN,
                "expires_in": "14399",
                "refresh_count": "0",
                "status": "approved",
            },
        )

    def track(self, request: Request) -> Response:
        self.calls.append(request)
        if self.refuse_tokens_on_tracking or request.headers.get("Authorization") != (
            f"Bearer {TOKEN}"
        ):
            # Guessed body: the code and words are UPS's (UPS-SDKs issue 21 and others), the
            # REST envelope around them was not found for this endpoint.
            return json_response(401, guessed("token_rejected_on_tracking.json"))
        status, body = self.answers[request.path.removeprefix("/api/track/v1/details/")]
        return json_response(status, body, {"Retry-After": "0"} if status >= 429 else None)


def serve(httpserver, api: TrackingApi) -> TrackingApi:
    httpserver.expect_request("/security/v1/oauth/token", method="POST").respond_with_handler(
        api.token
    )
    httpserver.expect_request(
        re.compile(r"/api/track/v1/details/[^/]+"), method="GET"
    ).respond_with_handler(api.track)
    return api


def track(
    tmp_path, monkeypatch, capsys, httpserver, numbers, secret: str = CLIENT_SECRET
) -> Tracked:
    return track_through_cli(
        tmp_path,
        monkeypatch,
        capsys,
        carrier="ups",
        base_url=httpserver.url_for("/"),
        numbers=numbers,
        carrier_label="UPS",
        secrets={"client_id": CLIENT_ID, "client_secret": secret},
    )


def assert_tracking_request(request: Request, number: str) -> None:
    assert request.method == "GET"
    assert request.path == f"/api/track/v1/details/{number.upper()}"
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert re.fullmatch(r"[0-9a-f]{32}", request.headers["transId"])
    assert request.headers["transactionSrc"] == "aztui"
    assert request.args.to_dict() == {
        "locale": "fr_FR",
        "returnSignature": "false",
        "returnMilestones": "false",
        "returnPOD": "false",
    }


def assert_nothing_personal(tracked: Tracked) -> None:
    kept = repr((tracked.shipments, tracked.events, tracked.checks, tracked.out, tracked.err))
    for personal in ("ZZFAKE", "163000", "Sears", "100 Main St", "encoding Base64", TOKEN):
        assert personal not in kept
    assert CLIENT_SECRET not in kept


def test_real_captured_answers_land_in_the_store(tmp_path, monkeypatch, capsys, httpserver):
    """Two captures of 2024 with UPS's GMT fields: a Belgian export held in Singapore's
    customs, and a US export to Canada out for delivery."""
    api = serve(
        httpserver,
        TrackingApi(
            {
                CUSTOMS: (200, real("omniship_be_au_customs_hold.json")),
                OUT_FOR_DELIVERY: (
                    200,
                    unproxied(real("hsmaster_us_ca_out_for_delivery_proxied.json")),
                ),
            }
        ),
    )

    tracked = track(tmp_path, monkeypatch, capsys, httpserver, [CUSTOMS, OUT_FOR_DELIVERY])

    assert tracked.exit_code == 0, tracked.err
    assert (
        "ups : ok : 2 colis, 3 appel(s), 2 mis à jour, 36 nouvel(s) événement(s), 0 erreur(s)"
        in said(tracked.out)
    )
    [token] = api.tokens  # one token for the run
    assert token.mimetype == "application/x-www-form-urlencoded"
    for request, number in zip(api.calls, [CUSTOMS, OUT_FOR_DELIVERY], strict=True):
        assert_tracking_request(request, number)

    held = tracked.shipments[CUSTOMS]
    assert (held.status, held.carrier_status) == (S.EXCEPTION, "X/092")  # at the clearing agency
    assert held.first_scan_at == utc(2024, 3, 18, 14, 44, 3)  # the pickup; the label is not
    assert held.last_event_at == utc(2024, 3, 20, 11, 8, 38)  # 19:08:38 at +08:00
    assert held.delivered_at is None and held.signature is None
    events = tracked.events[CUSTOMS]
    assert len(events) == 17
    assert (events[0].code, events[0].status) == ("M/MP/003", S.INFO_RECEIVED)
    assert (events[1].code, events[1].place) == ("P/PU/038", "Lummen BE")
    assert events[12].place == "Koeln DE" and events[12].at == utc(2024, 3, 19, 3, 50, 0)

    moving = tracked.shipments[OUT_FOR_DELIVERY]
    # currentStatus says "Out for Delivery" with code 005; the newest activity, I/DS/021:
    assert (moving.status, moving.carrier_status) == (S.OUT_FOR_DELIVERY, "I/DS/021")
    assert moving.first_scan_at == utc(2024, 1, 23, 23, 26, 9)  # "We have your package", NJ
    assert moving.last_event_at == utc(2024, 1, 31, 12, 50, 5)  # 05:50:05 at -07:00, Calgary
    assert moving.delivered_at is None and moving.signature is None
    events = tracked.events[OUT_FOR_DELIVERY]
    assert len(events) == 19
    weather = next(e for e in events if e.code == "X/DJ/032")
    assert (weather.status, weather.place) == (S.EXCEPTION, "Lawnside US")
    assert all(tracked.checks[n].error is None for n in (CUSTOMS, OUT_FOR_DELIVERY))
    assert_nothing_personal(tracked)


def test_local_times_and_missing_times(tmp_path, monkeypatch, capsys, httpserver):
    """Answers without GMT fields: issue 38's delivered activity (wrapped here), UPS's portal
    example, and issue 236's package whose activity has no time at all (wrapped here)."""
    api = serve(
        httpserver,
        TrackingApi(
            {
                LOCAL_ONLY: (
                    200,
                    envelope(
                        LOCAL_ONLY,
                        {
                            "trackingNumber": LOCAL_ONLY,
                            "activity": [real("issue38_activity_local_only.json")],
                        },
                    ),
                ),
                PORTAL: (200, real("portal_example_local_only_signature_services.json")),
                NO_TIME: (
                    200,
                    envelope(
                        NO_TIME, real("issue236_package_in_transit_with_deliveryinformation.json")
                    ),
                ),
            }
        ),
    )

    tracked = track(tmp_path, monkeypatch, capsys, httpserver, [LOCAL_ONLY, PORTAL, NO_TIME])

    assert tracked.exit_code == 0, tracked.err
    assert len(api.calls) == 3

    delivered = tracked.shipments[LOCAL_ONLY]
    assert (delivered.status, delivered.carrier_status) == (S.DELIVERED, "D/FS/011")
    # 16:43:40 in Dunlap, Tennessee, read in the zone most Tennesseans live in (Central,
    # -06:00 in November). UPS's own legacy answer for this scan says 21:43:40Z (-05:00):
    # the derived instant is an hour from it, and the event says it was derived.
    assert delivered.delivered_at == utc(2023, 11, 30, 22, 43, 40)
    assert delivered.first_scan_at == utc(2023, 11, 30, 22, 43, 40)
    [event] = tracked.events[LOCAL_ONLY]
    assert event.description == (
        "DELIVERED [UPS gave local time only: UTC derived for America/Chicago]"
    )
    assert event.place == "DUNLAP US"
    assert delivered.signature is None and delivered.proof_of_delivery is None  # no proof

    portal = tracked.shipments[PORTAL]
    # Type X with the simplified text "Delivered": an exception, never a delivery.
    assert (portal.status, portal.carrier_status) == (S.EXCEPTION, "X/SR/003")
    assert portal.delivered_at is None
    # SIGNATURE_REQUIRED was asked for, "163000" / "encoding Base64" are placeholders.
    assert portal.signature is None and portal.proof_of_delivery is None
    [event] = tracked.events[PORTAL]
    assert event.at == utc(2021, 2, 10, 12, 13, 56)  # 07:13:56 in Wayne, NJ (EST)
    assert event.description.endswith(
        "[UPS gave local time only: UTC derived for America/New_York]"
    )
    assert portal.first_scan_at == utc(2021, 2, 10, 12, 13, 56)

    on_the_way = tracked.shipments[NO_TIME]
    assert (on_the_way.status, on_the_way.carrier_status) == (S.IN_TRANSIT, "I/AR/005")
    assert tracked.events[NO_TIME] == []  # its one activity has no time: none is invented
    assert on_the_way.first_scan_at is None and on_the_way.last_event_at is None
    # deliveryInformation on a parcel not delivered: neither delivery nor signature.
    assert on_the_way.delivered_at is None and on_the_way.signature is None
    assert all(tracked.checks[n].error is None for n in (LOCAL_ONLY, PORTAL, NO_TIME))
    assert_nothing_personal(tracked)


def test_ups_verdicts_on_numbers_are_kept_as_errors(tmp_path, monkeypatch, capsys, httpserver):
    """Issue 166's real 200 with TW0001 and no package; issue 12's real 400 TV1002; the 404
    Tracking.yaml documents (guessed body: UPS answers 200 TW0001 instead, issues 102, 166)."""
    api = serve(
        httpserver,
        TrackingApi(
            {
                UNKNOWN: (200, real("issue166_tw0001_warning_200.json")),
                INVALID: (400, real("issue12_400_tv1002_invalid_inquiry_number.json")),
                GONE: (404, guessed("not_found_404.json")),
            }
        ),
    )

    tracked = track(tmp_path, monkeypatch, capsys, httpserver, [UNKNOWN, INVALID, GONE])

    assert tracked.exit_code == 0, tracked.err  # verdicts on numbers, not failed calls
    assert_tracking_request(api.calls[0], UNKNOWN)  # sent in upper case, as UPS wants it
    assert "3 colis, 4 appel(s), 0 mis à jour, 0 nouvel(s) événement(s), 3 erreur(s)" in said(
        tracked.out
    )
    assert tracked.checks[UNKNOWN].error == (
        "UPS has no tracking information for this number (TW0001 Tracking Information Not Found)"
    )
    assert tracked.checks[INVALID].error == (
        "UPS refused this inquiry number (HTTP 400: TV1002 Invalid inquiry number)"
    )
    assert tracked.checks[GONE].error == (
        "UPS has no tracking information for this number"
        " (HTTP 404: TW0001 Tracking Information Not Found)"
    )
    for number in (UNKNOWN, INVALID, GONE):  # nothing is made up for them
        assert tracked.shipments[number].status is None and tracked.events[number] == []


def test_refused_credentials_get_ups_real_401(tmp_path, monkeypatch, capsys, httpserver):
    api = serve(httpserver, TrackingApi({CUSTOMS: (200, real("omniship_be_au_customs_hold.json"))}))

    tracked = track(
        tmp_path, monkeypatch, capsys, httpserver, [CUSTOMS, PORTAL], secret="not-the-secret"
    )

    assert len(api.tokens) == 1 and api.calls == []  # refused once, no tracking call
    assert tracked.exit_code == 2 and "ups : dégradé" in said(tracked.err)
    expected = (
        "UPS refused the credentials (client_id/client_secret), HTTP 401: 10401 ClientId is Invalid"
    )
    for number in (CUSTOMS, PORTAL):
        assert tracked.checks[number].error == expected
        assert tracked.shipments[number].status is None
    assert "not-the-secret" not in tracked.out + tracked.err


def test_a_token_refused_on_tracking_is_renewed_once(tmp_path, monkeypatch, capsys, httpserver):
    api = serve(httpserver, TrackingApi({CUSTOMS: (200, real("omniship_be_au_customs_hold.json"))}))
    api.refuse_tokens_on_tracking = True

    tracked = track(tmp_path, monkeypatch, capsys, httpserver, [CUSTOMS])

    assert (len(api.tokens), len(api.calls)) == (2, 2)  # a fresh token, one more try
    assert tracked.exit_code == 2
    assert tracked.checks[CUSTOMS].error == (
        "UPS refused a fresh access token (HTTP 401: 250002 Invalid Authentication Information.)"
    )
    assert TOKEN not in tracked.out + tracked.err


@pytest.mark.parametrize(
    ("status", "body", "calls", "error"),
    [
        (429, real("iobroker_issue45_429_too_many_requests.json"), 4,
         "UPS rate limit reached (HTTP 429: 10429 Too Many Requests)"),
        # Guessed in UPS's documented {"response": {"errors": […]}} envelope (SOURCES.md):
        (403, guessed("forbidden.json"), 1,
         "UPS refused access to tracking (HTTP 403: 10403 Blocked Merchant)"),
        (500, guessed("server_error.json"), 4,
         "UPS answered HTTP 500: 10500 Internal server error"),
        (503, guessed("service_unavailable.json"), 4,
         "UPS answered HTTP 503: 10503 Resource is not available"),
    ],
    ids=["429-real", "403-guessed", "500-guessed", "503-guessed"],
)  # fmt: skip
def test_http_errors_fail_the_number_and_are_kept(
    tmp_path, monkeypatch, capsys, httpserver, status, body, calls, error
):
    api = serve(httpserver, TrackingApi({CUSTOMS: (status, body)}))

    tracked = track(tmp_path, monkeypatch, capsys, httpserver, [CUSTOMS])

    assert len(api.calls) == calls  # 429 and 5xx: aztui's three retries (Retry-After: 0)
    assert tracked.exit_code == 2 and "ups : dégradé" in said(tracked.err)
    assert tracked.checks[CUSTOMS].error == error
    assert tracked.shipments[CUSTOMS].status is None and tracked.events[CUSTOMS] == []


def test_an_answer_of_a_shape_aztui_does_not_know_fails(tmp_path, monkeypatch, capsys, httpserver):
    """The proxied capture as captured: JSON without ``trackResponse``."""
    serve(
        httpserver,
        TrackingApi(
            {OUT_FOR_DELIVERY: (200, real("hsmaster_us_ca_out_for_delivery_proxied.json"))}
        ),
    )

    tracked = track(tmp_path, monkeypatch, capsys, httpserver, [OUT_FOR_DELIVERY])

    assert tracked.exit_code == 2 and "ups : dégradé" in said(tracked.err)
    assert tracked.checks[OUT_FOR_DELIVERY].error == (
        "UPS answered an unexpected document (no trackResponse)"
    )
    parcel = tracked.shipments[OUT_FOR_DELIVERY]
    assert parcel.status is None and tracked.events[OUT_FOR_DELIVERY] == []  # never "pending"
