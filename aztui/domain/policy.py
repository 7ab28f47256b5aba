"""Policy as data: every deadline length, window, target and threshold, per marketplace.

Each value carries the ``source`` it was read from and the date it is ``valid_from``: Amazon's
help pages disagree across marketplaces and years, so the engine never hard-codes a number.
A deadline uses the value in force at the instant that starts it, so a policy change never
moves a deadline that had already started. ``aztui.toml`` overrides any value (``[policy.FR]``).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from aztui.domain.marketplaces import MARKETPLACES
from aztui.domain.timeutil import DayMode, zone
from aztui.errors import AztuiError

SEED = "seed 000_1b85cb7067e54136: sellercentral.amazon.fr, « À propos de la Garantie A à Z »"
HELP = "https://sellercentral.amazon.{tld}/help/hub/reference/external/{page}"
SPEC = "aztui docs/rules.md §{section}"
EPOCH = date(2000, 1, 1)
"""``valid_from`` for values whose start is not published: in force for any data aztui sees."""


@dataclass(frozen=True, slots=True)
class PolicyValue:
    value: Any
    source: str
    valid_from: date = EPOCH


def _common(code: str) -> dict[str, PolicyValue]:
    """The values every marketplace shares (docs/rules.md: the A-to-z rules are the same
    across them), each with the page of that marketplace's own Seller Central."""
    tld = MARKETPLACES[code].site
    claims = HELP.format(tld=tld, page="G27951")
    appeal = HELP.format(tld=tld, page="G202041210")
    seed = SEED if code == "FR" else claims
    metrics = f"{SPEC.format(section=5)}; {HELP.format(tld=tld, page='G200205140')}"
    return {
        "day_mode": PolicyValue(DayMode.ELAPSED, SPEC.format(section=1)),
        "return_request_response.days": PolicyValue(2, seed),
        "claim_response.days": PolicyValue(3, seed),
        "appeal.days": PolicyValue(30, seed),
        "appeal_info_response.hours": PolicyValue(72, appeal),
        "buyer_message_response.hours": PolicyValue(24, seed),
        "order_defect_rate.window_days": PolicyValue(60, metrics),
        "order_defect_rate.lag_days": PolicyValue(14, metrics),
        "order_defect_rate.target": PolicyValue(Decimal("0.01"), metrics),
        "late_shipment_rate_10d.window_days": PolicyValue(10, metrics),
        "late_shipment_rate_10d.target": PolicyValue(Decimal("0.04"), metrics),
        "late_shipment_rate_30d.window_days": PolicyValue(30, metrics),
        "late_shipment_rate_30d.target": PolicyValue(Decimal("0.04"), metrics),
        "pre_fulfillment_cancel_rate.window_days": PolicyValue(7, metrics),
        "pre_fulfillment_cancel_rate.target": PolicyValue(Decimal("0.025"), metrics),
        "valid_tracking_rate.window_days": PolicyValue(30, metrics),
        "valid_tracking_rate.target": PolicyValue(Decimal("0.95"), metrics),
        "on_time_delivery_rate.window_days": PolicyValue(14, metrics),
        "on_time_delivery_rate.target": PolicyValue(Decimal("0.97"), metrics),
        "late_response_rate.window_days": PolicyValue(30, metrics),
        "late_response_rate.target": PolicyValue(Decimal("0.10"), metrics),
        "return_dissatisfaction_rate.window_days": PolicyValue(60, metrics),
        "return_dissatisfaction_rate.target": PolicyValue(Decimal("0.10"), metrics),
        "return_dissatisfaction_rate.response_hours": PolicyValue(48, metrics),
        "at_risk_ratio": PolicyValue(Decimal("0.75"), SPEC.format(section=5)),
        "signature_threshold": PolicyValue(Decimal("150"), f"{seed} (seuil choisi par le vendeur)"),
        "no_scan_grace_hours": PolicyValue(24, SPEC.format(section=6)),
        "tracking_stalled_days": PolicyValue(4, SPEC.format(section=6)),
        "inr_claim_opens_days": PolicyValue(3, SPEC.format(section=6)),
        "inr_claim_closes_days": PolicyValue(90, SPEC.format(section=6)),
    }


POLICY_TABLES: dict[str, dict[str, list[PolicyValue]]] = {
    code: {key: [value] for key, value in _common(code).items()} for code in MARKETPLACES
}
# The UK help page gives the appeal information request 48 hours, not 72.
POLICY_TABLES["UK"]["appeal_info_response.hours"] = [
    PolicyValue(48, HELP.format(tld="co.uk", page="G202041210"))
]
POLICY_KEYS: frozenset[str] = frozenset(POLICY_TABLES["FR"])


class PolicyError(AztuiError, ValueError):
    """A policy key or value that cannot be used."""


class Policy:
    """The values in force for one marketplace, with the overrides the configuration adds.

    ``extra_defaults`` are the defaults that plugin rules and metrics bring for their own keys.
    """

    def __init__(
        self,
        marketplace: str = "FR",
        overrides: Mapping[str, Any] | None = None,
        extra_defaults: Mapping[str, PolicyValue] | None = None,
        *,
        timezone: str | None = None,
    ) -> None:
        if marketplace not in MARKETPLACES:
            raise PolicyError(
                f"unknown marketplace {marketplace!r}: one of {', '.join(MARKETPLACES)}"
            )
        self.marketplace = MARKETPLACES[marketplace]
        self.timezone = timezone or self.marketplace.timezone
        table = {key: list(values) for key, values in POLICY_TABLES[marketplace].items()}
        for key, value in (extra_defaults or {}).items():
            table.setdefault(key, [value])
        for key, raw in (overrides or {}).items():
            if key not in table:
                raise PolicyError(f"unknown policy key {key!r}")
            table[key] = _merge_override(table[key], key, raw)
        self._table = {k: sorted(v, key=lambda p: p.valid_from) for k, v in table.items()}
        self._starts = {k: [p.valid_from for p in v] for k, v in self._table.items()}

    @property
    def keys(self) -> Iterable[str]:
        return self._table.keys()

    def entry(self, key: str, at: datetime | None = None) -> PolicyValue:
        """The value in force at ``at`` (the newest when ``at`` is None), with its source."""
        values = self._table[key]
        if at is None:
            return values[-1]
        day = at.astimezone(zone(self.timezone)).date()  # the marketplace's calendar day
        index = bisect_right(self._starts[key], day) - 1
        return values[max(index, 0)]

    def get(self, key: str, at: datetime | None = None) -> Any:
        return self.entry(key, at).value

    def history(self, key: str) -> list[PolicyValue]:
        return list(self._table[key])

    @property
    def day_mode(self) -> DayMode:
        return self.day_mode_at(None)

    def day_mode_at(self, at: datetime | None) -> DayMode:
        """How days are counted for a deadline that starts at ``at`` (the newest when None)."""
        return DayMode(self.get("day_mode", at))


def _merge_override(current: list[PolicyValue], key: str, raw: Any) -> list[PolicyValue]:
    """An override is a plain value (in force always) or a table ``{value, valid_from, source}``."""
    if isinstance(raw, Mapping):
        unknown = set(raw) - {"value", "valid_from", "source"}
        if unknown or "value" not in raw:
            raise PolicyError(f"policy {key}: a table takes value, valid_from and source")
        valid_from = raw.get("valid_from", EPOCH)
        if isinstance(valid_from, datetime):
            valid_from = valid_from.date()
        if not isinstance(valid_from, date):
            raise PolicyError(f"policy {key}: valid_from must be a date such as 2026-01-01")
        value = _coerce(key, raw["value"], current[-1].value)
        entry = PolicyValue(value, str(raw.get("source", "aztui.toml")), valid_from)
        return [p for p in current if p.valid_from != valid_from] + [entry]
    return [PolicyValue(_coerce(key, raw, current[-1].value), "aztui.toml", EPOCH)]


def _coerce(key: str, value: Any, like: Any) -> Any:
    """Give an override the type of the default it replaces, or say why it cannot."""
    try:
        if isinstance(like, DayMode):
            return DayMode(value)
        if isinstance(like, bool) or isinstance(value, bool):
            raise TypeError
        if isinstance(like, Decimal):
            return Decimal(str(value))
        if isinstance(like, int):
            if int(value) != value or value < 0:
                raise ValueError
            return int(value)
    except (TypeError, ValueError, ArithmeticError):
        raise PolicyError(
            f"policy {key}: {value!r} is not valid (the default is {like!r})"
        ) from None
    return value
