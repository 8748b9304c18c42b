"""Drawing a small grey image and an outline in a terminal with half-block characters.

Each character cell shows two pixels, one above the other: ``▀`` with the foreground set to the
upper pixel's grey and the background to the lower one's. Pixels on the boundary of the outline
mask are drawn in the outline colour, so the nodule's edge is visible on the slice. Used by the
study screen's preview; plain Rich, no Textual.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.color import Color
from rich.style import Style
from rich.text import Text

__all__ = ["OUTLINE_RGB", "boundary", "render"]

OUTLINE_RGB = (255, 64, 64)
UPPER_HALF = "\u2580"


def boundary(mask: Sequence[Sequence[int]]) -> list[list[bool]]:
    """Pixels of ``mask`` with at least one 4-neighbour outside it (or at the image edge)."""
    rows, cols = len(mask), len(mask[0]) if mask else 0

    def inside(r: int, c: int) -> bool:
        return 0 <= r < rows and 0 <= c < cols and bool(mask[r][c])

    return [
        [
            inside(r, c)
            and not all(inside(r + dr, c + dc) for dr, dc in ((1, 0), (-1, 0), (0, 1), (0, -1)))
            for c in range(cols)
        ]
        for r in range(rows)
    ]


def _rgb(grey: int, edge: bool) -> Color:
    if edge:
        return Color.from_rgb(*OUTLINE_RGB)
    return Color.from_rgb(grey, grey, grey)


def render(pixels: Sequence[Sequence[int]], outline: Sequence[Sequence[int]]) -> Text:
    """The image as text, two pixel rows per line, with the outline's edge in colour."""
    edges = boundary(outline)
    text = Text(no_wrap=True, overflow="crop")
    for r in range(0, len(pixels) - 1, 2):
        for c in range(len(pixels[r])):
            top = _rgb(int(pixels[r][c]), edges[r][c])
            bottom = _rgb(int(pixels[r + 1][c]), edges[r + 1][c])
            text.append(UPPER_HALF, Style(color=top, bgcolor=bottom))
        text.append("\n")
    text.rstrip()
    return text
