"""Visual regression: each default case report looks like its committed reference image.

Refresh the references after an intended change with ``python -m crmlib.course.visual refresh``.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from PIL import Image

from crmlib.course import reports, visual
from tests._chromium import chromium_path


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> dict[str, tuple]:
    chromium_path()  # skip (or fail in CI) without a browser
    folder = tmp_path_factory.mktemp("visual")
    pages = visual.render_defaults(folder)
    return {
        case: (html, visual.shoot(html, folder / f"{case}.png")) for case, html in pages.items()
    }


def test_every_case_has_a_reference():
    assert sorted(p.stem for p in visual.REFERENCES.glob("*.png")) == reports.list_cases()


def test_each_default_report_looks_like_its_reference(shots):
    for case, (_, shot) in shots.items():
        actual = visual.small_image(shot)
        mean, worst = visual.compare(actual, visual.small_image(visual.REFERENCES / f"{case}.png"))
        assert mean < visual.MEAN_LIMIT and worst < visual.TILE_LIMIT, (
            f"{case}: the report's look changed (mean {mean:.4f}, worst tile {worst:.4f}); "
            f"see {shot}; if intended, run `python -m crmlib.course.visual refresh`"
        )


def test_the_check_ignores_a_pixel_shift_but_catches_a_missing_figure(shots, tmp_path):
    html, shot = shots["value-pyramid"]
    reference = visual.small_image(shot)
    with Image.open(shot) as image:  # everything one pixel to the right: anti-aliasing noise
        moved = np.roll(np.asarray(image.convert("L")), 1, axis=1)
    Image.fromarray(moved).save(tmp_path / "moved.png")
    mean, worst = visual.compare(visual.small_image(tmp_path / "moved.png"), reference)
    assert mean < visual.MEAN_LIMIT and worst < visual.TILE_LIMIT
    # The pyramid figure left out (its place kept, as a failed image would leave it)
    page = html.read_text(encoding="utf-8")
    first = re.search(r'src="data:image/png;base64,[^"]*"', page)
    broken = tmp_path / "no-figure.html"
    broken.write_text(page.replace(first.group(0), 'src="" style="height:480px"', 1))
    mean, worst = visual.compare(
        visual.small_image(visual.shoot(broken, tmp_path / "no-figure.png")), reference
    )
    assert worst > visual.TILE_LIMIT
