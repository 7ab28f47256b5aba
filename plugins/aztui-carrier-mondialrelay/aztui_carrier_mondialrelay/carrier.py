"""Mondial Relay tracking through the SOAP method ``WSI2_TracingColisDetaille``.

One call per shipment number (the method takes one), POSTed to ``/Web_Services.asmx`` with
its ``SOAPAction``; the merchant's ``enseigne`` and ``private_key`` sign each call (``soap``).
Labels are asked in French (``LANGUAGE``): the language with the most labels seen, and the
one Mondial Relay writes first; partner networks' events may still come in their own
language (a real Spanish answer was asked in Spanish, so whether French is always honoured is
not known), and ``labels`` reads FR, EN, ES, DE, IT, NL and PT. The parcel's status comes
from STAT (``statuses``), refined by the latest recognised label; a label aztui does not know
is kept as an event and never decides. Times are local to the event's country (``places``)
and stored in UTC. ``track`` never raises.

Answer shapes seen (``tests/fixtures/real/SOURCES.md``) and how each is
read:

- STAT 80-83 with ``Tracing`` rows, padded with empty rows (skipped): STAT gives the status,
  the rows the events. STAT 82 with no event saying delivered (the real Spanish answer ends
  on a settlement with the shop, "Liquidado en Enseña", a day after the last movement): the
  parcel is ``delivered`` and its delivery instant is not stated (None), never the last
  event's time.
- STAT 0 or 84-89 (no status of their own): the latest recognised event decides; with none,
  ``failed`` (no status is guessed).
- A STAT error without ``Tracing`` (STAT 24 in another project's stubs): 24, 91, 94 are
  ``not_found`` (Mondial Relay does not know the number); any other (the account, the key,
  the service) is ``failed`` with Mondial Relay's meaning.
- A SOAP 1.1 or 1.2 Fault, HTTP errors, HTML, XML that is not the tracing answer (the bare
  response element, a document with a DTD), a row with a label but no readable date, or a
  number that is not 8 digits (never sent): ``failed`` / ``not_found`` with the reason, never
  a silent pending.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import httpx

from aztui import http
from aztui.carriers import CarrierContext, TrackingEvent, TrackingResult
from aztui.domain.model import TrackingStatus

from . import soap
from .labels import classify
from .places import country_of, local_to_utc
from .statuses import TRACING_STAT, UNKNOWN_NUMBER, parcel_status, stat_error

LANGUAGE = "FR"
WORDS = http.Words(
    timeout="{who} : délai dépassé (timeout)",
    unreachable="{who} : appel impossible ({error})",
    untrusted="{who} : certificat TLS refusé ({error})",
    status="{who} : réponse {status}",
)
"""The network's failures, worded by aztui (``aztui.http``) in this plugin's French."""
NUMBER = re.compile(r"\d{8}")
"""The documented form of ``Expedition`` (``^[0-9]{8}$``)."""

PHYSICAL = frozenset(TrackingStatus) - {
    TrackingStatus.PENDING,
    TrackingStatus.INFO_RECEIVED,
    TrackingStatus.UNKNOWN,
    TrackingStatus.EXPIRED,
}
"""Statuses only a scan of the parcel itself can give (first_scan_at)."""
HTTP_MEANING = {
    400: "requête refusée",
    401: "accès refusé",
    403: "accès refusé",
    404: "service introuvable à cette adresse",
    405: "méthode refusée",
    429: "trop de requêtes",
    500: "erreur du serveur",
    502: "passerelle en erreur",
    503: "service indisponible",
    504: "passerelle hors délai",
}


class MondialRelayCarrier:
    """``CarrierSpec.factory`` for Mondial Relay."""

    def __init__(self, context: CarrierContext) -> None:
        self.client = context.client
        self.enseigne = (context.secrets.get("enseigne") or "").strip()
        self.private_key = context.secrets.get("private_key") or ""

    async def track(self, numbers: Sequence[str]) -> Sequence[TrackingResult]:
        results = []
        for number in numbers:
            try:
                results.append(await self._track_one(number))
            except Exception as exc:  # noqa: BLE001 - a carrier reports, it never raises
                results.append(
                    TrackingResult.failed(
                        number, f"Mondial Relay : erreur inattendue ({type(exc).__name__}: {exc})"
                    )
                )
        return results

    async def _track_one(self, number: str) -> TrackingResult:
        expedition = "".join(number.split())
        if not NUMBER.fullmatch(expedition):
            return TrackingResult.not_found(
                number, "Mondial Relay : numéro d'expédition invalide (8 chiffres attendus)"
            )
        if not self.enseigne or not self.private_key:
            return TrackingResult.failed(
                number, "Mondial Relay : secrets enseigne et private_key nécessaires"
            )
        request = soap.envelope(self.enseigne, expedition, LANGUAGE, self.private_key)
        call = self.client.post(
            soap.PATH,
            content=request,
            headers={"Content-Type": soap.CONTENT_TYPE, "SOAPAction": soap.SOAP_ACTION},
        )
        response = await http.attempt(call, "Mondial Relay", WORDS)
        if isinstance(response, http.CallFailed):
            return TrackingResult.failed(number, response.reason)
        return self._read(number, response)

    def _read(self, number: str, response: httpx.Response) -> TrackingResult:
        content = response.content
        status = response.status_code
        looks_xml = content.lstrip()[:1] == b"<" and not _is_html(response)
        if status >= 400:
            reason = f"HTTP {status} ({HTTP_MEANING.get(status, response.reason_phrase)})"
            if looks_xml:
                try:
                    soap.parse(content)
                except soap.SoapFault as fault:
                    return TrackingResult.failed(
                        number, f"Mondial Relay : {reason}, SOAP Fault {fault}"
                    )
                except soap.SoapError:
                    pass
            return TrackingResult.failed(number, f"Mondial Relay : {reason}")
        if _is_html(response):
            return TrackingResult.failed(
                number, f"Mondial Relay : page HTML au lieu d'une réponse SOAP (HTTP {status})"
            )
        try:
            answer = soap.parse(content)
        except soap.SoapFault as fault:
            return TrackingResult.failed(number, f"Mondial Relay : SOAP Fault {fault}")
        except soap.SoapError as exc:
            return TrackingResult.failed(number, f"Mondial Relay : {exc}")
        return self._result(number, answer)

    def _result(self, number: str, answer: soap.TracingAnswer) -> TrackingResult:
        stat = (answer.stat.lstrip("0") or "0") if answer.stat.isdigit() else answer.stat
        if stat in UNKNOWN_NUMBER:
            return TrackingResult.not_found(number, stat_error(stat))
        if stat not in TRACING_STAT:  # the merchant's account, the key, the service itself
            return TrackingResult.failed(number, stat_error(stat))
        events = []
        for raw in answer.events:
            if not raw.libelle and not raw.date:
                continue  # the answer pads its list with empty entries
            country = country_of(raw.relais_pays, raw.emplacement)
            at = local_to_utc(raw.date, raw.heure, country)
            if at is None or not raw.libelle:
                return TrackingResult.failed(
                    number,
                    f"Mondial Relay STAT {stat} : forme de réponse inconnue, un événement sans "
                    f"libellé ou date lisible (Date « {raw.date} », Heure « {raw.heure} »)",
                )
            code, event_status = classify(raw.libelle)
            place = " ".join(part for part in (raw.emplacement, raw.relais_pays) if part)
            events.append(TrackingEvent(at, event_status, code, raw.libelle, place))
        events.sort(key=lambda event: event.at)
        recognised = [e for e in events if e.status is not TrackingStatus.UNKNOWN]
        status = parcel_status(stat, recognised[-1].status if recognised else None)
        if status is TrackingStatus.UNKNOWN:
            return TrackingResult.failed(
                number,
                f"Mondial Relay STAT {stat} : aucun événement connu ne dit où en est le colis "
                f"({len(events)} événement(s) aux libellés inconnus)",
            )
        first_scan = next((e.at for e in events if e.status in PHYSICAL), None)
        delivered_at = None
        if status is TrackingStatus.DELIVERED:
            # Only an event that says delivered dates the delivery: with STAT 82 and none, the
            # last event may be a settlement with the shop a day later (a real Spanish answer,
            # tests/fixtures/real): the instant is then not stated.
            delivered = [e for e in events if e.status is TrackingStatus.DELIVERED]
            delivered_at = delivered[-1].at if delivered else None
        return TrackingResult(number, status, stat, tuple(events), first_scan, delivered_at)


def _is_html(response: httpx.Response) -> bool:
    if "html" in response.headers.get("content-type", "").lower():
        return True
    head = response.content.lstrip()[:64].lower()
    return head.startswith((b"<!doctype html", b"<html"))
