"""What every table pane shares: its language and zone, and a refill that keeps the cursor."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from textual.containers import Vertical
from textual.widgets import DataTable

from aztui.i18n import t


class TablePane(Vertical):
    """A pane around one ``DataTable`` (id ``TABLE_ID``) whose rows are keyed."""

    TABLE_ID = "table"
    COLUMNS: Sequence[str] = ()

    def __init__(self, language: str, timezone: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.language = language
        self.timezone = timezone

    def new_table(self) -> DataTable[object]:
        table: DataTable[object] = DataTable(id=self.TABLE_ID, cursor_type="row",
                                             zebra_stripes=True)
        for key in self.COLUMNS:
            table.add_column(t(key, self.language), key=key)
        return table

    @property
    def table(self) -> DataTable[object]:
        return self.query_one(f"#{self.TABLE_ID}", DataTable)

    def order_of(self, key: str) -> str | None:
        """The order a row is about (the order detail opens on it)."""
        return None

    def refill(self, rows: Iterable[tuple[str, Sequence[object]]]) -> None:
        """Replace every row; the cursor stays on the row it was on, if it is still there."""
        table = self.table
        current = None
        if table.row_count and table.cursor_row < table.row_count:
            current = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value
        with self.app.batch_update():
            table.clear()
            keys = []
            for key, cells in rows:
                table.add_row(*cells, key=key)
                keys.append(key)
            if current in keys:
                table.move_cursor(row=keys.index(current))
