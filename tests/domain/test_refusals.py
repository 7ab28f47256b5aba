"""The domain refuses with a code and values; the interface words each code in French and
English, a claim stage in Seller Central's words and an instant in the marketplace's zone."""

from __future__ import annotations

import string
from datetime import UTC, datetime

import pytest

from aztui.domain.lifecycle import ClaimStage
from aztui.domain.refusals import REASONS, Refusal
from aztui.i18n import LANGUAGES, WORDS
from aztui.refusal_words import worded


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("code", sorted(REASONS))
def test_each_code_is_worded_in_each_language_with_its_values(code):
    given = {name.split("!")[0] for name in fields(REASONS[code])}
    worded = [WORDS.text(f"refusal_{code}", lang) for lang in LANGUAGES]
    assert None not in worded
    french, english = (fields(text or "") for text in worded)
    assert french == english <= given


def test_a_refusal_in_french_speaks_seller_central_and_paris_time():
    refusal = Refusal("appeal_window_closed", closes=datetime(2027, 1, 19, 8, tzinfo=UTC))
    assert str(refusal) == "the appeal window closed at 2027-01-19T08:00:00+00:00"
    assert (
        worded(refusal, "fr", "Europe/Paris")
        == "le délai de contestation a pris fin le 19/01 09:00"
    )
    stage = Refusal("not_appealable", stage=ClaimStage.RESPONSE_REQUESTED)
    assert "(celle-ci : « Réponse demandée »)" in worded(stage, "fr", "Europe/Paris")
    assert "(this one: “Response requested”)" in worded(stage, "en", "Europe/Paris")
    what = Refusal("dated_in_future", what="cancellation")
    assert worded(what, "fr", "Europe/Paris") == "l'annulation est datée dans le futur"
    assert str(what) == "the cancellation is dated in the future"


def test_an_inconsistent_claim_is_worded_in_the_language():
    from aztui.domain.lifecycle import CLAIM_PROBLEMS
    from aztui.errors import saying

    problem = saying(CLAIM_PROBLEMS, "field_before", field="responded_at", after="filed_at")
    refusal = Refusal("inconsistent_claim", problem=problem)
    assert str(refusal) == "responded_at is before filed_at"
    french = worded(refusal, "fr", "Europe/Paris")
    assert french == "réclamation incohérente : responded_at est antérieur à filed_at"
