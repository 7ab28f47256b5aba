"""Pausing Python's cyclic garbage collector around bulk work.

Reading or deriving a million records allocates millions of objects with no cycles among them;
the collector would otherwise traverse the whole growing heap over and over, for a third to a
half of the time.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
