"""The test docs/carriers.md shows, as it is there: the example carrier against aztui.testing's
local server."""

# plugins/aztui-example-carrier/tests/test_guide_example.py
from datetime import UTC, datetime

from aztui_example_carrier.carrier import ExempleCarrier

from aztui.domain.model import TrackingStatus
from aztui.testing import Response, carrier_context

KNOWN, UNKNOWN = "EX123456789FR", "EX000000000FR"
IN_TRANSIT = {
    "id": KNOWN,
    "state": "IN_TRANSIT",
    "signed": False,
    "pod_url": None,
    "scans": [
        {
            "at": "2026-11-24T18:30:00+01:00",
            "code": "TRANSIT",
            "label": "En transit",
            "city": "Lyon",
            "country": "FR",
        }
    ],
}


async def test_a_known_and_an_unknown_number(local_server):
    local_server.handler = lambda request: Response.json(
        {"parcels": [IN_TRANSIT], "unknown": [UNKNOWN]}
    )
    async with carrier_context("exemple", local_server.url, secrets={"api_key": "k"}) as context:
        known, unknown = await ExempleCarrier(context).track([KNOWN, UNKNOWN])
    (request,) = local_server.requests  # one call for both numbers, with the key
    assert (request.path, request.query["ids"]) == ("/v1/parcels", [f"{KNOWN},{UNKNOWN}"])
    assert request.headers["authorization"] == "Bearer k"
    assert known.status is TrackingStatus.IN_TRANSIT and known.raw_status == "IN_TRANSIT"
    assert known.events[0].at == datetime(2026, 11, 24, 17, 30, tzinfo=UTC)
    assert known.events[0].place == "Lyon FR"
    assert unknown.error and not unknown.call_failed


async def test_a_server_error_fails_every_number(local_server):
    local_server.handler = lambda request: Response(500, "oops")
    async with carrier_context("exemple", local_server.url, secrets={"api_key": "k"}) as context:
        results = await ExempleCarrier(context).track([KNOWN, UNKNOWN])
    assert [r.call_failed for r in results] == [True, True]
