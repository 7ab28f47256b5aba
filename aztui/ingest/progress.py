"""How far the reading of a file is, told to a progress display while an import runs.

``Progress`` is called as ``progress(done, total, rows)``: ``done`` of ``total`` read (bytes of
the file as stored, gzipped or not), and the ``rows`` read so far (lines past the header). It may
be called from a worker thread.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import BinaryIO

Progress = Callable[[int, int, int], None]


class CountingReader(io.RawIOBase):
    """``stream`` read through, telling ``progress`` how far ``raw`` (the file beneath it,
    which a gzip stream reads ahead of) has been read and how many lines ``stream`` gave past
    the first ``header``."""

    def __init__(
        self, stream: BinaryIO, raw: BinaryIO, total: int, progress: Progress, header: int
    ) -> None:
        super().__init__()
        self.stream, self.raw, self.total = stream, raw, total
        self.progress, self.header, self.lines = progress, header, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self.stream.read(len(buffer))
        size = len(data)
        buffer[:size] = data
        self.lines += data.count(b"\n")
        self.progress(self.raw.tell(), self.total, max(0, self.lines - self.header))
        return size


def counted(binary: BinaryIO, total: int, progress: Progress, header: int) -> BinaryIO:
    """``binary`` (a file, or a gzip stream over one) read with ``progress`` told."""
    raw = getattr(binary, "fileobj", None) or binary  # gzip.GzipFile reads its file ahead
    return io.BufferedReader(CountingReader(binary, raw, total, progress, header))
