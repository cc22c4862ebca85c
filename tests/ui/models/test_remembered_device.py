"""A remembered approximate device (cpu-bf16) used at the next start is said in the status bar
and in the result panel, not run silently; once a device is picked in this session, it is not
"remembered" any more (issue #18 frictions)."""

from __future__ import annotations

from desktop.core.devices import Device
from desktop.ui.worker.jobs import Services
from tests.ui.conftest import CPU, FakeSegmenter, segment_and_wait

BF16 = Device("cpu-bf16", "CPU bf16 (approximate)", "openvino", precision="bf16")
REMEMBERED = "remembered from your last session"


def _services(lab) -> Services:
    def make(package, device_id):
        segmenter = FakeSegmenter(lab, package, device_id)
        if device_id == BF16.id:
            segmenter.device = BF16
        return segmenter

    return Services(make_segmenter=make, list_devices=lambda: (CPU, BF16))


def test_a_remembered_approximate_device_is_said(qtbot, make_window, settings, lab, images):
    settings.device = BF16.id
    window = make_window(services=_services(lab))
    assert lab.loads[-1] == ("fake-unet", BF16.id)
    assert REMEMBERED in window.status.device.text()
    window.document.open_image(images[0])
    segment_and_wait(qtbot, window)
    assert window.session.result.device.id == BF16.id
    assert REMEMBERED in window.result_panel.device.text()
    assert "CPU bf16 (approximate)" in window.result_panel.device.text()
    assert REMEMBERED in window.status.device.text()

    # Picked in this session (CPU, then bf16 again): a choice made now is not "remembered".
    for device in (CPU.id, BF16.id):
        with qtbot.waitSignal(window.models.model_loaded, timeout=10_000):
            window.models.select_device(device)
    segment_and_wait(qtbot, window)
    assert window.session.result.device.id == BF16.id
    assert REMEMBERED not in window.result_panel.device.text()
    assert REMEMBERED not in window.status.device.text()


def test_a_remembered_exact_device_is_not_flagged(qtbot, make_window, settings, lab, images):
    settings.device = CPU.id
    window = make_window(services=_services(lab))
    window.document.open_image(images[0])
    segment_and_wait(qtbot, window)
    assert REMEMBERED not in window.result_panel.device.text()
    assert REMEMBERED not in window.status.device.text()
