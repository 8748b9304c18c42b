"""The current screen of a running Textual app as plain text (what a terminal would show).

Made the way ``App.export_screenshot`` makes its SVG, but exported as text: tests assert on
what the technologist reads, and docs/tui.md's screenshots come from it.
"""

from __future__ import annotations

import io

from rich.console import Console
from textual.app import App
from textual.coordinate import Coordinate
from textual.widgets import DataTable


def screen_text(app: App[object]) -> str:
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text(styles=False)


def table_measured(table: DataTable[object]) -> bool:
    """Every column is as wide as its widest cell. A table measures new rows on idle, and a
    screen drawn before that shows them cut to the old widths (the header too) for one frame;
    a test that reads the screen under load waits for this first."""
    for n, column in enumerate(table.columns.values()):
        cells = (table.get_cell_at(Coordinate(r, n)) for r in range(table.row_count))
        if any(len(str(cell)) > column.content_width for cell in cells):
            return False
    return True
