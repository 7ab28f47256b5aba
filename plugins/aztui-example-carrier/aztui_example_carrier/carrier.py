"""The Exemple Colis client: ``GET /v1/parcels?ids=A,B`` with ``Authorization: Bearer <key>``.

The API answers, for the ids it was asked about::

    {"parcels": [{"id": "EX123456789FR", "state": "IN_TRANSIT",
                  "scans": [{"at": "2026-11-24T18:30:00+01:00", "code": "TRANSIT",
                             "label": "En transit", "city": "Lyon", "country": "FR"}],
                  "signed": false, "pod_url": null}],
     "unknown": ["EX000000000FR"]}

aztui's client (``context.client``) already has the base URL, spaces the calls, retries 429
and 5xx answers and times out: this module only asks, reads and maps. It reads the fields
above and nothing else, so no name or address the API might add ever reaches aztui.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import httpx

from aztui.carriers import CarrierContext, TrackingEvent, TrackingResult
from aztui.domain.model import TrackingStatus as S
from aztui.http import CallFailed, attempt

# Exemple Colis's states and scan codes → aztui's statuses. A code missing here is UNKNOWN;
# its raw code is kept all the same, so a new code never breaks tracking.
STATUSES: dict[str, S] = {
    "CREATED": S.INFO_RECEIVED,  # label printed, parcel not handed over yet
    "PICKED_UP": S.IN_TRANSIT,
    "TRANSIT": S.IN_TRANSIT,
    "IN_TRANSIT": S.IN_TRANSIT,
    "OUT_FOR_DELIVERY": S.OUT_FOR_DELIVERY,
    "AT_PICKUP_POINT": S.AVAILABLE_FOR_PICKUP,
    "ATTEMPTED": S.DELIVERY_FAILED,
    "INCIDENT": S.EXCEPTION,
    "RETURNING": S.RETURN_TO_SENDER,
    "RETURNED": S.RETURNED,
    "DELIVERED": S.DELIVERED,
}
NOT_A_SCAN = {S.INFO_RECEIVED, S.UNKNOWN}  # events that are not the parcel in the carrier's hands


class ExempleCarrier:
    """Tracks Exemple Colis parcels, up to the spec's ``batch_size`` numbers in one call."""

    def __init__(self, context: CarrierContext) -> None:
        self.client = context.client  # base URL, pace, retries, timeout: aztui's
        self.api_key = context.secrets["api_key"]  # aztui makes the carrier only when it is set

    async def track(self, numbers: Sequence[str]) -> list[TrackingResult]:
        """One result per number, in order. Never raises: a failure is a result."""
        answer = await attempt(self._ask(numbers), "Exemple Colis")  # aztui words the network's
        if isinstance(answer, CallFailed):
            why = answer.reason  # a timeout, no connection, an error status…
        else:
            try:
                body = answer.json()
                parcels = {str(p["id"]).upper(): p for p in body["parcels"]}
                unknown = {str(n).upper() for n in body.get("unknown") or ()}
                return [result(n, parcels.get(key(n)), key(n) in unknown) for n in numbers]
            except Exception as exc:  # noqa: BLE001 - a body we cannot read (not JSON, wrong shape)
                why = f"Exemple Colis's answer could not be read ({type(exc).__name__}: {exc})"
        # The call failed: every number of it failed, and aztui marks the carrier degraded.
        return [TrackingResult.failed(n, why) for n in numbers]

    async def _ask(self, numbers: Sequence[str]) -> httpx.Response:
        response = await self.client.get(
            "/v1/parcels",
            params={"ids": ",".join(numbers)},
            headers={"Authorization": f"Bearer {self.api_key}"},
        )
        response.raise_for_status()  # a 4xx, or a 5xx still failing once aztui retried
        return response


def key(number: str) -> str:
    """The number as the API writes ids. Results keep the number as aztui gave it."""
    return number.replace(" ", "").upper()


def result(number: str, parcel: Mapping[str, Any] | None, unknown: bool) -> TrackingResult:
    if unknown:  # the carrier answered, and does not know this number
        return TrackingResult.not_found(number, "unknown to Exemple Colis")
    if parcel is None:  # neither tracked nor unknown: the answer is incomplete
        return TrackingResult.failed(number, "Exemple Colis's answer left this number out")
    state = str(parcel.get("state") or "")
    events = sorted((event(s) for s in parcel.get("scans") or ()), key=lambda e: e.at)
    status = STATUSES.get(state, S.UNKNOWN)
    scans = [e.at for e in events if e.status not in NOT_A_SCAN]
    delivered = [e.at for e in events if e.status is S.DELIVERED]
    signed = parcel.get("signed")
    return TrackingResult(
        number,
        status,
        raw_status=state,
        events=tuple(events),
        first_scan_at=scans[0] if scans else None,  # the first physical scan, not the label
        delivered_at=delivered[-1] if delivered and status is S.DELIVERED else None,
        signed=signed if isinstance(signed, bool) else None,  # whether, never who
        proof_of_delivery=str(parcel["pod_url"]) if parcel.get("pod_url") else None,
    )


def event(scan: Mapping[str, Any]) -> TrackingEvent:
    at = datetime.fromisoformat(scan["at"])  # a bad date fails the call: nothing half-read
    if at.tzinfo is None:
        raise ValueError(f"scan time without an offset: {scan['at']}")
    code = str(scan.get("code") or "")
    return TrackingEvent(
        at=at.astimezone(UTC),
        status=STATUSES.get(code, S.UNKNOWN),
        code=code,
        description=str(scan.get("label") or ""),
        place=" ".join(str(p) for p in (scan.get("city"), scan.get("country")) if p),
    )
