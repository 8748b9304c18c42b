"""Which renderer draws the slice preview, and both of them on the study and history screens.

``tui.preview`` (``SCANSIDE_TUI__PREVIEW``) says ``auto``, ``graphics`` or ``text``; textual-image
says what the terminal answered. Where it answered nothing (not a terminal, tmux without
passthrough) ``auto`` is half-blocks; ``graphics`` forces a protocol; ``text`` never asks. The
pilot tests open the seeded study with each renderer and look at what the preview holds.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Static

from appliance.tui.app import ScanSideApp
from appliance.tui.client import ApiClient
from appliance.tui.halfblock import UPPER_HALF
from appliance.tui.history import NoduleHistoryScreen
from appliance.tui.slice_pixels import PICTURE_SCALE
from appliance.tui.slice_view import (
    GRAPHICS_PIXELS,
    GraphicsProtocol,
    SliceView,
    choose_graphics,
)
from appliance.tui.study import StudyScreen
from tests.appliance.tui.conftest import RunningApi
from tests.appliance.tui.screen_text import screen_text
from tests.appliance.tui.test_tui_app import settle
from tests.conftest import REPO

pytestmark = pytest.mark.anyio


def test_auto_draws_with_what_the_terminal_answered_and_half_blocks_without() -> None:
    assert choose_graphics("auto", "sixel", {}) == "sixel"
    assert choose_graphics("auto", "kitty", {}) == "kitty"
    assert choose_graphics("auto", None, {"TERM": "xterm-kitty"}) is None


def test_graphics_forces_a_protocol_even_where_the_terminal_did_not_answer() -> None:
    assert choose_graphics("graphics", None, {"TERM": "tmux-256color"}) == "sixel"
    assert choose_graphics("graphics", None, {"KITTY_WINDOW_ID": "1"}) == "kitty"
    assert choose_graphics("graphics", None, {"TERM": "xterm-kitty"}) == "kitty"
    assert choose_graphics("graphics", "sixel", {"KITTY_WINDOW_ID": "1"}) == "sixel"


def test_text_is_half_blocks_whatever_the_terminal_speaks() -> None:
    assert choose_graphics("text", "kitty", {"KITTY_WINDOW_ID": "1"}) is None


def _resolved_in_a_fresh_interpreter(mode: str) -> dict[str, object]:
    """resolve_graphics(mode) with stdout a pipe, as under a pilot test or `scanside tui | cat`."""
    code = (
        "import json, sys\n"
        "from appliance.tui.slice_view import resolve_graphics\n"
        f"chosen = resolve_graphics({mode!r}, {{}})\n"
        "print(json.dumps({'chosen': chosen, 'imported': 'textual_image' in sys.modules}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
    )
    answer: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return answer


def test_auto_falls_back_to_half_blocks_where_the_terminal_has_no_graphics() -> None:
    assert _resolved_in_a_fresh_interpreter("auto") == {"chosen": None, "imported": True}


def test_text_never_loads_textual_image_so_the_terminal_is_never_asked() -> None:
    assert _resolved_in_a_fresh_interpreter("text") == {"chosen": None, "imported": False}


def test_forced_graphics_without_an_answer_is_sixel() -> None:
    assert _resolved_in_a_fresh_interpreter("graphics") == {"chosen": "sixel", "imported": True}


def _app(api: RunningApi, graphics: GraphicsProtocol | None) -> ScanSideApp:
    clock = api.seeded.now
    client = ApiClient(api.url, api.tokens["technologist"])
    return ScanSideApp(client, refresh_s=0, clock=lambda: clock, graphics=graphics)


def _caption(view: SliceView) -> str:
    return str(view.text.content)


KITTY_PLACEHOLDER = "\U0010eeee"
"""The character kitty's protocol puts in each cell of a placed image (Unicode placeholders)."""


def _drawn_text(widget: Widget) -> str:
    """The text of the lines ``widget`` hands Textual to draw."""
    strips = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
    return "".join(segment.text for strip in strips for segment in strip)


def _protocol_output(app: ScanSideApp, picture: Widget) -> str:
    """Which protocol's output the picture produced, in the lines it hands Textual: kitty's
    placeholder cells (the picture draws them itself) or a sixel DCS sequence (the sixel
    widget draws through a child, mounted once drawn). The lines, not the composited screen:
    under load the screen had once been composed without the picture's cells (CI, stop 30)."""
    if KITTY_PLACEHOLDER in _drawn_text(picture):
        return "kitty"
    if not picture.children:
        return "none"
    (inner,) = picture.children
    drawn = _drawn_text(inner)
    return "sixel" if "\x1bP" in drawn and "q" in drawn else "none"


async def _drawn_protocol(app: ScanSideApp, picture: Widget, pilot: Pilot[None]) -> str:
    """The protocol's output once the picture has been drawn. textual-image mounts its inner
    widget and places kitty's cells on a later frame than the one that sized the picture;
    under load (CI) that frame can come after settle(), so wait for it, a bounded number of
    frames, rather than read the first one."""
    for _ in range(40):
        drawn = _protocol_output(app, picture)
        if drawn != "none":
            return drawn
        await pilot.pause(0.05)
    return _protocol_output(app, picture)


@pytest.mark.parametrize("graphics", [None, "sixel", "kitty"])
async def test_the_study_and_history_screens_draw_the_slice_with_each_renderer(
    running_api: RunningApi, graphics: GraphicsProtocol | None
) -> None:
    app = _app(running_api, graphics)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, StudyScreen)
        view = app.screen.query_one("#preview", SliceView)
        caption = _caption(view)
        assert "#1 14.2 mm LR" in caption and "10 mm ·" in caption  # the label and the scale
        pictures = list(view.query(".slice-image"))
        if graphics is None:
            assert UPPER_HALF in caption and not pictures
            assert "10 mm · 1.1 mm/px" in caption  # 32 pixels over 35.5 mm
        else:
            (picture,) = pictures
            assert picture.display and UPPER_HALF not in caption
            image = picture.image  # type: ignore[attr-defined]
            assert image.size == (GRAPHICS_PIXELS * PICTURE_SCALE,) * 2
            assert picture.size.width == 32  # the cells the half-blocks take
            assert "━" * 9 in caption  # 10 mm is still 9 of the 32 cells
            assert await _drawn_protocol(app, picture, pilot) == graphics
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, NoduleHistoryScreen)
        current = app.screen.query_one("#current-slice", SliceView)
        if graphics is None:
            assert _caption(current).count(UPPER_HALF) == 24 * 12
        else:
            (picture,) = current.query(".slice-image")
            assert picture.display and picture.size.width == 24
        shown = screen_text(app)
        assert "No preview" not in shown and "Error" not in shown
        assert app.screen.query_one("#current-caption", Static) is not None
