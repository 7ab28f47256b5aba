"""Finding orders by a piece of their id, for the palette: the prefix through the primary key,
a fragment elsewhere by a scan that stops early."""

from __future__ import annotations

from typing import Any


async def find_orders(db: Any, text: str, limit: int = 20) -> list[str]:
    """The prefix through the primary key; a fragment elsewhere in the id by a scan that
    stops at ``limit``."""
    text = text.strip()
    if not text:
        return []
    found = [
        row[0]
        for row in await db.execute_fetchall(
            "SELECT order_id FROM orders WHERE order_id >= ? AND order_id < ? "
            "ORDER BY order_id LIMIT ?",
            (text, text + "\U0010ffff", limit),
        )
    ]
    if len(found) < limit:
        plain = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        found += [
            row[0]
            for row in await db.execute_fetchall(
                "SELECT order_id FROM orders WHERE order_id LIKE ? ESCAPE '\\' "
                "AND order_id NOT LIKE ? ESCAPE '\\' ORDER BY order_id LIMIT ?",
                (f"%{plain}%", f"{plain}%", limit - len(found)),
            )
        ]
    return found
