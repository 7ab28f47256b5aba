"""The filter over a pane of 50,000 rows: each keystroke keeps exactly the rows holding every
word typed, in the pane's or the sorted order, whether the words were typed on, erased or
typed again (the pane keeps recent filters' rows and narrows from them)."""

from __future__ import annotations

import random
from typing import ClassVar

from textual.app import App, ComposeResult

from aztui.tui.footer import KeyFooter
from aztui.tui.panes.today import TodayPane

ROWS = 50_000
RULES = ("Expédier", "Répondre", "Rembourser")


def cells(k: int) -> list[object]:
    return ["", f"{k % 28 + 1:02d}/11 10:00", RULES[k % 3], f"402-{k:07d}", f"402-{k:07d}-{k:07d}"]


class OnePane(App[None]):
    CSS: ClassVar[str] = "TodayPane { height: 1fr; }"

    def compose(self) -> ComposeResult:
        yield TodayPane("fr", "Europe/Paris")


def shown(pane: TodayPane) -> list[int]:
    return [int(key) for key in pane.table.row_keys()]


LINES = [" ".join(map(str, cells(k))).lower() for k in range(ROWS)]


def expected(text: str, order: list[int]) -> list[int]:
    words = text.lower().split()
    return [k for k in order if all(word in LINES[k] for word in words)]


async def test_each_keystroke_keeps_the_rows_holding_the_words():
    app = OnePane()
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.query_one(TodayPane)
        pane.refill((str(k), cells(k)) for k in range(ROWS))
        await pilot.pause()
        assert len(shown(pane)) == ROWS
        typing = random.Random(17)
        order = list(range(ROWS))
        counts = []
        for sort in (None, "order", "rule"):
            if sort is not None:
                pane.sort_by(sort, reverse=sort == "order")
                column = pane.COLUMNS.index(sort)
                order = sorted(range(ROWS), key=lambda k: str(cells(k)[column]).lower())
                if sort == "order":
                    order.reverse()
            number = f"{typing.randrange(ROWS):05d}"
            texts = ["402-00", *(f"402-00{number[:i]}" for i in range(1, 6))]
            texts += [f"02-00{number[:3]}", f"2-00{number}"]  # its start erased: more rows
            texts += [*reversed(texts[:5]), "402-001 répondre", "402-001 re", "402-001", ""]
            for text in texts:
                pane.filter_words = text.lower().split()
                pane.lay_out()
                rows = expected(text, order)
                assert shown(pane) == rows, (sort, text)
                counts.append(len(rows))
        assert min(counts) == 1
        assert sorted(set(counts))[1:4] == [10, 100, 1000]  # and 10,000, 50,000 …


async def test_a_filter_keystroke_lays_out_nothing_but_the_rows():
    """Typing in the filter redraws its box and the rows: the whole screen is not laid out
    again (Textual's ``Input`` asks for that at each keystroke, and at 50,000 rows it cost
    more than the rows)."""
    app = OnePane()
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.query_one(TodayPane)
        pane.refill((str(k), cells(k)) for k in range(ROWS))
        pane.open_filter()
        await pilot.pause()
        screen, layouts = app.screen, []
        real = screen._refresh_layout

        def counting(*args, **kwargs):
            layouts.append(args)
            return real(*args, **kwargs)

        screen._refresh_layout = counting
        await pilot.press("4", "0", "2", "backspace", "2")
        await pilot.pause()
        assert shown(pane) == expected("402", list(range(ROWS)))
        assert layouts == []


class WithFooter(App[None]):
    def compose(self) -> ComposeResult:
        yield KeyFooter()


async def test_a_narrower_row_count_is_drawn_without_a_layout():
    """The footer's ``1/5000`` becoming ``1/500`` (a filter keystroke) is drawn in the room
    it had; only a wider one lays the screen out."""
    app = WithFooter()
    async with app.run_test(size=(80, 10)) as pilot:
        footer = app.query_one(KeyFooter)
        footer.show_position("1/5000")
        await pilot.pause()
        screen, layouts = app.screen, []
        real = screen._refresh_layout

        def counting(*args, **kwargs):
            layouts.append(args)
            return real(*args, **kwargs)

        screen._refresh_layout = counting
        footer.show_position("1/500")
        await pilot.pause()
        assert layouts == []
        assert app.query_one("#position").render_line(0).text.strip() == "1/500"
        footer.show_position("12/50000")
        await pilot.pause()
        assert layouts  # wider: laid out
