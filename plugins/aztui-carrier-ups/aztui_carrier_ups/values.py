"""Reading single values out of UPS's JSON: text, digits, lists, and placeholders refused.

UPS's published examples (Tracking.yaml, the developer portal) fill fields with "string",
"null" or "encoding Base64"; such answers have been quoted as real data in other projects.
``fact`` refuses them, so a placeholder never becomes a tracking number, a receiver or a
signature.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Mapping
from typing import Any

PLACEHOLDERS = frozenset({"string", "null", "none", "undefined", "encoding base64"})
"""Words UPS's examples put where a value goes (compared without case)."""

IMAGE_MAGIC = (b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"BM", b"%PDF")
"""How an image (or a PDF) of a signature begins once its base64 is decoded."""


def text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def fact(value: object) -> str:
    """The text, unless it is empty or one of UPS's placeholders."""
    said = text(value)
    return "" if said.casefold() in PLACEHOLDERS else said


def digits(value: object) -> str:
    return re.sub(r"\D", "", value) if isinstance(value, str) else ""


def as_list(value: object) -> list:
    if isinstance(value, list):
        return value
    return [value] if isinstance(value, dict) else []


def dicts(value: object) -> list[dict]:
    return [item for item in as_list(value) if isinstance(item, dict)]


def as_dict(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}


def is_image(value: object) -> bool:
    """A base64 text whose bytes begin like an image: a real signature, not a placeholder."""
    said = fact(value)
    head = re.sub(r"\s", "", said)[:24]
    if len(head) < 8:
        return False
    try:
        start = base64.b64decode(head[: len(head) // 4 * 4], validate=True)
    except (binascii.Error, ValueError):
        return False
    return start.startswith(IMAGE_MAGIC)


def is_name(value: object, place: str = "") -> bool:
    """A receiver UPS names: some letters, not a placeholder, not the drop-off place."""
    said = fact(value)
    return bool(re.search(r"[^\W\d_]", said)) and said.casefold() != place.casefold()
