"""`load_rgb` decodes exactly like the notebook's `cv2.cvtColor(cv2.imread(p), BGR2RGB)`, refuses
bad files with a message naming the file and the reason, and never touches the input."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from desktop.core import image_io
from desktop.core.errors import ImageLoadError
from desktop.core.image_io import load_rgb


def notebook_rgb(path: Path) -> np.ndarray:
    bgr = cv2.imread(str(path))
    assert bgr is not None, f"cv2.imread cannot read the test file {path}"
    return cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)


def _snapshot(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def synthetic_rgb(height: int, width: int, seed: int) -> np.ndarray:
    """Smooth gradients plus noise: every channel different, JPEG-friendly."""
    rng = np.random.default_rng(seed)
    ys, xs = np.mgrid[0:height, 0:width]
    image = np.stack(
        [xs * 255 // max(1, width - 1), ys * 255 // max(1, height - 1), (xs + ys) % 256], axis=-1
    ).astype(np.int16)
    image += rng.integers(-20, 21, image.shape, dtype=np.int16)
    return np.clip(image, 0, 255).astype(np.uint8)


RGB = synthetic_rgb(45, 70, seed=11)  # non-square on purpose
BGR = cv2.cvtColor(RGB, cv2.COLOR_RGB2BGR)


def _cv2_file(ext: str, array: np.ndarray, params=()):
    def make(path: Path) -> None:
        assert cv2.imwrite(str(path), array, list(params))

    return ext, make


def _pil_file(ext: str, image_factory, **save_kwargs):
    def make(path: Path) -> None:
        image_factory().save(path, **save_kwargs)

    return ext, make


def _exif_rotated() -> Image.Image:
    return Image.fromarray(RGB)


_EXIF = Image.Exif()
_EXIF[0x0112] = 6  # orientation: rotate 90° clockwise to display

GOOD_FILES = {
    "png": _cv2_file(".png", BGR),
    "jpeg": _cv2_file(".jpg", BGR, (cv2.IMWRITE_JPEG_QUALITY, 90)),
    "bmp": _cv2_file(".bmp", BGR),
    "tiff": _cv2_file(".tif", BGR),
    "webp": _cv2_file(".webp", BGR, (cv2.IMWRITE_WEBP_QUALITY, 90)),
    "webp-lossless": _pil_file(".webp", lambda: Image.fromarray(RGB), lossless=True),
    "grayscale-png": _cv2_file(".png", cv2.cvtColor(BGR, cv2.COLOR_BGR2GRAY)),
    "grayscale-jpeg": _cv2_file(".jpg", cv2.cvtColor(BGR, cv2.COLOR_BGR2GRAY)),
    "16bit-png": _cv2_file(".png", BGR.astype(np.uint16) * 257 + 3),
    "16bit-gray-png": _cv2_file(
        ".png", cv2.cvtColor(BGR, cv2.COLOR_BGR2GRAY).astype(np.uint16) * 250
    ),
    "16bit-tiff": _cv2_file(".tiff", BGR.astype(np.uint16) * 255),
    "rgba-png": _pil_file(
        ".png",
        lambda: Image.fromarray(
            np.dstack([RGB, np.arange(RGB[..., 0].size, dtype=np.uint8).reshape(RGB.shape[:2])]),
            "RGBA",
        ),
    ),
    "palette-png": _pil_file(".png", lambda: Image.fromarray(RGB).quantize(colors=16)),
    "cmyk-jpeg": _pil_file(".jpg", lambda: Image.fromarray(RGB).convert("CMYK"), quality=92),
    "exif-rotated-jpeg": _pil_file(".jpg", _exif_rotated, exif=_EXIF.tobytes(), quality=92),
}


@pytest.mark.parametrize("kind", sorted(GOOD_FILES))
def test_loads_like_the_notebook(kind, tmp_path):
    ext, make = GOOD_FILES[kind]
    path = tmp_path / f"image{ext}"
    make(path)
    before = _snapshot(path)

    loaded = load_rgb(path)

    expected = notebook_rgb(path)
    assert loaded.dtype == np.uint8 and loaded.ndim == 3 and loaded.shape[2] == 3
    assert np.array_equal(loaded, expected)
    assert _snapshot(path) == before, "the input file was modified"


def test_exif_orientation_is_applied(tmp_path):
    ext, make = GOOD_FILES["exif-rotated-jpeg"]
    path = tmp_path / f"rotated{ext}"
    make(path)
    assert Image.open(path).size == (70, 45)  # stored landscape
    assert load_rgb(path).shape[:2] == (70, 45)  # shown (and segmented) portrait, as cv2 does


def test_16bit_is_reduced_to_8bit_like_imread(tmp_path):
    path = tmp_path / "deep.png"
    cv2.imwrite(str(path), BGR.astype(np.uint16) * 256)
    assert cv2.imread(str(path), cv2.IMREAD_UNCHANGED).dtype == np.uint16
    assert np.array_equal(load_rgb(path), RGB)


def test_gray_becomes_three_equal_channels(tmp_path):
    path = tmp_path / "gray.png"
    gray = RGB[..., 0].copy()
    cv2.imwrite(str(path), gray)
    loaded = load_rgb(path)
    assert loaded.shape == (*gray.shape, 3)
    for channel in range(3):
        assert np.array_equal(loaded[..., channel], gray)


@pytest.mark.parametrize("relative", ["ündér scöre/画像 1.png", "with space/a b.jpg", "日本/x.JPG"])
def test_non_ascii_and_space_paths(tmp_path, relative):
    path = tmp_path / relative
    path.parent.mkdir(parents=True)
    params = [cv2.IMWRITE_JPEG_QUALITY, 90] if path.suffix.lower() == ".jpg" else []
    assert cv2.imencode(path.suffix, BGR, params)[0]
    path.write_bytes(cv2.imencode(path.suffix, BGR, params)[1].tobytes())
    assert np.array_equal(load_rgb(path), notebook_rgb(path))
    assert np.array_equal(load_rgb(str(path)), notebook_rgb(path))


def test_content_is_sniffed_not_the_extension(tmp_path):
    path = tmp_path / "actually_png.jpg"
    path.write_bytes(cv2.imencode(".png", BGR)[1].tobytes())
    assert np.array_equal(load_rgb(path), RGB)
    assert image_io.sniff_format(path.read_bytes()) == "PNG"


# ---------------------------------------------------------------------------------------------
# Bad inputs: ImageLoadError naming the file and the reason.
# ---------------------------------------------------------------------------------------------


def _png_bytes() -> bytes:
    return cv2.imencode(".png", BGR)[1].tobytes()


def _jpeg_bytes() -> bytes:
    return cv2.imencode(".jpg", BGR, [cv2.IMWRITE_JPEG_QUALITY, 90])[1].tobytes()


def _encoded(ext: str) -> bytes:
    return cv2.imencode(ext, BGR)[1].tobytes()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png_bomb(width: int = 30000, height: int = 30000) -> bytes:
    """A valid PNG header claiming width×height RGB pixels, with only a few rows of data."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (1 + 3 * width) * 4)
    return (
        b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", rows) + _chunk(b"IEND", b"")
    )


def _make_bad(kind: str, folder: Path) -> tuple[Path, tuple[str, ...]]:
    """(path, words the reason must contain, any of)."""
    if kind == "missing":
        return folder / "nope.png", ("not found",)
    if kind == "folder":
        path = folder / "a_folder.png"
        path.mkdir()
        return path, ("folder",)
    contents = {
        "empty": (b"", ("empty",)),
        "text-with-png-name": (b"this is not an image\n" * 10, ("not a supported image",)),
        "random-bytes": (
            bytes(np.random.default_rng(5).integers(0, 256, 4096, dtype=np.uint8)),
            ("not a supported image",),
        ),
        "truncated-jpeg": (_jpeg_bytes()[: len(_jpeg_bytes()) // 2], ("truncated",)),
        "truncated-png": (_png_bytes()[: len(_png_bytes()) // 2], ("truncated",)),
        "decompression-bomb": (_png_bomb(), ("megapixels", "limit")),
        "png-signature-then-junk": (
            b"\x89PNG\r\n\x1a\n" + b"\x00" * 200 + b"IEND",
            ("corrupt", "decoder"),
        ),
        "truncated-bmp": (_encoded(".bmp")[: len(_encoded(".bmp")) * 3 // 4], ("corrupt",)),
        "truncated-tiff": (_encoded(".tif")[: len(_encoded(".tif")) * 3 // 4], ("corrupt",)),
        "truncated-webp": (_encoded(".webp")[: len(_encoded(".webp")) * 3 // 4], ("corrupt",)),
    }
    data, words = contents[kind]
    path = folder / f"{kind}.png"
    path.write_bytes(data)
    return path, words


BAD_KINDS = [
    "missing", "folder", "empty", "text-with-png-name", "random-bytes", "truncated-jpeg",
    "truncated-png", "decompression-bomb", "png-signature-then-junk", "truncated-bmp",
    "truncated-tiff", "truncated-webp",
]  # fmt: skip


@pytest.mark.filterwarnings("ignore::UserWarning")  # Pillow warns about the truncated TIFF
@pytest.mark.parametrize("kind", BAD_KINDS)
def test_bad_inputs_give_a_clear_error(kind, tmp_path):
    path, words = _make_bad(kind, tmp_path)
    before = _snapshot(path) if path.is_file() else None

    with pytest.raises(ImageLoadError) as caught:
        load_rgb(path)

    message = str(caught.value)
    assert str(path) in message, message
    assert caught.value.path == path
    assert any(word in caught.value.reason for word in words), message
    if before is not None:
        assert _snapshot(path) == before, "the input file was modified"


def test_decompression_bomb_is_refused_from_the_header(tmp_path, monkeypatch):
    """The bomb is refused before decoding: OpenCV's decoder is never reached."""
    path = tmp_path / "bomb.png"
    path.write_bytes(_png_bomb())
    assert path.stat().st_size < 200_000

    def fail(*args, **kwargs):
        raise AssertionError("the decoder ran on a decompression bomb")

    monkeypatch.setattr(image_io.cv2, "imdecode", fail)
    with pytest.raises(ImageLoadError, match="30000x30000"):
        load_rgb(path)


def test_pixel_limit_applies_to_real_images(tmp_path, monkeypatch):
    path = tmp_path / "ok.png"
    path.write_bytes(_png_bytes())
    monkeypatch.setattr(image_io, "MAX_PIXELS", 45 * 70 - 1)
    with pytest.raises(ImageLoadError, match="70x45"):
        load_rgb(path)
    monkeypatch.setattr(image_io, "MAX_PIXELS", 45 * 70)
    assert load_rgb(path).shape == (45, 70, 3)


def test_truncated_jpeg_with_an_embedded_thumbnail_is_still_refused(tmp_path):
    """An embedded thumbnail (here inside an APP1 segment before the main scan) carries its own
    start-of-scan and end-of-image markers; truncating the main image must still be detected."""
    thumbnail = _jpeg_bytes()
    main = cv2.imencode(".jpg", cv2.resize(BGR, (400, 300)), [cv2.IMWRITE_JPEG_QUALITY, 90])[1]
    main = main.tobytes()
    payload = b"Exif\x00\x00" + thumbnail
    app1 = b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload
    data = main[:2] + app1 + main[2:]
    whole = tmp_path / "with_thumbnail.jpg"
    whole.write_bytes(data)
    assert load_rgb(whole).shape == (300, 400, 3)

    cut = tmp_path / "cut.jpg"
    cut.write_bytes(data[: len(data) - len(main) // 3])
    with pytest.raises(ImageLoadError, match="truncated"):
        load_rgb(cut)


@pytest.mark.parametrize("progressive", [False, True])
def test_jpeg_with_data_appended_after_the_image_loads(tmp_path, progressive):
    """Phones append a video after the JPEG ("motion photos"); the bytes there may even look like
    markers. cv2.imread reads such files, so SegDesk must too; cutting the image itself is still
    refused."""
    source = tmp_path / "source.jpg"
    Image.fromarray(cv2.cvtColor(BGR, cv2.COLOR_BGR2RGB)).save(source, progressive=progressive)
    image_bytes = source.read_bytes()
    trailer = (b"\xff\xda\x00\x08ftypmp42" + bytes(range(256))) * 40
    motion = tmp_path / "motion.jpg"
    motion.write_bytes(image_bytes + trailer)
    assert np.array_equal(load_rgb(motion), notebook_rgb(motion))
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(image_bytes[: len(image_bytes) * 2 // 3])
    with pytest.raises(ImageLoadError, match="truncated"):
        load_rgb(cut)


def test_opencv_pixel_limit_agrees_with_segdesks_own():
    import os

    from desktop.core.limits import MAX_PIXELS

    assert int(os.environ["OPENCV_IO_MAX_IMAGE_PIXELS"]) == MAX_PIXELS == image_io.MAX_PIXELS


def test_write_png_is_atomic_and_roundtrips(tmp_path):
    target = tmp_path / "sub" / "out.png"
    image_io.write_png(target, RGB)
    assert np.array_equal(load_rgb(target), RGB)
    assert [p.name for p in target.parent.iterdir()] == ["out.png"]  # no temporary left behind


def test_written_files_get_the_ordinary_mode_not_a_private_one(tmp_path):
    """mkstemp makes 0600 files; an exported mask must be readable like any file the user saves."""
    import os

    from desktop.core.atomic import DEFAULT_FILE_MODE

    umask = os.umask(0)
    os.umask(umask)
    assert 0o666 & ~umask == DEFAULT_FILE_MODE
    target = tmp_path / "mask.png"
    image_io.write_png(target, RGB)
    assert target.stat().st_mode & 0o777 == DEFAULT_FILE_MODE


def test_jpeg_with_restart_markers_and_stuffed_bytes_loads_and_its_cut_is_refused(tmp_path):
    """Restart markers (0xFFD0–D7) and stuffed 0xFF00 bytes inside the scan are not its end."""
    noise = np.random.default_rng(3).integers(0, 256, (240, 320, 3), dtype=np.uint8)
    ok, encoded = cv2.imencode(
        ".jpg", noise, [cv2.IMWRITE_JPEG_QUALITY, 100, cv2.IMWRITE_JPEG_RST_INTERVAL, 1]
    )
    data = encoded.tobytes()
    scan = data[data.index(b"\xff\xda") :]
    assert b"\xff\x00" in scan and b"\xff\xd0" in scan  # the case this test is about
    whole = tmp_path / "restarts.jpg"
    whole.write_bytes(data)
    assert np.array_equal(load_rgb(whole), notebook_rgb(whole))
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(data[:-2])  # everything but the end-of-image marker
    with pytest.raises(ImageLoadError, match="truncated"):
        load_rgb(cut)


def test_mask_png_round_trips_as_8_bit_zero_or_255(tmp_path):
    mask = np.zeros((300, 400), np.uint8)
    cv2.ellipse(mask, (200, 150), (120, 80), 30, 0, 360, 255, -1)
    path = tmp_path / "m_mask.png"
    image_io.write_png(path, mask)
    back = cv2.imread(str(path), cv2.IMREAD_UNCHANGED)
    assert back.dtype == np.uint8 and back.ndim == 2
    assert np.array_equal(back, mask)
