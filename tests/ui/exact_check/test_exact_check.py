"""The approximate engine in the window: labelled "CPU bf16 (approximate)" wherever it shows,
"Check against exact" reports ppm and shows the differing pixels, and the batch summary gives
the audit's mean and max. Fake segmenters: the real bf16 engine is tested in tests/core."""

from __future__ import annotations

import numpy as np
import pytest

from desktop.core.batch import BatchSummary
from desktop.core.devices import Device
from desktop.ui.batch.progress_dialog import BatchProgressDialog
from desktop.ui.exact_check.audit_text import audit_summary
from desktop.ui.exact_check.difference_layer import DIFFERENCE_COLOR, difference_rgba
from desktop.ui.worker.jobs import Services
from tests.ui.conftest import CPU, FakeSegmenter, radial_probability

BF16 = Device("cpu-bf16", "CPU bf16 (approximate)", "openvino", "bf16")
FLIPPED = 5  # model-resolution pixels the fake "bf16" gets wrong


class FakeBf16Segmenter(FakeSegmenter):
    def __init__(self, lab, package, device_id):
        super().__init__(lab, package, device_id)
        if device_id == "cpu-bf16":
            self.device = BF16
        self.exact_runs = 0

    @property
    def precision(self) -> str:
        return self.device.precision

    def model_probability(self, image):
        probability = radial_probability(32, 32)
        if self.device is BF16:
            probability = probability.copy()
            probability[16, 16 : 16 + FLIPPED] = 0.0  # centre pixels, certainly foreground
        return probability, 0.1, 1.0

    def exact_model_probability(self, image):
        self.exact_runs += 1
        return radial_probability(32, 32)


@pytest.fixture
def bf16_services(lab):
    made = []

    def make(package, device_id):
        made.append(FakeBf16Segmenter(lab, package, device_id))
        return made[-1]

    services = Services(make_segmenter=make, list_devices=lambda: (CPU, BF16))
    services.made = made
    return services


def _segment(qtbot, window):
    with qtbot.waitSignal(window.client.predicted, timeout=20_000):
        window.document.segment()


def test_bf16_is_labelled_approximate_and_can_be_checked_against_exact(
    qtbot, make_window, images, bf16_services, tmp_path
):
    window = make_window(services=bf16_services)
    picker = window.device_picker
    qtbot.waitUntil(lambda: picker.count() == 2, timeout=10_000)
    assert picker.itemText(1) == "CPU bf16 (approximate)"
    with qtbot.waitSignal(window.models.model_loaded, timeout=10_000):
        picker.activated.emit(1)
    window.document.open_image(images[0])  # 120 × 160
    _segment(qtbot, window)
    panel = window.exact_check
    assert window.session.result.device == BF16
    assert "CPU bf16 (approximate)" in window.status.device.text()
    assert "CPU bf16 (approximate)" in window.result_panel.device.text()
    assert panel.isVisible() and panel.button.isEnabled()
    assert "may differ slightly" in panel.answer.text()

    with qtbot.waitSignal(window.client.exact_checked, timeout=10_000):
        panel.button.click()
    check = panel.check
    assert check is not None and check.differing_pixels == FLIPPED
    assert check.ppm == pytest.approx(1e6 * FLIPPED / 1024)
    assert f"{check.ppm:.1f} ppm" in panel.answer.text() and "5 of 1,024" in panel.answer.text()
    assert bf16_services.made[-1].exact_runs == 1
    assert window.session.exact_disagreement_ppm == check.ppm  # exported provenance gets it
    pixmap = panel.layer.pixmap()
    assert not pixmap.isNull() and (pixmap.width(), pixmap.height()) == (160, 120)
    window.grab().save(str(tmp_path / "exact-check.png"))

    # A new threshold is a new mask: the old comparison no longer applies and is cleared.
    window.session.set_threshold_override(0.3)
    assert panel.check is None and panel.layer.pixmap().isNull()
    assert window.session.exact_disagreement_ppm is None


def _in_view(widget, scroll_area) -> bool:
    """True when all of `widget` lies inside the scroll area's viewport as it is scrolled now."""
    viewport = scroll_area.viewport()
    top_left = widget.mapTo(viewport, widget.rect().topLeft())
    bottom_right = widget.mapTo(viewport, widget.rect().bottomRight())
    return viewport.rect().contains(top_left) and viewport.rect().contains(bottom_right)


def test_check_against_exact_is_in_view_at_the_default_window_size(
    qtbot, make_window, images, bf16_services
):
    window = make_window(services=bf16_services)  # no saved geometry: the default size
    picker = window.device_picker
    qtbot.waitUntil(lambda: picker.count() == 2, timeout=10_000)
    with qtbot.waitSignal(window.models.model_loaded, timeout=10_000):
        picker.activated.emit(1)
    window.document.open_image(images[0])
    _segment(qtbot, window)
    panel = window.exact_check
    with qtbot.waitSignal(window.client.exact_checked, timeout=10_000):
        panel.button.click()
    qtbot.wait(50)  # the layout settles around the answer
    assert window.panel.verticalScrollBar().value() == 0  # nothing scrolled to find it
    assert _in_view(panel.button, window.panel) and _in_view(panel.answer, window.panel)


def test_an_exact_result_offers_no_check(qtbot, make_window, images, bf16_services):
    window = make_window(services=bf16_services)
    window.document.open_image(images[0])
    _segment(qtbot, window)
    assert window.session.result.device.exact
    assert not window.exact_check.isVisible()


def test_difference_layer_rings_the_differing_pixels_at_image_size():
    differing = np.zeros((32, 32), bool)
    assert not difference_rgba(differing, (120, 160)).any()
    differing[16, 16] = True
    layer = difference_rgba(differing, (120, 160))
    assert layer.shape == (120, 160, 4)
    painted = layer[..., 3] > 0
    assert painted[61, 82] and (layer[61, 82, :3] == DIFFERENCE_COLOR).all()  # the pixel itself
    assert painted.sum() > 4 * 5  # plus a ring, so a single pixel can be found


def test_batch_summary_states_the_audit(qtbot, tmp_path):
    audit = {
        "images": [{"file": "a.png", "ppm": 12.5}, {"file": "b.png", "ppm": 40.0}],
        "mean_ppm": 26.25,
        "max_ppm": 40.0,
        "fraction": 0.02,
    }
    text = audit_summary(audit)
    assert "2 image(s)" in text and "mean 26.2 ppm" in text and "max 40.0 ppm" in text
    assert audit_summary(None) == ""
    assert "audit off" in audit_summary({**audit, "images": [], "mean_ppm": None})
    dialog = BatchProgressDialog()
    qtbot.addWidget(dialog)
    dialog.start(("a.png", "b.png"))
    summary = BatchSummary(2, 2, 0, 0, False, tmp_path, tmp_path / "report.csv", audit=audit)
    dialog.finish(summary)
    assert dialog.audit.isVisibleTo(dialog) and "max 40.0 ppm" in dialog.audit.text()
    exact = BatchSummary(2, 2, 0, 0, False, tmp_path, tmp_path / "report.csv")
    dialog.finish(exact)
    assert not dialog.audit.isVisibleTo(dialog)


def test_export_after_check_against_exact_records_the_measured_ppm(
    qtbot, make_window, images, bf16_services, tmp_path
):
    """DESIGN §7 / issue 14: a bf16 record carries the measured ppm where it was measured; in
    the app that is "Check against exact" on the exported image."""
    import json

    window = make_window(services=bf16_services)
    qtbot.waitUntil(lambda: window.device_picker.count() == 2, timeout=10_000)
    with qtbot.waitSignal(window.models.model_loaded, timeout=10_000):
        window.device_picker.activated.emit(1)
    window.document.open_image(images[0])
    _segment(qtbot, window)

    def export(folder):
        with qtbot.waitSignal(window.client.exported, timeout=10_000):
            window.exports.export_to(folder, {"mask"})
        return json.loads(next(folder.glob("*_provenance.json")).read_text("utf-8"))

    unchecked = export(tmp_path / "unchecked")
    assert "exact_disagreement_ppm" not in unchecked
    with qtbot.waitSignal(window.client.exact_checked, timeout=10_000):
        window.exact_check.button.click()
    checked = export(tmp_path / "checked")
    assert checked["exact_disagreement_ppm"] == pytest.approx(1e6 * FLIPPED / 1024, abs=1e-3)
    # Another threshold cuts another mask: the measurement no longer describes it.
    window.session.set_threshold_override(0.3)
    assert "exact_disagreement_ppm" not in export(tmp_path / "override")


def test_an_export_after_the_check_records_the_measured_ppm(unet18, tmp_path):
    import json

    from desktop.core.package import read_package
    from desktop.core.prediction import Prediction
    from desktop.ui.worker.jobs import ExportRequest, _export

    prediction = Prediction.from_model_probability(
        radial_probability(32, 32), (40, 50), threshold=0.5, device="cpu-bf16", precision="bf16"
    )
    written = _export(
        ExportRequest(
            image=np.zeros((40, 50, 3), np.uint8), prediction=prediction,
            package=read_package(unet18.package_dir), input_path=None, out_dir=tmp_path,
            outputs=frozenset({"mask"}), color=(255, 0, 0), opacity=0.5,
            exact_disagreement_ppm=4882.8125,
        )  # fmt: skip
    )
    record = json.loads(written[-1].read_text())
    assert record["precision"] == "bf16" and record["exact_disagreement_ppm"] == 4882.812


def test_a_mask_accepted_in_review_after_the_check_records_the_measured_ppm(
    qtbot, make_window, images, bf16_services, tmp_path
):
    """Review × approximate engine: "Check against exact" on the shown image, then Enter — the
    accepted record carries the measured ppm, as a single export does (DESIGN §7)."""
    import json

    from desktop.core.review import ReviewOptions

    window = make_window(services=bf16_services)
    qtbot.waitUntil(lambda: window.device_picker.count() == 2, timeout=10_000)
    with qtbot.waitSignal(window.models.model_loaded, timeout=10_000):
        window.device_picker.activated.emit(1)
    out = tmp_path / "reviewed"
    assert window.review.start(ReviewOptions(images[0].parent, out))
    qtbot.waitUntil(lambda: window.review.base is not None, timeout=10_000)
    assert window.session.result.device == BF16
    with qtbot.waitSignal(window.client.exact_checked, timeout=10_000):
        window.exact_check.button.click()
    assert window.review.accept()
    record = json.loads((out / "a_provenance.json").read_text("utf-8"))
    assert record["exact_disagreement_ppm"] == pytest.approx(1e6 * FLIPPED / 1024, abs=1e-3)
    qtbot.waitUntil(lambda: window.review.base is not None, timeout=10_000)
    assert window.review.accept()  # b: not checked, so no measurement is claimed
    assert "exact_disagreement_ppm" not in json.loads((out / "b_provenance.json").read_text())
