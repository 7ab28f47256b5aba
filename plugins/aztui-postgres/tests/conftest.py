"""The PostgreSQL store's tests: ``postgres_url`` (a fresh database) is aztui.testing's; the
TCP proxy that loses connections the ways a network does is ``pg_proxy.py``, importable as this
folder is put on ``sys.path`` (pytest imports the test files by path)."""

from __future__ import annotations

import sys
from pathlib import Path

if str(Path(__file__).parent) not in sys.path:
    sys.path.append(str(Path(__file__).parent))
