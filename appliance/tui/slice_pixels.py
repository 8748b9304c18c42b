"""The colours of a slice preview, computed once for both ways of drawing it.

The API sends a lung-window crop around the finding (``pixels``, grey 0-255) and the finding's
outline on the same grid (``outline``, 0/1); the screens choose the zoom by the field of view
they ask for. :func:`slice_colours` turns the two into one RGB grid: the grey slice with the
outline's edge in :data:`OUTLINE_RGB`. The half-block renderer (``halfblock.py``) draws that grid
as characters; :func:`slice_picture` makes it a Pillow image for the terminal-graphics widget
(sixel, kitty), enlarged and with a short label (``#1 RLL 14.2 mm``) in its corner. No Textual.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from PIL import Image, ImageDraw, ImageFont

__all__ = [
    "LABEL_BACKGROUND",
    "LABEL_RGB",
    "OUTLINE_RGB",
    "RGB",
    "boundary",
    "label_box",
    "short_label",
    "slice_colours",
    "slice_picture",
]

RGB = tuple[int, int, int]
OUTLINE_RGB: RGB = (255, 64, 64)
LABEL_RGB: RGB = (255, 255, 255)
LABEL_BACKGROUND: RGB = (0, 0, 0)
PICTURE_SCALE = 3
"""Each grid pixel becomes 3x3 picture pixels: a 128-pixel grid is a 384-pixel picture, about
what 32 terminal cells hold, so the label is drawn at the terminal's resolution, not enlarged."""


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


def slice_colours(
    pixels: Sequence[Sequence[int]], outline: Sequence[Sequence[int]]
) -> list[list[RGB]]:
    """The grey slice with the outline's edge pixels in :data:`OUTLINE_RGB`."""
    edges = boundary(outline)
    return [
        [
            OUTLINE_RGB if edge else (int(grey), int(grey), int(grey))
            for grey, edge in zip(row, ring, strict=True)
        ]
        for row, ring in zip(pixels, edges, strict=True)
    ]


def short_label(number: int, where: str | None, diameter_mm: float | None) -> str:
    """``#1 RLL 14.2 mm``: which finding in the table (0: none), where (its lobe; the exam's
    date on the history screen), how big."""
    size = f"{diameter_mm:.1f} mm" if diameter_mm is not None else ""
    parts = [f"#{number}" if number else "", where or "", size]
    return " ".join(p for p in parts if p)


def _font(height_px: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=height_px)


def label_box(picture_width: int, label: str) -> tuple[int, int, int, int]:
    """Where :func:`slice_picture` writes ``label``: (left, top, right, bottom), right and
    bottom exclusive, of the dark box in the picture's top-left corner; the text is about a
    sixteenth of the picture's width high."""
    font = _font(max(10, picture_width // 16))
    _, _, right, bottom = ImageDraw.Draw(Image.new("RGB", (1, 1))).textbbox(
        (0, 0), label, font=font
    )
    pad = max(2, picture_width // 96)
    return 0, 0, min(picture_width, math.ceil(right) + 2 * pad), math.ceil(bottom) + 2 * pad


def slice_picture(colours: Sequence[Sequence[RGB]], label: str = "") -> Image.Image:
    """The grid enlarged :data:`PICTURE_SCALE` times (nearest neighbour: the outline stays
    sharp), with ``label`` in white on a black box in the top-left corner, away from the
    centred nodule."""
    rows, cols = len(colours), len(colours[0]) if colours else 0
    grid = Image.new("RGB", (cols, rows))
    grid.putdata([pixel for row in colours for pixel in row])
    picture = grid.resize((cols * PICTURE_SCALE, rows * PICTURE_SCALE), Image.Resampling.NEAREST)
    if label:
        left, top, right, bottom = label_box(picture.width, label)
        pad = max(2, picture.width // 96)
        draw = ImageDraw.Draw(picture)
        draw.rectangle((left, top, right - 1, bottom - 1), fill=LABEL_BACKGROUND)  # inclusive
        draw.text((pad, pad), label, fill=LABEL_RGB, font=_font(max(10, picture.width // 16)))
    return picture
