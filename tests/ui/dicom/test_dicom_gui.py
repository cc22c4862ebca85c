"""DICOM in the window (DESIGN §10): modality, frame and acquisition date (never the patient),
frames paged with the slider and PgDown, results at Rows × Columns, mm², SEG export, and the
grey-image warning for DICOM and ordinary grey files."""

from __future__ import annotations

import json
import logging
import shutil
import sys
from pathlib import Path

import cv2
import numpy as np
import pydicom
from PySide6.QtWidgets import QLabel

from desktop.core.dicom.reader import read_info
from desktop.ui.shell import error_reporting
from tests.ui.conftest import segment_and_wait

DATA = Path(pydicom.__file__).parent / "data" / "test_files"
NAME, PATIENT_ID = "Wirjono^Siti", "MRN-99120-GUI"


def _dicom(name: str, target: Path) -> Path:
    ds = pydicom.dcmread(DATA / name)
    ds.PatientName, ds.PatientID, ds.PatientBirthDate = NAME, PATIENT_ID, "19610817"
    target.parent.mkdir(parents=True, exist_ok=True)
    ds.save_as(target)
    return target


def _dciodvfy_errors(path: Path) -> list[str]:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "core"))
    from dicom_files import dciodvfy_errors  # tests/core/dicom_files.py

    return dciodvfy_errors(path)


def _texts(window) -> str:
    return "\n".join(label.text() for label in window.findChildren(QLabel)) + window.windowTitle()


def test_multiframe_dicom_pages_frames_and_exports_a_seg(qtbot, make_window, tmp_path, lab):
    log_file = error_reporting.setup_logging(tmp_path / "logs")
    path = _dicom("examples_ybr_color.dcm", tmp_path / "in" / "cine.dcm")
    info = read_info(path)
    window = make_window()
    assert window.document.open_image(path)
    assert window.view.image_item.pixmap().size().toTuple() == (info.columns, info.rows)
    panel, bar = window.source_panel, window.frame_bar
    assert bar.isVisibleTo(window) and bar.label.text() == "frame 1 / 30"
    assert panel.frame.text() == "frame 1 / 30" and panel.modality.text().startswith("US")
    assert panel.acquired.text()  # a date, or "not given"
    assert "mm (ultrasound region)" in panel.spacing.text()

    window.commands.next_image.trigger()  # PgDown: the next frame, not the next file
    assert window.session.source.frame == 1 and bar.label.text() == "frame 2 / 30"
    bar.slider.setValue(11)
    assert window.session.source.frame == 11 and panel.frame.text() == "frame 12 / 30"
    assert window.session.image_path == path
    expected = pydicom.dcmread(path).pixel_array[11]
    assert np.array_equal(window.session.image, expected)
    window.commands.previous_image.trigger()
    assert window.session.source.frame == 10

    segment_and_wait(qtbot, window)
    prediction = window.session.prediction
    assert prediction.image_size == (info.rows, info.columns)
    area = prediction.foreground_pixels * info.pixel_area_mm2
    assert window.result_panel.area_mm2.isVisibleTo(window)
    assert window.result_panel.area_mm2.text() == f"{area:,.2f} mm²"
    assert not window.result_panel.warning.isVisibleTo(window)  # colour: no warning
    regions = window.edit_panel.regions
    window.edit_panel.regions.refresh()
    assert regions.count() >= 1 and regions.item(0).text().endswith(" mm²")
    largest = window.editor.regions()[0].area
    assert f"{largest * info.pixel_area_mm2:,.2f} mm²" in regions.item(0).text()

    out = tmp_path / "out"
    with qtbot.waitSignal(window.exports.exported, timeout=20_000) as signal:
        window.exports.export_to(out, {"mask", "seg"})
    names = sorted(p.name for p in signal.args[0])
    assert names == ["cine_f0011_mask.png", "cine_f0011_provenance.json", "cine_f0011_seg.dcm"]
    record = json.loads((out / "cine_f0011_provenance.json").read_text("utf-8"))
    assert record["dicom"]["frame"] == 11 and record["dicom"]["sop_instance_uid"] == (
        info.sop_instance_uid
    )
    assert record["foreground_mm2"] == area
    seg = pydicom.dcmread(out / "cine_f0011_seg.dcm")
    reference = seg.PerFrameFunctionalGroupsSequence[0].DerivationImageSequence[0]
    assert int(reference.SourceImageSequence[0].ReferencedFrameNumber) == 11
    assert np.array_equal(seg.pixel_array.astype(bool), prediction.mask)
    if shutil.which("dciodvfy"):  # dicom3tools; test_dicom_seg.py says when it is missing
        assert _dciodvfy_errors(out / "cine_f0011_seg.dcm") == []
    mask = cv2.imread(str(out / "cine_f0011_mask.png"), cv2.IMREAD_UNCHANGED)
    assert mask.shape == (info.rows, info.columns)

    shown = _texts(window)
    for secret in (NAME, NAME.replace("^", " "), "Wirjono", PATIENT_ID, "19610817", "1961-08-17"):
        assert secret not in shown, f"{secret} shown in the window"
        assert secret.encode() not in (out / "cine_f0011_provenance.json").read_bytes()
    for handler in list(logging.getLogger().handlers):
        handler.flush()
    if log_file is not None and log_file.exists():
        log_text = log_file.read_text("utf-8", errors="replace")
        assert PATIENT_ID not in log_text and "Wirjono" not in log_text
    for handler in list(logging.getLogger().handlers):
        if getattr(handler, "baseFilename", "").startswith(str(tmp_path)):
            logging.getLogger().removeHandler(handler)
            handler.close()


def test_single_frame_grey_dicom_and_grey_png_warn(qtbot, make_window, tmp_path, messages):
    ct = _dicom("CT_small.dcm", tmp_path / "ct" / "IMG0001")  # no extension: DICM magic
    window = make_window()
    assert window.document.open_image(ct)
    panel = window.source_panel
    assert not window.frame_bar.isVisibleTo(window)
    assert panel.frame.text() == "single frame" and panel.acquired.text() == "1997-04-30"
    assert panel.modality.text().startswith("CT")
    assert panel.grey_warning.isVisibleTo(window)
    assert window.view.image_item.pixmap().size().toTuple() == (128, 128)
    segment_and_wait(qtbot, window)
    assert window.result_panel.warning.isVisibleTo(window)
    assert "Grey image" in window.result_panel.warning.text()
    assert window.result_panel.area_mm2.isVisibleTo(window)

    grey = tmp_path / "grey.png"
    cv2.imwrite(str(grey), np.tile(np.arange(0, 200, 2, dtype=np.uint8), (60, 1)))
    assert window.document.open_image(grey)
    assert panel.grey_warning.isVisibleTo(window)
    assert not panel.modality.isVisibleTo(window)  # not DICOM: no DICOM rows
    segment_and_wait(qtbot, window)
    assert window.result_panel.warning.isVisibleTo(window)
    assert not window.result_panel.area_mm2.isVisibleTo(window)  # no spacing in a PNG

    colour = tmp_path / "colour.png"
    image = np.zeros((40, 50, 3), np.uint8)
    image[:, :20] = (10, 120, 250)
    cv2.imwrite(str(colour), image)
    assert window.document.open_image(colour)
    assert not window.source_panel.isVisibleTo(window)


def test_non_image_dicom_gets_a_clear_message(qtbot, make_window, tmp_path, messages):
    window = make_window()
    assert not window.document.open_image(DATA / "rtplan.dcm")
    assert messages and "rtplan.dcm" in messages[-1][1] and "no pixel data" in messages[-1][1]
    assert "Traceback" not in messages[-1][1]


def test_review_shows_each_frame_of_a_multiframe_file_and_warns_on_grey(
    qtbot, make_window, tmp_path
):
    """Review lists a multi-frame file as one item per frame (`x.dcm#2`); each item must show
    and segment *its* frame (it showed frame 1 for every one), and a MONOCHROME file gets the
    grey warning and the Image section as when it is opened by hand."""
    from PySide6.QtCore import Qt

    from desktop.core.image_io import load_rgb
    from desktop.core.review import ReviewOptions

    folder = tmp_path / "in"
    rle = _dicom("SC_rgb_rle_2frame.dcm", folder / "rle.dcm")
    _dicom("CT_small.dcm", folder / "zz_ct.dcm")
    window = make_window()
    assert window.review.start(ReviewOptions(folder, tmp_path / "out"))
    qtbot.waitUntil(lambda: window.review.base is not None, timeout=10_000)
    items = window.review.review.items
    assert [item.relative for item in items] == ["rle.dcm#1", "rle.dcm#2", "zz_ct.dcm"]
    first, second = load_rgb(rle, 0), load_rgb(rle, 1)
    assert not np.array_equal(first, second)
    assert np.array_equal(window.session.image, first)

    for index, expected in ((1, second), (2, None)):
        window.activateWindow()
        qtbot.keyClick(window.view, Qt.Key.Key_PageDown)
        qtbot.waitUntil(lambda i=index: window.review.index == i, timeout=10_000)
        qtbot.waitUntil(lambda: window.review.base is not None, timeout=10_000)
        if expected is not None:
            assert np.array_equal(window.session.image, expected), "frame 1 shown for frame 2"
            assert window.session.source.frame == 1
    panel = window.source_panel
    assert panel.isVisibleTo(window) and panel.grey_warning.isVisibleTo(window)
    assert window.result_panel.warning.isVisibleTo(window)


def test_review_frame_slider_moves_to_that_frames_item(qtbot, make_window, tmp_path):
    """In review the frame slider shows under a multi-frame file; moving it must move the review
    to that frame's item, never show one frame while Enter accepts another's mask."""
    from desktop.core.image_io import load_rgb
    from desktop.core.review import ReviewOptions

    folder = tmp_path / "in"
    rle = _dicom("SC_rgb_rle_2frame.dcm", folder / "rle.dcm")
    window = make_window()
    assert window.review.start(ReviewOptions(folder, tmp_path / "out"))
    qtbot.waitUntil(lambda: window.review.base is not None, timeout=10_000)
    assert window.review.index == 0 and window.frame_bar.isVisibleTo(window)
    window.frame_bar.slider.setValue(1)
    qtbot.waitUntil(lambda: window.review.index == 1, timeout=10_000)
    qtbot.waitUntil(lambda: window.review.base is not None, timeout=10_000)
    assert np.array_equal(window.session.image, load_rgb(rle, 1))
    assert window.review_panel.position.text() == "2 / 2"


def test_review_goes_through_every_frame_and_records_the_source(qtbot, make_window, tmp_path,
                                                                 lab):  # fmt: skip
    """Review mode (§8) on DICOM: one item per frame, each frame shown and segmented on its
    own (never another frame's result), accepted as x_f000k with the SOPInstanceUID and frame."""
    from PySide6.QtCore import Qt

    from desktop.core.review import ReviewOptions

    folder = tmp_path / "review in"
    cine = _dicom("SC_rgb_rle_2frame.dcm", folder / "two.dcm")
    single = _dicom("CT_small.dcm", folder / "IMG0001")
    out = tmp_path / "reviewed"
    frames = pydicom.dcmread(cine).pixel_array
    window = make_window()
    assert window.review.start(ReviewOptions(folder, out))
    qtbot.waitUntil(lambda: window.review.base is not None, timeout=10_000)
    relatives = [item.relative for item in window.review.review.items]
    assert relatives == ["IMG0001", "two.dcm#1", "two.dcm#2"]

    def accept() -> None:
        window.activateWindow()
        qtbot.keyClick(window.view, Qt.Key.Key_Return)

    accept()  # IMG0001 → two.dcm#1
    qtbot.waitUntil(lambda: window.review.base is not None and window.review.index == 1,
                    timeout=10_000)  # fmt: skip
    assert window.session.image_path == cine and window.session.source.frame == 0
    assert np.array_equal(window.session.image, frames[0])
    assert window.frame_bar.label.text() == "frame 1 / 2"
    accept()
    qtbot.waitUntil(lambda: window.review.base is not None and window.review.index == 2,
                    timeout=10_000)  # fmt: skip
    assert window.session.source.frame == 1 and np.array_equal(window.session.image, frames[1])
    accept()
    qtbot.waitUntil(lambda: (out / "two_f0002_provenance.json").exists(), timeout=10_000)
    assert sum(1 for call in lab.predict_calls if call[1] == (100, 100)) == 2, lab.predict_calls

    ct = pydicom.dcmread(single, stop_before_pixels=True)
    two = pydicom.dcmread(cine, stop_before_pixels=True)
    for name, uid, frame in (("IMG0001", ct.SOPInstanceUID, None),
                             ("two_f0001", two.SOPInstanceUID, 1),
                             ("two_f0002", two.SOPInstanceUID, 2)):  # fmt: skip
        record = json.loads((out / f"{name}_provenance.json").read_text("utf-8"))
        assert record["dicom"]["sop_instance_uid"] == uid and record["dicom"]["frame"] == frame
        mask = cv2.imread(str(out / f"{name}_mask.png"), cv2.IMREAD_UNCHANGED)
        assert mask.shape == ((128, 128) if frame is None else (100, 100))
    for path in out.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert PATIENT_ID.encode() not in data and b"Wirjono" not in data, path.name
