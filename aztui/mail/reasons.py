"""Why an e-mail was not recorded, as a ``Said`` (``aztui.errors``): its English sentence, which
logs and ``--json`` keep, and a code with values that the interface words in the reader's
language (``problem_<code>``). Built from the kind, the domain and the ids only, never from
the e-mail's words."""

from __future__ import annotations

from aztui.errors import Said, saying

SENTENCES = {
    "mail_told": "{outcome}: {reason}",
    "mail_told_template": "{outcome}: {reason} (template {fingerprint})",
    "mail_outcome_refused": "refused",
    "mail_outcome_unrecognised": "unrecognised",
    "mail_outcome_ignored": "ignored",
    "mail_outcome_recorded": "recorded",
    "mail_not_amazon": "not from an Amazon domain",
    "mail_no_dkim": "no valid DKIM signature of {domain}",
    "mail_no_date": "no Date header",
    "mail_no_use": "an Amazon e-mail aztui has no use for",
    "mail_no_pattern": "an Amazon e-mail no pattern matches",
    "mail_amazon_copy": "Amazon's copy of an answer (answers are read from Sent)",
    "mail_not_relayed": "not an answer to a buyer through Amazon",
    "mail_answer_no_date": "an answer without a Date header",
    "mail_answer_no_token": "an answer without Amazon's message token",
    "mail_answered": "the seller answered a buyer message",
    "mail_no_order": "a {kind} e-mail without an order id",
}


def why(code: str, **values: object) -> Said:
    """The reason ``code`` (``SENTENCES``), its values filled."""
    return saying(SENTENCES, code, **values)


def told(outcome: str, reason: str, fingerprint: str | None) -> Said:
    """``refused: no valid DKIM signature of amazon.com``: what became of an e-mail, and
    why; with the template's fingerprint when no pattern knew it."""
    said = why(f"mail_outcome_{outcome}") if f"mail_outcome_{outcome}" in SENTENCES else outcome
    if fingerprint:
        return why("mail_told_template", outcome=said, reason=reason, fingerprint=fingerprint)
    return why("mail_told", outcome=said, reason=reason)
