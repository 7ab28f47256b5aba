"""Registers the Exemple Colis carrier (the ``example_carrier`` entry point points here)."""

from __future__ import annotations

from aztui.carriers import CarrierSpec
from aztui.hookspecs import hookimpl, lazy

SPEC = CarrierSpec(
    "exemple",  # [carriers.exemple], AZTUI_EXEMPLE_API_KEY
    lazy("aztui_example_carrier.carrier:ExempleCarrier"),  # factory(context) -> the carrier
    "https://api.exemple-colis.test",  # default; [carriers.exemple] base_url replaces it
    aliases=("Exemple Colis",),  # the carrier name as sellers and Amazon write it
    patterns=(r"EX\d{9}FR",),  # a whole number, for shipments without a carrier name
    batch_size=20,  # numbers per track() call: the API takes 20 ids
    per_second=5,  # aztui spaces the calls to this...
    per_day=10000,  # ...and stops for the day after this many
    secrets=("api_key",),  # without it the carrier is "unavailable"
)


@hookimpl
def aztui_register_carriers(register):  # pluggy passes `register` by name: keep the name
    register(SPEC)
