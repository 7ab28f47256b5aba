"""What is read from and written to the IMAP wire that aioimaplib leaves to its caller:
mailbox names (quoted, modified UTF-7), UID sets, and the answers to EXAMINE, LIST, SEARCH
and FETCH. Pure functions, tested on the server's real answers."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable, Sequence

_NUMBER = {
    "uidvalidity": re.compile(rb"\[UIDVALIDITY (\d+)\]"),
    "uidnext": re.compile(rb"\[UIDNEXT (\d+)\]"),
}
_LIST = re.compile(
    rb'^(?:LIST )?\((?P<attrs>[^)]*)\) (?:NIL|"(?:[^"\\]|\\.)*") (?P<name>.*)$', re.I
)
_FETCH = re.compile(rb"^\d+ FETCH \(", re.I)
_UID = re.compile(rb"\bUID (\d+)", re.I)


def quoted(text: str) -> str:
    """``text`` as an IMAP quoted string (a mailbox name may hold spaces: ``Sent Items``)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def encode_mailbox(name: str) -> str:
    """A folder name as IMAP writes it (RFC 3501 5.1.3, modified UTF-7): ``Envoyés`` is
    ``Envoy&AOk-s``; ASCII names are unchanged but for ``&``, written ``&-``."""
    out: list[str] = []
    pending: list[str] = []

    def flush() -> None:
        if pending:
            raw = "".join(pending).encode("utf-16-be")
            out.append("&" + base64.b64encode(raw).decode().rstrip("=").replace("/", ",") + "-")
            pending.clear()

    for char in name:
        if 0x20 <= ord(char) <= 0x7E:
            flush()
            out.append("&-" if char == "&" else char)
        else:
            pending.append(char)
    flush()
    return "".join(out)


def decode_mailbox(name: str) -> str:
    """The inverse of ``encode_mailbox``, for messages naming a folder."""

    def one(match: re.Match[str]) -> str:
        body = match.group(1)
        if not body:
            return "&"
        data = body.replace(",", "/")
        data += "=" * (-len(data) % 4)
        return base64.b64decode(data).decode("utf-16-be")

    return re.sub(r"&([^-]*)-", one, name)


def uid_set(uids: Sequence[int]) -> str:
    """``[3, 4, 5, 9]`` → ``3:5,9``: a short command line however many messages."""
    parts: list[str] = []
    ordered = sorted(uids)
    start = prev = ordered[0]
    for uid in [*ordered[1:], None]:
        if uid is not None and uid == prev + 1:
            prev = uid
            continue
        parts.append(str(start) if start == prev else f"{start}:{prev}")
        if uid is not None:
            start = prev = uid
    return ",".join(parts)


def status_number(lines: Iterable[bytes | bytearray], item: str) -> int | None:
    """``UIDVALIDITY`` or ``UIDNEXT`` from an EXAMINE answer's untagged OK lines."""
    for line in lines:
        found = _NUMBER[item].search(bytes(line))
        if found:
            return int(found.group(1))
    return None


def special_use_names(lines: Sequence[bytes | bytearray]) -> dict[str, str]:
    """A LIST answer's special-use attributes (RFC 6154: ``\\Sent``, ``\\Archive`` …), each
    to the name of the folder that has it, as the server writes it (aioimaplib hands the
    lines over without their ``LIST`` word)."""
    found: dict[str, str] = {}
    for index, line in enumerate(lines):
        match = _LIST.match(bytes(line)) if isinstance(line, bytes) else None
        if not match:
            continue
        raw = match.group("name")
        if raw.startswith(b"{") and index + 1 < len(lines):  # a literal: the name follows
            name = bytes(lines[index + 1]).decode("utf-8", "replace")
        elif raw.startswith(b'"'):
            name = re.sub(r"\\(.)", r"\1", raw[1:-1].decode("utf-8", "replace"))
        else:
            name = raw.decode("utf-8", "replace")
        for attr in match.group("attrs").decode("ascii", "replace").split():
            found.setdefault(attr.lower(), name)
    return found


def search_uids(lines: Iterable[bytes | bytearray]) -> list[int]:
    """The UIDs of a ``UID SEARCH`` answer: ``* SEARCH 4 5 9`` on the wire, which aioimaplib
    hands over as ``4 5 9`` (the closing line is the server's words, not numbers)."""
    uids: list[int] = []
    for line in lines:
        words = bytes(line).split()
        if words[:1] == [b"SEARCH"]:
            words = words[1:]
        if words and all(word.isdigit() for word in words):
            uids.extend(int(word) for word in words)
    return uids


def fetched_messages(lines: Sequence[bytes | bytearray]) -> list[tuple[int, bytes]]:
    """``(uid, raw message)`` from a ``UID FETCH … (UID BODY.PEEK[])`` answer.

    aioimaplib gives each message as its ``N FETCH (… {size}`` line, the literal (a
    bytearray), then the line closing it; the UID may stand before or after the literal."""
    messages: list[tuple[int, bytes]] = []
    uid: int | None = None
    body: bytes | None = None
    in_message = False

    def done() -> None:
        if in_message and uid is not None and body is not None:
            messages.append((uid, body))

    for line in lines:
        if isinstance(line, bytearray):
            body = bytes(line)
            continue
        if _FETCH.match(line):
            done()
            in_message, uid, body = True, None, None
        if in_message and uid is None:
            found = _UID.search(line)
            if found:
                uid = int(found.group(1))
    done()
    return messages
