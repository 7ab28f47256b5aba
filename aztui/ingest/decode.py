"""Turn an input file (or bytes) into text: gzip, BOM, UTF-8 or Windows-1252, newlines.

The encoding is decided by one streaming pass over the whole content before any parsing, so a
Windows-1252 byte deep inside a 120 MB file still selects Windows-1252 (never ISO-8859-1, which
loses ``€``), and binary junk is refused before a single row is read. Memory stays bounded.
"""

from __future__ import annotations

import codecs
import gzip
import io
import os
import re
import zlib
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TextIO

from aztui.ingest.errors import ImportFailed, fail, problem
from aztui.ingest.progress import Progress, counted

Source = str | os.PathLike[str] | bytes

_GZIP_MAGIC = b"\x1f\x8b"
_BOM = codecs.BOM_UTF8
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_CHUNK = 1 << 20
_CP1252_HOLES = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")
"""The five bytes Windows-1252 leaves undefined: a file holding one is not cp1252 text."""
DELIMITERS = (",", ";", "\t")
_SURROGATES = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class TextSource:
    """An input whose encoding is known; ``open()`` gives a fresh text stream each time.

    The stream has the BOM removed and every line ending turned into ``\\n``.
    """

    name: str
    encoding: str
    gzipped: bool
    _origin: Path | bytes
    progress: Progress | None = None
    """Told how far each ``open()`` stream has been read (``aztui.ingest.progress``)."""
    header_lines: int = 1
    """Lines before the first row, for ``progress``."""

    @contextmanager
    def open(self) -> Iterator[TextIO]:
        with _open_binary(self._origin) as binary:
            if binary.read(len(_BOM)) != _BOM:
                binary.seek(0)
            if self.progress is not None:
                size = _size(self._origin)
                binary = counted(binary, size, self.progress, self.header_lines)
            text = io.TextIOWrapper(binary, encoding=self.encoding, newline=None)
            try:
                yield text
            finally:
                text.detach()

    def first_line(self) -> str:
        """The first line that is not blank (the header of a CSV file)."""
        with self.open() as text:
            for line in text:
                if line.strip():
                    return line.rstrip("\n")
        return ""


def open_source(source: Source, name: str | None = None) -> TextSource:
    """Check ``source`` is readable text and decide its encoding; ``ImportFailed`` if not.

    ``name`` is what messages call the file (default: the path as given, or ``<bytes>``).
    """
    origin: Path | bytes = source if isinstance(source, bytes) else Path(source)
    label = file_label(source, name)
    try:
        with _open_binary(origin) as binary:
            gzipped = isinstance(binary, gzip.GzipFile)
            encoding = _detect_encoding(binary, label)
    except OSError as exc:
        if isinstance(exc, gzip.BadGzipFile):
            raise fail(label, problem("file_not_gzip", why=str(exc))) from None
        raise fail(label, problem("file_unreadable", why=exc.strerror or str(exc))) from None
    except (EOFError, zlib.error) as exc:
        raise fail(label, problem("file_gzip_damaged", why=str(exc))) from None
    return TextSource(label, encoding, gzipped, origin)


@dataclass(frozen=True, slots=True)
class TextBlocks:
    """A file's text as UTF-8 bytes (unzipped, BOM removed, Windows-1252 converted), read a
    block at a time: the columnar reader's input, in bounded memory. Read again from the
    start at each ``read``."""

    label: str
    """The name messages use."""
    encoding: str
    origin: Path | bytes
    total: int
    """The size of the file as stored (gzipped or not)."""

    def read(self, size: int) -> Generator[tuple[bytes, int], None, None]:
        """Blocks of about ``size`` bytes, each ending at a line end (or the file's end),
        with how far the file as stored has been read after each."""
        with _open_binary(self.origin) as binary:
            raw = getattr(binary, "fileobj", None) or binary  # gzip reads its file ahead
            if binary.read(len(_BOM)) != _BOM:
                binary.seek(0)
            while block := binary.read(size):
                block += binary.readline()
                if self.encoding != "utf-8":
                    block = block.decode(self.encoding).encode("utf-8")
                yield block, raw.tell()


def text_blocks(source: Source, name: str | None = None) -> TextBlocks | None:
    """``source``'s text by blocks, its encoding decided by one streaming pass as
    ``open_source`` decides it; ``None`` when it is not text ``open_source`` would accept,
    so the caller can leave the refusal and its message to the row reader."""
    label = file_label(source, name)
    origin = source if isinstance(source, bytes) else Path(source)
    try:
        with _open_binary(origin) as binary:
            encoding = _detect_encoding(binary, label)
        return TextBlocks(label, encoding, origin, _size(origin))
    except (OSError, EOFError, zlib.error, ImportFailed):
        return None


def file_label(source: Source, name: str | None = None) -> str:
    """What messages, and the store's log of imports, call the file: ``name``, else the path
    as given (``<bytes>`` for bytes). A name's bytes that are not UTF-8 (which ``os.fsdecode``
    keeps as lone surrogates, text neither store nor a UTF-8 stream takes) are written as
    ``\\xff``, and any other surrogate as ``\\ud800``."""
    label = name or ("<bytes>" if isinstance(source, bytes) else os.fspath(source))
    return _SURROGATES.sub(_escaped, label)


def _escaped(found: re.Match[str]) -> str:
    code = ord(found.group())
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


def sniff_delimiter(header_line: str) -> str:
    """``,``, ``;`` or tab: whichever the header line uses most (``,`` when none)."""
    counts = [header_line.count(d) for d in DELIMITERS]
    best = max(range(len(DELIMITERS)), key=lambda i: (counts[i], -i))
    return DELIMITERS[best] if counts[best] else ","


def _size(origin: Path | bytes) -> int:
    return len(origin) if isinstance(origin, bytes) else origin.stat().st_size


@contextmanager
def _open_binary(origin: Path | bytes) -> Iterator[BinaryIO]:
    with io.BytesIO(origin) if isinstance(origin, bytes) else open(origin, "rb") as raw:
        magic = raw.read(len(_GZIP_MAGIC))
        raw.seek(0)
        if magic == _GZIP_MAGIC:
            with gzip.GzipFile(fileobj=raw, mode="rb") as unzipped:
                yield unzipped  # type: ignore[misc]
        else:
            yield raw


def _detect_encoding(binary: BinaryIO, label: str) -> str:
    """``utf-8`` if the whole content is UTF-8, else ``cp1252`` if it is that, else refuse."""
    utf8 = codecs.getincrementaldecoder("utf-8")()
    is_utf8 = is_cp1252 = True
    has_text = False
    offset = newlines = 0
    chunk = binary.read(_CHUNK)
    if chunk.startswith(_UTF16_BOMS):
        raise fail(label, problem("file_utf16"))
    if chunk.startswith(_BOM):
        chunk, offset = chunk[len(_BOM) :], len(_BOM)
    while chunk:
        nul = chunk.find(b"\0")
        if nul >= 0:
            line = newlines + chunk.count(b"\n", 0, nul) + 1
            raise fail(label, problem("file_nul", offset=offset + nul), line=line)
        newlines += chunk.count(b"\n")
        has_text = has_text or bool(chunk.strip())
        if is_utf8:
            try:
                utf8.decode(chunk)
            except UnicodeDecodeError:
                is_utf8 = False
        if is_cp1252:
            hole = _CP1252_HOLES.search(chunk)
            if hole:
                is_cp1252 = False
                bad_offset, bad_byte = offset + hole.start(), chunk[hole.start()]
        if not (is_utf8 or is_cp1252):
            raise fail(
                label,
                problem("file_bad_byte", byte=f"0x{bad_byte:02x}", offset=bad_offset),
            )
        offset += len(chunk)
        chunk = binary.read(_CHUNK)
    if is_utf8:
        try:
            utf8.decode(b"", final=True)
        except UnicodeDecodeError:
            is_utf8 = False
    if not has_text:
        raise fail(label, problem("no_header"))
    if is_utf8:
        return "utf-8"
    if is_cp1252:
        return "cp1252"
    raise fail(label, problem("file_not_text"))
