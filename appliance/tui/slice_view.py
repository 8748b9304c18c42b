"""The slice preview widget: terminal graphics where the terminal has them, half-blocks where not.

`textual-image <https://github.com/lnqs/textual-image>`_ draws a Pillow image with the sixel
protocol (xterm, foot, WezTerm, iTerm2 3.5 and later, ...) or kitty's terminal graphics protocol.
It asks the terminal which one it speaks when ``textual_image.renderable`` is first imported,
which must happen before Textual starts (Textual then owns the terminal's input), so
:func:`resolve_graphics` runs in the CLI before the app is built, and the app hands its answer to
the screens. The ``tui.preview`` setting (``SCANSIDE_TUI__PREVIEW``) chooses: ``auto`` (graphics
when the terminal answered, e.g. not under tmux without passthrough; half-blocks otherwise),
``graphics`` (forced: the protocol the terminal answered with, else kitty's inside kitty and sixel
elsewhere) or ``text`` (half-blocks; textual-image is never imported, so the terminal is never
asked). Both renderers draw the same colours (:mod:`appliance.tui.slice_pixels`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from appliance.tui import halfblock
from appliance.tui.responses import Preview
from appliance.tui.slice_pixels import slice_colours, slice_picture

if TYPE_CHECKING:
    from textual_image.widget import SixelImage, TGPImage

__all__ = [
    "GRAPHICS_PIXELS",
    "GraphicsProtocol",
    "PreviewMode",
    "SliceView",
    "choose_graphics",
    "detected_graphics",
    "resolve_graphics",
]

PreviewMode = Literal["auto", "graphics", "text"]
GraphicsProtocol = Literal["sixel", "kitty"]
GRAPHICS_PIXELS = 128
"""Pixels across the slice the graphics renderer asks the API for (its largest): the same
field of view as the half-blocks' 32 or 24, four or five times finer."""


def detected_graphics() -> GraphicsProtocol | None:
    """The protocol textual-image found on import (it asks only when stdout is a terminal)."""
    from textual_image import renderable  # noqa: PLC0415 - importing it asks the terminal

    if renderable.Image is renderable.SixelImage:
        return "sixel"
    if renderable.Image is renderable.TGPImage:
        return "kitty"
    return None


def choose_graphics(
    mode: PreviewMode, detected: GraphicsProtocol | None, environ: Mapping[str, str]
) -> GraphicsProtocol | None:
    """The protocol the previews are drawn with, None for half-blocks (see the module's
    docstring for what each mode does)."""
    if mode == "text":
        return None
    if detected is not None or mode == "auto":
        return detected
    inside_kitty = "KITTY_WINDOW_ID" in environ or environ.get("TERM") == "xterm-kitty"
    return "kitty" if inside_kitty else "sixel"


def resolve_graphics(
    mode: PreviewMode, environ: Mapping[str, str] | None = None
) -> GraphicsProtocol | None:
    """:func:`choose_graphics` for this terminal; call before the Textual app starts."""
    detected = None if mode == "text" else detected_graphics()
    chosen = choose_graphics(mode, detected, os.environ if environ is None else environ)
    if chosen is not None:
        # Its import measures the terminal's cell in pixels (ioctl, else an escape sequence
        # whose answer Textual would swallow once running), and keeps the answer.
        import textual_image.widget  # noqa: F401, PLC0415
    return chosen


def _graphics_widget(protocol: GraphicsProtocol) -> SixelImage | TGPImage:
    from textual_image.widget import SixelImage, TGPImage  # noqa: PLC0415 - only when drawn

    kind = SixelImage if protocol == "sixel" else TGPImage
    return kind(classes="slice-image")


class SliceView(Vertical):
    """A slice with its caption, or a message in its place (loading, no images, an error)."""

    DEFAULT_CSS = """
    SliceView { height: auto; }
    SliceView > .slice-image { height: auto; display: none; }
    SliceView > .slice-text { height: auto; }
    """

    def __init__(
        self,
        message: str,
        graphics: GraphicsProtocol | None,
        *,
        cells: int,
        id: str | None = None,
    ) -> None:
        """``cells``: the image's width in character cells (the half-blocks draw one grid
        pixel per cell, so the screens ask for that many pixels in text mode)."""
        super().__init__(id=id)
        self.graphics = graphics
        self.cells = cells
        self._message = message
        self._picture: SixelImage | TGPImage | None = None

    def compose(self) -> ComposeResult:
        if self.graphics is not None:
            self._picture = _graphics_widget(self.graphics)
            self._picture.styles.width = self.cells
            yield self._picture
        yield Static(self._message, classes="slice-text")

    @property
    def pixels(self) -> int:
        """Pixels across to ask the API for: one per cell for half-blocks, finer for graphics."""
        return self.cells if self.graphics is None else GRAPHICS_PIXELS

    @property
    def text(self) -> Static:
        """The text part: the message, or the half-block image and caption, or the caption."""
        return self.query_one(".slice-text", Static)

    def say(self, message: str | Text) -> None:
        """A message instead of the slice."""
        if self._picture is not None:
            self._picture.display = False
        self.text.update(message)

    def draw(self, preview: Preview, label: str, caption: Text | None = None) -> None:
        """The slice with the finding's outline: as a picture labelled ``label`` with
        ``caption`` under it, or as half-blocks above ``caption`` (which carries the label)."""
        colours = slice_colours(preview.pixels, preview.outline)
        if self._picture is None:
            image = halfblock.render(colours)
            self.text.update(Text.assemble(image, caption) if caption is not None else image)
            return
        self._picture.image = slice_picture(colours, label)
        self._picture.display = True
        # textual-image sizes an auto-height picture from the width it was last laid out at;
        # a picture shown for the first time has none yet and can be laid out 0 rows high
        # (seen under load: width 32, height 0, nothing drawn). Lay it out once more after
        # this frame, when its width is known.
        self.call_after_refresh(self._picture.refresh, layout=True)
        self.text.update(caption if caption is not None else "")
