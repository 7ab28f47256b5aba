"""Registers the UPS carrier (UPS Tracking API, OAuth client credentials).

Rate limits: UPS publishes none for the Tracking API (it answers 429 "Too Many Requests" /
"Quota Limit Exceeded" and raises limits on request), so the spec keeps to a conservative
5 calls a second and no daily quota.
"""

from aztui.carriers import CarrierSpec
from aztui.hookspecs import hookimpl, lazy

from .options import UpsOptions

SPEC = CarrierSpec(
    name="ups",
    factory=lazy("aztui_carrier_ups.carrier:UpsCarrier"),
    base_url="https://onlinetools.ups.com",
    aliases=("UPS", "United Parcel Service"),
    patterns=(
        r"1Z[0-9A-Z]{16}",  # 1Z + shipper account (6) + service (2) + package (7) + check digit
        r"T\d{10}",  # T9999999999, listed by UPS among its tracking-number formats
    ),
    batch_size=1,
    per_second=5,
    per_day=None,
    secrets=("client_id", "client_secret"),
    options=UpsOptions,
)


@hookimpl
def aztui_register_carriers(register):
    register(SPEC)
