"""The e-mails of ``bench/mail.py``: Amazon's notifications as the recognition tests build them
(tests/mail/mails.py, from the real templates of tests/mail/fixtures/real), each with an order
id, Message-ID and relay token of its own, DKIM-signed with the tests' key.

Each template is built once; a message is that template with its ids replaced, then signed.
dkimpy signs in pure Python (a 2048-bit RSA power: about 12 ms an e-mail); here its signing
step is done by ``cryptography`` instead, which gives the same bytes (RSASSA-PKCS1-v1_5 is
deterministic) in a fraction of the time, so that 10,000 e-mails are made in seconds.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass
from email import message_from_bytes, policy
from functools import cache
from typing import Any

import dkim  # type: ignore[import-untyped]  # dkimpy ships no type information
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa, utils

from tests.mail.mails import SELECTOR, _key, build

ORDER = re.compile(rb"\d{3}-\d{7}-\d{7}")
TOKEN = re.compile(rb"AFAKETOKEN\d{4}")
MESSAGE_ID = re.compile(rb"^Message-ID: <([^@>]*)@", re.MULTILINE | re.IGNORECASE)

# (fixture, encoding options, share of the mix, what read_mail makes of it)
KNOWN: tuple[tuple[str, dict[str, Any], int, str], ...] = (
    ("en_claim_received.eml", {}, 12, "recorded"),
    ("fr_claim_received.eml", {"charset": "iso-8859-1"}, 6, "recorded"),
    ("en_claim_decision_granted.eml", {"shape": "alternative"}, 6, "recorded"),
    ("en_appeal_denied.eml", {}, 3, "recorded"),
    ("en_buyer_message.eml", {"shape": "alternative"}, 18, "recorded"),
    ("fr_en_buyer_message.html.eml", {}, 6, "recorded"),
    ("en_cancellation_request.eml", {}, 6, "recorded"),
    ("es_cancellation_request.eml", {"shape": "html"}, 3, "recorded"),
    ("en_new_order.eml", {}, 18, "recorded"),
    ("en_return_request.eml", {"shape": "alternative"}, 6, "recorded"),
    ("en_refund_initiated.eml", {}, 4, "ignored"),
    ("en_seller_answer_copy.eml", {}, 2, "ignored"),
)
UNKNOWN_SHARE = 6
"""Amazon's, signed, of a template no pattern knows: ``unrecognised``."""
FORGED_SHARE = 4
"""An Amazon sender signed by another domain: ``refused``."""


@dataclass(frozen=True)
class Template:
    raw: bytes
    """Unsigned, with the fixture's own ids."""
    domain: str
    """Who signs it."""
    outcome: str


@cache
def templates() -> tuple[tuple[Template, int], ...]:
    """Each template with its share of the mix."""
    made = []
    for name, options, share, outcome in KNOWN:
        raw = build(name, signer=None, **options)
        made.append((Template(raw, _from_domain(raw), outcome), share))
    unknown = build(
        "en_buyer_message.eml",
        signer=None,
        headers={"Subject": "Delivery feedback about order 701-0000004-0000004 of 12.50 CAD"},
        body="Your buyer rated your delivery of order 701-0000004-0000004.\n",
    )
    made.append((Template(unknown, _from_domain(unknown), "unrecognised"), UNKNOWN_SHARE))
    forged = build("en_claim_received.eml", signer=None)
    made.append((Template(forged, "example.net", "refused"), FORGED_SHARE))
    return tuple(made)


def _from_domain(raw: bytes) -> str:
    return str(message_from_bytes(raw, policy=policy.default)["From"].addresses[0].domain)


def corpus(count: int, seed: int = 16) -> tuple[list[bytes], Counter[str]]:
    """``count`` signed e-mails in a shuffled mix, and how many of each outcome to expect."""
    fast_signing()
    made = templates()
    chooser = random.Random(seed)
    picks = chooser.choices([t for t, _ in made], weights=[s for _, s in made], k=count)
    expected: Counter[str] = Counter()
    mails = []
    for number, template in enumerate(picks, start=1):
        mails.append(one(template, number))
        expected[template.outcome] += 1
    return mails, expected


def one(template: Template, number: int) -> bytes:
    """The template with ids of its own: order ``NNN-<number>-<number>``, a token, a
    Message-ID, then signed."""
    digits = b"%07d" % number
    raw = ORDER.sub(lambda m: m.group()[:4] + digits + b"-" + digits, template.raw)
    raw = TOKEN.sub(b"AFAKETOKEN" + digits, raw)
    raw = MESSAGE_ID.sub(lambda m: m.group()[:-1] + b"-" + digits + b"@", raw, count=1)
    header = dkim.sign(
        raw,
        SELECTOR,
        template.domain.encode(),
        _key()[0],
        include_headers=[b"from", b"to", b"subject", b"date", b"message-id"],
    )
    return header + raw


@cache
def fast_signing() -> None:
    """dkimpy's RSA signing step done by ``cryptography`` (same signature, C speed)."""
    key = serialization.load_pem_private_key(_key()[0], password=None)
    assert isinstance(key, rsa.RSAPrivateKey)

    def sign(digest, private_key) -> bytes:
        value = digest.digest()
        algorithm = hashes.SHA256() if len(value) == 32 else hashes.SHA1()
        return key.sign(value, padding.PKCS1v15(), utils.Prehashed(algorithm))

    dkim.RSASSA_PKCS1_v1_5_sign = sign
