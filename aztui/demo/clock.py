"""Paris business time and identifiers for the demo generators.

Everything is computed from the ``now`` handed in (floored to the second): the local date and
weekday of ``now`` in Europe/Paris anchor the business rhythm, so moving ``now`` by whole weeks
(without crossing a daylight-saving change) moves every generated instant by the same amount.
Business days are Monday to Friday; French public holidays are deliberately ignored, so a shift
by whole weeks stays exact.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
SECOND = timedelta(seconds=1)
MINUTE = timedelta(minutes=1)
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)

# Orders per local hour on amazon.fr: quiet at night, busy at lunch, peak in the evening.
HOUR_WEIGHTS = (
    2.0,
    1.0,
    0.5,
    0.3,
    0.3,
    0.5,
    1.0,
    2.0,
    3.0,
    4.0,
    4.5,
    5.0,
    6.0,
    6.0,
    5.0,
    5.0,
    5.0,
    5.5,
    6.5,
    8.0,
    9.0,
    9.0,
    7.0,
    4.0,
)
# Relative orders per weekday (Monday first): Sunday evening and Monday are the busiest.
WEEKDAY_WEIGHTS = (1.10, 1.0, 0.95, 0.95, 0.90, 0.85, 1.15)


def hour_table(size: int = 1000) -> list[int]:
    """Local hours repeated in proportion to ``HOUR_WEIGHTS``: ``table[randrange]`` samples."""
    total = sum(HOUR_WEIGHTS)
    table: list[int] = []
    for hour, weight in enumerate(HOUR_WEIGHTS):
        table.extend([hour] * round(weight / total * size))
    return table


def start_of(now: datetime) -> datetime:
    """``now`` as an aware UTC instant floored to the second; a naive value is refused."""
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime (UTC)")
    return now.astimezone(UTC).replace(microsecond=0)


def local_date(instant: datetime) -> date:
    return instant.astimezone(PARIS).date()


def at_local(day: date, hour: int, minute: int = 0, second: int = 0) -> datetime:
    """The UTC instant of a Paris wall-clock time."""
    return datetime.combine(day, time(hour, minute, second), tzinfo=PARIS).astimezone(UTC)


def end_of_day(day: date) -> datetime:
    """23:59:59 Paris on ``day``, in UTC (how Amazon dates latest ship and delivery dates)."""
    return at_local(day, 23, 59, 59)


def is_business_day(day: date) -> bool:
    return day.weekday() < 5


def add_business_days(day: date, count: int) -> date:
    while count > 0:
        day += timedelta(days=1)
        if is_business_day(day):
            count -= 1
    return day


def latest_ship_date(purchase: datetime, handling_days: int) -> datetime:
    """End of the ``handling_days``-th business day after the purchase, Paris time."""
    return end_of_day(add_business_days(local_date(purchase), handling_days))


def latest_delivery_date(ship_by: datetime, transit_days: int) -> datetime:
    return end_of_day(local_date(ship_by) + timedelta(days=transit_days))


def ship_slot(purchase: datetime, rng: random.Random) -> datetime:
    """When the seller confirms the shipment: the same afternoon for a morning order on a
    business day, otherwise during the next business day (09:00-19:00 Paris)."""
    local = purchase.astimezone(PARIS)
    day = local.date()
    if is_business_day(day) and local.hour < 11:
        return at_local(day, rng.randint(14, 18), rng.randrange(60), rng.randrange(60))
    return at_local(
        add_business_days(day, 1), rng.randint(9, 18), rng.randrange(60), rng.randrange(60)
    )


def business_purchase(
    now: datetime,
    rng: random.Random,
    table: list[int],
    max_days: float,
    min_age: timedelta = MINUTE,
) -> datetime:
    """A purchase instant in ``[now - max_days, now - min_age)`` with the Paris rhythm."""
    today = local_date(now)
    span = int(max_days) + 1
    while True:
        day = today - timedelta(days=rng.randrange(span))
        if rng.random() * 1.2 > WEEKDAY_WEIGHTS[day.weekday()]:
            continue
        hour = table[rng.randrange(len(table))]
        instant = at_local(day, hour, rng.randrange(60), rng.randrange(60))
        if now - timedelta(days=max_days) <= instant < now - min_age:
            return instant


# --- identifiers -------------------------------------------------------------------------------

_BITS = 46
_MASK = (1 << _BITS) - 1  # 2**46 - 1 < 10**14: every value fits the 7+7 digits of an order id


def mix(value: int) -> int:
    """A bijection of ``[0, 2**46)`` that looks random: distinct inputs give distinct outputs."""
    x = value & _MASK
    x ^= x >> 23
    x = (x * 0x2545F4914F6CDD1D) & _MASK
    x ^= x >> 19
    x = (x * 0x1B873593A3C5E6F1) & _MASK
    x ^= x >> 21
    return x


def salt(seed: int, kind: int) -> int:
    return mix(seed * 1_000_003 + kind * 7_919 + 12_345)


def order_id(seed_salt: int, index: int) -> str:
    """``40X-1234567-1234567``, unique per index for one seed (Amazon's 3-7-7 digit form)."""
    x = mix(seed_salt + index)
    digits = f"{x:014d}"
    return f"40{2 + x % 7}-{digits[:7]}-{digits[7:]}"


def claim_id(seed_salt: int, index: int) -> str:
    return f"AZ-{mix(seed_salt + index):014d}"


_ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def return_id(seed_salt: int, index: int) -> str:
    """An RMA id shaped like Amazon's (``D`` + 8 letters and digits + ``RMA``)."""
    x = mix(seed_salt + index)
    chars = []
    for _ in range(8):
        x, r = divmod(x, 62)
        chars.append(_ALNUM[r])
    return "D" + "".join(chars) + "RMA"


def message_id(seed_salt: int, index: int) -> str:
    return f"MSG-{mix(seed_salt + index):014d}"
