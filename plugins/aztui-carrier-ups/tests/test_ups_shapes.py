"""Shapes of UPS answers, read without a server (``aztui_carrier_ups.answer.read_document``):
what is read, and what fails the number because aztui does not know it."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from aztui_carrier_ups.answer import read_document

from aztui.domain.model import TrackingStatus as S

REAL = Path(__file__).parent / "fixtures" / "real"
NUMBER = "1Z999AA10123456784"
OTHER = "1Z999AA10123456796"


def real(name: str) -> dict:
    return json.loads((REAL / name).read_text(encoding="utf-8"))


def answer(*packages: dict, number: str = NUMBER) -> dict:
    return {"trackResponse": {"shipment": [{"inquiryNumber": number, "package": list(packages)}]}}


def scan(type_: str, status_code: str, gmt_time: str, **more: object) -> dict:
    return {
        "status": {"type": type_, "statusCode": status_code},
        "gmtDate": "20240318",
        "gmtTime": gmt_time,
        **more,
    }


def test_the_portal_example_is_an_exception_with_no_signature() -> None:
    result = read_document(
        NUMBER, "1Z023E2X0214323462", real("portal_example_local_only_signature_services.json")
    )

    assert result.error is None
    assert (result.status, result.raw_status) == (S.EXCEPTION, "X/SR/003")
    assert result.delivered_at is None and result.signed is None
    assert result.proof_of_delivery is None
    assert "163000" not in repr(result) and "Sears" not in repr(result)


def test_a_placeholder_tracking_number_is_not_the_proofs_reference() -> None:
    delivered = {
        "trackingNumber": "string",
        "activity": [scan("D", "011", "10:00:00")],
        "deliveryInformation": {"deliveryPhoto": {"photoDispositionCode": "V"}},
    }

    result = read_document(NUMBER, NUMBER, answer(delivered))

    assert result.status is S.DELIVERED
    assert result.proof_of_delivery == f"UPS POD {NUMBER}"


def test_a_logical_event_is_not_the_first_scan() -> None:
    package = {
        "activity": [
            scan("I", "005", "15:00:00", logicalScan=False),
            scan("P", "038", "12:00:00", logicalScan=True),
        ]
    }

    result = read_document(NUMBER, NUMBER, answer(package))

    assert result.first_scan_at == datetime(2024, 3, 18, 15, tzinfo=UTC)


def test_the_package_asked_for_else_the_only_one() -> None:
    mine = {"trackingNumber": NUMBER, "activity": [scan("D", "011", "10:00:00")]}
    other = {"trackingNumber": OTHER, "activity": [scan("I", "005", "09:00:00")]}

    assert read_document(NUMBER, NUMBER, answer(other, mine)).status is S.DELIVERED
    assert read_document(NUMBER, NUMBER, answer(other)).status is S.IN_TRANSIT


@pytest.mark.parametrize(
    ("document", "error"),
    [
        (
            answer(
                {"trackingNumber": OTHER, "activity": [scan("I", "005", "09:00:00")]},
                {
                    "trackingNumber": "1Z999AA10123456797",
                    "activity": [scan("D", "011", "10:00:00")],
                },
            ),
            f"UPS answered 2 packages, none numbered {NUMBER}",
        ),
        (
            {"trackResponse": {"shipment": [{"inquiryNumber": OTHER}, {"inquiryNumber": "X"}]}},
            f"UPS answered 2 shipments, none numbered {NUMBER}",
        ),
        (
            {"trackResponse": {"shipment": [{"warnings": [{"code": "TW0010", "message": "x"}]}]}},
            "UPS answered a shipment with no package and no TW0001 (TW0010 x)",
        ),
        ({"trackResponse": {"shipment": []}}, "UPS answered no shipment for this number"),
        (
            {"response": {"errors": [{"code": "TV1002", "message": "Invalid inquiry number"}]}},
            "UPS answered an error: TV1002 Invalid inquiry number",
        ),
        (
            real("hsmaster_us_ca_out_for_delivery_proxied.json"),
            "UPS answered an unexpected document (no trackResponse)",
        ),
        ([], "UPS answered an unexpected document (no trackResponse)"),
    ],
    ids=["packages", "shipments", "warning", "empty", "error-200", "proxied", "list"],
)
def test_shapes_aztui_does_not_know_fail_the_number(document: object, error: str) -> None:
    result = read_document(NUMBER, NUMBER, document)

    assert (result.status, result.error, result.call_failed) == (S.UNKNOWN, error, True)


def test_tw0001_without_an_inquiry_number_is_still_not_found() -> None:
    not_found = real("issue166_tw0001_warning_200.json")
    del not_found["trackResponse"]["shipment"][0]["inquiryNumber"]

    result = read_document(NUMBER, NUMBER, not_found)

    assert result.error is not None and not result.call_failed
