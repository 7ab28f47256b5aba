"""What the TUI tests share: a fixed clock, a store to write to, waiting for the app."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from aztui.service import Service
from aztui.tui.app import AztuiApp
from aztui.tui.panes.base import TablePane

NOW = datetime(2026, 11, 26, 9, tzinfo=UTC)
H = timedelta(hours=1)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


async def write(config, *records) -> None:
    async with Service(config) as service:
        await service.write(list(records))


async def settle(app: AztuiApp, pilot) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def table_rows(app: AztuiApp, pane: type[TablePane]) -> dict[str, dict[str, str]]:
    """The rows a pane shows, in their order, by row key: column id → text, for every column
    of the pane (a narrow terminal hides some; their cells are kept)."""
    table = app.query_one(pane).table
    return {
        key: {column: str(table.cells(key).get(column, "")) for column in pane.COLUMNS}
        for key in table.row_keys()
    }


def toasts(app: AztuiApp) -> list[str]:
    """What the app is told to show from now on, as text, in order."""
    told: list[str] = []
    app.notify = lambda message, **kw: told.append(str(message))  # type: ignore[method-assign]
    return told
