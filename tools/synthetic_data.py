"""Deterministic synthetic endoscopy-like frames with exact lesion masks.

The demonstration models bundled with SegDesk are trained on these frames, so
nothing clinical (and nothing downloaded) ships with the app. A frame is a
pure function of ``(seed, index)``: the training DataLoader renders frames on
the fly, and the evaluation script regenerates the same held-out set anywhere.

    python tools/synthetic_data.py OUT --count 200 --seed 3000

writes ``OUT/images/0000.jpg`` … and ``OUT/masks/0000.png`` (0/255); ``--site b`` renders
a second hospital's style (``SITE_B``) instead, which no bundled model was trained on.

Seeds used by the project (keep them disjoint):
    TRAIN_SEED    training stream (train_demo.py)
    VAL_SEED      validation during training (train_demo.py)
    HELDOUT_SEED  held-out evaluation (evaluate_demo.py)
    SAMPLES_SEED  resources/samples
    EVALUATION_SEED  resources/validation (the evaluate command's demo set)
    SITE_A_KEEP_SEED        resources/site-a (site A frames for fine-tuning's --keep)
    SITE_B_REVIEWED_SEED    resources/site-b/images + reviewed (site B, the reviewed frames)
    SITE_B_EVALUATION_SEED  resources/site-b/eval (site B, held out)
"""

from __future__ import annotations

import argparse
import math
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

TRAIN_SEED = 1000
VAL_SEED = 2000
HELDOUT_SEED = 3000
SAMPLES_SEED = 4000
EVALUATION_SEED = 5000
SITE_A_KEEP_SEED = 6000
SITE_B_REVIEWED_SEED = 7000
SITE_B_EVALUATION_SEED = 8000

# (width, height) of common endoscope/capture formats; portrait is drawn separately.
FRAME_SIZES: tuple[tuple[int, int], ...] = (
    (384, 288),
    (640, 480),
    (720, 576),
    (800, 600),
    (1024, 768),
    (1280, 1024),
    (1280, 720),
)
PORTRAIT_PROBABILITY = 0.15
# Probability of 0, 1, 2, 3, 4 lesions in a frame.
LESION_COUNT_PROBABILITIES = (0.12, 0.48, 0.25, 0.10, 0.05)
MIN_LESION_FRACTION = 0.03
MAX_LESION_FRACTION = 0.30
NOISE_TILE = 197  # prime-ish, so the repeat does not line up with JPEG blocks

# Lesion colour families (linear-ish RGB in [0, 1]) the lesion is pulled toward.
LESION_PALETTE: dict[str, tuple[float, float, float]] = {
    "pale": (0.95, 0.78, 0.74),
    "red": (0.80, 0.16, 0.18),
    "brown": (0.58, 0.36, 0.25),
    "purple": (0.62, 0.30, 0.42),
}

Float = np.float32


@dataclass(frozen=True)
class SiteStyle:
    """How one hospital's scope, light and patients look; site A is what the demo models saw.

    Site A's values are the ones the bundled models were trained on: changing any of them
    changes the frames of every seed. Site B is a second, plausible hospital (an older
    scope with a warm xenon light, softer optics, a stronger vignette, coarser mucosa and
    flatter, more ragged lesions) used only to demonstrate fine-tuning; the bundled models
    never saw it.
    """

    frame_sizes: tuple[tuple[int, int], ...] = FRAME_SIZES
    portrait_probability: float = PORTRAIT_PROBABILITY
    mucosa_base: tuple[tuple[float, float], ...] = ((0.74, 0.92), (0.36, 0.54), (0.34, 0.52))
    fine_texture: float = 0.025  # amplitude of the fine mucosa texture
    fine_cell: float = 5.0  # its feature size at 480 px
    lesion_palette: tuple[tuple[float, float, float], ...] = tuple(LESION_PALETTE.values())
    lesion_strength: tuple[float, float] = (0.3, 0.85)
    lesion_relief: float = 1.0  # scales the dome shading: below 1 is flatter
    perturbed_probability: float = 0.6  # else the noisy (ragged) outline
    ragged_noise: tuple[float, float] = (0.12, 0.3)
    vignette_fall: tuple[float, float] = (0.25, 0.5)
    blur: tuple[float, float] = (0.5, 1.3)
    noise: tuple[float, float] = (0.004, 0.012)
    # Site-specific colour after the optics: a 3×3 RGB mix and a contrast around the mean.
    colour_mix: tuple[tuple[float, float, float], ...] | None = None
    contrast: float = 1.0


SITE_A = SiteStyle()
SITE_B = SiteStyle(
    # An SD video processor: PAL/NTSC capture sizes only.
    frame_sizes=((640, 480), (720, 576), (768, 576)),
    portrait_probability=0.0,
    mucosa_base=((0.80, 0.95), (0.46, 0.60), (0.30, 0.42)),
    fine_texture=0.05,
    fine_cell=9.0,
    lesion_palette=((0.90, 0.70, 0.52), (0.72, 0.30, 0.22), (0.66, 0.52, 0.36)),
    # Lesions as visible as at site A (a fainter mix, 0.3–0.75 with half the relief, left some
    # of them unrecoverable from the pixels: fine-tuning stalled at Dice 0.86); the shift is
    # the light, colour and optics below, which the bundled models never saw.
    lesion_strength=(0.45, 0.8),
    lesion_relief=0.7,
    perturbed_probability=0.25,
    ragged_noise=(0.25, 0.45),
    vignette_fall=(0.5, 0.75),
    blur=(1.0, 1.7),
    noise=(0.006, 0.014),
    colour_mix=((1.05, 0.12, 0.0), (0.06, 0.92, 0.06), (0.0, 0.12, 0.5)),
    contrast=0.72,
)
SITES: dict[str, SiteStyle] = {"a": SITE_A, "b": SITE_B}


def _generator(rng_or_seed: np.random.Generator | int, index: int) -> np.random.Generator:
    """A Generator is used as given; an int seed gets an independent stream per index."""
    if isinstance(rng_or_seed, np.random.Generator):
        return rng_or_seed
    return np.random.default_rng([int(rng_or_seed), int(index)])


def _smooth_noise(rng: np.random.Generator, height: int, width: int, cell: float) -> np.ndarray:
    """Value noise with features about ``cell`` pixels wide, roughly N(0, 1).

    Drawn on a coarse grid and upscaled with bicubic interpolation: far cheaper
    than filtering full-resolution white noise, which matters for 1280×1024.
    """
    grid_h = max(2, int(math.ceil(height / cell)) + 1)
    grid_w = max(2, int(math.ceil(width / cell)) + 1)
    grid = rng.standard_normal((grid_h, grid_w)).astype(Float)
    return cv2.resize(grid, (width, height), interpolation=cv2.INTER_CUBIC)


def _fractal_noise(
    rng: np.random.Generator, height: int, width: int, cell: float, octaves: int = 3
) -> np.ndarray:
    """Sum of value-noise octaves (each half the size, half the weight), ~unit std."""
    total = np.zeros((height, width), Float)
    weight_sum = 0.0
    for octave in range(octaves):
        weight = 0.5**octave
        total += weight * _smooth_noise(rng, height, width, max(2.0, cell / 2**octave))
        weight_sum += weight**2
    return total / math.sqrt(weight_sum)


def _frame_size(rng: np.random.Generator, style: SiteStyle) -> tuple[int, int]:
    """Return (height, width): mostly landscape capture formats, some portrait."""
    width, height = style.frame_sizes[rng.integers(len(style.frame_sizes))]
    if rng.random() < style.portrait_probability:
        width, height = height, width
    return height, width


def _mucosa(
    rng: np.random.Generator, height: int, width: int, scale: float, style: SiteStyle
) -> np.ndarray:
    """Pink/red tissue: low-frequency colour and brightness variation, fine texture, folds."""
    base = np.array([rng.uniform(*bounds) for bounds in style.mucosa_base], Float)
    brightness = 1.0 + 0.12 * _fractal_noise(rng, height, width, 160 * scale)
    tint = 0.045 * _fractal_noise(rng, height, width, 120 * scale)
    fine = style.fine_texture * _fractal_noise(
        rng, height, width, style.fine_cell * scale, octaves=2
    )
    image = np.empty((height, width, 3), Float)
    image[..., 0] = base[0] * brightness + fine
    image[..., 1] = (base[1] - tint) * brightness + fine
    image[..., 2] = (base[2] - 0.7 * tint) * brightness + fine
    # Folds: thin ridges of a smooth field cast soft darker bands.
    if rng.random() < 0.7:
        ridge_field = _smooth_noise(rng, height, width, 260 * scale)
        width_k = rng.uniform(0.06, 0.16)
        fold = np.exp(-((ridge_field / width_k) ** 2))
        image *= (1.0 - rng.uniform(0.12, 0.3) * fold)[..., None]
    return image


def _vessel_tree(
    rng: np.random.Generator,
    canvas: np.ndarray,
    start: tuple[float, float],
    angle: float,
    thickness: float,
    depth: int,
    scale: float,
) -> None:
    """Draw one branching vessel as a wandering polyline; children are thinner."""
    x, y = start
    points = [(x, y)]
    steps = int(rng.integers(6, 16))
    for _ in range(steps):
        angle += rng.normal(0.0, 0.35)
        length = rng.uniform(10, 28) * scale
        x += length * math.cos(angle)
        y += length * math.sin(angle)
        points.append((x, y))
        if depth > 0 and rng.random() < 0.18:
            branch_angle = angle + rng.choice([-1.0, 1.0]) * rng.uniform(0.4, 1.1)
            _vessel_tree(rng, canvas, (x, y), branch_angle, thickness * 0.65, depth - 1, scale)
    polyline = np.round(np.array(points) * 4).astype(np.int32)  # 2 fractional bits
    cv2.polylines(
        canvas, [polyline], False, 1.0, max(1, int(round(thickness))), cv2.LINE_AA, shift=2
    )


def _vessels(rng: np.random.Generator, height: int, width: int, scale: float) -> np.ndarray:
    """Soft map (0..1) of darker branching submucosal vessels."""
    canvas = np.zeros((height, width), Float)
    for _ in range(int(rng.integers(2, 8))):
        start = (rng.uniform(0, width), rng.uniform(0, height))
        thickness = rng.uniform(1.0, 4.0) * scale
        _vessel_tree(rng, canvas, start, rng.uniform(0, 2 * math.pi), thickness, 3, scale)
    sigma = 0.8 * scale
    return cv2.GaussianBlur(canvas, (0, 0), sigma) if sigma > 0.3 else canvas


def _lesion_count(rng: np.random.Generator) -> int:
    return int(rng.choice(len(LESION_COUNT_PROBABILITIES), p=LESION_COUNT_PROBABILITIES))


def _lesion_fraction(rng: np.random.Generator, count: int) -> float:
    """Area fraction of one lesion, log-uniform; smaller when several share a frame."""
    upper = MAX_LESION_FRACTION if count <= 1 else max(0.06, 1.5 * MAX_LESION_FRACTION / count)
    return float(math.exp(rng.uniform(math.log(MIN_LESION_FRACTION), math.log(upper))))


def _lesion_shape(
    rng: np.random.Generator, height: int, width: int, count: int, style: SiteStyle
) -> np.ndarray:
    """Binary (0/1 uint8) mask of one irregular blob: a perturbed ellipse or a noisy one."""
    area = _lesion_fraction(rng, count) * height * width
    aspect = rng.uniform(0.55, 1.0)
    semi_a = math.sqrt(area / (math.pi * aspect))
    semi_b = semi_a * aspect
    rotation = rng.uniform(0, math.pi)
    # Centre may sit near the edge, so some lesions are cut by the frame border.
    cx = rng.uniform(0.35 * semi_a, width - 0.35 * semi_a) if width > semi_a else width / 2
    cy = rng.uniform(0.35 * semi_a, height - 0.35 * semi_a) if height > semi_a else height / 2
    mask = np.zeros((height, width), np.uint8)
    if rng.random() < style.perturbed_probability:
        _fill_perturbed_ellipse(rng, mask, (cx, cy), (semi_a, semi_b), rotation)
    else:
        _fill_noisy_ellipse(rng, mask, (cx, cy), (semi_a, semi_b), rotation, style.ragged_noise)
    return mask


def _fill_perturbed_ellipse(
    rng: np.random.Generator,
    mask: np.ndarray,
    centre: tuple[float, float],
    semi_axes: tuple[float, float],
    rotation: float,
) -> None:
    """Ellipse whose radius is modulated by a few random harmonics (lobulated outline)."""
    angles = np.linspace(0, 2 * math.pi, 256, endpoint=False)
    radius = np.ones_like(angles)
    for harmonic in range(2, 8):
        amplitude = rng.uniform(0, 0.22) / harmonic**0.7
        radius += amplitude * np.cos(harmonic * angles + rng.uniform(0, 2 * math.pi))
    radius = np.clip(radius, 0.35, None)
    x = semi_axes[0] * radius * np.cos(angles)
    y = semi_axes[1] * radius * np.sin(angles)
    cos_r, sin_r = math.cos(rotation), math.sin(rotation)
    px = centre[0] + x * cos_r - y * sin_r
    py = centre[1] + x * sin_r + y * cos_r
    polygon = np.round(np.stack([px, py], axis=1) * 16).astype(np.int32)
    cv2.fillPoly(mask, [polygon], 1, cv2.LINE_8, shift=4)


def _fill_noisy_ellipse(
    rng: np.random.Generator,
    mask: np.ndarray,
    centre: tuple[float, float],
    semi_axes: tuple[float, float],
    rotation: float,
    noise_amplitude: tuple[float, float],
) -> None:
    """Threshold of (elliptic distance + smooth noise): ragged, less convex outlines.

    Computed only inside the blob's bounding box; the largest component is kept
    and holes are filled so one lesion stays one solid region.
    """
    height, width = mask.shape
    reach = 1.6 * semi_axes[0]
    x0, x1 = max(0, int(centre[0] - reach)), min(width, int(centre[0] + reach) + 1)
    y0, y1 = max(0, int(centre[1] - reach)), min(height, int(centre[1] + reach) + 1)
    if x1 - x0 < 4 or y1 - y0 < 4:
        return
    ys, xs = np.mgrid[y0:y1, x0:x1].astype(Float)
    dx, dy = xs - centre[0], ys - centre[1]
    cos_r, sin_r = math.cos(rotation), math.sin(rotation)
    u = (dx * cos_r + dy * sin_r) / semi_axes[0]
    v = (-dx * sin_r + dy * cos_r) / semi_axes[1]
    distance = np.sqrt(u * u + v * v)
    noise = _fractal_noise(rng, y1 - y0, x1 - x0, max(4.0, 0.6 * semi_axes[1]), octaves=2)
    blob = (distance + rng.uniform(*noise_amplitude) * noise < 1.0).astype(np.uint8)
    blob = _largest_component_filled(blob)
    mask[y0:y1, x0:x1] |= blob


def _largest_component_filled(blob: np.ndarray) -> np.ndarray:
    count, labels, stats, _ = cv2.connectedComponentsWithStats(blob, connectivity=8)
    if count <= 1:
        return blob
    largest = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    solid = (labels == largest).astype(np.uint8)
    contours, _ = cv2.findContours(solid, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    cv2.drawContours(solid, contours, -1, 1, thickness=cv2.FILLED)
    return solid


def _paint_lesion(
    rng: np.random.Generator,
    image: np.ndarray,
    lesion: np.ndarray,
    scale: float,
    light: tuple[float, float],
    style: SiteStyle,
) -> np.ndarray:
    """Recolour, texture and shade one lesion in place so it looks raised.

    Returns a 0..1 "height" map (used to put specular highlights on the dome).
    The colour edge is a blur centred on the mask outline, so the exact mask is
    the 50 % contour of the visible transition.
    """
    height, width = lesion.shape
    bx, by, bw, bh = cv2.boundingRect(lesion)
    pad = int(12 * scale) + 4
    y0, y1 = max(0, by - pad), min(height, by + bh + pad)
    x0, x1 = max(0, bx - pad), min(width, bx + bw + pad)
    roi_mask = lesion[y0:y1, x0:x1]
    roi = image[y0:y1, x0:x1]
    roi_h, roi_w = roi_mask.shape

    distance = cv2.distanceTransform(roi_mask, cv2.DIST_L2, 5)
    dome_radius = max(3.0, 0.45 * float(distance.max()))
    dome = 1.0 - (1.0 - np.minimum(distance / dome_radius, 1.0)) ** 2
    dome = cv2.GaussianBlur(dome, (0, 0), max(1.0, 0.15 * dome_radius))

    alpha = cv2.GaussianBlur(roi_mask.astype(Float), (0, 0), rng.uniform(0.6, 1.8) * scale)
    family = style.lesion_palette[rng.integers(len(style.lesion_palette))]
    target = np.array(family, Float) * rng.uniform(0.85, 1.1)
    # Low strength: colour overlaps the mucosa, texture and relief must carry it.
    strength = rng.uniform(*style.lesion_strength)
    texture = 1.0 + rng.uniform(0.04, 0.1) * _fractal_noise(
        rng, roi_h, roi_w, rng.uniform(3, 9) * scale, octaves=2
    )
    coloured = (roi * (1.0 - strength) + target * strength) * texture[..., None]

    grad_y, grad_x = np.gradient(dome)
    relief = (
        1.0
        + rng.uniform(0.06, 0.14) * dome
        - 0.9 * dome_radius * (grad_x * light[0] + grad_y * light[1]) * rng.uniform(0.5, 1.0)
    )
    if style.lesion_relief != 1.0:  # flatter lesions (site A skips this: bit-identical)
        relief = 1.0 + style.lesion_relief * (relief - 1.0)
    coloured *= np.clip(relief, 0.6, 1.5)[..., None]

    # Soft shadow just outside the lesion, on the side away from the light.
    shift = np.float32([[1, 0, light[0] * 3 * scale], [0, 1, light[1] * 3 * scale]])
    shadow = cv2.warpAffine(alpha, shift, (roi_w, roi_h), borderMode=cv2.BORDER_CONSTANT)
    shadow = np.clip(cv2.GaussianBlur(shadow, (0, 0), 2.5 * scale) - alpha, 0.0, 1.0)
    roi *= (1.0 - 0.35 * shadow)[..., None]

    roi += alpha[..., None] * (coloured - roi)
    full_dome = np.zeros((height, width), Float)
    full_dome[y0:y1, x0:x1] = dome * roi_mask
    return full_dome


def _specular_highlights(
    rng: np.random.Generator, image: np.ndarray, domes: np.ndarray, scale: float
) -> None:
    """Small saturated white spots from the endoscope light, many on lesion domes."""
    height, width = image.shape[:2]
    spots = np.zeros((height, width), Float)
    tops = np.argwhere(domes > 0.6)
    for _ in range(int(rng.integers(4, 30))):
        if len(tops) and rng.random() < 0.45:
            cy, cx = tops[rng.integers(len(tops))]
        else:
            cy, cx = rng.uniform(0, height), rng.uniform(0, width)
        axes = (
            max(1, int(rng.uniform(1, 6) * scale)),
            max(1, int(rng.uniform(1, 4) * scale)),
        )
        cv2.ellipse(
            spots, (int(cx), int(cy)), axes, rng.uniform(0, 180), 0, 360, 1.0, -1, cv2.LINE_AA
        )
    spots = cv2.GaussianBlur(spots, (0, 0), 0.8 * scale + 0.3)
    spots = np.clip(spots * 1.6, 0.0, 1.0)[..., None]
    image += spots * (1.02 - image)


def _vignette(rng: np.random.Generator, height: int, width: int, style: SiteStyle) -> np.ndarray:
    """Radial fall-off of the illumination, off-centre a little."""
    cy = height * rng.uniform(0.4, 0.6)
    cx = width * rng.uniform(0.4, 0.6)
    ys = (np.arange(height, dtype=Float) - cy) / (0.5 * height)
    xs = (np.arange(width, dtype=Float) - cx) / (0.5 * width)
    radius2 = ys[:, None] ** 2 + xs[None, :] ** 2
    gain = rng.uniform(0.85, 1.08)  # drawn first: the order of draws fixes site A's frames
    return gain * (1.0 - rng.uniform(*style.vignette_fall) * radius2**1.1 / 2**1.1)


def _lens_border(rng: np.random.Generator, height: int, width: int) -> np.ndarray | None:
    """Optional dark corners of the endoscope's round/octagonal field of view."""
    if rng.random() > 0.35:
        return None
    visible = np.zeros((height, width), np.uint8)
    radius = 0.5 * math.hypot(height, width) * rng.uniform(0.82, 0.95)
    cv2.circle(visible, (width // 2, height // 2), int(radius), 1, -1, cv2.LINE_AA)
    return visible


def _site_colour(image: np.ndarray, style: SiteStyle) -> np.ndarray:
    """The site's light and video processor: a colour mix and a flatter contrast."""
    if style.colour_mix is not None:
        image = image @ np.array(style.colour_mix, Float).T
    if style.contrast != 1.0:
        mean = image.mean(axis=(0, 1), keepdims=True)
        image = mean + style.contrast * (image - mean)
    return image


def _finish(
    rng: np.random.Generator, image: np.ndarray, scale: float, style: SiteStyle
) -> np.ndarray:
    """Optics and sensor: blur, noise, 8-bit quantisation and a JPEG round trip."""
    image = cv2.GaussianBlur(image, (0, 0), rng.uniform(*style.blur) * scale)
    # Sensor noise from a small tile repeated over the frame: per-pixel normal
    # draws for a 1280×1024 frame cost more than the rest of the rendering.
    tile = rng.standard_normal((NOISE_TILE, NOISE_TILE, 3), dtype=Float)
    tile *= rng.uniform(*style.noise)
    height, width = image.shape[:2]
    reps = (height // NOISE_TILE + 1, width // NOISE_TILE + 1, 1)
    image += np.tile(tile, reps)[:height, :width]
    rgb = np.clip(image * 255.0 + 0.5, 0, 255).astype(np.uint8)
    quality = int(rng.integers(60, 93))
    ok, encoded = cv2.imencode(".jpg", rgb[..., ::-1], [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:  # pragma: no cover - OpenCV always encodes a valid uint8 array
        raise RuntimeError("JPEG encoding failed")
    return cv2.imdecode(encoded, cv2.IMREAD_COLOR)[..., ::-1].copy()


def make_frame(
    rng_or_seed: np.random.Generator | int, index: int = 0, site: str = "a"
) -> tuple[np.ndarray, np.ndarray]:
    """Render one frame: (RGB uint8 H×W×3, mask uint8 H×W with values {0, 255}).

    ``site`` names the style (``SITES``): "a", the default, is what the demo models saw.
    """
    style = SITES[site]
    rng = _generator(rng_or_seed, index)
    height, width = _frame_size(rng, style)
    scale = min(height, width) / 480.0  # feature sizes follow resolution

    image = _mucosa(rng, height, width, scale, style)
    vessels = _vessels(rng, height, width, scale)
    vessel_tint = np.array([0.3, 0.55, 0.45], Float) * rng.uniform(0.5, 1.0)
    image *= 1.0 - vessels[..., None] * vessel_tint

    light_angle = rng.uniform(0, 2 * math.pi)
    light = (math.cos(light_angle), math.sin(light_angle))
    mask = np.zeros((height, width), np.uint8)
    domes = np.zeros((height, width), Float)
    count = _lesion_count(rng)
    for _ in range(count):
        lesion = _lesion_shape(rng, height, width, count, style)
        if not lesion.any():
            continue
        domes = np.maximum(domes, _paint_lesion(rng, image, lesion, scale, light, style))
        mask |= lesion

    _specular_highlights(rng, image, domes, scale)
    image *= _vignette(rng, height, width, style)[..., None]
    visible = _lens_border(rng, height, width)
    if visible is not None:
        image *= visible[..., None].astype(Float)
        mask &= visible  # a lesion hidden by the lens housing is not in the picture
    rgb = _finish(rng, _site_colour(image, style), scale, style)
    return rgb, mask * np.uint8(255)


def generate(
    out_dir: Path | str,
    count: int,
    seed: int,
    jpeg_quality: int = 95,
    image_format: str = "jpg",
    site: str = "a",
) -> None:
    """Write ``count`` frames as ``images/NNNN.jpg`` and exact masks as ``masks/NNNN.png``.

    ``image_format="png"`` writes the frames losslessly: the files then hold exactly the pixels
    the training and validation loops saw (``make_frame`` output), e.g. to re-score a package
    on its own validation frames.
    """
    out = Path(out_dir)
    (out / "images").mkdir(parents=True, exist_ok=True)
    (out / "masks").mkdir(parents=True, exist_ok=True)
    for index in range(count):
        rgb, mask = make_frame(seed, index, site)
        name = f"{index:04d}"
        params = [cv2.IMWRITE_JPEG_QUALITY, jpeg_quality] if image_format == "jpg" else []
        cv2.imwrite(
            str(out / "images" / f"{name}.{image_format}"),
            cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR),
            params,
        )
        cv2.imwrite(str(out / "masks" / f"{name}.png"), mask)


def lesion_regions(mask: np.ndarray) -> int:
    """Number of connected foreground regions (touching lesions count once)."""
    count, _ = cv2.connectedComponents((mask > 0).astype(np.uint8), connectivity=8)
    return count - 1


def write_samples(
    out_dir: Path | str, seed: int = SAMPLES_SEED, jpeg_quality: int = 90
) -> list[Path]:
    """The app's bundled sample images: a deterministic, varied pick from stream ``seed``.

    Frames are taken in index order when they add something still missing —
    a frame size not yet used, a lesion-count class (0 / 1 / several) under
    its quota — until the set has 8 frames including a portrait one.
    """
    quotas = {"none": 2, "one": 3, "several": 3}
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    sizes_used: set[tuple[int, int]] = set()
    have_portrait = False
    index = 0
    while sum(quotas.values()) > 0:
        rgb, mask = make_frame(seed, index)
        index += 1
        height, width = mask.shape
        regions = lesion_regions(mask)
        kind = "none" if regions == 0 else "one" if regions == 1 else "several"
        portrait = height > width
        last_slot = sum(quotas.values()) == 1
        if quotas[kind] == 0 or (height, width) in sizes_used:
            continue
        if last_slot and not have_portrait and not portrait:
            continue
        quotas[kind] -= 1
        sizes_used.add((height, width))
        have_portrait |= portrait
        path = out / f"sample-{len(written) + 1:02d}-{width}x{height}.jpg"
        cv2.imwrite(str(path), rgb[..., ::-1], [cv2.IMWRITE_JPEG_QUALITY, jpeg_quality])
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path, help="output folder (images/ and masks/ inside)")
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--seed", type=int, default=HELDOUT_SEED)
    parser.add_argument("--quality", type=int, default=95, help="JPEG quality of written images")
    parser.add_argument(
        "--format",
        choices=("jpg", "png"),
        default="jpg",
        help="image file format (png: lossless, exactly the frames training saw)",
    )
    parser.add_argument(
        "--site",
        choices=sorted(SITES),
        default="a",
        help="style: a = what the bundled models were trained on (default), "
        "b = a second hospital, for fine-tuning demos only",
    )
    parser.add_argument(
        "--samples",
        action="store_true",
        help="write the app's sample set (sample-NN-WxH.jpg, quality 90) instead of a data set",
    )
    args = parser.parse_args(argv)
    if args.samples:
        for path in write_samples(args.out, args.seed):
            print(path)
    else:
        generate(args.out, args.count, args.seed, args.quality, args.format, args.site)


if __name__ == "__main__":
    main()
