"""Registers the Mondial Relay carrier (tracking through its SOAP web service)."""

from pydantic import BaseModel, ConfigDict

from aztui.carriers import CarrierSpec
from aztui.hookspecs import hookimpl, lazy


class MondialRelayOptions(BaseModel):
    """``[carriers.mondialrelay] options``: the carrier takes none (it always asks for French
    labels), so any key written there is refused when a command starts, not silently
    ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


SPEC = CarrierSpec(
    name="mondialrelay",
    factory=lazy("aztui_carrier_mondialrelay.carrier:MondialRelayCarrier"),
    base_url="https://api.mondialrelay.com",
    aliases=("Mondial Relay", "MondialRelay", "Mondial Relay Point Relais", "InPost Mondial Relay"),
    # The web service's documented form of a shipment number (``Expedition``): 8 digits.
    patterns=(r"\d{8}",),
    batch_size=1,
    # Mondial Relay publishes no rate limit for its SOAP web service: stay gentle.
    per_second=2,
    per_day=None,
    options=MondialRelayOptions,
    secrets=("enseigne", "private_key"),
)


@hookimpl
def aztui_register_carriers(register):
    register(SPEC)
