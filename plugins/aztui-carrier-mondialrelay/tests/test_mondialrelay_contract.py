"""Mondial Relay's contract, end to end: the installed plugin run by ``aztui track`` against a
local server speaking the SOAP web service as its WSDL describes it (``POST
/Web_Services.asmx``, the ``SOAPAction``, the four strings in order, the MD5 ``Security`` key
checked on the server's side), replaying real answers (``fixtures/real``, origins
in SOURCES.md), into the store: status, first scan, delivery in UTC, signature, events and
the errors kept."""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from aztui_carrier_mondialrelay import soap
from werkzeug import Request, Response

from aztui.domain.model import TrackingStatus as S
from aztui.testing import Tracked, said, track_through_cli

REAL = Path(__file__).parent / "fixtures" / "real"
GUESSED = Path(__file__).parent / "fixtures"
ENSEIGNE, PRIVATE_KEY = "BDTEST13", "PrivateK"
SPANISH, UNKNOWN, OTHER = "31231652", "99999999", "12345678"
WSDL_NS = {
    "wsdl": "http://schemas.xmlsoap.org/wsdl/",
    "s": "http://www.w3.org/2001/XMLSchema",
    "soap": "http://schemas.xmlsoap.org/wsdl/soap/",
}
SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
XML = "text/xml; charset=utf-8"


@dataclass(frozen=True)
class Contract:
    """What Mondial Relay's WSDL (the real excerpt) says a tracing call is."""

    path: str
    action: str
    namespace: str
    fields: tuple[str, ...]


def wsdl_contract() -> Contract:
    root = ET.parse(REAL / "wsdl_tracing_excerpt.xml").getroot()

    def find(path: str) -> ET.Element:
        found = root.find(path, WSDL_NS)
        assert found is not None, path
        return found

    request = find("wsdl:types/s:schema/s:element[@name='WSI2_TracingColisDetaille']")
    fields = tuple(e.attrib["name"] for e in request.iterfind(".//s:element", WSDL_NS))
    operation = find("wsdl:binding[@name='Web_ServicesSoap']/wsdl:operation/soap:operation")
    address = find("wsdl:service/wsdl:port/soap:address")
    path = urlsplit(address.attrib["location"]).path
    return Contract(path, operation.attrib["soapAction"], root.attrib["targetNamespace"], fields)


CONTRACT = wsdl_contract()


def security(enseigne: str, expedition: str, langue: str, key: str = PRIVATE_KEY) -> str:
    """Mondial Relay's check, done here as its server does: MD5 of the fields then the key."""
    return hashlib.md5(f"{enseigne}{expedition}{langue}{key}".encode()).hexdigest().upper()


def in_envelope(response: bytes) -> bytes:
    """The real Spanish answer was kept without its envelope; the service sends one."""
    return (
        b'<?xml version="1.0" encoding="utf-8"?><soap:Envelope '
        b'xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>'
        + response.strip()
        + b"</soap:Body></soap:Envelope>"
    )


def stat_answer(stat: str) -> bytes:
    """The published STAT-error shape (the STAT 24 stub) with another STAT: derived."""
    stub = (REAL / "stat24_unknown_number_stub.xml").read_bytes()
    return stub.replace(b"<STAT>24</STAT>", f"<STAT>{stat}</STAT>".encode())


@dataclass
class WebServices:
    """``/Web_Services.asmx``: checks each call against the WSDL and the merchant's key,
    then answers each shipment number as told (body, HTTP status)."""

    answers: dict[str, tuple[bytes, int]]
    calls: list[dict[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def __call__(self, request: Request) -> Response:
        fields = self.read(request)
        self.calls.append(fields)
        if self.problems:
            return Response(b"", status=400)
        if fields["Security"] != security(fields["Enseigne"], fields["Expedition"], "FR"):
            return Response(stat_answer("97"), status=200, content_type=XML)
        body, status = self.answers[fields["Expedition"]]
        return Response(body, status=status, content_type=XML, headers={"Retry-After": "0"})

    def read(self, request: Request) -> dict[str, str]:
        if request.path != CONTRACT.path:
            self.problems.append(f"path {request.path}")
        if request.headers.get("Content-Type") != XML:
            self.problems.append(f"Content-Type {request.headers.get('Content-Type')}")
        if request.headers.get("SOAPAction", "").strip('"') != CONTRACT.action:
            self.problems.append(f"SOAPAction {request.headers.get('SOAPAction')}")
        root = ET.fromstring(request.get_data())
        method = root.find(f"{{{SOAP11}}}Body/{{{CONTRACT.namespace}}}WSI2_TracingColisDetaille")
        if method is None:
            self.problems.append("no WSI2_TracingColisDetaille in a SOAP 1.1 Body")
            return dict.fromkeys(CONTRACT.fields, "")
        names = tuple(child.tag.removeprefix(f"{{{CONTRACT.namespace}}}") for child in method)
        if names != CONTRACT.fields:
            self.problems.append(f"fields {names}, not {CONTRACT.fields}")
        return {name: child.text or "" for name, child in zip(names, method, strict=True)}


def serve(httpserver, answers: dict[str, tuple[bytes, int]]) -> WebServices:
    service = WebServices(answers)
    httpserver.expect_request(re.compile(r".*"), method="POST").respond_with_handler(service)
    return service


def track(tmp_path, monkeypatch, capsys, httpserver, numbers, key=PRIVATE_KEY) -> Tracked:
    return track_through_cli(
        tmp_path,
        monkeypatch,
        capsys,
        carrier="mondialrelay",
        base_url=httpserver.url_for("/"),
        numbers=numbers,
        carrier_label="Mondial Relay",
        secrets={"enseigne": ENSEIGNE, "private_key": key},
    )


def utc(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


SPANISH_ANSWER = (in_envelope((REAL / "stat82_es_settlement_after_delivery.xml").read_bytes()), 200)


def test_the_plugin_speaks_the_wsdls_operation():
    """The server below holds each call to the WSDL; here, the plugin's own constants."""
    assert CONTRACT.fields == ("Enseigne", "Expedition", "Langue", "Security")
    assert (soap.PATH, soap.SOAP_ACTION.strip('"'), soap.NAMESPACE) == (
        CONTRACT.path,
        CONTRACT.action,
        CONTRACT.namespace,
    )


def test_the_real_spanish_stat_82_lands_in_the_store(tmp_path, monkeypatch, capsys, httpserver):
    service = serve(httpserver, {SPANISH: SPANISH_ANSWER})

    tracked = track(tmp_path, monkeypatch, capsys, httpserver, [SPANISH])

    assert service.problems == []
    [call] = service.calls
    assert call == {
        "Enseigne": ENSEIGNE,
        "Expedition": SPANISH,
        "Langue": "FR",
        "Security": security(ENSEIGNE, SPANISH, "FR"),
    }
    assert tracked.exit_code == 0, tracked.err
    assert (
        "mondialrelay : ok : 1 colis, 1 appel(s), 1 mis à jour, 3 nouvel(s) événement(s)"
        in said(tracked.out)
    )
    parcel = tracked.shipments[SPANISH]
    assert (parcel.status, parcel.carrier_status) == (S.DELIVERED, "82")
    assert parcel.delivered_at is None  # no event says delivered; the settlement dates nothing
    assert parcel.first_scan_at == utc(2018, 10, 22, 14, 16)  # 16:16 Madrid
    assert parcel.last_event_at == utc(2018, 10, 24, 8, 47)  # the settlement, 10:47 Madrid
    assert parcel.signature is None and parcel.proof_of_delivery is None
    assert [(e.code, e.status, e.at) for e in tracked.events[SPANISH]] == [
        ("PRISE_EN_CHARGE", S.IN_TRANSIT, utc(2018, 10, 22, 14, 16)),
        ("EN_LIVRAISON", S.OUT_FOR_DELIVERY, utc(2018, 10, 23, 5, 24)),
        ("REGLEMENT", S.UNKNOWN, utc(2018, 10, 24, 8, 47)),
    ]
    assert tracked.checks[SPANISH].error is None


def test_one_call_per_number_and_an_unknown_number_kept_as_such(
    tmp_path, monkeypatch, capsys, httpserver
):
    answers = {SPANISH: SPANISH_ANSWER, UNKNOWN: (stat_answer("24"), 200)}
    service = serve(httpserver, answers)

    tracked = track(tmp_path, monkeypatch, capsys, httpserver, [SPANISH, UNKNOWN])

    assert service.problems == []
    assert [c["Expedition"] for c in service.calls] == [SPANISH, UNKNOWN]
    assert [c["Security"] for c in service.calls] == [
        security(ENSEIGNE, n, "FR") for n in (SPANISH, UNKNOWN)
    ]
    assert tracked.exit_code == 0, tracked.err  # Mondial Relay's verdict, not a failed call
    assert "2 colis, 2 appel(s), 1 mis à jour, 3 nouvel(s) événement(s), 1 erreur(s)" in said(
        tracked.out
    )
    expected = "Mondial Relay STAT 24 : numéro d'expédition invalide"
    assert tracked.checks[UNKNOWN].error == expected
    assert tracked.shipments[UNKNOWN].status is None and tracked.events[UNKNOWN] == []
    assert tracked.shipments[SPANISH].status is S.DELIVERED


def test_a_wrong_private_key_gets_stat_97(tmp_path, monkeypatch, capsys, httpserver):
    service = serve(httpserver, {SPANISH: SPANISH_ANSWER})

    tracked = track(tmp_path, monkeypatch, capsys, httpserver, [SPANISH], key="WrongKey")

    assert service.problems == []
    assert service.calls[0]["Security"] != security(ENSEIGNE, SPANISH, "FR")
    assert tracked.exit_code == 2
    expected = "Mondial Relay STAT 97 : clé de sécurité invalide"
    assert expected in said(tracked.err) and "mondialrelay : dégradé" in said(tracked.err)
    assert tracked.checks[SPANISH].error == expected
    assert tracked.shipments[SPANISH].status is None
    assert "WrongKey" not in tracked.out + tracked.err


@pytest.mark.parametrize(
    ("stat", "meaning"),
    [
        ("1", "enseigne invalide"),
        ("40", "paramètres manquants"),
        ("74", "langue invalide"),
        ("99", "erreur générique du service"),
    ],
)
def test_stat_errors_about_the_account_fail_the_call(
    tmp_path, monkeypatch, capsys, httpserver, stat, meaning
):
    """STAT errors in the published error shape (the STAT 24 stub, STAT changed: derived)."""
    serve(httpserver, {OTHER: (stat_answer(stat), 200)})

    tracked = track(tmp_path, monkeypatch, capsys, httpserver, [OTHER])

    assert tracked.exit_code == 2
    assert tracked.checks[OTHER].error == f"Mondial Relay STAT {stat} : {meaning}"
    assert tracked.shipments[OTHER].status is None and tracked.events[OTHER] == []


def test_a_soap_fault_is_retried_then_kept(tmp_path, monkeypatch, capsys, httpserver):
    """ASP.NET's standard SOAP 1.1 Fault with HTTP 500 (guessed: none from Mondial Relay
    found): aztui retries 5xx three times, then keeps the fault's words."""
    service = serve(httpserver, {OTHER: ((GUESSED / "soap_fault.xml").read_bytes(), 500)})

    tracked = track(tmp_path, monkeypatch, capsys, httpserver, [OTHER])

    assert len(service.calls) == 4 and service.problems == []
    assert tracked.exit_code == 2
    error = tracked.checks[OTHER].error
    assert error.startswith("Mondial Relay : HTTP 500 (erreur du serveur), SOAP Fault soap:Server")
    assert "Server was unable to process request." in error


def test_an_answer_shape_not_known_fails_never_pending(tmp_path, monkeypatch, capsys, httpserver):
    """The real Spanish answer as its author kept it, without the SOAP envelope: not what the
    service sends, so refused with the reason, and nothing is stored as pending."""
    bare = (REAL / "stat82_es_settlement_after_delivery.xml").read_bytes()
    serve(httpserver, {SPANISH: (bare, 200)})

    tracked = track(tmp_path, monkeypatch, capsys, httpserver, [SPANISH])

    assert tracked.exit_code == 2
    assert tracked.checks[SPANISH].error == (
        "Mondial Relay : réponse inattendue : <WSI2_TracingColisDetailleResponse> au lieu "
        "d'une enveloppe SOAP"
    )
    assert tracked.shipments[SPANISH].status is None and tracked.events[SPANISH] == []
