"""Registers the La Poste carrier (Suivi v2: Colissimo, Chronopost, Lettre suivie).

Limits, from La Poste's published Suivi v2 contract (developer.laposte.fr, catalogue
``suivi@2``): one call takes 1 to 10 numbers, comma-separated; the only plan allows 10 calls
a second and publishes no daily quota. aztui asks for half that rate, so a key shared with a
shop module or a second aztui does not run into 429s.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from aztui.carriers import CarrierSpec
from aztui.hookspecs import hookimpl, lazy

PATTERNS = (
    # Colissimo (6A…, 8R…, 6Q…, 9V…), Lettre suivie and recommandée (1K…, 1L…, 2C…):
    # a digit, a letter, eleven digits.
    r"[1-9][A-Z]\d{11}",
    # UPU S10 numbers La Poste posts (Colissimo International CA…FR, Chronopost XY…FR,
    # Lettre suivie internationale): two letters, nine digits, FR.
    r"[A-Z]{2}\d{9}FR",
)


class LaPosteOptions(BaseModel):
    """``[carriers.laposte] options``: the carrier takes none (it always asks ``lang=fr_FR``),
    so any key written there is refused when a command starts, not silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


SPEC = CarrierSpec(
    name="laposte",
    factory=lazy("aztui_carrier_laposte.carrier:LaPosteCarrier"),
    base_url="https://api.laposte.fr",
    aliases=("La Poste", "Colissimo", "Chronopost", "Lettre suivie"),
    patterns=PATTERNS,
    batch_size=10,
    per_second=5.0,
    per_day=None,
    options=LaPosteOptions,
    secrets=("api_key",),
)


@hookimpl
def aztui_register_carriers(register):
    register(SPEC)
