"""The SVG plots of `report.html`: Dice per image per model (a strip plot with quartile boxes and
the recorded scores), and one model against another, image by image (a paired scatter).

Written as SVG text with numpy only (no plotting library), so the page stays one offline file.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

import numpy as np

_PALETTE = ("#3a6fd8", "#d9731a", "#2a9d5b", "#9b4dca", "#c23b5a", "#5f7a8a")


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _axis_low(values: Sequence[float]) -> float:
    """Start of the Dice axis: the tenth below the lowest value that is not an outlier (Tukey:
    more than 1.5 interquartile ranges below the lower quartile). One failed image at 0 among
    values near 0.9 would otherwise squeeze them all into the axis' last tenth; outliers are
    drawn at the axis' edge instead (`_BELOW`)."""
    if not len(values):
        return 0.0
    dices = np.asarray(values, dtype=np.float64)
    q1, q3 = np.quantile(dices, [0.25, 0.75])
    lowest = float(dices[dices >= q1 - 1.5 * (q3 - q1)].min())
    return max(0.0, float(np.floor(lowest * 10 - 1e-9)) / 10)


# Values below the axis' start sit in a band left of it, as hollow red marks.
_BELOW = 'fill="#fff" stroke="#d22" stroke-width="1.4"'


def strip_plot(models: list[dict[str, Any]], rows: Sequence[Any]) -> str:
    values = {
        model["name"]: [(r.file, r.dice) for r in rows if r.model == model["name"] and r.ok]
        for model in models
    }
    every = [dice for pairs in values.values() for _, dice in pairs]
    recorded = [item["recorded_dice"] for model in models for item in model["comparison"]]
    low = min(_axis_low(every), _axis_low(recorded)) if recorded else _axis_low(every)
    below = sum(dice < low for dice in every)
    band = 56 if below else 0  # room left of the axis for the values below its start
    left, right, lane = 190 + band, 1180, 64
    width, height = right + 30, 40 + lane * len(models) + 30

    def x(dice: float) -> float:
        if dice < low:
            return left - band / 2
        return left + (dice - low) / max(1e-9, 1.0 - low) * (right - left)

    svg = [
        f'<svg width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="Dice per image per model">'
    ]
    bottom = 30 + lane * len(models)
    for tick in np.linspace(low, 1.0, int(round((1.0 - low) * 10)) * 2 + 1):
        svg.append(
            f'<line x1="{x(tick):.1f}" y1="24" x2="{x(tick):.1f}" y2="{bottom}" stroke="#e3e7ee"/>'
        )
        svg.append(
            f'<text x="{x(tick):.1f}" y="{bottom + 16}" text-anchor="middle">{tick:.2f}</text>'
        )
    svg.append(
        f'<text x="{(left + right) / 2}" y="{bottom + 30}" text-anchor="middle">'
        "Dice at the image's own size</text>"
    )
    if below:
        svg.append(
            f'<line x1="{left - 4}" y1="24" x2="{left - 4}" y2="{bottom}" stroke="#d22" '
            'stroke-dasharray="2 3"/>'
            f'<text x="{left - band / 2:.1f}" y="{bottom + 16}" text-anchor="middle" '
            f'style="fill:#d22">&lt; {low:.1f}<title>{below} image(s) with a Dice below '
            f"{low:.2f}: hover a hollow mark for its value</title></text>"
        )
    rng = np.random.default_rng(0)  # fixed jitter: the same page for the same results
    for index, model in enumerate(models):
        colour = _PALETTE[index % len(_PALETTE)]
        centre = 30 + lane * index + lane / 2
        svg.append(
            f'<text x="{left - band - 10}" y="{centre + 4:.1f}" text-anchor="end">'
            f"{_e(model['name'])}</text>"
        )
        dices = np.array([dice for _, dice in values[model["name"]]], dtype=np.float64)
        if dices.size:
            q1, median, q3 = np.quantile(dices, [0.25, 0.5, 0.75])
            svg.append(
                f'<rect x="{x(q1):.1f}" y="{centre - 16:.1f}" width="{x(q3) - x(q1):.1f}" '
                f'height="32" fill="{colour}" fill-opacity="0.12" stroke="{colour}"/>'
            )
            svg.append(
                f'<line x1="{x(median):.1f}" y1="{centre - 16:.1f}" x2="{x(median):.1f}" '
                f'y2="{centre + 16:.1f}" stroke="{colour}" stroke-width="2"/>'
            )
        for file, dice in values[model["name"]]:
            jitter = rng.uniform(-12, 12)
            look = _BELOW if dice < low else f'fill="{colour}" fill-opacity="0.75"'
            svg.append(
                f'<circle cx="{x(dice):.1f}" cy="{centre + jitter:.1f}" r="3.6" '
                f"{look}><title>{_e(file)}: Dice {dice:.4f}</title></circle>"
            )
        if dices.size:
            mean = float(dices.mean())
            svg.append(
                f'<text x="{x(mean):.1f}" y="{centre - 19:.1f}" text-anchor="middle" '
                f'style="fill:{colour};font-size:13px">◆<title>mean {mean:.4f}</title>'
                "</text>"
            )
        for item in model["comparison"]:
            if item["measured"] != "dice":
                continue
            xr = x(max(low, item["recorded_dice"]))
            svg.append(
                f'<line x1="{xr:.1f}" y1="{centre - 22:.1f}" x2="{xr:.1f}" '
                f'y2="{centre + 22:.1f}" stroke="#d22" stroke-width="2"><title>recorded '
                f"{_e(item['recorded'])} Dice {item['recorded_dice']:.4f}</title></line>"
            )
        for item in model["comparison"]:
            if item["measured"] == "dice_model_res":
                xr = x(max(low, item["recorded_dice"]))
                svg.append(
                    f'<line x1="{xr:.1f}" y1="{centre - 22:.1f}" x2="{xr:.1f}" '
                    f'y2="{centre + 22:.1f}" stroke="#d22" stroke-width="2" '
                    f'stroke-dasharray="3 2"><title>recorded {_e(item["recorded"])} '
                    f"Dice {item['recorded_dice']:.4f} (model resolution)</title></line>"
                )
    svg.append("</svg>")
    return "".join(svg)


def paired_scatter(pair: dict[str, Any], rows: Sequence[Any]) -> str:
    a = {row.file: row.dice for row in rows if row.model == pair["a"] and row.ok}
    b = {row.file: row.dice for row in rows if row.model == pair["b"] and row.ok}
    files = [file for file in a if file in b]
    if not files:
        return ""
    low = min(_axis_low([a[f] for f in files]), _axis_low([b[f] for f in files]))
    size, margin = 340, 48

    def pos(value: float) -> float:  # a value below the axis sits on its edge (hollow)
        return (max(value, low) - low) / max(1e-9, 1.0 - low) * size

    svg = [
        f'<svg width="{size + margin + 20}" '
        f'height="{size + margin + 20}" role="img" aria-label="paired Dice">',
        f'<g transform="translate({margin},10)">',
        f'<rect width="{size}" height="{size}" fill="none" stroke="#ccd"/>',
        f'<line x1="0" y1="{size}" x2="{size}" y2="0" stroke="#bbb" stroke-dasharray="4 3"/>',
    ]
    for tick in np.linspace(low, 1.0, 3):
        svg.append(
            f'<text x="{pos(tick):.1f}" y="{size + 15}" text-anchor="middle">{tick:.2f}</text>'
        )
        svg.append(
            f'<text x="-6" y="{size - pos(tick) + 4:.1f}" text-anchor="end">{tick:.2f}</text>'
        )
    for file in files:
        outside = min(a[file], b[file]) < low
        look = _BELOW if outside else 'fill="#3a6fd8" fill-opacity="0.7"'
        svg.append(
            f'<circle cx="{pos(a[file]):.1f}" cy="{size - pos(b[file]):.1f}" r="3.6" '
            f"{look}><title>{_e(file)}: {a[file]:.4f} vs {b[file]:.4f}</title></circle>"
        )
    svg.append(
        f'<text x="{size / 2}" y="{size + 32}" text-anchor="middle">Dice {_e(pair["a"])}</text>'
    )
    svg.append(
        f'<text transform="translate(-36,{size / 2}) rotate(-90)" text-anchor="middle">'
        f"Dice {_e(pair['b'])}</text></g></svg>"
    )
    caption = (
        f'<p class="small">Per image, {_e(pair["a"])} (x) against {_e(pair["b"])} (y): '
        "points below the diagonal are images where A scores higher."
        + (
            f" Hollow red marks: a Dice below {low:.2f}, drawn on the edge (hover for it)."
            if any(min(a[f], b[f]) < low for f in files)
            else ""
        )
        + "</p>"
    )
    return caption + "".join(svg)
