"""Drawing a table's one-line cells without Rich's console pipeline.

Rich draws a cell through ``Console.render_lines`` (padding, styles, cropping: a fraction of
a millisecond each), so a screenful of new rows (a filter keystroke, a countdown's minute)
took a hundred milliseconds. Here a one-line cell is drawn from its text directly, the same
segments as Rich's; ``RowTable`` keeps them by what they show (text, width, styles), so a
cell already seen, on any row, costs a dictionary look-up. A row (``Line``) is made once a
snapshot, and a column's width measured as the table draws it (``width``, ``widest``).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

DRAWN = 20_000
"""Cells kept drawn (distinct texts, widths and styles): several screenfuls of rows."""
NULL = Style.null()


def text_of(cell: object) -> Text | None:
    """The one-line text a cell shows, as ``DataTable`` formats it (a string is markup), or
    ``None`` for anything else (left to Rich)."""
    if isinstance(cell, str):
        if "\n" in cell:
            return None
        text = Text.from_markup(cell, end="") if "[" in cell else Text(cell, end="")
    elif isinstance(cell, Text):
        text = cell
    elif hasattr(cell, "__rich__"):
        text = cell.__rich__()
        if not isinstance(text, Text):
            return None
    else:
        return None
    return None if "\n" in text.plain or "\t" in text.plain else text


def text_key(text: Text) -> Hashable:
    """What a text draws as (its words, styles and alignment)."""
    return (text.plain, text.style, text.justify, text.overflow, tuple(text.spans))


def draw(
    console: Console, text: Text, width: int, padding: int, pre: Style, post: Style
) -> list[Segment]:
    """One line of ``width`` cells, as ``Styled(Padding(text, (0, padding)), pre, post)``
    renders with ``no_wrap``: the text justified and cut to the room between the paddings."""
    room = max(width - 2 * padding, 0)
    lines = text.wrap(
        console,
        room,
        justify=text.justify or "default",
        overflow=text.overflow or "fold",
        no_wrap=True,
    )
    inner = list(Text("\n").join(lines).render(console)) if lines else []
    inner = Segment.adjust_line_length(inner, room, style=NULL)
    pad = [Segment(" " * padding, NULL)] if padding else []
    line = Segment.adjust_line_length([*pad, *inner, *pad], width, style=NULL)
    return list(Segment.apply_style(line, style=pre, post_style=post))


@dataclass(slots=True, eq=False)
class Line:
    """One row as the table holds it, made once a snapshot: its key and its cells by column
    (every column, those a narrow terminal hides too)."""

    key: str
    data: dict[str, object]

    @classmethod
    def of(cls, key: str, columns: Sequence[str], cells: Sequence[object]) -> Line:
        return cls(key, dict(zip(columns, cells, strict=False)))


def width(cell: object) -> int:
    """The cells a value takes on screen, as the table draws it (a string is markup)."""
    if isinstance(cell, Text):
        return cell.cell_len
    text = str(cell)
    if "[" in text:
        return Text.from_markup(text).cell_len
    return cell_len(text)


def widest(cells: Sequence[object]) -> int:
    """The width of the widest of ``cells``, each distinct value measured once."""
    texts = [cell for cell in cells if isinstance(cell, Text)]
    others = {cell for cell in cells if not isinstance(cell, Text)}
    return max(map(width, [*texts, *others]), default=0)
