"""The report's Dice axis is robust: one image at Dice 0 among images near 0.9 no longer
stretches the axis to 0 (which squeezed the rest into its last tenth); it is drawn as a hollow
red mark left of the axis, with its value in the tooltip (issue 18 frictions)."""

from __future__ import annotations

import re

from desktop.core.evaluation import EvaluationOptions, EvaluationRun

from .conftest import RedChannelModel, square, write_case


def _report(tmp_path, cases) -> str:
    images, masks, out = tmp_path / "images", tmp_path / "masks", tmp_path / "out"
    for name, truth, predicted in cases:
        write_case(images, masks, name, truth, predicted)
    run = EvaluationRun([RedChannelModel("model")], EvaluationOptions(images, masks, out))
    assert all(row.ok for row in run)
    return (out / "report.html").read_text("utf-8")


def _strip_plot(page: str) -> str:
    return re.search(r'<svg[^>]*aria-label="Dice per image per model".*?</svg>', page).group(0)


def _ticks(svg: str) -> list[float]:
    return [float(t) for t in re.findall(r'text-anchor="middle">(\d\.\d\d)</text>', svg)]


def _circle(svg: str, name: str) -> str:
    return re.search(rf"<circle [^>]*><title>{re.escape(name)}: Dice [^<]*</title>", svg).group(0)


def test_one_failed_image_does_not_squeeze_the_axis(tmp_path):
    truth = square(256, 40, 40, 100)
    cases = [(f"good{i}.png", truth, square(256, 40 + i, 40, 100)) for i in range(1, 9)]
    cases.append(("missed.png", truth, square(256, 200, 200, 20)))  # no overlap: Dice 0
    svg = _strip_plot(_report(tmp_path, cases))
    ticks = _ticks(svg)
    assert min(ticks) == 0.9 and max(ticks) == 1.0  # the good ones span 0.92-0.99
    missed = _circle(svg, "missed.png")
    assert "Dice 0.0000" in missed and 'stroke="#d22"' in missed  # hollow red, value kept
    assert 'stroke="#d22"' not in _circle(svg, "good3.png")
    assert "&lt; 0.9" in svg  # the band left of the axis says what it holds
    left_edge = float(re.search(r'cx="([\d.]+)"', missed).group(1))
    good_x = float(re.search(r'cx="([\d.]+)"', _circle(svg, "good8.png")).group(1))
    assert left_edge < good_x


def test_spread_values_keep_the_full_axis(tmp_path):
    truth = square(256, 40, 40, 100)
    # Overlaps from none to most: Dice spread from 0 to ~0.9, none an outlier.
    cases = [(f"case{i}.png", truth, square(256, 40 + 12 * i, 40, 100)) for i in range(9)]
    svg = _strip_plot(_report(tmp_path, cases))
    assert min(_ticks(svg)) == 0.0
    assert 'stroke="#d22" stroke-width="1.4"' not in svg  # no value is drawn off the axis
