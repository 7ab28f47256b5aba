"""Forecasts nothing in Seller Central shows (docs/rules.md §5, Forecasts).

- when each defect leaves its metric's window;
- the value on a future date if nothing new happens (the store counts with ``now`` = that date);
- what-if: the metric if an appeal is won or an open claim is decided;
- headroom before a breach (``metrics.headroom``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from aztui.domain.facts import order_facts
from aztui.domain.lifecycle import ClaimEvent, apply_event
from aztui.domain.metrics import MetricDefinition, MetricResult, evaluate
from aztui.domain.model import OrderBundle
from aztui.domain.policy import Policy


@dataclass(frozen=True, slots=True)
class DefectExit:
    metric: str
    subject: str
    basis_at: datetime
    leaves_at: datetime


def defect_exits(
    definition: MetricDefinition,
    defects: Iterable[tuple[str, datetime]],
    policy: Policy,
    now: datetime,
) -> list[DefectExit]:
    """Each defect of the current window with the instant it stops counting, soonest first."""
    exits = [
        DefectExit(definition.id, subject, basis, definition.leaves_window_at(basis, policy, now))
        for subject, basis in defects
    ]
    return sorted(exits, key=lambda e: (e.leaves_at, e.subject))


def what_if_claim(
    definition: MetricDefinition,
    current: MetricResult,
    bundle: OrderBundle,
    claim_id: str,
    event: ClaimEvent,
    now: datetime,
    policy: Policy,
) -> MetricResult:
    """The order defect rate if ``event`` happened to the claim (an appeal won, a claim denied).

    Only the order of the claim changes; the rest of the window stays as counted.
    Raises ``TransitionRefused`` when the event is impossible for that claim.
    """
    claim = next(c for c in bundle.claims if c.claim_id == claim_id)
    hypothetical = dataclasses.replace(event, at=min(event.at, now))
    changed = bundle.replacing(apply_event(claim, hypothetical, now, policy))
    before, after = order_facts(bundle), order_facts(changed)
    order = bundle.order
    in_window = (
        order is not None
        and before is not None
        and before.mfn
        and order.purchase_date in current.window
    )
    numerator = current.numerator
    if in_window and before is not None and after is not None:
        numerator += int(after.odr_defect) - int(before.odr_defect)
    return evaluate(definition, numerator, current.denominator, now, policy)
