"""Texts that `desktop.core` writes in English (it never imports Qt), shown in the UI language.

Core's messages also go to report.csv, logs and the command line, which stay English; the UI
translates them where it shows them. Each known message is an English template with `{0}`,
`{1}`… for its variable parts; a message that matches no template is shown as it is (so a new
core message is never lost, only untranslated). `translate_core_text()` also handles the
"Cannot open image '<path>': <reason>" form whose reason is itself one of the templates.
"""

from __future__ import annotations

import re
from functools import cache

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "CoreText"

TEMPLATES = (
    # devices (desktop/core/devices.py): labels and fallback reasons
    QT_TRANSLATE_NOOP("CoreText", "CPU (exact)"),
    QT_TRANSLATE_NOOP("CoreText", "CPU fast (fp32, OpenVINO)"),
    QT_TRANSLATE_NOOP("CoreText", "CPU bf16 (approximate)"),
    QT_TRANSLATE_NOOP("CoreText", "Apple GPU (MPS)"),
    QT_TRANSLATE_NOOP("CoreText", "{0} is not available on this machine"),
    QT_TRANSLATE_NOOP("CoreText", "the fast CPU engine needs OpenVINO"),
    QT_TRANSLATE_NOOP(
        "CoreText",
        "Device cpu-bf16 needs OpenVINO, which is not installed here. Use cpu or cpu-fast.",
    ),
    QT_TRANSLATE_NOOP(
        "CoreText",
        "Device cpu-bf16 needs a CPU that computes bf16 natively (AVX-512 BF16 or AMX); this CPU "
        "({0}) has neither, and emulated bf16 would be about 100× slower. Use cpu-fast (fp32, "
        "exact to the pixel on everything measured) or cpu.",
    ),
    # images (desktop/core/image_io.py): the reasons after "Cannot open image '<path>': "
    QT_TRANSLATE_NOOP("CoreText", "not a supported image (PNG, JPEG, BMP, TIFF or WebP expected)"),
    QT_TRANSLATE_NOOP("CoreText", "the {0} decoder failed ({1})"),
    QT_TRANSLATE_NOOP("CoreText", "the {0} data is corrupt or an unsupported variant"),
    QT_TRANSLATE_NOOP("CoreText", "this is a folder, not an image file"),
    QT_TRANSLATE_NOOP("CoreText", "file not found"),
    QT_TRANSLATE_NOOP("CoreText", "permission denied"),
    QT_TRANSLATE_NOOP("CoreText", "cannot be read ({0})"),
    QT_TRANSLATE_NOOP("CoreText", "the file is empty (0 bytes)"),
    QT_TRANSLATE_NOOP("CoreText", "the header declares an empty image ({0})"),
    QT_TRANSLATE_NOOP(
        "CoreText", "the image is {0} = {1} megapixels, above SegDesk's limit of {2} megapixels"
    ),
    QT_TRANSLATE_NOOP("CoreText", "the JPEG file is truncated (no end-of-image marker)"),
    QT_TRANSLATE_NOOP("CoreText", "the PNG file is truncated (no IEND chunk)"),
    # DICOM (desktop/core/dicom/): the reasons after "Cannot open image '<path>': "
    QT_TRANSLATE_NOOP("CoreText", "it has {0} frame(s); frame {1} does not exist"),
    QT_TRANSLATE_NOOP("CoreText", "decoded {0}, but the header says {1}"),
    QT_TRANSLATE_NOOP(
        "CoreText",
        "it is a DICOMDIR (the index of a DICOM medium), not an image; open the image files it "
        "lists instead",
    ),
    QT_TRANSLATE_NOOP("CoreText", "it is a structured report ({0}), not an image"),
    QT_TRANSLATE_NOOP("CoreText", "it is a DICOM Segmentation (a mask), not an image"),
    QT_TRANSLATE_NOOP("CoreText", "it contains no pixel data ({0}, not an image)"),
    QT_TRANSLATE_NOOP("CoreText", "its pixels are floating point ({0}), not supported"),
    QT_TRANSLATE_NOOP("CoreText", "the header gives no image size (Rows/Columns)"),
    QT_TRANSLATE_NOOP(
        "CoreText", "the frame is {0} = {1} megapixels, above SegDesk's limit of {2} megapixels"
    ),
    QT_TRANSLATE_NOOP(
        "CoreText", "its transfer syntax {0} is not supported: no decoder exists for it"
    ),
    QT_TRANSLATE_NOOP(
        "CoreText", "its transfer syntax {0} needs a decoder that is not installed ({1})"
    ),
    QT_TRANSLATE_NOOP("CoreText", "its pixel data cannot be decoded ({0}): {1}"),
    QT_TRANSLATE_NOOP("CoreText", "not a readable DICOM file ({0})"),
    QT_TRANSLATE_NOOP("CoreText", "not a DICOM file (no DICOM data elements could be read)"),
    # damaged DICOM files (desktop/core/dicom/damage.py); "at most" and "less than one" before
    # the general count, which would match them too
    QT_TRANSLATE_NOOP(
        "CoreText", "truncated: the file ends at byte {0} before its pixel data ends"
    ),
    QT_TRANSLATE_NOOP(
        "CoreText",
        "truncated: the file ends at byte {0}, inside its header, in {1}, before its pixel data",
    ),
    QT_TRANSLATE_NOOP(
        "CoreText", "truncated: the file ends at byte {0}, inside its header, before its pixel data"
    ),
    QT_TRANSLATE_NOOP(
        "CoreText", "NumberOfFrames says {0} but the pixel data holds less than one frame"
    ),
    QT_TRANSLATE_NOOP("CoreText", "NumberOfFrames says {0} but the pixel data holds 1 frame"),
    QT_TRANSLATE_NOOP(
        "CoreText", "NumberOfFrames says {0} but the pixel data holds at most {1} frames"
    ),
    QT_TRANSLATE_NOOP("CoreText", "NumberOfFrames says {0} but the pixel data holds {1} frames"),
    QT_TRANSLATE_NOOP(
        "CoreText",
        "the photometric interpretation {0} is not supported (RGB, YBR, PALETTE COLOR, "
        "MONOCHROME1 and MONOCHROME2 are)",
    ),
    # batch (desktop/core/batch/plan.py)
    QT_TRANSLATE_NOOP("CoreText", "Input folder '{0}' does not exist."),
    QT_TRANSLATE_NOOP("CoreText", "Input '{0}' is not a folder."),
    QT_TRANSLATE_NOOP(
        "CoreText",
        "The output folder must differ from the input folder '{0}' "
        "(SegDesk never writes among your originals).",
    ),
    QT_TRANSLATE_NOOP(
        "CoreText",
        "Output '{0}' would lie inside the input folder; choose an output folder outside it.",
    ),
    QT_TRANSLATE_NOOP("CoreText", "Cannot write into output folder '{0}': {1}."),
    # evaluation and review (desktop/core/evaluation/, desktop/core/review/)
    QT_TRANSLATE_NOOP("CoreText", "Images folder '{0}' does not exist."),
    QT_TRANSLATE_NOOP("CoreText", "Ground-truth folder '{0}' does not exist."),
    QT_TRANSLATE_NOOP("CoreText", "Images folder '{0}' is not a folder."),
    QT_TRANSLATE_NOOP("CoreText", "Ground-truth folder '{0}' is not a folder."),
    QT_TRANSLATE_NOOP("CoreText", "Cannot read ground truth '{0}': {1}"),
    QT_TRANSLATE_NOOP(
        "CoreText",
        "Ground truth '{0}' holds only the values 0 and 1 (a label image?); SegDesk reads "
        "foreground as grey ≥ 128, so save masks as 0 = background, 255 = foreground.",
    ),
    QT_TRANSLATE_NOOP(
        "CoreText",
        "The output folder must differ from the images folder '{0}' (SegDesk never writes among "
        "your originals).",
    ),
    QT_TRANSLATE_NOOP(
        "CoreText",
        "The output folder must differ from the ground-truth folder '{0}' (SegDesk never writes "
        "among your originals).",
    ),
    QT_TRANSLATE_NOOP("CoreText", "Evaluation needs at least one model."),
    QT_TRANSLATE_NOOP("CoreText", "more than one ground-truth file fits ({0}) in '{1}'"),
    QT_TRANSLATE_NOOP("CoreText", "no ground truth: looked for {0} in '{1}'"),
    QT_TRANSLATE_NOOP("CoreText", "The threshold must lie between 0 and 1, not {0}."),
    # model packages and checkpoints (package.py, checkpoint.py, package_import.py, verify.py)
    QT_TRANSLATE_NOOP("CoreText", "Model package '{0}' does not exist or is not a folder."),
    QT_TRANSLATE_NOOP("CoreText", "'{0}' is not a SegDesk model package: no {1}."),
    QT_TRANSLATE_NOOP("CoreText", "'{0}' is not valid JSON: {1}"),
    QT_TRANSLATE_NOOP("CoreText", "'{0}' must hold a JSON object."),
    QT_TRANSLATE_NOOP("CoreText", "Invalid manifest '{0}': {1}."),
    QT_TRANSLATE_NOOP("CoreText", "Model package '{0}': weights file '{1}' is missing."),
    QT_TRANSLATE_NOOP(
        "CoreText",
        "Model package '{0}': weights file '{1}' is damaged or was replaced (sha256 {2} does not "
        "match the manifest's {3}).",
    ),
    QT_TRANSLATE_NOOP("CoreText", "Model package '{0}' has no reference cases."),
    QT_TRANSLATE_NOOP("CoreText", "Model package '{0}' has no usable reference cases ({1})."),
    QT_TRANSLATE_NOOP("CoreText", "Checkpoint '{0}' does not exist."),
    QT_TRANSLATE_NOOP("CoreText", "Checkpoint '{0}' is empty (0 bytes)."),
    QT_TRANSLATE_NOOP(
        "CoreText", "Cannot read checkpoint '{0}': not a PyTorch or safetensors weights file."
    ),
    QT_TRANSLATE_NOOP("CoreText", "Invalid model name '{0}': use letters, digits, '.', '_', '-'."),
    QT_TRANSLATE_NOOP("CoreText", "A model named '{0}' already exists at '{1}'."),
    QT_TRANSLATE_NOOP("CoreText", "Cannot recognise the model in '{0}': {1}."),
    QT_TRANSLATE_NOOP(
        "CoreText",
        "'{0}' has {1} input and {2} output channels; SegDesk runs binary models on RGB images "
        "(3 in, 1 out).",
    ),
    QT_TRANSLATE_NOOP("CoreText", "the checkpoint has no 'encoder.*' weights (not an smp model?)"),
    QT_TRANSLATE_NOOP("CoreText", "the encoder is none of {0}; pass --encoder"),
    # the fast CPU engines (desktop/core/fast/)
    QT_TRANSLATE_NOOP(
        "CoreText",
        "The fast CPU engines need OpenVINO, which is not installed. Use the exact CPU device.",
    ),
    QT_TRANSLATE_NOOP(
        "CoreText",
        "The fast CPU engine cannot read the exported model '{0}' ({1}). Use the exact CPU device.",
    ),
    QT_TRANSLATE_NOOP(
        "CoreText",
        "The fast CPU engine cannot compile model '{0}' ({1}). Use the exact CPU device.",
    ),
    QT_TRANSLATE_NOOP(
        "CoreText",
        "The {0} engine does not reproduce model '{1}' closely enough: {2} mismatched mask pixels "
        "per million on its {3} reference cases (tolerance {4}; largest probability difference "
        "{5}). It will not be used for this model; choose the exact CPU device.",
    ),
    QT_TRANSLATE_NOOP(
        "CoreText",
        "The fast CPU engine could not convert the model to ONNX ({0}). Use the exact CPU device.",
    ),
    QT_TRANSLATE_NOOP(
        "CoreText",
        "The {0} engine cannot be checked against model '{1}', so it is not used: {2}",
    ),
    # writing files (desktop/core/atomic.py): Windows refuses to replace a file held open
    QT_TRANSLATE_NOOP(
        "CoreText",
        "'{0}' could not be replaced: it is in use by another program (or read-only); the new "
        "content was kept as '{1}'",
    ),
    # input warnings (desktop/core/input_checks.py): a batch summary lists them per image
    QT_TRANSLATE_NOOP(
        "CoreText",
        "grey image given to a colour model: the model was trained on colour images, so this "
        "mask may be unreliable",
    ),
    QT_TRANSLATE_NOOP(
        "CoreText",
        "tiny image ({0} px): far smaller than the model's input, so this mask may be unreliable",
    ),
)

IMAGE_ERROR = QT_TRANSLATE_NOOP("CoreText", "Cannot open image '{0}': {1}")


@cache
def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{\d\})", template)
    regex = "".join("(.+?)" if re.fullmatch(r"\{\d\}", p) else re.escape(p) for p in parts)
    return re.compile(regex, re.DOTALL)


def _fill(template: str, text: str) -> str | None:
    """The translation of `text` if it is an instance of `template`, else None."""
    if "{" not in template:
        return QCoreApplication.translate(CONTEXT, template) if text == template else None
    match = _pattern(template).fullmatch(text)
    if match is None:
        return None
    values = [translate_core_text(value) for value in match.groups()]  # e.g. a quoted reason
    return QCoreApplication.translate(CONTEXT, template).format(*values)


def translate_core_text(text: str) -> str:
    """`text` (a message, reason or label from core) in the UI language, or as it is."""
    if not text:
        return text
    match = _pattern(IMAGE_ERROR).fullmatch(text)
    if match is not None:  # the reason is one of the templates too
        path, reason = match.groups()
        return QCoreApplication.translate(CONTEXT, IMAGE_ERROR).format(
            path, translate_core_text(reason)
        )
    for template in TEMPLATES:
        translated = _fill(template, text)
        if translated is not None:
            return translated
    return text


def device_label(label: str) -> str:
    """A device picker label ("CPU (exact)", "CUDA 0 — <name>") in the UI language."""
    return translate_core_text(label)
