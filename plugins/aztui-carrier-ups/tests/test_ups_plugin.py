"""The UPS plugin registered through its entry point, and the numbers it recognises."""

from __future__ import annotations

import importlib.metadata

import pytest
from aztui_carrier_ups.carrier import UpsCarrier
from aztui_carrier_ups.plugin import SPEC

from aztui.carriers import CarrierSpec
from aztui.hookspecs import resolved
from aztui.pluginmanager import PluginHost


def test_the_plugin_registers_through_its_entry_point() -> None:
    [entry_point] = [
        ep for ep in importlib.metadata.entry_points(group="aztui") if ep.name == "carrier_ups"
    ]
    host = PluginHost(entry_points=[entry_point]).load()

    carriers = host.carriers()

    registered = carriers["ups"]
    assert registered.owner == "carrier_ups"
    spec = registered.item
    assert isinstance(spec, CarrierSpec)
    assert spec is SPEC
    assert resolved(spec.factory) is UpsCarrier
    assert spec.base_url == "https://onlinetools.ups.com"
    assert spec.aliases == ("UPS", "United Parcel Service")
    assert spec.batch_size == 1
    assert spec.per_second == 5 and spec.per_day is None
    assert spec.secrets == ("client_id", "client_secret")
    assert host.plugins["carrier_ups"].status == "ok"
    assert "carrier" in host.plugins["carrier_ups"].kinds


@pytest.mark.parametrize(
    ("number", "recognised"),
    [
        ("1Z999AA10123456784", True),
        ("1ZA8R5230399482364", True),
        ("T1234567890", True),
        ("1Z999AA1012345678", False),  # one character short
        ("1Z999AA101234567845", False),  # one too many
        ("1z999aa10123456784", False),  # UPS writes them in upper case
        ("6A12345678901", False),  # Colissimo
        ("1234567890", False),  # bare digits belong to no one in particular
    ],
)
def test_recognises(number: str, recognised: bool) -> None:
    assert SPEC.recognises(number) is recognised
