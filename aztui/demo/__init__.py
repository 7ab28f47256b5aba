"""Deterministic demo data for amazon.fr sellers, dated relative to a given ``now``.

- ``demo_records(now)``: a small instructive store (orders, shipments, returns, claims, buyer
  messages, feedback, chargebacks) for ``aztui demo``.
- ``write_dataset(directory, now)``: large aztui CSV files (orders, shipments, claims) for the
  benchmarks, streamed to disk.
"""

from aztui.demo.csvfiles import write_records
from aztui.demo.dataset import write_dataset, write_small_and_big
from aztui.demo.store import demo_records

__all__ = ["demo_records", "write_dataset", "write_records", "write_small_and_big"]
