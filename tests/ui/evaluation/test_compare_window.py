"""Model › Compare Models…: two models side by side on the worker, synced views, Dice."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pytest
from PySide6.QtCore import Qt, QThread

from desktop.core.package import PackageListing
from desktop.core.prediction import Prediction
from desktop.ui.evaluation.compare_window import (
    AGREED,
    COLOR_A,
    COLOR_B,
    DISAGREEMENT,
    IMAGE_ONLY,
    MASKS,
    CompareWindow,
)
from desktop.ui.evaluation.jobs import EvaluationJobs
from desktop.ui.evaluation.worker import EvaluationClient
from desktop.ui.worker.jobs import Services
from tests.ui.conftest import CPU, fake_package, write_image

HEIGHT, WIDTH = 100, 200
# (rows, cols) of each fake model's foreground rectangle on a 100×200 image.
RECTANGLES = {
    "model-a": (slice(20, 60), slice(20, 100)),  # 3,200 px
    "model-b": (slice(20, 60), slice(60, 140)),  # 3,200 px, 1,600 shared with A
    "model-c": (slice(0, 0), slice(0, 0)),  # finds nothing
}


@dataclass
class RectLab:
    loads: list[str] = field(default_factory=list)
    threads: list[str] = field(default_factory=list)
    fail_for: str | None = None


class RectSegmenter:
    """A fake segmenter whose mask is a known rectangle per package."""

    def __init__(self, lab: RectLab, package) -> None:
        lab.loads.append(package.name)
        self._lab = lab
        self.package = package
        self.device = CPU
        self.fallback_reason = None

    def predict(self, image: np.ndarray) -> Prediction:
        self._lab.threads.append(QThread.currentThread().objectName())
        if self._lab.fail_for == self.package.name:
            raise ValueError(f"cannot segment with {self.package.name}")
        probability = np.zeros(image.shape[:2], np.float32)
        rows, cols = RECTANGLES[self.package.name]
        probability[rows, cols] = 1.0
        return Prediction.from_model_probability(
            probability, image.shape[:2], threshold=0.5, device="cpu"
        )


PACKAGES = tuple(fake_package(name) for name in RECTANGLES)


@pytest.fixture
def rect_lab() -> RectLab:
    return RectLab()


@pytest.fixture
def rect_services(rect_lab) -> Services:
    return Services(
        make_segmenter=lambda package, device_id: RectSegmenter(rect_lab, package),
        list_devices=lambda: (CPU,),
    )


@pytest.fixture
def compare(qtbot, rect_services):
    client = EvaluationClient(rect_services)
    window = CompareWindow(client, PACKAGES, PACKAGES[0], lambda: "cpu")
    qtbot.addWidget(window)
    window.resize(900, 500)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()
    client.shutdown()


def _image() -> np.ndarray:
    return np.random.default_rng(0).integers(0, 255, (HEIGHT, WIDTH, 3), dtype=np.uint8)


def _run(qtbot, window: CompareWindow, image=None, name: str = "x.png") -> None:
    from pathlib import Path

    with qtbot.waitSignal(window._client.compared, timeout=10_000):
        window.set_image(Path(f"/nonexistent/{name}"), _image() if image is None else image)


def _rgba(view, x: int, y: int) -> tuple[int, int, int, int]:
    color = view.overlay_item.pixmap().toImage().pixelColor(x, y)
    return color.red(), color.green(), color.blue(), color.alpha()


def test_shows_both_masks_and_their_dice(qtbot, compare, rect_lab) -> None:
    assert compare.package_a().name == "model-a" and compare.package_b().name == "model-b"
    _run(qtbot, compare)
    agreement = compare.result.agreement
    assert agreement.dice == pytest.approx(0.5) and agreement.iou == pytest.approx(1 / 3)
    assert "0.5000" in compare.dice_label.text() and "0.3333" in compare.dice_label.text()
    assert "16.00 %" in compare.pane_a.title.text() and "3,200 px" in compare.pane_a.title.text()
    assert "16.00 %" in compare.pane_b.title.text()
    assert "1,600 only in A, 1,600 only in B" in compare.detail_label.text()
    # Models ran on the evaluation worker, not on the GUI thread.
    assert rect_lab.threads == ["segdesk-evaluation", "segdesk-evaluation"]

    view_a, view_b = compare.pane_a.view, compare.pane_b.view
    assert view_a.image_item.pixmap().size().toTuple() == (WIDTH, HEIGHT)
    assert _rgba(view_a, 30, 40) == (*COLOR_A, 255)  # only A
    assert _rgba(view_a, 120, 40)[3] == 0
    assert _rgba(view_b, 120, 40) == (*COLOR_B, 255)  # only B
    assert _rgba(view_b, 30, 40)[3] == 0
    assert _rgba(view_a, 80, 40) == (*COLOR_A, 255) and _rgba(view_b, 80, 40) == (*COLOR_B, 255)


def test_disagreement_overlay_colours_each_models_own_pixels(qtbot, compare) -> None:
    _run(qtbot, compare)
    assert compare.legend.isHidden()
    compare.set_overlay_mode(DISAGREEMENT)
    assert not compare.legend.isHidden()
    for view in (compare.pane_a.view, compare.pane_b.view):
        assert _rgba(view, 30, 40) == (*COLOR_A, 255)  # only A found it
        assert _rgba(view, 120, 40) == (*COLOR_B, 255)  # only B found it
        assert _rgba(view, 80, 40) == AGREED  # both
        assert _rgba(view, 5, 5)[3] == 0  # neither
    compare.set_overlay_mode(IMAGE_ONLY)
    assert compare.pane_a.view.overlay_item.pixmap().isNull()
    compare.set_overlay_mode(MASKS)
    assert _rgba(compare.pane_b.view, 120, 40) == (*COLOR_B, 255)
    compare.opacity_slider.setValue(30)
    assert compare.pane_b.view.overlay_item.opacity() == pytest.approx(0.3)


def test_choosing_another_model_b_and_swapping(qtbot, compare, rect_lab) -> None:
    _run(qtbot, compare)
    with qtbot.waitSignal(compare._client.compared, timeout=10_000):
        compare.combo_b.setCurrentIndex(2)  # model-c: empty mask
    assert compare.result.package_b.name == "model-c"
    assert compare.result.agreement.dice == 0.0
    assert "0.00 %" in compare.pane_b.title.text()
    with qtbot.waitSignal(compare._client.compared, timeout=10_000):
        compare.swap_button.click()
    assert compare.package_a().name == "model-c" and compare.package_b().name == "model-a"
    assert compare.result.agreement.a_pixels == 0 and compare.result.agreement.b_pixels == 3200
    # Each package was loaded once; the cache keeps at most two segmenters.
    assert sorted(rect_lab.loads) == ["model-a", "model-b", "model-c"]


def test_zoom_and_pan_stay_in_sync(qtbot, compare) -> None:
    _run(qtbot, compare, np.zeros((HEIGHT * 4, WIDTH * 4, 3), np.uint8), "big.png")
    view_a, view_b = compare.pane_a.view, compare.pane_b.view
    assert view_a.is_fitted() and view_b.is_fitted()
    for _ in range(6):
        view_a.zoom_in()
    assert not view_b.is_fitted()
    assert view_b.zoom() == pytest.approx(view_a.zoom())
    assert view_a.zoom() > 1.0
    bar_a, bar_b = view_a.horizontalScrollBar(), view_b.horizontalScrollBar()
    assert bar_a.maximum() > 0
    bar_a.setValue(bar_a.maximum() // 3)
    assert bar_b.value() == bar_a.value()
    view_b.verticalScrollBar().setValue(17)
    assert view_a.verticalScrollBar().value() == 17
    view_b.zoom_out()
    assert view_a.zoom() == pytest.approx(view_b.zoom())
    view_b.fit()
    assert view_a.is_fitted()
    assert view_a.zoom() == pytest.approx(view_b.zoom())
    # The main window's zoom keys work here too, on both panes.
    compare.activateWindow()
    qtbot.waitActive(compare)
    fitted = view_a.zoom()
    qtbot.keyClick(compare, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert view_a.zoom() == pytest.approx(1.0) and view_b.zoom() == pytest.approx(1.0)
    qtbot.keyClick(compare, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert view_b.is_fitted() and view_b.zoom() == pytest.approx(fitted)


def test_a_failing_model_is_reported_in_the_window(qtbot, compare, rect_lab) -> None:
    from pathlib import Path

    rect_lab.fail_for = "model-b"
    with qtbot.waitSignal(compare._client.failed, timeout=10_000):
        compare.set_image(Path("/nonexistent/x.png"), _image())
    assert compare.result is None
    assert not compare.error_label.isHidden()
    assert "cannot segment with model-b" in compare.error_label.text()
    assert "Traceback" not in compare.error_label.text()


def test_jobs_cache_segmenters_by_package_and_device(rect_services, rect_lab) -> None:
    jobs = EvaluationJobs(rect_services)
    a, b, c = PACKAGES
    assert jobs.segmenter(a, "cpu") is jobs.segmenter(a, "cpu")
    jobs.segmenter(b, "cpu")
    jobs.segmenter(c, "cpu")  # evicts A, the least recently used
    assert rect_lab.loads == ["model-a", "model-b", "model-c"]
    assert [key[0] for key in jobs.cached_keys()] == [str(b.folder), str(c.folder)]


def test_main_window_opens_compare_on_the_open_image(
    qtbot, settings, reporter, messages, rect_services, tmp_path
) -> None:
    from desktop.ui.shell.main_window import MainWindow

    listing = PackageListing(PACKAGES[:2], ())
    window = MainWindow(settings, reporter, rect_services, lambda: listing)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.models.model_loaded, timeout=10_000):
        window.start()
    window.commands.compare_models.trigger()
    assert window.evaluation.compare_window is None
    assert messages and "Open an image first" in messages[-1][1]

    first = write_image(tmp_path / "first.png", HEIGHT, WIDTH, 1)
    second = write_image(tmp_path / "second.png", HEIGHT, WIDTH, 2)
    window.document.open_image(first)
    with qtbot.waitSignal(window.evaluation.client.compared, timeout=10_000):
        window.commands.compare_models.trigger()
    compare = window.evaluation.compare_window
    assert compare is not None and compare.isVisible()
    assert compare.result.image_path == first and compare.result.agreement.dice == 0.5
    assert compare.package_a().name == window.models.selected.name == "model-a"
    with qtbot.waitSignal(window.evaluation.client.compared, timeout=10_000):
        window.document.open_image(second)  # the compare window follows the main window
    assert compare.result.image_path == second
    assert "second.png" in compare.windowTitle()
    window.close()
    assert window.evaluation.compare_window is None


def test_a_grey_image_is_flagged_in_the_comparison(qtbot, compare) -> None:
    """The main window warns that a colour model given a grey image (a MONOCHROME DICOM, a grey
    PNG) may be unreliable; comparing two such models on it says so too."""
    _run(qtbot, compare)
    assert compare.grey_label.isHidden()
    grey = np.repeat(_image()[..., :1], 3, axis=2)
    _run(qtbot, compare, grey, name="ct.dcm")
    assert not compare.grey_label.isHidden()
    assert "Grey image" in compare.grey_label.text()
    _run(qtbot, compare)  # a colour image again
    assert compare.grey_label.isHidden()


@pytest.mark.parametrize(
    ("key", "modifier"),
    [(Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
     (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)],
    ids=["Esc", "Ctrl+W"],
)  # fmt: skip
def test_escape_and_ctrl_w_close_the_window(qtbot, compare, key, modifier) -> None:
    # A tool window without dialog buttons: the keyboard (or a bare X server) must close it too.
    compare.activateWindow()
    qtbot.waitActive(compare)
    assert compare.isVisible()
    qtbot.keyClick(compare, key, modifier)
    qtbot.waitUntil(lambda: not compare.isVisible(), timeout=2000)


def test_says_the_main_windows_threshold_override_does_not_apply(qtbot, compare) -> None:
    """issue #18 frictions: Compare uses each model's own threshold and says so."""
    _run(qtbot, compare)
    assert "own threshold (0.5 and 0.5; the main window's threshold override does not apply)" in (
        compare.detail_label.text()
    )
