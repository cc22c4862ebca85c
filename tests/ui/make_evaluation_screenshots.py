"""Screenshots of Compare Models and Evaluate Against Ground Truth, on a real display (Xvfb).

    PYTHONPATH=. xvfb-run -a -s "-screen 0 1600x1000x24" \\
        python tests/ui/make_evaluation_screenshots.py docs/screenshots IMAGE [IMAGES MASKS]

Uses temporary settings and the bundled demo models (the first two packages found); writes
compare.png (masks), compare-disagreement.png, evaluate.png (results window) and
evaluate-case.png (TP / FP / FN view of the worst image). Prints the measured times.
Not collected by pytest.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QSettings, Qt

from desktop.core import paths
from desktop.core.evaluation.runner import EvaluationOptions
from desktop.ui.evaluation.compare_window import DISAGREEMENT
from desktop.ui.evaluation.jobs import EvaluateRequest
from desktop.ui.shell.app import create_application
from desktop.ui.shell.error_reporting import ErrorReporter
from desktop.ui.shell.main_window import MainWindow
from desktop.ui.shell.settings import AppSettings

sys.path.insert(0, str(Path(__file__).parent))
from make_screenshots import settle, wait_for  # noqa: E402

LIMIT = 350_000  # bytes per screenshot in the repository


def save_png(pixmap, path: Path) -> None:
    """Save a grab as PNG; above LIMIT, as a 256-colour palette image with Floyd–Steinberg
    dithering (overlays over photographs band badly without it)."""
    pixmap.save(str(path))
    if path.stat().st_size > LIMIT:
        from PIL import Image

        with Image.open(path) as image:
            rgb = image.convert("RGB")
        palette = rgb.quantize(256, method=Image.Quantize.MEDIANCUT)
        rgb.quantize(palette=palette, dither=Image.Dither.FLOYDSTEINBERG).save(path, optimize=True)
    print("saved", path, path.stat().st_size, "bytes")


def main(out_dir: Path, image: Path, images_dir: Path, masks_dir: Path) -> None:
    create_application()
    scratch = Path(tempfile.mkdtemp(prefix="segdesk-shots-"))
    settings = AppSettings(QSettings(str(scratch / "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings, ErrorReporter(interactive=False))
    window.resize(1240, 780)
    window.show()
    window.start()
    wait_for(window.models.model_loaded)
    window.document.open_image(image)
    settle()
    evaluation = window.evaluation
    packages = window.models.listing.packages[:2]

    start = time.perf_counter()
    window.commands.compare_models.trigger()
    result = wait_for(evaluation.client.compared)[0]
    print(f"compare (both models loaded and run): {time.perf_counter() - start:.2f} s; "
          f"A {result.ms_a:.0f} ms, B {result.ms_b:.0f} ms; Dice(A, B) {result.agreement.dice:.4f}")
    compare = evaluation.compare_window
    compare.resize(1400, 720)
    settle(500)
    save_png(compare.grab(), out_dir / "compare.png")
    compare.set_overlay_mode(DISAGREEMENT)
    settle(300)
    save_png(compare.grab(), out_dir / "compare-disagreement.png")
    compare.close()

    output = scratch / "evaluation"
    start = time.perf_counter()
    evaluation.evaluate(EvaluateRequest(
        EvaluationOptions(images_dir, masks_dir, output), packages, evaluation.device_id()
    ))  # fmt: skip
    results = wait_for(evaluation.results_shown, 900)[0]
    took = time.perf_counter() - start
    images = len(results.files)
    print(f"evaluation of {images} images × {len(packages)} models: {took:.1f} s "
          f"({took / max(1, images * len(packages)):.2f} s per image per model)")
    results.resize(1400, 860)
    settle(500)
    save_png(results.grab(), out_dir / "evaluate.png")
    results.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    evaluation.open_case(results, results.file_at(0))
    case = wait_for(evaluation.case_shown, 120)[0]
    case.resize(1300, 620)
    settle(500)
    save_png(case.grab(), out_dir / "evaluate-case.png")
    window.close()


if __name__ == "__main__":
    validation = paths.resources_dir() / "validation"
    arguments = sys.argv[1:]
    if len(arguments) not in (2, 4):
        sys.exit(__doc__)
    folders = arguments[2:] or [validation / "images", validation / "masks"]
    main(Path(arguments[0]), Path(arguments[1]), Path(folders[0]), Path(folders[1]))
