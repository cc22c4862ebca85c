"""`report.html`: one self-contained page — summary table, per-image Dice plots, worst cases.

Everything is inline: plots are SVG (`plots.py`), gallery pictures are base64 JPEG data URIs,
the style is a <style> block. No script, no external URL, so the page opens offline in any
browser and can be mailed as one file. Drawn with numpy/OpenCV only (no plotting library).
"""

from __future__ import annotations

import base64
import html
from collections.abc import Sequence
from typing import Any

import cv2

from desktop.core.evaluation.drawing import (
    FN_COLOUR,
    FP_COLOUR,
    GT_OUTLINE_COLOUR,
    PRED_OUTLINE_COLOUR,
    TP_COLOUR,
    comparison_image,
    draw_marks,
)
from desktop.core.evaluation.plots import paired_scatter, strip_plot

_STYLE = """
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2430;
       margin: 24px auto; max-width: 1240px; padding: 0 16px; }
h1 { font-size: 22px; margin-bottom: 4px; } h2 { font-size: 17px; margin-top: 28px; }
.meta { color: #5a6475; font-size: 12.5px; }
table { border-collapse: collapse; margin: 8px 0; font-variant-numeric: tabular-nums; }
th, td { border-bottom: 1px solid #dde2ea; padding: 4px 9px; text-align: right; }
th { background: #f1f4f8; font-weight: 600; } td.l, th.l { text-align: left; }
td.rec, th.rec { background: #fff7e0; }
.verdict { background: #f4f8ff; border-left: 4px solid #3a6fd8; padding: 6px 12px; margin: 6px 0; }
.bad { color: #b3261e; } .small { font-size: 12px; color: #5a6475; }
.gallery { display: flex; flex-wrap: wrap; gap: 12px; }
figure { margin: 0; width: 372px; }
figure img { width: 100%; max-height: 300px; object-fit: contain; background: #000;
             border: 1px solid #ccd; }
figcaption { font-size: 12px; word-break: break-all; }
.sw { display: inline-block; width: 12px; height: 12px; border: 1px solid #888;
      vertical-align: -1px; margin: 0 3px 0 10px; }
svg text { font: 11px system-ui, sans-serif; fill: #333; }
"""


def render_report(
    summary: dict[str, Any], rows: Sequence[Any], worst_cases: Sequence[Any] = ()
) -> str:
    """The page's HTML text."""
    models = summary["models"]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<title>SegDesk evaluation against ground truth</title>",
        f"<style>{_STYLE}</style></head><body>",
        "<h1>Evaluation against ground truth</h1>",
        _meta(summary),
        "<h2>Is the recorded score reproduced?</h2>",
        *(_verdict(model) for model in models),
        *(f'<p class="verdict">{_e(pair["sentence"])}</p>' for pair in summary["paired"]),
        "<h2>Summary</h2>",
        _summary_table(models),
        _recorded_table(models),
    ]
    if summary["paired"]:
        parts += ["<h2>Model against model (paired, same images)</h2>", _paired_table(summary)]
    parts += [
        "<h2>Dice per image</h2>",
        '<p class="small">Each dot is one image (hover for its name); the box spans the '
        "quartiles with the median line, ◆ is the mean. Red ticks: the Dice recorded in the "
        "package, solid if it was measured at image size, dashed if at model resolution. "
        "The axis starts below the lowest value that is not an outlier; images far below the "
        "rest are hollow red marks left of the dashed line (hover for the value).</p>",
        strip_plot(models, rows),
    ]
    for pair in summary["paired"]:
        parts.append(paired_scatter(pair, rows))
    parts += ["<h2>Worst cases</h2>", _legend(), _gallery(models, worst_cases)]
    parts += [_failures(rows), _conventions(summary), "</body></html>"]
    return "\n".join(part for part in parts if part) + "\n"


def _verdict(model: dict[str, Any]) -> str:
    return "".join(f'<p class="verdict">{_e(text)}</p>' for text in model["verdicts"])


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _num(value: float | None, digits: int = 4) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _meta(summary: dict[str, Any]) -> str:
    counts = [
        f"{_e(summary.get('images', '?'))} images",
        f"images {_e(summary.get('images_dir', ''))}",
        f"ground truth {_e(summary.get('masks_dir', ''))}",
        f"{_e(summary.get('started', ''))} – {_e(summary.get('ended', ''))}",
        f"SegDesk {_e(summary['app']['version'])}",
    ]
    if summary.get("cancelled"):
        counts.append('<span class="bad">cancelled: only part of the images were scored</span>')
    return f'<p class="meta">{" · ".join(counts)}</p>'


def _summary_table(models: list[dict[str, Any]]) -> str:
    head = (
        '<tr><th class="l">model</th><th>n</th><th>failed</th><th>mean Dice</th>'
        "<th>95 % CI</th><th>pooled Dice</th><th>mean IoU</th><th>precision</th><th>recall</th>"
        "<th>Dice @ model res.</th><th>IoU @ model res.</th><th>s / image</th>"
        '<th class="l">device</th></tr>'
    )
    body = []
    for model in models:
        mean, ci = model["mean"], model["dice_ci95"]
        interval = "–" if ci is None else f"{ci[0]:.4f}–{ci[1]:.4f}"
        body.append(
            f'<tr><td class="l">{_e(model["name"])}</td><td>{model["n"]}</td>'
            f"<td>{model['failed']}</td><td>{_num(mean['dice'])}</td><td>{interval}</td>"
            f"<td>{_num(model['pooled']['dice'])}</td><td>{_num(mean['iou'])}</td>"
            f"<td>{_num(mean['precision'])}</td><td>{_num(mean['recall'])}</td>"
            f"<td>{_num(mean['dice_model_res'])}</td><td>{_num(mean['iou_model_res'])}</td>"
            f"<td>{_num(model['seconds_per_image'], 3)}</td>"
            f'<td class="l">{_e(model["device"])}</td></tr>'
        )
    return f"<table>{head}{''.join(body)}</table>"


def _recorded_table(models: list[dict[str, Any]]) -> str:
    """Recorded training metrics side by side with what was measured here."""
    head = (
        '<tr><th class="l">model</th><th class="l rec">recorded at training</th>'
        '<th class="rec">images</th><th class="l rec">resolution</th><th class="rec">Dice</th>'
        "<th>measured here</th><th>95 % CI</th><th>difference</th><th>inside CI</th></tr>"
    )
    body = []
    for model in models:
        if not model["comparison"]:
            body.append(
                f'<tr><td class="l">{_e(model["name"])}</td>'
                '<td class="l rec" colspan="8">no recorded Dice in model.json</td></tr>'
            )
        for item in model["comparison"]:
            ci = item["ci95"]
            body.append(
                f'<tr><td class="l">{_e(model["name"])}</td>'
                f'<td class="l rec">{_e(item["recorded"])}</td>'
                f'<td class="rec">{_e(item["recorded_frames"] or "?")}</td>'
                f'<td class="l rec">{_e(item["recorded_resolution"] or "?")}</td>'
                f'<td class="rec">{_num(item["recorded_dice"])}</td>'
                f"<td>{_num(item['measured_dice'])} ({_e(item['measured'])})</td>"
                f"<td>{'–' if ci is None else f'{ci[0]:.4f}–{ci[1]:.4f}'}</td>"
                f"<td>{item['difference']:+.4f}</td>"
                f"<td>{'yes' if item['recorded_inside_ci'] else 'no'}</td></tr>"
            )
    return f"<table>{head}{''.join(body)}</table>"


def _paired_table(summary: dict[str, Any]) -> str:
    head = (
        '<tr><th class="l">A</th><th class="l">B</th><th>n</th><th>mean Dice A − B</th>'
        "<th>95 % CI</th><th>Wilcoxon p</th><th>A better</th><th>B better</th><th>ties</th></tr>"
    )
    body = []
    for pair in summary["paired"]:
        ci = pair["ci95"]
        p_value = pair["wilcoxon_p"]
        body.append(
            f'<tr><td class="l">{_e(pair["a"])}</td><td class="l">{_e(pair["b"])}</td>'
            f"<td>{pair['n']}</td><td>{_num(pair['mean_dice_difference'])}</td>"
            f"<td>{'–' if ci is None else f'{ci[0]:+.4f} to {ci[1]:+.4f}'}</td>"
            f"<td>{'–' if p_value is None else f'{p_value:.3g}'}</td>"
            f"<td>{pair['a_better']}</td><td>{pair['b_better']}</td><td>{pair['ties']}</td></tr>"
        )
    return f"<table>{head}{''.join(body)}</table>"


def _swatch(colour: tuple[int, int, int]) -> str:
    return f'<span class="sw" style="background: rgb{tuple(colour)}"></span>'


def _legend() -> str:
    return (
        '<p class="small">'
        f"{_swatch(TP_COLOUR)}true positive {_swatch(FP_COLOUR)}false positive "
        f"{_swatch(FN_COLOUR)}false negative {_swatch(GT_OUTLINE_COLOUR)}ground-truth outline "
        f"{_swatch(PRED_OUTLINE_COLOUR)}predicted outline. The lowest-Dice images of each "
        "model (perfect ones are not shown); rings mark errors too small to see at this size.</p>"
    )


def _gallery(models: list[dict[str, Any]], worst_cases: Sequence[Any]) -> str:
    parts = []
    for model in models:
        cases = sorted(
            (case for case in worst_cases if case.model == model["name"]),
            key=lambda case: case.dice,
        )
        if not cases:
            parts.append(f"<h3>{_e(model['name'])}</h3><p>No imperfect image.</p>")
            continue
        figures = "".join(
            f'<figure><img alt="{_e(case.file)}" src="{_data_uri(case)}">'
            f"<figcaption>{_e(case.file)} — Dice {case.dice:.4f}</figcaption></figure>"
            for case in cases
        )
        parts.append(f'<h3>{_e(model["name"])}</h3><div class="gallery">{figures}</div>')
    return "".join(parts)


def _data_uri(case: Any) -> str:
    picture = draw_marks(comparison_image(case.image, case.truth, case.prediction), case.marks)
    ok, encoded = cv2.imencode(
        ".jpg", cv2.cvtColor(picture, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, 88]
    )
    if not ok:
        raise ValueError("JPEG encoding of a gallery picture failed")
    return "data:image/jpeg;base64," + base64.b64encode(encoded.tobytes()).decode("ascii")


def _failures(rows: Sequence[Any]) -> str:
    failed = [row for row in rows if not row.ok]
    if not failed:
        return ""
    body = "".join(
        f'<tr><td class="l">{_e(row.file)}</td><td class="l">{_e(row.model)}</td>'
        f'<td class="l">{_e(row.error)}</td></tr>'
        for row in failed
    )
    return (
        f'<h2 class="bad">Failed ({len(failed)})</h2><table><tr><th class="l">file</th>'
        f'<th class="l">model</th><th class="l">reason</th></tr>{body}</table>'
    )


def _conventions(summary: dict[str, Any]) -> str:
    conventions = summary.get("conventions", {})
    items = "".join(
        f"<li><b>{_e(key.replace('_', ' '))}</b>: {_e(value)}</li>"
        for key, value in conventions.items()
        if isinstance(value, str)
    )
    boot = conventions.get("bootstrap", {})
    if boot:
        items += (
            f"<li><b>intervals</b>: {_e(boot.get('method'))} bootstrap of the mean, "
            f"{_e(boot.get('resamples'))} resamples, seed {_e(boot.get('seed'))}</li>"
        )
    return f'<h2>How the numbers are computed</h2><ul class="small">{items}</ul>'
