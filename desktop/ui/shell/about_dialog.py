"""Help › About: versions (read from package metadata, so neither torch nor OpenVINO is imported)
and folders."""

from __future__ import annotations

import html
import platform
from importlib import metadata

import PySide6
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QUrl, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from desktop import __version__
from desktop.core import paths

LIBRARIES = (
    ("PyTorch", ("torch",)),
    ("segmentation-models-pytorch", ("segmentation-models-pytorch", "segmentation_models_pytorch")),
    ("albumentations", ("albumentations",)),
    ("OpenCV", ("opencv-python-headless", "opencv-python")),
    ("NumPy", ("numpy",)),
    # CPU fast / CPU bf16 run on OpenVINO (core.fast). ONNX Runtime is not listed: only a
    # benchmark compares against it, the app never runs it.
    (QT_TRANSLATE_NOOP("AboutDialog", "OpenVINO (fast CPU engine)"), ("openvino",)),
)


def distribution_version(names: tuple[str, ...]) -> str | None:
    for name in names:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return None


def version_rows() -> list[tuple[str, str]]:
    rows = [
        ("SegDesk", __version__),
        ("Qt", f"{qVersion()} (PySide6 {PySide6.__version__})"),
        ("Python", platform.python_version()),
    ]
    for label, names in LIBRARIES:
        version = distribution_version(names)
        if version is None:
            version = QCoreApplication.translate("AboutDialog", "not installed")
        rows.append((QCoreApplication.translate("AboutDialog", label), version))
    return rows


def about_html() -> str:
    def link(path) -> str:
        url = QUrl.fromLocalFile(str(path)).toString()
        return f"<a href='{html.escape(url)}'>{html.escape(str(path))}</a>"

    versions = "".join(
        f"<tr><td>{html.escape(k)}</td><td>{html.escape(v)}</td></tr>" for k, v in version_rows()
    )

    intro = QCoreApplication.translate(
        "AboutDialog",
        "Offline segmentation of medical RGB images with trained "
        "segmentation-models-pytorch models. No network connection is ever made.",
    )
    folders = QCoreApplication.translate(
        "AboutDialog", "Log folder: {log}<br>User models: {user}<br>Bundled models: {bundled}"
    ).format(
        log=link(paths.log_dir()),
        user=link(paths.user_models_dir()),
        bundled=link(paths.bundled_models_dir()),
    )
    return (
        "<h2>SegDesk</h2>"
        f"<p>{html.escape(intro)}</p>"
        f"<table cellspacing='3'>{versions}</table>"
        f"<p>{folders}</p>"
    )


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About SegDesk"))
        self.text = QLabel(about_html())
        self.text.setOpenExternalLinks(True)
        self.text.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
