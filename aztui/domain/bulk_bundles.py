"""The built-in rules on columns for bundles of an order with its shipments and claims.

The seller's daily files of shipments and claims touch bundles that hold an order, its
shipments and its claims. ``derive_bundles`` derives a batch of them at once, as
``bulk_rules.derive_orders`` does bundles of one order alone: the order's facts, its
shipments' facts, the deadlines of ``deadlines`` and the signals of ``risks`` that read a
shipment or a claim. A bundle that holds a return, message, feedback or chargeback is the
engine's. The policy values read must be the same at every date, and days elapsed days
(``DayMode.ELAPSED``); otherwise ``PolicyConstants.of`` raises ``NotColumnar``.

This is a second form of those rules, kept beside them and checked against them: the tests
derive random bundles both ways and require the same rows. Columns follow the store's
encoding (``bulk_rules``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

import polars as pl

from aztui.domain.bulk_rules import (
    CONFIRMED,
    DEFECT,
    NotColumnar,
    cancelled,
    derive_orders,
    flag,
    merchant,
)
from aztui.domain.model import (
    REPORTED_CLAIM_PREFIX,
    AppealOutcome,
    ClaimType,
    CountsInOdr,
    Decision,
    FundedBy,
    TrackingStatus,
)
from aztui.domain.policy import Policy
from aztui.domain.risks import CARRIER_TROUBLE, MOVING, detail
from aztui.domain.timeutil import DayMode
from aztui.domain.tracking import STALLED_DAYS, stalled_key

SHIPMENT_FACT_COLUMNS = (
    "basis_at",
    "tracking_population",
    "tracking_valid",
    "delivery_population",
    "on_time",
)
DAY = 86_400
HOUR = 3_600


def _seconds(delta: timedelta) -> int:
    return int(delta.total_seconds())


@dataclass(frozen=True, slots=True)
class PolicyConstants:
    """The policy values these rules read, when each is the same at every date."""

    policy: Policy
    claim_response: int
    appeal: int
    appeal_info: int
    no_scan_grace: int
    inr_opens: int
    inr_closes: int
    threshold: Decimal
    currency: str

    @staticmethod
    def of(policy: Policy) -> PolicyConstants:
        """Raises ``NotColumnar`` when a value read changes over time or days are not
        elapsed days."""
        stalled = [k for k in policy.keys if k == STALLED_DAYS or k.startswith(STALLED_DAYS)]
        for key in stalled:
            _constant(policy, key)
        if _constant(policy, "day_mode") != DayMode.ELAPSED:
            raise NotColumnar("days counted to the end of the day")
        return PolicyConstants(
            policy,
            claim_response=_seconds(timedelta(days=_constant(policy, "claim_response.days"))),
            appeal=_seconds(timedelta(days=_constant(policy, "appeal.days"))),
            appeal_info=_seconds(timedelta(hours=_constant(policy, "appeal_info_response.hours"))),
            no_scan_grace=_seconds(timedelta(hours=_constant(policy, "no_scan_grace_hours"))),
            inr_opens=_seconds(timedelta(days=_constant(policy, "inr_claim_opens_days"))),
            inr_closes=_seconds(timedelta(days=_constant(policy, "inr_claim_closes_days"))),
            threshold=Decimal(_constant(policy, "signature_threshold")),
            currency=policy.marketplace.currency,
        )

    def stalled_days(self, carrier: str) -> Any:
        """``tracking_risks``' days without news before a carrier's parcel is stalled."""
        own = stalled_key(carrier)
        return self.policy.get(own if own in self.policy.keys else STALLED_DAYS)


def _constant(policy: Policy, key: str) -> Any:
    history = policy.history(key)
    if len(history) != 1:
        raise NotColumnar(f"the policy's {key} changes over time")
    return history[0].value


@dataclass(frozen=True, slots=True)
class BundleDerivation:
    """What the engine derives from bundles of an order, its shipments and claims."""

    orders: pl.DataFrame
    """``order_id`` and the columns of ``bulk_rules.ORDER_FACT_COLUMNS``."""
    shipments: pl.DataFrame
    """``order_id``, ``tracking_number`` and the columns of ``SHIPMENT_FACT_COLUMNS``."""
    deadlines: pl.DataFrame
    risks: pl.DataFrame
    """``active_until`` null means until the order changes."""


def _mapped(column: str, values: pl.Series, how: Callable[[Any], Any], dtype: Any) -> pl.Expr:
    """``column`` through ``how``, called once per distinct value (exact Python arithmetic)."""
    distinct = values.drop_nulls().unique().to_list()
    return pl.col(column).replace_strict(
        distinct, [how(v) for v in distinct], default=None, return_dtype=dtype
    )


def _is(column: str, *values: str) -> pl.Expr:
    return pl.col(column).fill_null("").is_in(list(values))


def _risk(
    frame: pl.DataFrame, signal: str, subject: pl.Expr, said: Any, start: pl.Expr, until: pl.Expr
) -> pl.DataFrame:
    said = pl.lit(said) if isinstance(said, str) else said
    return frame.select(
        pl.col("order_id").alias("bundle"),
        pl.lit(signal).alias("signal"),
        pl.col("order_id"),
        subject.alias("subject"),
        said.alias("detail"),
        start.alias("active_from"),
        until.alias("active_until"),
    )


def _deadline(
    frame: pl.DataFrame, rule: str, due: pl.Expr, start: str, done_at: str, closed: pl.Expr
) -> pl.DataFrame:
    return frame.select(
        pl.col("order_id").alias("bundle"),
        pl.lit(rule).alias("rule"),
        pl.col("claim_id").alias("subject"),
        pl.col("order_id"),
        due.alias("due"),
        pl.col(start).alias("starts_at"),
        flag(pl.col(done_at).is_not_null()).alias("done"),
        pl.col(done_at).alias("done_at"),
        flag(closed).alias("closed"),
        pl.lit("missed").alias("after_due"),
    )


ORDER_SIDE = {
    "purchase_date": "o_purchase",
    "latest_ship_date": "o_ship_by",
    "latest_delivery_date": "o_deliver_by",
    "order_total": "o_total",
    "currency": "o_currency",
}


def derive_bundles(
    orders: pl.DataFrame,
    shipments: pl.DataFrame,
    claims: pl.DataFrame,
    constants: PolicyConstants,
) -> BundleDerivation:
    """The built-in derivation of bundles that hold one order each of ``orders``, its
    ``shipments`` and its ``claims`` (each with one column per domain field), and nothing
    else."""
    side = orders.select(
        "order_id",
        *(pl.col(k).alias(v) for k, v in ORDER_SIDE.items()),
        merchant().alias("o_mfn"),
        cancelled().alias("o_cancelled"),
    )
    protected = (pl.col("buy_shipping").fill_null(0) == 1) & (
        pl.col("claims_protected").fill_null(0) == 1
    )
    handed = pl.coalesce("first_scan_at", "confirmed_at")
    s = shipments.join(side, on="order_id", how="left").with_columns(
        protected.alias("protected"),
        (pl.col("tracking_number").fill_null("") != "").alias("numbered"),
        (pl.coalesce("o_deliver_by", "confirmed_at", "o_purchase") + constants.inr_closes).alias(
            "until"
        ),
    )
    per_order = s.group_by("order_id").agg(
        pl.col("confirmed_at").min().alias(CONFIRMED),
        pl.col("delivered_at").min().alias("delivered_min"),
        pl.col("protected").any().alias("any_protected"),
        (pl.col("protected") & (handed <= pl.col("o_ship_by"))).any().alias("protected_on_time"),
    )
    defects = _claim_defects(claims, side, per_order)
    full = orders.join(per_order, on="order_id", how="left").join(
        defects, on="order_id", how="left"
    )
    derived = derive_orders(full)
    return BundleDerivation(
        orders=pl.concat([orders.select("order_id"), derived.facts], how="horizontal"),
        shipments=_shipment_facts(s),
        deadlines=pl.concat([derived.deadlines, *_claim_deadlines(claims, constants)]),
        risks=pl.concat(
            [
                derived.risks,
                *_shipment_risks(s, constants),
                *_tracking_risks(s, constants),
                _inr_exposure(full, side, constants),
            ]
        ),
    )


def _claim_defects(
    claims: pl.DataFrame, side: pl.DataFrame, per_order: pl.DataFrame
) -> pl.DataFrame:
    """Per order, ``DEFECT``: one of its claims counts in ODR (``facts.order_defects``)."""
    reported = pl.col("claim_id").str.starts_with(REPORTED_CLAIM_PREFIX)
    counts = pl.col("counts_in_odr").fill_null("")
    protected = (
        (pl.col("type") == ClaimType.NOT_RECEIVED.value)
        & pl.col("o_ship_by").is_not_null()
        & pl.col("protected_on_time").fill_null(False)
    )
    not_counted = (
        pl.when(counts == CountsInOdr.YES.value)
        .then(False)
        .when(counts == CountsInOdr.NO.value)
        .then(True)
        .otherwise(
            _is("appeal_outcome", AppealOutcome.GRANTED.value)
            | _is("decision", Decision.WITHDRAWN.value, Decision.DENIED.value)
            | _is("funded_by", FundedBy.AMAZON.value)
            | protected
        )
    )
    c = claims.join(side, on="order_id", how="left").join(per_order, on="order_id", how="left")
    recorded = (~reported).any().over("order_id")
    return (
        c.with_columns((~not_counted & ~(reported & recorded)).alias("defect"))
        .group_by("order_id")
        .agg(flag(pl.col("defect").any()).alias(DEFECT))
    )


def _claim_deadlines(claims: pl.DataFrame, k: PolicyConstants) -> list[pl.DataFrame]:
    """``ClaimResponse``, ``Appeal`` and ``AppealInfoResponse`` (``deadlines``)."""
    requested = claims.filter(pl.col("response_requested_at").is_not_null())
    appealable = claims.filter(
        _is("decision", Decision.GRANTED.value)
        & ~_is("funded_by", FundedBy.AMAZON.value)
        & pl.col("decided_at").is_not_null()
    )
    asked = claims.filter(pl.col("appeal_info_requested_at").is_not_null())
    return [
        _deadline(
            requested,
            "claim_response",
            pl.col("response_requested_at") + k.claim_response,
            "response_requested_at",
            "responded_at",
            pl.col("decision").is_not_null(),
        ),
        _deadline(
            appealable,
            "appeal",
            pl.col("decided_at") + k.appeal,
            "decided_at",
            "appeal_filed_at",
            pl.lit(False),
        ),
        _deadline(
            asked,
            "appeal_info_response",
            pl.col("appeal_info_requested_at") + k.appeal_info,
            "appeal_info_requested_at",
            "appeal_info_responded_at",
            pl.col("appeal_outcome").is_not_null(),
        ),
    ]


def _shipment_facts(s: pl.DataFrame) -> pl.DataFrame:
    """``facts.shipment_facts`` of each shipment."""
    basis = pl.col("o_deliver_by")
    counted = pl.col("o_mfn") & basis.is_not_null()
    delivered = pl.col("delivered_at")
    confirmed = pl.col("confirmed_at")
    valid = (
        pl.col("numbered")
        & pl.col("first_scan_at").is_not_null()
        & (delivered.is_null() | confirmed.is_null() | (confirmed <= delivered))
    )
    return s.select(
        "order_id",
        "tracking_number",
        basis.alias("basis_at"),
        flag(counted & confirmed.is_not_null()).alias("tracking_population"),
        flag(valid).alias("tracking_valid"),
        flag(counted & pl.col("numbered")).alias("delivery_population"),
        flag(basis.is_not_null() & delivered.is_not_null() & (delivered <= basis)).alias("on_time"),
    )


def _shipment_risks(s: pl.DataFrame, k: PolicyConstants) -> list[pl.DataFrame]:
    """``risks.shipment_risks``."""
    sent = s.filter(pl.col("confirmed_at").is_not_null())
    subject = (
        pl.when(pl.col("numbered")).then(pl.col("tracking_number")).otherwise(pl.col("order_id"))
    )
    confirmed, until = pl.col("confirmed_at"), pl.col("until")
    unscanned = sent.filter(
        pl.col("numbered") & pl.col("first_scan_at").is_null() & pl.col("delivered_at").is_null()
    )
    hours = k.no_scan_grace // HOUR
    costly = sent.filter(
        pl.col("o_total").is_not_null()
        & (pl.col("signature").fill_null(0) == 0)
        & (pl.col("o_currency").fill_null("").replace("", k.currency) == k.currency)
    )
    totals = costly["o_total"]
    costly = costly.filter(
        _mapped("o_total", totals, lambda t: Decimal(t) >= k.threshold, pl.Boolean)
    )
    said = _mapped(
        "o_total",
        costly["o_total"],
        lambda t: detail(
            "no_signature",
            total=f"{Decimal(t):.2f}",
            threshold=f"{k.threshold:.2f}",
            currency=k.currency,
        ),
        pl.String,
    )
    return [
        _risk(
            sent.filter(~pl.col("numbered")),
            "no_tracking",
            subject,
            detail("no_tracking_number"),
            confirmed,
            until,
        ),
        _risk(
            unscanned,
            "no_tracking",
            subject,
            detail("no_scan", hours=hours),
            confirmed + k.no_scan_grace,
            until,
        ),
        _risk(costly, "signature_missing", subject, said, confirmed, until),
        _risk(
            sent.filter(~pl.col("protected")),
            "unprotected_shipping",
            subject,
            detail("not_buy_shipping"),
            confirmed,
            until,
        ),
    ]


def _tracking_risks(s: pl.DataFrame, k: PolicyConstants) -> list[pl.DataFrame]:
    """``risks.tracking_risks``."""
    sent = s.filter(pl.col("confirmed_at").is_not_null() & pl.col("numbered"))
    number, until, last = pl.col("tracking_number"), pl.col("until"), pl.col("last_event_at")
    waiting = sent.filter(
        _is("status", TrackingStatus.INFO_RECEIVED.value, TrackingStatus.PENDING.value)
        & pl.col("first_scan_at").is_null()
        & pl.col("o_ship_by").is_not_null()
    )
    moving = sent.filter(
        _is("status", *(m.value for m in MOVING)) & last.is_not_null()
    ).with_columns(pl.col("carrier").fill_null(""))
    carriers = moving["carrier"]
    moving = moving.with_columns(
        _mapped(
            "carrier", carriers, lambda c: _seconds(timedelta(days=k.stalled_days(c))), pl.Int64
        ).alias("wait"),
        _mapped(
            "carrier", carriers, lambda c: detail("stalled", days=k.stalled_days(c)), pl.String
        ).alias("said"),
    )
    promised = pl.col("o_deliver_by")
    delivered = pl.col("delivered_at")
    late = sent.filter(
        promised.is_not_null()
        & pl.col("status").is_not_null()
        & ~_is("status", TrackingStatus.RETURNED.value, TrackingStatus.RETURN_TO_SENDER.value)
        & (delivered.is_null() | (delivered > promised))
    )
    trouble = [
        _risk(
            sent.filter(_is("status", status.value)),
            signal,
            number,
            said,
            pl.coalesce(last, "confirmed_at"),
            until,
        )
        for status, (signal, said) in CARRIER_TROUBLE.items()
    ]
    return [
        _risk(
            waiting,
            "not_handed_over",
            number,
            detail("not_handed_over"),
            pl.col("o_ship_by"),
            until,
        ),
        _risk(moving, "tracking_stalled", number, pl.col("said"), last + pl.col("wait"), until),
        *trouble,
        _risk(
            late,
            "late_delivery",
            number,
            detail("late_delivery"),
            promised,
            pl.coalesce(delivered, until),
        ),
    ]


def _inr_exposure(full: pl.DataFrame, side: pl.DataFrame, k: PolicyConstants) -> pl.DataFrame:
    """``risks.inr_exposure``: orders shipped with no protected shipment."""
    deliver_by = pl.col("o_deliver_by")
    exposed = full.join(side, on="order_id", how="left").filter(
        deliver_by.is_not_null()
        & pl.col("o_mfn")
        & ~pl.col("o_cancelled")
        & pl.col("any_protected").is_not_null()
        & ~pl.col("any_protected")
    )
    opens = pl.min_horizontal(deliver_by + k.inr_opens, pl.col("delivered_min"))
    closes = deliver_by + k.inr_closes
    exposed = exposed.with_columns(opens.alias("opens"), closes.alias("closes"))
    return _risk(
        exposed.filter(pl.col("opens") < pl.col("closes")),
        "inr_exposure",
        pl.col("order_id"),
        detail("inr_exposure"),
        pl.col("opens"),
        pl.col("closes"),
    )
