"""Registers the DHL carrier (Shipment Tracking - Unified, developer.dhl.com).

Limits: DHL's page for the API gives a new key "250 calls per day, with a maximum of 1 call
every 5 seconds" (more on request); one tracking number per call. Patterns follow DHL's
"shipment tracking labels" page: Express (10 digits, JJD…, JVGL…), Paket (12 or 20 digits),
Parcel Benelux (3S…), eCommerce (GM…, LX/RX…) and Deutsche Post items (…DE).
"""

from __future__ import annotations

from aztui.carriers import CarrierSpec
from aztui.hookspecs import hookimpl, lazy

from .services import DhlOptions

PATTERNS = (
    r"\d{10}",  # DHL Express waybill
    r"\d{12}|\d{20}",  # DHL Paket (Germany)
    r"JJD\d{10,24}",  # Express / Paket piece id
    r"JVGL\d{8,24}",  # Express / Parcel piece id
    r"3S[A-Z]{3,4}\d{6,12}",  # DHL Parcel (Benelux)
    r"GM\d{10,24}",  # DHL eCommerce
    r"(?:LX|RX)\d{9}[A-Z]{2}",  # DHL eCommerce, UPU style
    r"[A-Z]{2}\d{9}DE",  # Deutsche Post registered / Warenpost International
)

SPEC = CarrierSpec(
    name="dhl",
    factory=lazy("aztui_carrier_dhl.carrier:DhlCarrier"),
    base_url="https://api-eu.dhl.com",
    aliases=("DHL", "DHL Express", "DHL Parcel", "DHL eCommerce", "DHL Paket", "Deutsche Post DHL"),
    patterns=PATTERNS,
    batch_size=1,
    per_second=0.2,
    per_day=250,
    secrets=("api_key",),
    options=DhlOptions,
)


@hookimpl
def aztui_register_carriers(register):
    register(SPEC)
