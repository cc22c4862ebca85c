"""Batch over DICOM inputs (DESIGN §5, §7, §10): one item per frame (`x.dcm#3`, `x_f0003_mask`),
results at Rows × Columns, one SEG per DICOM file, mm² from the pixel spacing, the grey warning,
and no patient identifier in anything written but the SEG itself."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pydicom
import pytest
from dicom_files import copy_to, modified, wheel_file

from desktop.core.batch import BatchOptions, BatchRun
from desktop.core.devices import Device
from desktop.core.input_checks import GREY_WARNING
from desktop.core.package import ModelPackage
from desktop.core.prediction import Prediction

REPO = Path(__file__).resolve().parents[2]
PATIENT_NAME = "Sastrowardoyo^Kartini"
PATIENT_ID = "PID-7741-SEGDESK"


def _package() -> ModelPackage:
    return ModelPackage(
        folder=Path("/nonexistent/fake"), name="fake-dicom-unet", architecture="Unet",
        encoder="resnet34", in_channels=3, classes=1, transform={"transform": {}},
        loader="opencv-rgb", activation="sigmoid", threshold=0.5, weights="model.safetensors",
        sha256="ab" * 32, input_size=(256, 256), labels=("lesion",),
    )  # fmt: skip


class BrightSegmenter:
    """Foreground = pixels brighter than mid-grey: deterministic, instant."""

    def __init__(self) -> None:
        self.package = _package()
        self.device = Device("cpu", "CPU", "torch")
        self.threshold = 0.5

    def predict(self, image: np.ndarray) -> Prediction:
        probability = image.astype(np.float32).mean(axis=2) / 255.0
        return Prediction.from_model_probability(probability, image.shape[:2], threshold=0.5,
                                                 device="cpu")  # fmt: skip


@pytest.fixture
def dicom_folder(tmp_path) -> Path:
    folder = tmp_path / "in"
    copy_to("examples_ybr_color.dcm", folder / "sub", "us.dcm")  # 30 frames, US regions
    modified("SC_rgb_rle_2frame.dcm", folder / "rle2.dcm",
             PatientName=PATIENT_NAME, PatientID=PATIENT_ID)  # fmt: skip
    modified("CT_small.dcm", folder / "IMG0001",  # no extension: found by its DICM magic
             PatientName=PATIENT_NAME, PatientID=PATIENT_ID)  # fmt: skip
    copy_to("SC_rgb_small_odd.dcm", folder, "odd.dcm")
    copy_to("rtplan.dcm", folder)
    cv2.imwrite(str(folder / "grey.png"), np.tile(np.arange(0, 250, 5, dtype=np.uint8), (40, 1)))
    colour = np.zeros((40, 60, 3), np.uint8)  # not tiny (input_checks.MIN_SIDE)
    colour[:, :30] = (30, 200, 240)
    cv2.imwrite(str(folder / "colour.png"), colour)
    (folder / "DICOMDIR").write_bytes((wheel_file("dicomdirtests/DICOMDIR")).read_bytes())
    return folder


def _report(out: Path) -> dict[str, dict[str, str]]:
    with open(out / "report.csv", newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames[-2:] == ["foreground_mm2", "warning"]
        return {row["file"]: row for row in reader}


def test_frames_names_sizes_seg_mm2_and_warnings(dicom_folder, tmp_path):
    out = tmp_path / "out"
    run = BatchRun(BrightSegmenter(), BatchOptions(dicom_folder, out, recursive=True,
                                                   save=frozenset({"mask", "seg"})))  # fmt: skip
    results = list(run)
    rows = _report(out)
    expected_files = (
        ["IMG0001", "colour.png", "grey.png", "odd.dcm", "rle2.dcm#1", "rle2.dcm#2", "rtplan.dcm"]
        + [f"sub/us.dcm#{k}" for k in range(1, 31)]
    )
    assert sorted(rows) == sorted(expected_files), "DICOMDIR is never an input"
    assert len(results) == len(expected_files)

    # One mask per frame, at Rows x Columns, named x_f000k.
    us = pydicom.dcmread(wheel_file("examples_ybr_color.dcm"), stop_before_pixels=True)
    for k in (1, 3, 30):
        row = rows[f"sub/us.dcm#{k}"]
        assert row["status"] == "ok", row
        assert (int(row["width"]), int(row["height"])) == (us.Columns, us.Rows)
        mask = cv2.imread(str(out / "sub" / f"us_f{k:04d}_mask.png"), cv2.IMREAD_UNCHANGED)
        assert mask.shape == (us.Rows, us.Columns) and set(np.unique(mask)) <= {0, 255}
        assert int(row["foreground_pixels"]) == int((mask > 0).sum())
    for name, size in (("IMG0001", (128, 128)), ("odd", (3, 3))):
        assert cv2.imread(str(out / f"{name}_mask.png"), cv2.IMREAD_UNCHANGED).shape == size
    assert (out / "rle2_f0002_mask.png").exists() and not (out / "rle2_mask.png").exists()

    # mm²: spacing from the ultrasound regions (cm → mm) and from PixelSpacing; none for PNG.
    region = us.SequenceOfUltrasoundRegions[0]
    pixel_mm2 = region.PhysicalDeltaX * 10 * region.PhysicalDeltaY * 10
    row = rows["sub/us.dcm#3"]
    assert float(row["foreground_mm2"]) == pytest.approx(
        int(row["foreground_pixels"]) * pixel_mm2, rel=1e-4
    )
    ct = rows["IMG0001"]
    assert float(ct["foreground_mm2"]) == pytest.approx(
        int(ct["foreground_pixels"]) * 0.661468**2, rel=1e-4
    )
    assert rows["colour.png"]["foreground_mm2"] == ""

    # The grey warning: a MONOCHROME CT and a grey PNG; not the colour ones.
    assert GREY_WARNING in ct["warning"] and GREY_WARNING in rows["grey.png"]["warning"]
    assert rows["colour.png"]["warning"] == "" and rows["sub/us.dcm#1"]["warning"] == ""

    # A non-image DICOM fails with the reason; the others go on.
    assert rows["rtplan.dcm"]["status"] == "failed"
    assert "no pixel data" in rows["rtplan.dcm"]["error"]

    # One SEG per DICOM file, all frames; none for PNGs; run.json says so.
    for seg_name, frames in (("sub/us_seg.dcm", 30), ("rle2_seg.dcm", 2), ("IMG0001_seg.dcm", 1),
                             ("odd_seg.dcm", 1)):  # fmt: skip
        seg = pydicom.dcmread(out / seg_name)
        assert int(seg.NumberOfFrames) == frames and seg.Modality == "SEG"
        assert seg.SegmentSequence[0].SegmentAlgorithmName == "fake-dicom-unet"
    seg = pydicom.dcmread(out / "sub" / "us_seg.dcm")
    masks = seg.pixel_array.astype(bool)
    for k in (1, 17, 30):
        mask = cv2.imread(str(out / "sub" / f"us_f{k:04d}_mask.png"), cv2.IMREAD_UNCHANGED) > 0
        assert np.array_equal(masks[k - 1], mask), f"SEG frame {k} differs from the mask PNG"
    assert not list(out.glob("grey*seg*")) and not list(out.glob("colour*seg*"))
    record = json.loads((out / "run.json").read_text("utf-8"))
    assert sorted(record["seg"]["written"]) == sorted(
        ["IMG0001_seg.dcm", "odd_seg.dcm", "rle2_seg.dcm", "sub/us_seg.dcm"]
    )
    assert sorted(record["seg"]["not_dicom"]) == ["colour.png", "grey.png"]
    assert "not DICOM" in record["seg"]["note"]
    sources = {entry["file"]: entry for entry in record["dicom_inputs"]}
    assert sources["sub/us.dcm#3"] == {"file": "sub/us.dcm#3", "frame": 3,
                                       "sop_instance_uid": us.SOPInstanceUID}  # fmt: skip
    assert sources["IMG0001"]["frame"] is None

    # Resume: everything done is skipped, SEGs included.
    options = BatchOptions(dicom_folder, out, recursive=True, save=frozenset({"mask", "seg"}))
    again = list(BatchRun(BrightSegmenter(), options))
    statuses = {r.file: r.status for r in again}
    assert statuses["sub/us.dcm#5"] == "skipped" and statuses["IMG0001"] == "skipped"


def _all_written_text(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in folder.rglob("*")
        if path.is_file()
    }


def _assert_no_identifier(files: dict[str, bytes]) -> None:
    for name, data in files.items():
        for identifier in (PATIENT_NAME, PATIENT_ID, PATIENT_NAME.replace("^", " "),
                           "Sastrowardoyo", "Kartini"):  # fmt: skip
            assert identifier.encode() not in data, f"{identifier!r} written to {name}"


def test_no_patient_identifier_in_report_run_json_journal_provenance_or_logs(
    unet18, dicom_folder, tmp_path, offline_subprocess_env
):
    """The real CLI on DICOM files carrying a patient's name and ID: only the SEG objects (the
    DICOM patient module they must copy) contain them; report, run.json, journal, provenance,
    console output and the app's logs do not."""
    out = tmp_path / "out"
    env = dict(offline_subprocess_env)
    home = tmp_path / "home"
    env.update({"HOME": str(home), "XDG_DATA_HOME": str(home / "data"),
                "XDG_CACHE_HOME": str(home / "cache"),
                "XDG_CONFIG_HOME": str(home / "config")})  # fmt: skip
    result = subprocess.run(
        [sys.executable, "-m", "desktop", "batch", str(dicom_folder), str(out), "--model",
         str(unet18.package_dir), "--device", "cpu", "--save", "mask,overlay,prob,seg"],
        cwd=REPO, env=env, capture_output=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr.decode(errors="replace")  # rtplan fails
    written = _all_written_text(out)
    segs = {name for name in written if name.endswith("_seg.dcm")}
    assert segs == {"IMG0001_seg.dcm", "odd_seg.dcm", "rle2_seg.dcm"}  # not recursive
    assert PATIENT_ID.encode() in written["IMG0001_seg.dcm"], "the SEG copies the patient module"
    assert {"report.csv", "run.json", ".segdesk-journal.jsonl"} <= set(written)
    _assert_no_identifier({k: v for k, v in written.items() if k not in segs})
    _assert_no_identifier({"stdout": result.stdout, "stderr": result.stderr})
    _assert_no_identifier(_all_written_text(home) if home.exists() else {})

    # A single export (provenance record) of a DICOM frame: identifiers stay out too.
    from desktop.core.dicom.reader import load_frame
    from desktop.core.export import export_prediction
    from desktop.core.package import read_package
    from desktop.core.segmenter import Segmenter

    source = dicom_folder / "rle2.dcm"
    image, info = load_frame(source, 1)
    package = read_package(unet18.package_dir)
    prediction = Segmenter(package, "cpu").predict(image)
    export_dir = tmp_path / "export"
    paths = export_prediction(
        image, prediction, package, source, export_dir,
        outputs=("mask", "seg"), frame=1, dicom=info.source_record(2),
        foreground_mm2=info.area_mm2(prediction.foreground_pixels),
    )  # fmt: skip
    names = sorted(p.name for p in paths)
    assert names == ["rle2_f0002_mask.png", "rle2_f0002_provenance.json", "rle2_f0002_seg.dcm"]
    record = json.loads((export_dir / "rle2_f0002_provenance.json").read_text("utf-8"))
    ds = pydicom.dcmread(source, stop_before_pixels=True)
    assert record["dicom"]["sop_instance_uid"] == ds.SOPInstanceUID
    assert record["dicom"]["frame"] == 2
    assert record["outputs"]["seg"] == "rle2_f0002_seg.dcm"
    _assert_no_identifier({"provenance": (export_dir / "rle2_f0002_provenance.json").read_bytes(),
                           "mask": (export_dir / "rle2_f0002_mask.png").read_bytes()})  # fmt: skip
    assert os.path.getsize(export_dir / "rle2_f0002_seg.dcm") > 0


def test_count_inputs_counts_each_frame_as_the_run_does(dicom_folder):
    """The batch dialog's "N images will be segmented" comes from count_inputs: a multi-frame
    file is one input per frame there too, the same number the run then reports."""
    from desktop.core.batch import count_inputs, plan_batch

    planned = plan_batch(BatchOptions(dicom_folder, dicom_folder.parent / "out", recursive=True))
    assert count_inputs(dicom_folder, recursive=True) == len(planned)
    assert count_inputs(dicom_folder / "sub") == 30
