"""What the rules on columns share: the policy values they read, each the same at every date,
and the few expressions every one of them builds (a value mapped once per distinct value, a
risk's rows)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

import polars as pl

from aztui.domain.bulk_rules import NotColumnar
from aztui.domain.policy import Policy
from aztui.domain.timeutil import DayMode
from aztui.domain.tracking import STALLED_DAYS, stalled_key

DAY = 86_400
HOUR = 3_600


def seconds(delta: timedelta) -> int:
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
            constant(policy, key)
        if constant(policy, "day_mode") != DayMode.ELAPSED:
            raise NotColumnar("days counted to the end of the day")
        return PolicyConstants(
            policy,
            claim_response=seconds(timedelta(days=constant(policy, "claim_response.days"))),
            appeal=seconds(timedelta(days=constant(policy, "appeal.days"))),
            appeal_info=seconds(timedelta(hours=constant(policy, "appeal_info_response.hours"))),
            no_scan_grace=seconds(timedelta(hours=constant(policy, "no_scan_grace_hours"))),
            inr_opens=seconds(timedelta(days=constant(policy, "inr_claim_opens_days"))),
            inr_closes=seconds(timedelta(days=constant(policy, "inr_claim_closes_days"))),
            threshold=Decimal(constant(policy, "signature_threshold")),
            currency=policy.marketplace.currency,
        )

    def stalled_days(self, carrier: str) -> Any:
        """``tracking_risks``' days without news before a carrier's parcel is stalled."""
        own = stalled_key(carrier)
        return self.policy.get(own if own in self.policy.keys else STALLED_DAYS)


def constant(policy: Policy, key: str) -> Any:
    history = policy.history(key)
    if len(history) != 1:
        raise NotColumnar(f"the policy's {key} changes over time")
    return history[0].value


def mapped(column: str, values: pl.Series, how: Callable[[Any], Any], dtype: Any) -> pl.Expr:
    """``column`` through ``how``, called once per distinct value (exact Python arithmetic)."""
    distinct = values.drop_nulls().unique().to_list()
    return pl.col(column).replace_strict(
        distinct, [how(v) for v in distinct], default=None, return_dtype=dtype
    )


def one_of(column: str, *values: str) -> pl.Expr:
    return pl.col(column).fill_null("").is_in(list(values))


def risk_rows(
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
