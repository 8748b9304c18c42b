"""The slice preview's pixels, as the appliance's API serves them for a real chest CT.

The study screen asks for the slice through the 14.2 mm nodule at two and a half diameters
(``preview_field_mm``), so the nodule spans about two fifths of the picture, whichever renderer
draws it; its outline's edge is drawn in red around the nodule's centre and the short label sits
in the top-left corner, clear of the nodule.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PIL import Image

from appliance.tui import halfblock
from appliance.tui.client import ApiClient
from appliance.tui.responses import FindingRecord, Preview
from appliance.tui.slice_pixels import (
    LABEL_BACKGROUND,
    LABEL_RGB,
    OUTLINE_RGB,
    PICTURE_SCALE,
    label_box,
    short_label,
    slice_colours,
    slice_picture,
)
from appliance.tui.slice_view import GRAPHICS_PIXELS
from appliance.tui.study import PREVIEW_SIZE, preview_field_mm
from tests.appliance.tui.conftest import RunningApi


@pytest.fixture(scope="module")
def big_nodule(running_api: RunningApi) -> Iterator[tuple[FindingRecord, ApiClient]]:
    client = ApiClient(running_api.url, running_api.tokens["technologist"])
    study = client.study(running_api.seeded.urgent_study)
    (finding,) = [f for f in study.findings if f.finding_id == running_api.seeded.big_finding]
    yield finding, client
    client.close()


def _preview(nodule: tuple[FindingRecord, ApiClient], pixels: int) -> Preview:
    finding, client = nodule
    return client.preview(finding.finding_id, pixels, preview_field_mm(finding.diameter_mm))


def _outline_box(picture: Image.Image) -> tuple[int, int, int, int]:
    """(left, top, right, bottom) of the outline-coloured pixels."""
    red = [
        (x, y)
        for y in range(picture.height)
        for x in range(picture.width)
        if picture.getpixel((x, y)) == OUTLINE_RGB
    ]
    assert red, "no outline drawn"
    xs, ys = [x for x, _ in red], [y for _, y in red]
    return min(xs), min(ys), max(xs) + 1, max(ys) + 1


def test_the_outline_edge_is_red_and_the_rest_is_the_grey_slice(
    big_nodule: tuple[FindingRecord, ApiClient],
) -> None:
    preview = _preview(big_nodule, PREVIEW_SIZE)
    colours = slice_colours(preview.pixels, preview.outline)
    inside = {(r, c) for r, row in enumerate(preview.outline) for c, v in enumerate(row) if v}
    red = {
        (r, c) for r, row in enumerate(colours) for c, rgb in enumerate(row) if rgb == OUTLINE_RGB
    }
    assert red and red <= inside  # the edge of the outline, never outside it
    assert len(red) < len(inside)  # the edge only: the nodule's inside stays visible
    for r, row in enumerate(colours):
        for c, rgb in enumerate(row):
            if (r, c) not in red:
                grey = preview.pixels[r][c]
                assert rgb == (grey, grey, grey)


def test_the_picture_shows_the_nodule_across_two_fifths_with_its_outline_round_the_centre(
    big_nodule: tuple[FindingRecord, ApiClient],
) -> None:
    finding, _ = big_nodule
    preview = _preview(big_nodule, GRAPHICS_PIXELS)
    label = short_label(1, finding.lobe, finding.diameter_mm)
    picture = slice_picture(slice_colours(preview.pixels, preview.outline), label)
    assert picture.size == (GRAPHICS_PIXELS * PICTURE_SCALE,) * 2
    left, top, right, bottom = _outline_box(picture)
    centre = picture.width / 2
    assert left < centre < right and top < centre < bottom  # round the finding's centre
    # 2.5 diameters across: the nodule's outline spans 1 / 2.5 = 40 % of the width, give or
    # take the real shape against its mean diameter
    share = (right - left) / picture.width
    assert 0.3 <= share <= 0.55, share
    field_mm = preview_field_mm(finding.diameter_mm)
    assert preview.pixel_mm == pytest.approx(field_mm / GRAPHICS_PIXELS, abs=0.01)


def test_the_label_is_written_in_the_corner_clear_of_the_nodule(
    big_nodule: tuple[FindingRecord, ApiClient],
) -> None:
    finding, _ = big_nodule
    preview = _preview(big_nodule, GRAPHICS_PIXELS)
    colours = slice_colours(preview.pixels, preview.outline)
    label = short_label(1, finding.lobe, finding.diameter_mm)
    assert label == f"#1 {finding.lobe} {finding.diameter_mm:.1f} mm"
    plain, labelled = slice_picture(colours), slice_picture(colours, label)
    box = label_box(labelled.width, label)
    x0, y0, x1, y1 = box
    changed = [
        (x, y)
        for y in range(labelled.height)
        for x in range(labelled.width)
        if plain.getpixel((x, y)) != labelled.getpixel((x, y))
    ]
    assert changed and all(x0 <= x < x1 and y0 <= y < y1 for x, y in changed)
    in_box = [labelled.getpixel((x, y)) for y in range(y0, y1) for x in range(x0, x1)]
    assert in_box.count(LABEL_RGB) > 30  # the letters, white on black
    assert in_box.count(LABEL_BACKGROUND) > len(in_box) / 2
    assert x1 < labelled.width / 2 and y1 < labelled.height / 4  # a corner, not the picture
    left, top, _, _ = _outline_box(labelled)
    assert left >= x1 or top >= y1  # the outline is not under the label


def test_the_half_blocks_draw_the_same_colours_two_rows_a_line(
    big_nodule: tuple[FindingRecord, ApiClient],
) -> None:
    preview = _preview(big_nodule, PREVIEW_SIZE)
    colours = slice_colours(preview.pixels, preview.outline)
    text = halfblock.render(colours)
    lines = text.plain.split("\n")
    assert len(lines) == PREVIEW_SIZE // 2 and {len(line) for line in lines} == {PREVIEW_SIZE}
    drawn = {
        (span.style.color.get_truecolor(), span.style.bgcolor.get_truecolor())  # type: ignore[union-attr]
        for span in text.spans
    }
    red = tuple(OUTLINE_RGB)
    assert any(red in (tuple(top), tuple(bottom)) for top, bottom in drawn)


def test_a_label_leaves_out_what_is_not_known() -> None:
    assert short_label(2, "LUL", 4.04) == "#2 LUL 4.0 mm"
    assert short_label(0, "2025-06-28", 4.3) == "2025-06-28 4.3 mm"
    assert short_label(3, None, None) == "#3"
