"""French and European carriers a merchant-fulfilled amazon.fr seller uses, with realistic
tracking-number shapes and transit times."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_UPS_CHARS = "0123456789ABCDEFGHJKLMNPRSTUVWXY"


def s10(prefix: str, rng: random.Random, country: str = "FR") -> str:
    """A UPU S10 number (``XX12345678CFR``) with its check digit, as Chronopost uses."""
    digits = [rng.randrange(10) for _ in range(8)]
    total = sum(d * w for d, w in zip(digits, (8, 6, 4, 2, 3, 5, 9, 7), strict=True))
    check = 11 - total % 11
    check = 0 if check == 10 else 5 if check == 11 else check
    return prefix + "".join(map(str, digits)) + str(check) + country


def _colissimo(prefix: str):
    return lambda rng: f"{prefix}{rng.randrange(10**11):011d}"


def _chronopost(rng: random.Random) -> str:
    return s10("X" + _LETTERS[rng.randrange(26)], rng)


def _dhl(rng: random.Random) -> str:
    return f"{rng.randrange(10**9, 10**10)}"


def _ups(code: str):
    def number(rng: random.Random) -> str:
        account = "".join(_UPS_CHARS[rng.randrange(len(_UPS_CHARS))] for _ in range(6))
        return f"1Z{account}{code}{rng.randrange(10**8):08d}"

    return number


def _mondial_relay(rng: random.Random) -> str:
    return f"{rng.randrange(10**8):08d}"


@dataclass(frozen=True, slots=True)
class Service:
    carrier: str
    service: str
    signature: bool
    transit: tuple[int, int]
    """Days from first scan to delivery, inclusive range."""
    weight: float
    """Share of ordinary parcels; the signature services are weighted for valuable ones."""
    tracking: Callable[[random.Random], str]

    def tracking_number(self, rng: random.Random) -> str:
        return self.tracking(rng)


SERVICES: tuple[Service, ...] = (
    Service("Colissimo", "Colissimo Domicile", False, (1, 3), 40, _colissimo("6A")),
    Service("Colissimo", "Colissimo Expert", True, (1, 3), 6, _colissimo("8R")),
    Service("Mondial Relay", "Point Relais 24R", False, (3, 5), 20, _mondial_relay),
    Service("Chronopost", "Chrono 13", True, (1, 1), 8, _chronopost),
    Service("Chronopost", "Chrono 18", True, (1, 1), 3, _chronopost),
    Service("Chronopost", "Chrono Relais", False, (1, 2), 8, _chronopost),
    Service("UPS", "UPS Standard", True, (1, 3), 7, _ups("11")),
    Service("UPS", "UPS Express Saver", True, (1, 1), 2, _ups("65")),
    Service("DHL", "DHL Express", True, (1, 2), 6, _dhl),
)
SIGNED = tuple(s for s in SERVICES if s.signature)
UNSIGNED = tuple(s for s in SERVICES if not s.signature)


def _table(services: tuple[Service, ...], size: int = 200) -> list[Service]:
    total = sum(s.weight for s in services)
    table: list[Service] = []
    for service in services:
        table.extend([service] * max(1, round(service.weight / total * size)))
    return table


_ANY = _table(SERVICES)
_SIGNED = _table(SIGNED)
_UNSIGNED = _table(UNSIGNED)


def pick(rng: random.Random, high_value: bool = False) -> Service:
    """A service: valuable parcels mostly go with a signature, ordinary ones rarely."""
    table = _ANY
    if high_value:
        table = _SIGNED if rng.random() < 0.75 else _UNSIGNED
    return table[rng.randrange(len(table))]


def by_name(service: str) -> Service:
    for candidate in SERVICES:
        if candidate.service == service:
            return candidate
    raise KeyError(service)
