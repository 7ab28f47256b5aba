"""``read_mail``'s work: open the e-mail, trust it or refuse it, recognise it, and turn it into
records. The reason told is built from the kind and the ids only, never from the e-mail's
words."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from functools import lru_cache

from aztui.domain.model import (
    AppealOutcome,
    BuyerMessage,
    Claim,
    Decision,
    Fulfillment,
    Order,
    Record,
    ReturnRequest,
)
from aztui.domain.standins import email_claim_id, email_return_id
from aztui.mail import (
    IGNORED,
    RECORDED,
    REFUSED,
    UNRECOGNISED,
    DnsFunc,
    MailReading,
    MailSettings,
)
from aztui.mail.parse import Mail, open_mail
from aztui.mail.reasons import why
from aztui.mail.recognise import Recognised, end_of_day, fingerprint, ignored, recognise
from aztui.mail.trust import amazon_domain, dkim_verified, results_say_pass
from aztui.mail.wording import Language, languages

ANSWERS_FROM = ("sent", "amazon")
FOLDER_ROLES = ("inbox", "sent")
CLAIM_KINDS = frozenset(
    {
        "claim_filed",
        "claim_response_requested",
        "claim_granted",
        "claim_denied",
        "appeal_info_requested",
        "appeal_granted",
        "appeal_denied",
    }
)


def read(
    raw: bytes,
    *,
    settings: MailSettings,
    zone: str,
    dns: DnsFunc | None,
    folder_role: str,
) -> MailReading:
    if settings.answers_from not in ANSWERS_FROM:
        raise ValueError(f"answers_from must be one of {ANSWERS_FROM}")
    if folder_role not in FOLDER_ROLES:
        raise ValueError(f"folder_role must be one of {FOLDER_ROLES}")
    mail = open_mail(raw)
    known = _languages(settings.extra_patterns)
    if folder_role == "sent":
        return _sent(mail, known, settings)
    key = mail.message_id
    domain = amazon_domain(mail.sender_domain)
    if domain is None:
        return MailReading(REFUSED, (), key, None, why("mail_not_amazon"))
    trusted = (
        settings.trust_authentication_results and results_say_pass(mail.message, mail.sender_domain)
    ) or dkim_verified(raw, mail.sender_domain, dns)
    if not trusted:
        return MailReading(REFUSED, (), key, None, why("mail_no_dkim", domain=mail.sender_domain))
    if mail.date is None:
        return MailReading(UNRECOGNISED, (), key, fingerprint(mail), why("mail_no_date"))
    found = recognise(mail, known, domain)
    if found is None:
        if ignored(mail, known):
            return MailReading(IGNORED, (), key, None, why("mail_no_use"))
        return MailReading(UNRECOGNISED, (), key, fingerprint(mail), why("mail_no_pattern"))
    if found.token:
        key = found.token
    if found.kind == "seller_answer" and settings.answers_from != "amazon":
        return MailReading(IGNORED, (), key, None, why("mail_amazon_copy"))
    return _recorded(mail, mail.date, found, key, zone)


@lru_cache(maxsize=8)
def _cached(frozen: str) -> tuple[Language, ...]:
    return languages(json.loads(frozen))


def _languages(extra: Mapping[str, object]) -> tuple[Language, ...]:
    """The patterns, compiled once per distinct ``extra`` (a sync reads thousands)."""
    try:
        frozen = json.dumps(extra, sort_keys=True)
    except (TypeError, ValueError):  # not plain TOML data: compiled each time
        return languages(extra)
    return _cached(frozen)


def _sent(mail: Mail, known: tuple[Language, ...], settings: MailSettings) -> MailReading:
    """The seller's own answer through the relay, in their Sent folder."""
    key = mail.message_id
    to_relay = any(amazon_domain(a.rpartition("@")[2]) for a in mail.recipients)
    if settings.answers_from != "sent" or not to_relay:
        return MailReading(IGNORED, (), key, None, why("mail_not_relayed"))
    if mail.date is None:
        return MailReading(UNRECOGNISED, (), key, None, why("mail_answer_no_date"))
    found = recognise(mail, known, "")
    token = found.token if found else None
    if token is None:
        return MailReading(UNRECOGNISED, (), key, None, why("mail_answer_no_token"))
    message = BuyerMessage(
        token, mail.date, found.order_id if found else None, answered_at=mail.date
    )
    return MailReading(RECORDED, (message,), token, None, why("mail_answered"))


def _recorded(mail: Mail, at: datetime, found: Recognised, key: str, zone: str) -> MailReading:
    order = found.order_id
    guessed = " (guessed pattern)" if found.guessed else ""
    if order is None and found.kind != "buyer_message":
        return MailReading(
            UNRECOGNISED, (), key, fingerprint(mail), why("mail_no_order", kind=found.kind)
        )
    records: tuple[Record, ...]
    if found.kind in CLAIM_KINDS:
        assert order is not None
        records = (_claim(found, order, at),)
    elif found.kind == "buyer_message":
        records = (BuyerMessage(found.token or f"mail:{mail.message_id}", at, order),)
    elif found.kind == "seller_answer":
        if found.token is None:
            return MailReading(UNRECOGNISED, (), key, None, why("mail_answer_no_token"))
        records = (BuyerMessage(found.token, at, order, answered_at=at),)
    elif found.kind == "return_request":
        assert order is not None
        records = (ReturnRequest(email_return_id(order), order, at),)
    elif found.kind == "cancellation_request":
        assert order is not None
        records = (Order(order, at, buyer_requested_cancel=True),)
    else:  # new_order
        assert order is not None
        ship_by = end_of_day(found.ship_by, zone).astimezone(UTC) if found.ship_by else None
        records = (Order(order, at, fulfillment=Fulfillment.MFN, latest_ship_date=ship_by),)
    what = f"{found.kind} on order {order}" if order else found.kind
    return MailReading(RECORDED, records, key, None, what + guessed)


def _claim(found: Recognised, order: str, at: datetime) -> Claim:
    """The claim an e-mail speaks of; each instant is the e-mail's ``Date``. An appeal implies
    a granted claim (only those can be appealed, docs/rules.md §3)."""
    claim = Claim(
        found.claim_id or email_claim_id(order, found.claim_type),
        order,
        found.claim_type,
        at,
        amount=found.amount,
        currency=found.currency,
    )
    kind = found.kind
    if kind == "claim_response_requested":
        return _with(claim, response_requested_at=at)
    if kind in ("claim_granted", "claim_denied"):
        decision = Decision.GRANTED if kind == "claim_granted" else Decision.DENIED
        return _with(claim, decided_at=at, decision=decision, funded_by=found.funded_by)
    if kind.startswith("appeal_"):
        appeal = _with(claim, decided_at=at, decision=Decision.GRANTED, appeal_filed_at=at)
        if kind == "appeal_info_requested":
            return _with(appeal, appeal_info_requested_at=at)
        outcome = AppealOutcome.GRANTED if kind == "appeal_granted" else AppealOutcome.DENIED
        return _with(appeal, appeal_decided_at=at, appeal_outcome=outcome)
    return claim


def _with(claim: Claim, **changes: object) -> Claim:
    import dataclasses

    return dataclasses.replace(claim, **changes)  # type: ignore[arg-type]
