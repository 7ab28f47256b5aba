"""The one redaction layer: no secret's value ever reaches an output, a log or a stored message.

Two nets, because a secret reaches text in two ways:

- **Known values.** Every secret aztui reads (``{ env = … }``, ``{ file = … }``, a plugin's
  ``AZTUI_…`` variable or ``secrets_file``, a database URL's password) is ``remember``-ed the
  moment it is read; any text later passed through ``redact`` has it replaced by ``***``,
  whichever library wrote the text (an HTTP client's URL, a driver's error, a traceback).
- **Shapes.** A secret aztui never read as one (typed where it does not belong, echoed by a
  validation error) is caught by its shape: a URL's ``user:password@``, ``Bearer …`` and
  ``Basic …`` credentials, ``password=…`` / ``"api_key": "…"`` pairs, and the token formats
  of well-known services (``whsec_…``, JSON Web Tokens, ``sk_live_…``, ``ghp_…``, AWS keys).

Paths that print or store text call ``redact``: the CLI's error printing and ``--debug``
tracebacks, ``aztui watch``'s log, the logging handler the CLI installs (``aztui.logs``),
delivery failures and plugin faults kept in the store.
"""

from __future__ import annotations

import json
import re
import threading
import traceback
from urllib.parse import quote, quote_plus

MASK = "***"
SHORTEST = 4
"""Shorter values are not remembered: masking every ``"abc"`` in every message would hide
more than it protects (and no service issues secrets that short)."""

SECRET_NAME = re.compile(
    r"(?:^|[_\-.])(?:password|passwd|passphrase|pwd|secret|secrets|token|api[_-]?key|apikey"
    r"|private[_-]?key|client[_-]?secret|access[_-]?key|refresh[_-]?token|credentials?"
    r"|authorization|auth|cookie|session[_-]?id|signing[_-]?secret|x[_-]api[_-]key)$",
    re.IGNORECASE,
)
"""A key whose value is a secret by its name: ``password``, ``api_key``, ``signing_secret``,
``Authorization``, ``X-Api-Key`` … (``secrets_file``, a path, is not: its name does not end so)."""

_URL_PASSWORD = re.compile(r"(?P<head>[A-Za-z][A-Za-z0-9+.\-]*://[^\s/@:'\"<>]*:)[^\s/@'\"<>]+@")
_SCHEME_CREDENTIAL = re.compile(
    r"\b(?P<head>(?:Bearer|Basic|Token|Digest)\s+)"
    r"(?:(?=[A-Za-z0-9._~+/=\-]*[0-9._~+/=\-])[A-Za-z0-9._~+/=\-]{8,}|[A-Za-z]{20,})"
)
"""``Bearer <token>``: a credential has a digit or a symbol in it, or is long, so "Basic
authentication" and "Token expired" stay as they are."""
_PAIR = re.compile(
    r"(?P<head>(?P<key>[A-Za-z][A-Za-z0-9_\-]*)\s*=\s*"
    r"|(?P<q>['\"])(?P<qkey>[A-Za-z][A-Za-z0-9_\-]*)(?P=q)\s*:\s*)"
    r"(?P<value>'[^']*'|\"[^\"]*\"|[^\s,;&}\])'\"{\[][^\s,;&}\])'\"]*)"
)
"""``password=…``, ``api_key = "…"`` (a query string, TOML, a log line) and ``"token": "…"``
(JSON). A bare ``name: value`` is not a pair: messages say ``api_key: set AZTUI_…``."""
_TOKENS = re.compile(
    r"\b(?:whsec_[A-Za-z0-9+/=]{8,}"
    r"|eyJ[A-Za-z0-9_\-]{6,}\.[A-Za-z0-9_\-]{6,}\.[A-Za-z0-9_\-]*"
    r"|(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{8,}"
    r"|gh[pousr]_[A-Za-z0-9]{20,}"
    r"|xox[abprs]-[A-Za-z0-9\-]{10,}"
    r"|AKIA[0-9A-Z]{16})\b"
)


def looks_like_token(value: str) -> bool:
    """A whole value in the format of a well-known service's secret (``whsec_…``, a JWT …)."""
    return bool(_TOKENS.fullmatch(value.strip()))


def url_password(value: str) -> bool:
    """Whether ``value`` holds a URL with ``user:password@``."""
    return bool(_URL_PASSWORD.search(value))


def credential_scheme(value: str) -> bool:
    """Whether ``value`` is an HTTP credential: ``Bearer …``, ``Basic …``, ``Token …``."""
    return bool(_SCHEME_CREDENTIAL.match(value.strip()))


class Redactor:
    """The secrets read in this process, and the masking of any text against them."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._known: set[str] = set()
        self._pattern: re.Pattern[str] | None = None

    def remember(self, value: str | None) -> None:
        """From now on, ``value`` (and its URL-quoted and JSON-escaped forms) is never shown."""
        if not value or len(value) < SHORTEST:
            return
        forms = {value, quote(value, safe=""), quote_plus(value), json.dumps(value)[1:-1]}
        forms.add(repr(value)[1:-1])
        with self._lock:
            if forms <= self._known:
                return
            self._known |= forms
            ordered = "|".join(map(re.escape, sorted(self._known, key=len, reverse=True)))
            # Whole values only: a password "shop" must not mask the word in "workshop".
            self._pattern = re.compile(f"(?<![A-Za-z0-9])(?:{ordered})(?![A-Za-z0-9])")

    def forget_all(self) -> None:
        """For tests: a fresh process's state."""
        with self._lock:
            self._known.clear()
            self._pattern = None

    def redact(self, text: str) -> str:
        """``text`` with every known secret and every secret-shaped part masked."""
        if not text:
            return text
        pattern = self._pattern
        if pattern is not None:
            text = pattern.sub(MASK, text)
        text = _URL_PASSWORD.sub(lambda m: m["head"] + MASK + "@", text)
        text = _SCHEME_CREDENTIAL.sub(lambda m: m["head"] + MASK, text)
        text = _TOKENS.sub(MASK, text)
        return _PAIR.sub(_mask_pair, text)


def _mask_pair(match: re.Match[str]) -> str:
    key = match["key"] or match["qkey"]
    if not SECRET_NAME.search(key):  # its value may hold pairs: url=https://h/?token=…
        value = match["value"]
        inner = _PAIR.sub(_mask_pair, value)
        return match[0] if inner == value else f"{match['head']}{inner}"
    if match["value"].strip("'\"") in ("", MASK):
        return match[0]
    value = match["value"]
    quote_char = value[0] if value[:1] in ("'", '"') else ""
    return f"{match['head']}{quote_char}{MASK}{quote_char}"


REDACTOR = Redactor()
remember = REDACTOR.remember
redact = REDACTOR.redact


def format_exception(exc: BaseException) -> str:
    """A traceback, redacted (``--debug``)."""
    return redact("".join(traceback.format_exception(exc)))
