"""Drawing a small colour image in a terminal with half-block characters.

Each character cell shows two pixels, one above the other: ``▀`` with the foreground set to the
upper pixel's colour and the background to the lower one's. The colours (the grey slice and the
finding's outline) come from :func:`appliance.tui.slice_pixels.slice_colours`, the same grid the
terminal-graphics renderer draws. The slice preview's text rendering, used where the terminal
has no graphics (``slice_view.py``); plain Rich, no Textual.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.color import Color
from rich.style import Style
from rich.text import Text

from appliance.tui.slice_pixels import RGB

__all__ = ["UPPER_HALF", "render"]

UPPER_HALF = "\u2580"


def render(colours: Sequence[Sequence[RGB]]) -> Text:
    """The image as text, two pixel rows per line (an odd last row is left out)."""
    text = Text(no_wrap=True, overflow="crop")
    for r in range(0, len(colours) - 1, 2):
        for top, bottom in zip(colours[r], colours[r + 1], strict=True):
            style = Style(color=Color.from_rgb(*top), bgcolor=Color.from_rgb(*bottom))
            text.append(UPPER_HALF, style)
        text.append("\n")
    text.rstrip()
    return text
