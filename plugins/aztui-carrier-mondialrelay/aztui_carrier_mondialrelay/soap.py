"""The SOAP side of Mondial Relay's tracing method ``WSI2_TracingColisDetaille``.

Mondial Relay's "Web Service" (API V1, ``https://api.mondialrelay.com/Web_Services.asmx``) is an
ASP.NET SOAP service in the namespace ``http://www.mondialrelay.fr/webservice/``. The tracing
method takes four strings, in this order:

``Enseigne``
    the merchant code (8 characters, given by Mondial Relay);
``Expedition``
    the shipment number (8 digits);
``Langue``
    the language of the labels (ISO 639-1, upper case: ``FR``);
``Security``
    the upper-case hexadecimal MD5 of ``Enseigne + Expedition + Langue + private key``.

It answers ``WSI2_TracingColisDetailleResponse/WSI2_TracingColisDetailleResult`` holding
``STAT`` (a return code, see ``statuses.STAT``), ``Libelle01``, ``Relais_Libelle``,
``Relais_Num``, ``Libelle02`` and ``Tracing``, a list of ``ret_WSI2_sub_TracingColisDetaille``
(``Libelle``, ``Date``, ``Heure``, ``Emplacement``, ``Relais_Num``, ``Relais_Pays``), padded
with empty entries. The method, the SOAPAction and both field lists are Mondial Relay's WSDL
(an excerpt is kept, with its origin, in ``tests/fixtures/real``); the
``Security`` rule is its documentation's.

The answer is untrusted input: a document with a DTD (``<!DOCTYPE``) or an entity declaration
is refused before ElementTree sees it, so no entity is ever expanded.
"""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import NoReturn
from xml.parsers import expat
from xml.sax.saxutils import escape

NAMESPACE = "http://www.mondialrelay.fr/webservice/"
METHOD = "WSI2_TracingColisDetaille"
SOAP_ACTION = f'"{NAMESPACE}{METHOD}"'
"""SOAP 1.1 names the operation in the ``SOAPAction`` header (quoted, as the WSDL gives it)."""
CONTENT_TYPE = "text/xml; charset=utf-8"
PATH = "/Web_Services.asmx"

SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP12 = "http://www.w3.org/2003/05/soap-envelope"

MAX_BYTES = 2_000_000
"""A tracing answer is a few kilobytes; anything far larger is not one."""


class SoapError(Exception):
    """The answer is not a usable SOAP answer (malformed, refused, unexpected)."""


class SoapFault(SoapError):
    """The service answered with a SOAP Fault."""


def security(enseigne: str, expedition: str, langue: str, private_key: str) -> str:
    """The ``Security`` parameter: upper-case hex MD5 of the parameters, then the key."""
    text = f"{enseigne}{expedition}{langue}{private_key}"
    return hashlib.md5(text.encode("utf-8"), usedforsecurity=False).hexdigest().upper()


def envelope(enseigne: str, expedition: str, langue: str, private_key: str) -> bytes:
    """The SOAP 1.1 request for one shipment number."""
    fields = (
        ("Enseigne", enseigne),
        ("Expedition", expedition),
        ("Langue", langue),
        ("Security", security(enseigne, expedition, langue, private_key)),
    )
    body = "".join(f"<{name}>{escape(value)}</{name}>" for name, value in fields)
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        f'<soap:Envelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        f'xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:soap="{SOAP11}">'
        f'<soap:Body><{METHOD} xmlns="{NAMESPACE}">{body}</{METHOD}></soap:Body>'
        "</soap:Envelope>"
    ).encode()


@dataclass(frozen=True, slots=True)
class RawEvent:
    libelle: str
    date: str
    heure: str
    emplacement: str
    relais_pays: str


@dataclass(frozen=True, slots=True)
class TracingAnswer:
    """The fields of ``WSI2_TracingColisDetailleResult`` aztui reads: the return code and the
    events. The Point Relais' name and number (``Relais_Libelle``, ``Relais_Num``) are left
    out on purpose: aztui keeps places as towns and countries only."""

    stat: str
    events: tuple[RawEvent, ...]


def _refuse_dtd(content: bytes) -> None:
    """Refuse any document type declaration or entity declaration, whatever the encoding."""
    head = content[:4096].lstrip().lower()
    if b"<!doctype" in head or b"<!entity" in content.lower():
        raise SoapError("réponse XML refusée : elle contient une DTD (<!DOCTYPE)")

    def refuse(*_args: object) -> NoReturn:
        raise SoapError("réponse XML refusée : elle contient une DTD ou une entité")

    scanner = expat.ParserCreate()
    scanner.StartDoctypeDeclHandler = refuse
    scanner.EntityDeclHandler = refuse
    scanner.UnparsedEntityDeclHandler = refuse
    scanner.ExternalEntityRefHandler = refuse
    try:
        scanner.Parse(content, True)
    except expat.ExpatError as exc:
        raise SoapError(f"réponse XML mal formée ({exc})") from None


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child(element: ET.Element, name: str) -> ET.Element | None:
    return next((c for c in element if _local(c.tag) == name), None)


def _text(element: ET.Element, name: str) -> str:
    found = _child(element, name)
    return (found.text or "").strip() if found is not None else ""


def _find(element: ET.Element, name: str) -> ET.Element | None:
    return next((e for e in element.iter() if _local(e.tag) == name), None)


def parse(content: bytes) -> TracingAnswer:
    """Read a tracing answer; ``SoapFault`` for a Fault, ``SoapError`` for anything else."""
    if not content.strip():
        raise SoapError("réponse vide")
    if len(content) > MAX_BYTES:
        raise SoapError(f"réponse trop longue ({len(content)} octets)")
    _refuse_dtd(content)
    try:
        root = ET.fromstring(content)
    except ET.ParseError as exc:
        raise SoapError(f"réponse XML mal formée ({exc})") from None
    if _local(root.tag) != "Envelope" or root.tag.split("}")[0].lstrip("{") not in (SOAP11, SOAP12):
        raise SoapError(f"réponse inattendue : <{_local(root.tag)}> au lieu d'une enveloppe SOAP")
    body = _child(root, "Body")
    if body is None:
        raise SoapError("réponse SOAP sans Body")
    fault = _child(body, "Fault")
    if fault is not None:
        raise SoapFault(_fault_text(fault))
    result = _find(body, f"{METHOD}Result")
    if result is None:
        raise SoapError(f"réponse SOAP sans {METHOD}Result")
    stat = _text(result, "STAT")
    if not stat:
        raise SoapError("réponse sans code STAT")
    tracing = _child(result, "Tracing")
    events = tuple(
        RawEvent(
            _text(sub, "Libelle"),
            _text(sub, "Date"),
            _text(sub, "Heure"),
            _text(sub, "Emplacement"),
            _text(sub, "Relais_Pays"),
        )
        for sub in (tracing if tracing is not None else ())
        if _local(sub.tag) == "ret_WSI2_sub_TracingColisDetaille"
    )
    return TracingAnswer(stat, events)


def _fault_text(fault: ET.Element) -> str:
    """SOAP 1.1 ``faultcode``/``faultstring``; SOAP 1.2 ``Code/Value``/``Reason/Text``."""
    code = _text(fault, "faultcode")
    reason = _text(fault, "faultstring")
    if not code and (value := _find(fault, "Value")) is not None:
        code = (value.text or "").strip()
    if not reason and (text := _find(fault, "Text")) is not None:
        reason = (text.text or "").strip()
    reason = " ".join(reason.split())[:300]
    return f"{code}: {reason}" if code and reason else code or reason or "SOAP Fault"
