"""Whether an e-mail really comes from Amazon: an Amazon sender domain AND a DKIM signature
that verifies for that domain (dkimpy), or the mailbox's own ``Authentication-Results``
saying so when the seller trusts their mail server (off by default).

A shared sending service's domain (``amazonses.com``: anyone can send through SES) is never
Amazon's: the signature must be Amazon's own domain, the sender's or its parent.
"""

from __future__ import annotations

import logging
import re
from email.message import Message
from functools import lru_cache
from typing import Any

import dkim  # type: ignore[import-untyped]  # dkimpy ships no type information
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa, utils

from aztui.mail import DnsFunc

AMAZON_DOMAINS = frozenset(
    {
        "amazon.fr",
        "amazon.de",
        "amazon.es",
        "amazon.it",
        "amazon.co.uk",
        "amazon.com",
        "amazon.nl",
        "amazon.com.be",
        "amazon.pl",
        "amazon.se",
        "amazon.ie",
        "amazon.ca",
        "amazon.com.tr",
    }
)
"""Amazon's marketplace domains (docs/email.md); a sender may be one of them or under one of
them (``marketplace.amazon.fr``, the buyer-message relay)."""
SILENT = logging.getLogger("aztui.mail.dkim")
"""Given to dkimpy, which logs what it parses and hashes of a message: nothing of it may reach
a log (a subject or a body carries buyers' names)."""
SILENT.addHandler(logging.NullHandler())
SILENT.propagate = False
SILENT.disabled = True
RESULT = re.compile(r"\bdkim\s*=\s*(\w+)([^;]*)", re.IGNORECASE)
SIGNER = re.compile(r"header\.(?:d|i)\s*=\s*@?([A-Za-z0-9.-]+)", re.IGNORECASE)


HASHES: dict[str, type[hashes.HashAlgorithm]] = {"sha256": hashes.SHA256, "sha1": hashes.SHA1}


@lru_cache(maxsize=64)
def _public_key(modulus: int, exponent: int) -> rsa.RSAPublicKey:
    return rsa.RSAPublicNumbers(exponent, modulus).public_key()


def rsa_verify(digest: Any, signature: bytes, public_key: dict[str, int]) -> bool:
    """dkimpy's RSASSA-PKCS1-v1_5 check (RFC 8017) done by ``cryptography``: the same answer,
    but in C; dkimpy's own, in pure Python, was a third of the time a sync took."""
    algorithm = HASHES.get(str(digest.name).lower())
    if algorithm is None:
        return False
    key = _public_key(public_key["modulus"], public_key["publicExponent"])
    try:
        key.verify(signature, digest.digest(), padding.PKCS1v15(), utils.Prehashed(algorithm()))
    except (InvalidSignature, ValueError):
        return False
    return True


if hasattr(dkim, "RSASSA_PKCS1_v1_5_verify"):  # the name dkimpy's verify_sig_process calls
    dkim.RSASSA_PKCS1_v1_5_verify = rsa_verify
if hasattr(dkim, "parse_public_key"):  # a key's ASN.1, parsed once, not once an e-mail
    dkim.parse_public_key = lru_cache(maxsize=64)(dkim.crypto.parse_public_key)


def amazon_domain(domain: str) -> str | None:
    """The Amazon marketplace domain ``domain`` is or lies under, else ``None``."""
    domain = domain.lower().rstrip(".")
    for known in AMAZON_DOMAINS:
        if domain == known or domain.endswith("." + known):
            return known
    return None


def aligned(signer: str, sender_domain: str) -> bool:
    """A signature by ``signer`` vouches for ``sender_domain``: the same domain, or a parent
    of it that is itself Amazon's (``amazon.fr`` signing for ``marketplace.amazon.fr``)."""
    signer = signer.lower().rstrip(".")
    sender_domain = sender_domain.lower()
    if amazon_domain(signer) is None:
        return False
    return sender_domain == signer or sender_domain.endswith("." + signer)


def dkim_verified(raw: bytes, sender_domain: str, dns: DnsFunc | None) -> bool:
    """A DKIM signature of ``raw`` verifies and is aligned with ``sender_domain``."""
    try:
        checker = dkim.DKIM(raw, logger=SILENT)
    except Exception:  # noqa: BLE001 - a message dkimpy cannot parse is not verified
        return False
    count = sum(1 for name, _ in checker.headers if name.lower() == b"dkim-signature")
    for index in range(count):
        try:
            ok = checker.verify(idx=index, dnsfunc=dns) if dns else checker.verify(idx=index)
        except Exception:  # noqa: BLE001 - any failure of a signature is "not verified"
            continue
        signer = (checker.domain or b"").decode("ascii", "replace")
        if ok and aligned(signer, sender_domain):
            return True
    return False


def results_say_pass(message: Message, sender_domain: str) -> bool:
    """The topmost ``Authentication-Results`` (the one the seller's own server added) says
    ``dkim=pass`` for a signer aligned with ``sender_domain``."""
    try:
        values = message.get_all("Authentication-Results") or []
    except (ValueError, IndexError, TypeError):
        return False
    if not values:
        return False
    for verdict, rest in RESULT.findall(str(values[0])):
        if verdict.lower() != "pass":
            continue
        signer = SIGNER.search(rest)
        if signer and aligned(signer.group(1), sender_domain):
            return True
    return False
