"""Which kind of Amazon e-mail a message is, and what it says: ids, amounts, dates.

Pure text work on the ``Mail`` of ``aztui.mail.parse``; the patterns are data
(``aztui.mail.wording``). What comes out is ids, amounts and instants, never text.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from aztui.domain.model import ClaimType, FundedBy
from aztui.mail.parse import Mail
from aztui.mail.wording import Language

ORDER_ID = re.compile(r"\b\d{3}-\d{7}-\d{7}\b")
AMAZON_TOKEN = re.compile(r"\[commMgrTok:\s*([A-Za-z0-9]+)\s*\]")
"""Amazon's own id of a message through the buyer-seller relay, in every copy of it."""
NO_RESPONSE_LINK = re.compile(r"no-response-needed\S*?[?&](?:amp;)?(?:msg|t)=([A-Za-z0-9]{8,})")
"""The same id in the relay's "no response needed" link (``msg=`` on amazon.ca, ``t=`` on
amazon.it), for the relay messages that carry no ``[commMgrTok:…]``."""
CURRENCIES = {"€": "EUR", "£": "GBP", "$": "USD", "EUR": "EUR", "GBP": "GBP", "USD": "USD"}
DOLLAR_BY_DOMAIN = {"amazon.ca": "CAD"}
MASKS = (
    (re.compile(r"\S+@\S+"), "<address>"),
    (re.compile(r"https?://\S+"), "<link>"),
    (ORDER_ID, "<order>"),
    (re.compile(r"\d[\d.,  ]*"), "<n>"),
)
TEMPLATE_WORDS = 6


@dataclass(frozen=True, slots=True)
class Recognised:
    kind: str
    language: str
    guessed: bool
    order_id: str | None
    claim_id: str | None
    amount: Decimal | None
    currency: str | None
    claim_type: ClaimType
    funded_by: FundedBy | None
    ship_by: date | None
    token: str | None


def ignored(mail: Mail, languages: tuple[Language, ...]) -> bool:
    return any(lang.ignore.matches(mail.subject, mail.text) for lang in languages)


def recognise(mail: Mail, languages: tuple[Language, ...], amazon_domain: str) -> Recognised | None:
    """The first kind (in ``patterns.KINDS`` order, languages in turn) the e-mail matches."""
    for lang in languages:
        for kind, rule in lang.kinds.items():
            if rule.matches(mail.subject, mail.text):
                return _read(mail, lang, kind, amazon_domain)
    return None


def _first(patterns: tuple[re.Pattern[str], ...], text: str) -> re.Match[str] | None:
    for pattern in patterns:
        found = pattern.search(text)
        if found:
            return found
    return None


def _read(mail: Mail, lang: Language, kind: str, amazon_domain: str) -> Recognised:
    text = f"{mail.subject}\n{mail.text}"
    order = ORDER_ID.search(mail.subject) or ORDER_ID.search(mail.text)
    amount, currency = _amount(lang, text, amazon_domain)
    claim = _first(lang.fields["claim_id"], text)
    token = AMAZON_TOKEN.search(mail.text) or NO_RESPONSE_LINK.search(mail.text)
    funded: FundedBy | None = None
    if _first(lang.fields["funded_by_amazon"], text):
        funded = FundedBy.AMAZON
    elif _first(lang.fields["funded_by_seller"], text):
        funded = FundedBy.SELLER
    claim_type = ClaimType.OTHER
    if _first(lang.fields["not_received"], text):
        claim_type = ClaimType.NOT_RECEIVED
    elif _first(lang.fields["not_as_described"], text):
        claim_type = ClaimType.NOT_AS_DESCRIBED
    ship = _first(lang.fields["ship_by"], text)
    return Recognised(
        kind=kind,
        language=lang.code,
        guessed=kind in lang.guessed,
        order_id=order.group(0) if order else None,
        claim_id=claim.group("id") if claim and "id" in claim.groupdict() else None,
        amount=amount,
        currency=currency,
        claim_type=claim_type,
        funded_by=funded,
        ship_by=_date(ship.group("date"), lang) if ship and "date" in ship.groupdict() else None,
        token=token.group(1) if token else None,
    )


def _amount(lang: Language, text: str, domain: str) -> tuple[Decimal | None, str | None]:
    found = _first(lang.fields["amount"], text)
    if found is None or "amount" not in found.groupdict():
        return None, None
    value = number(found.group("amount"))
    symbol = (found.groupdict().get("currency") or "").strip().upper()
    currency = CURRENCIES.get(symbol)
    if symbol == "$":
        currency = DOLLAR_BY_DOMAIN.get(domain, "USD")
    return value, currency if value is not None else None


def number(raw: str) -> Decimal | None:
    """``1,234.56``, ``1.234,56``, ``1 234,56`` or ``12,50``: the decimal separator is the
    last one followed by one or two digits."""
    raw = re.sub(r"[\s\u00a0\u202f]", "", raw).strip(".,")
    last = max(raw.rfind(","), raw.rfind("."))
    if last >= 0 and 1 <= len(raw) - last - 1 <= 2:
        whole, frac = raw[:last], raw[last + 1 :]
    else:
        whole, frac = raw, ""
    whole = re.sub(r"[.,]", "", whole)
    try:
        return Decimal(f"{whole}.{frac}" if frac else whole)
    except InvalidOperation:
        return None


EN_MONTHS = (
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
)  # fmt: skip


def _date(raw: str, lang: Language) -> date | None:
    raw = raw.strip().lower().replace(",", " ").replace(".", " ")
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            return date.fromisoformat(raw)
        if m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", raw):
            a, b, y = (int(g) for g in m.groups())
            return date(y, a, b) if lang.date_order == "mdy" else date(y, b, a)
        parts = raw.split()
        if len(parts) == 3:
            if parts[0].isdigit():  # 5 décembre 2026
                day, month, year = parts
            else:  # Dec 5 2026
                month, day, year = parts
            return date(int(year), _month(month, lang), int(day))
    except ValueError:
        return None
    return None


def _month(name: str, lang: Language) -> int:
    for names in (lang.months, EN_MONTHS):
        for index, known in enumerate(names):
            if known and name.startswith(known[:3]) and known.startswith(name[:3]):
                return index + 1
    raise ValueError(name)


def end_of_day(day: date, zone: str) -> datetime:
    """The last second of ``day`` in the marketplace's zone: a ship-by date said without a
    time holds until the day ends there."""
    start = datetime.combine(day + timedelta(days=1), time(), ZoneInfo(zone))
    return start - timedelta(seconds=1)


def fingerprint(mail: Mail) -> str:
    """The template of an e-mail no pattern knows, as 16 hex digits: the sender's mailbox
    (a relay's per-buyer one masked) and the first words of the subject, with addresses,
    links, order ids, numbers and capitalised words (names) masked, hashed. The body, where
    a buyer writes, is left out: one template gives one fingerprint, and nobody's data is in
    it."""
    subject = mail.subject
    for pattern, mask in MASKS:
        subject = pattern.sub(mask, subject)
    words = [
        "<name>" if index and word[:1].isupper() else word.lower()
        for index, word in enumerate(subject.split()[:TEMPLATE_WORDS])
    ]
    mailbox = mail.sender.partition("@")[0]
    if mail.sender_domain.startswith("marketplace.") or any(c.isdigit() for c in mailbox):
        mailbox = "<relay>"  # the relay's per-buyer addresses
    seed = "|".join([mailbox, mail.sender_domain, *words])
    return hashlib.sha256(seed.encode("utf-8")).hexdigest()[:16]
