"""Why the domain refuses a step or an action: a reason code and its values.

The interface words a refusal in the seller's language from its code (``aztui.i18n``, keys
``refusal_<code>``); the English sentence kept as the exception's text is for logs, scripts and
the tests. Values are ids (text), claim stages (``ClaimStage``) and instants (aware datetimes),
which the interface shows in the seller's own words and zone.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from aztui.errors import AztuiError

REASONS: dict[str, str] = {
    # a claim's steps (``lifecycle.apply_event``)
    "step_in_future": "that step is dated in the future",
    "claim_already_decided": "the claim is already {stage}",
    "response_already_requested": "a response was already requested",
    "response_not_requested": "Amazon has not asked for a response on this claim",
    "response_already_recorded": "the response is already recorded",
    "not_appealable": (
        "only a claim granted and not funded by Amazon can be appealed (this one is {stage})"
    ),
    "appeal_already_filed": "an appeal is already filed",
    "appeal_window_closed": "the appeal window closed at {closes}",
    "no_appeal": "there is no appeal on this claim",
    "appeal_already_decided": "the appeal is already {stage}",
    "appeal_info_already_requested": "information was already requested",
    "appeal_info_not_requested": "Amazon has not asked for information on this appeal",
    "appeal_answer_already_recorded": "the answer is already recorded",
    "step_before_previous": "{field} is before {after} ({previous})",
    "unknown_step": "unknown step {step}",
    "inconsistent_claim": "{problem}",
    # the seller's actions (``actions``)
    "dated_in_future": "{what} is dated in the future",
    "before_purchase": "{what} is before the order was placed ({placed})",
    "order_not_in_store": "order {order} is not in the store (import it first)",
    "claim_id_missing": "the claim needs its id (from Amazon's notice)",
    "claim_id_malformed": (
        "{claim!r} is not a claim id (3 to 40 letters, digits or dashes, a digit among them)"
    ),
    "claim_id_reserved_report": "that id is reserved for claims seen in a returns report",
    "claim_id_reserved_email": "that id is reserved for claims read from Amazon's e-mails",
    "claim_already_recorded": "claim {claim} is already recorded",
    "fba_no_tracking": "Amazon ships order {order} (FBA): no tracking to add",
    "order_cancelled": "order {order} is cancelled",
    "not_a_tracking_number": (
        "{number!r} is not a tracking number (4 to 40 letters, digits or dashes)"
    ),
    "no_such_parcel": "order {order} has no parcel {parcel}",
    "no_untracked_parcel": "order {order} has no parcel confirmed without a number",
    "parcel_already_on_order": "parcel {number} is already on order {order}",
    "fba_order": "Amazon ships order {order} (FBA)",
    "order_already_cancelled": "order {order} is already cancelled",
    "order_already_shipped": "order {order} is already shipped",
}
"""Each reason's English sentence; ``{name}`` is one of the refusal's values."""

WHAT = {"claim": "the claim", "shipment": "the shipment", "cancellation": "the cancellation"}
"""What an action dates (``what`` of ``dated_in_future`` and ``before_purchase``)."""


class Refusal(AztuiError, ValueError):
    """The domain will not take a step; ``code`` says why and ``values`` fill its sentence."""

    def __init__(self, code: str, **values: object) -> None:
        self.code = code
        self.values = values
        super().__init__(REASONS[code].format(**{k: _english(k, v) for k, v in values.items()}))


def _english(name: str, value: object) -> object:
    if name == "what" and isinstance(value, str):
        return WHAT[value]
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return value.value
    return value
