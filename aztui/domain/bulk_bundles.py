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

from dataclasses import dataclass

import polars as pl

from aztui.domain.bulk_columns import PolicyConstants, one_of
from aztui.domain.bulk_rules import (
    CONFIRMED,
    DEFECT,
    cancelled,
    derive_orders,
    flag,
    merchant,
)
from aztui.domain.bulk_shipments import inr_exposure, shipment_facts, shipment_risks, tracking_risks
from aztui.domain.model import (
    REPORTED_CLAIM_PREFIX,
    AppealOutcome,
    ClaimType,
    CountsInOdr,
    Decision,
    FundedBy,
)

SHIPMENT_FACT_COLUMNS = (
    "basis_at",
    "tracking_population",
    "tracking_valid",
    "delivery_population",
    "on_time",
)


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
        shipments=shipment_facts(s),
        deadlines=pl.concat([derived.deadlines, *_claim_deadlines(claims, constants)]),
        risks=pl.concat(
            [
                derived.risks,
                *shipment_risks(s, constants),
                *tracking_risks(s, constants),
                inr_exposure(full, side, constants),
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
            one_of("appeal_outcome", AppealOutcome.GRANTED.value)
            | one_of("decision", Decision.WITHDRAWN.value, Decision.DENIED.value)
            | one_of("funded_by", FundedBy.AMAZON.value)
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
        one_of("decision", Decision.GRANTED.value)
        & ~one_of("funded_by", FundedBy.AMAZON.value)
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
