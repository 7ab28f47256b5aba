"""The shipment side of ``bulk_bundles``: each shipment's facts, and the signals of
``risks`` and ``tracking`` that read a shipment (the rules on columns, checked against the
engine's by the same tests)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import polars as pl

from aztui.domain.bulk_columns import HOUR, PolicyConstants, mapped, one_of, risk_rows, seconds
from aztui.domain.bulk_rules import flag
from aztui.domain.model import TrackingStatus
from aztui.domain.risks import CARRIER_TROUBLE, MOVING, detail


def shipment_facts(s: pl.DataFrame) -> pl.DataFrame:
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


def shipment_risks(s: pl.DataFrame, k: PolicyConstants) -> list[pl.DataFrame]:
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
        mapped("o_total", totals, lambda t: Decimal(t) >= k.threshold, pl.Boolean)
    )
    said = mapped(
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
        risk_rows(
            sent.filter(~pl.col("numbered")),
            "no_tracking",
            subject,
            detail("no_tracking_number"),
            confirmed,
            until,
        ),
        risk_rows(
            unscanned,
            "no_tracking",
            subject,
            detail("no_scan", hours=hours),
            confirmed + k.no_scan_grace,
            until,
        ),
        risk_rows(costly, "signature_missing", subject, said, confirmed, until),
        risk_rows(
            sent.filter(~pl.col("protected")),
            "unprotected_shipping",
            subject,
            detail("not_buy_shipping"),
            confirmed,
            until,
        ),
    ]


def tracking_risks(s: pl.DataFrame, k: PolicyConstants) -> list[pl.DataFrame]:
    """``risks.tracking_risks``."""
    sent = s.filter(pl.col("confirmed_at").is_not_null() & pl.col("numbered"))
    number, until, last = pl.col("tracking_number"), pl.col("until"), pl.col("last_event_at")
    waiting = sent.filter(
        one_of("status", TrackingStatus.INFO_RECEIVED.value, TrackingStatus.PENDING.value)
        & pl.col("first_scan_at").is_null()
        & pl.col("o_ship_by").is_not_null()
    )
    moving = sent.filter(
        one_of("status", *(m.value for m in MOVING)) & last.is_not_null()
    ).with_columns(pl.col("carrier").fill_null(""))
    carriers = moving["carrier"]
    moving = moving.with_columns(
        mapped(
            "carrier", carriers, lambda c: seconds(timedelta(days=k.stalled_days(c))), pl.Int64
        ).alias("wait"),
        mapped(
            "carrier", carriers, lambda c: detail("stalled", days=k.stalled_days(c)), pl.String
        ).alias("said"),
    )
    promised = pl.col("o_deliver_by")
    delivered = pl.col("delivered_at")
    late = sent.filter(
        promised.is_not_null()
        & pl.col("status").is_not_null()
        & ~one_of("status", TrackingStatus.RETURNED.value, TrackingStatus.RETURN_TO_SENDER.value)
        & (delivered.is_null() | (delivered > promised))
    )
    trouble = [
        risk_rows(
            sent.filter(one_of("status", status.value)),
            signal,
            number,
            said,
            pl.coalesce(last, "confirmed_at"),
            until,
        )
        for status, (signal, said) in CARRIER_TROUBLE.items()
    ]
    return [
        risk_rows(
            waiting,
            "not_handed_over",
            number,
            detail("not_handed_over"),
            pl.col("o_ship_by"),
            until,
        ),
        risk_rows(moving, "tracking_stalled", number, pl.col("said"), last + pl.col("wait"), until),
        *trouble,
        risk_rows(
            late,
            "late_delivery",
            number,
            detail("late_delivery"),
            promised,
            pl.coalesce(delivered, until),
        ),
    ]


def inr_exposure(full: pl.DataFrame, side: pl.DataFrame, k: PolicyConstants) -> pl.DataFrame:
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
    return risk_rows(
        exposed.filter(pl.col("opens") < pl.col("closes")),
        "inr_exposure",
        pl.col("order_id"),
        detail("inr_exposure"),
        pl.col("opens"),
        pl.col("closes"),
    )
