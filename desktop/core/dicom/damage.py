"""What is wrong with a damaged DICOM file, said in the user's terms (issue #18 item 15).

pydicom reads damaged files leniently, so its own symptoms mislead: a file cut inside
encapsulated pixel data reads as no elements at all ("not a DICOM file"), one cut inside the
header reads as an image without pixel data, and a NumberOfFrames larger than the pixel data
holds only shows when each missing frame fails to decode. The reader asks here first, on its
failure paths, so the reason names the damage instead.
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any, BinaryIO

PIXEL_DATA = 0x7FE00010
_TRANSFER_SYNTAX = 0x00020010
_ITEM, _ITEM_END, _SEQUENCE_END = 0xFFFEE000, 0xFFFEE00D, 0xFFFEE0DD
_UNDEFINED = 0xFFFFFFFF
_LONG_VRS = {b"OB", b"OD", b"OF", b"OL", b"OV", b"OW", b"SQ", b"SV", b"UC", b"UN", b"UR",
             b"UT", b"UV"}  # fmt: skip
_SHORT_VRS = {b"AE", b"AS", b"AT", b"CS", b"DA", b"DS", b"DT", b"FL", b"FD", b"IS", b"LO",
              b"LT", b"PN", b"SH", b"SL", b"SS", b"ST", b"TM", b"UI", b"UL", b"US"}  # fmt: skip
_MAX_DEPTH = 32


class _Ended(Exception):
    """The file ended inside a value or before a delimiter."""


class _Malformed(Exception):
    """The bytes do not walk as DICOM (flipped bytes): no claim about truncation."""


def truncation(path: Path, ds: Any = None) -> str | None:
    """The reason "truncated: the file ends at byte N before ..." when the file stops inside
    an element, else None (it ends where its last element ends, or its bytes cannot be
    walked). `ds`, as pydicom read it, gives the encoding of a file without a meta header."""
    implicit, little = getattr(ds, "original_encoding", (None, None))
    try:
        with open(path, "rb") as fp:
            size = fp.seek(0, 2)
            fp.seek(0)
            walker = _Walker(fp, size, implicit, little)
            ended_in = walker.walk()
    except (OSError, _Malformed, RecursionError):
        return None
    if ended_in is None or ended_in > PIXEL_DATA:
        return None  # complete, or cut after complete pixel data (trailing padding): harmless
    if not walker.has_meta and ended_in != PIXEL_DATA:
        return None  # no meta header: the encoding is a guess, so a header walk proves little
    at = f"the file ends at byte {size:,}"
    if ended_in == PIXEL_DATA:
        return f"truncated: {at} before its pixel data ends"
    inside = f", in {_name(ended_in)}" if ended_in else ""
    return f"truncated: {at}, inside its header{inside}, before its pixel data"


def frames_mismatch(ds: Any, frames: int) -> str | None:
    """The reason "NumberOfFrames says N but the pixel data holds M frames" when the pixel
    data is too short for the frames the header claims (a multi-frame file only: one frame
    short of its bytes is a decoding error, not a count)."""
    if frames <= 1 or "PixelData" not in ds:
        return None
    try:
        element = ds.get_item("PixelData", keep_deferred=True)
        syntax = getattr(getattr(ds, "file_meta", None), "TransferSyntaxUID", None)
        if syntax is not None and syntax.is_compressed:
            held, certain = _encapsulated_frames(element.value)
        else:
            held, certain = _native_frames(ds, element, frames), True
    except Exception:  # noqa: BLE001 - e.g. a garbled transfer syntax: the decoder's reason
        return None
    if held is None or held >= frames:
        return None
    says = f"NumberOfFrames says {frames} but the pixel data holds"
    if held == 0:
        return f"{says} less than one frame"
    if held == 1:
        return f"{says} 1 frame"  # one fragment holds at most one frame, too
    return f"{says} {held} frames" if certain else f"{says} at most {held} frames"


def _native_frames(ds: Any, element: Any, frames: int) -> int | None:
    from pydicom.pixels.utils import get_expected_length

    length = getattr(element, "length", None)  # a deferred (unread) value keeps its length
    if element.value is not None:
        length = len(element.value)
    try:
        per_frame = get_expected_length(ds) / frames
    except Exception:  # noqa: BLE001 - missing group 0028 values: another check's reason
        return None
    if not length or per_frame <= 0:
        return None if not length else 0
    return int(length // per_frame)


def _encapsulated_frames(value: Any) -> tuple[int | None, bool]:
    """Frames in the Basic Offset Table when it has entries, else at most one per fragment."""
    from pydicom.encaps import parse_basic_offsets, parse_fragments

    if not isinstance(value, bytes | bytearray):
        return None, True
    try:
        offsets = parse_basic_offsets(value)
        start = struct.unpack("<I", bytes(value[4:8]))[0] + 8
        fragments, _ = parse_fragments(value[start:])
    except Exception:  # noqa: BLE001 - a broken item structure is the decoder's reason
        return None, True
    return (len(offsets), True) if offsets else (fragments, False)


def _name(tag: int) -> str:
    from pydicom.datadict import keyword_for_tag

    return keyword_for_tag(tag) or f"tag ({tag >> 16:04X},{tag & 0xFFFF:04X})"


class _Walker:
    """Steps over the elements by their lengths, reading only tags, VRs and lengths."""

    def __init__(self, fp: BinaryIO, size: int, implicit: bool | None, little: bool | None):
        self.fp, self.size = fp, size
        self.given = (implicit, little)  # pydicom's reading, for a file without meta header
        self.implicit, self.little = False, True  # the meta group's encoding, until it ends
        self.has_meta = True

    def walk(self) -> int | None:
        """The top-level tag the file ends inside, or None when it ends between elements."""
        self.fp.seek(128)
        if self.fp.read(4) != b"DICM":
            self.fp.seek(0)
            self.has_meta = False
            implicit, little = self.given
            self.implicit = not self._looks_explicit() if implicit is None else implicit
            self.little = True if little is None else little
        last = -1
        while True:
            start = self.fp.tell()
            if start >= self.size:
                return None
            try:
                last = self._element(depth=0, previous=last)
            except _Ended:
                self.fp.seek(start)
                head = self.fp.read(4)
                if len(head) == 4:
                    if head[:2] == b"\x02\x00":  # the meta group: little endian whatever follows
                        return 0x00020000 | struct.unpack("<H", head[2:])[0]
                    return self._unpack_tag(head)
                return 0 if last < PIXEL_DATA else None  # cut inside a tag: between elements

    def _unpack_tag(self, head: bytes) -> int:
        group, element = struct.unpack("<HH" if self.little else ">HH", head)
        return group << 16 | element

    def _looks_explicit(self) -> bool:
        head = self.fp.read(6)
        self.fp.seek(0)
        return head[4:6] in _LONG_VRS | _SHORT_VRS

    def _read(self, count: int) -> bytes:
        data = self.fp.read(count)
        if len(data) < count:
            raise _Ended
        return data

    def _element(self, depth: int, previous: int) -> int:
        """Step over one element; its tag. Raises _Ended inside it."""
        head = self._read(8)
        meta = head[:2] == b"\x02\x00"
        little = True if meta else self.little
        group, number = struct.unpack("<HH" if little else ">HH", head[:4])
        tag = group << 16 | number
        if tag <= previous or depth > _MAX_DEPTH:
            raise _Malformed  # tags ascend in a dataset; out of order is damage, not a cut
        end = "<" if little else ">"
        if self.implicit and not meta:
            length = struct.unpack(end + "I", head[4:8])[0]
        else:
            vr = head[4:6]
            if vr in _LONG_VRS:
                length = struct.unpack(end + "I", self._read(4))[0]
            elif vr in _SHORT_VRS:
                length = struct.unpack(end + "H", head[6:8])[0]
            else:
                raise _Malformed
        if length == _UNDEFINED:
            self._sequence(depth + 1)
        elif tag == _TRANSFER_SYNTAX:
            self._set_encoding(self._read(length).rstrip(b"\0 ").decode("ascii", "replace"))
        else:
            self._skip(length)
        return tag

    def _set_encoding(self, uid: str) -> None:
        if uid == "1.2.840.10008.1.2.1.99":
            raise _Malformed  # deflated: the bytes after the meta group are not elements
        self.implicit = uid == "1.2.840.10008.1.2"
        self.little = uid != "1.2.840.10008.1.2.2"

    def _skip(self, length: int) -> None:
        if self.fp.tell() + length > self.size:
            raise _Ended
        self.fp.seek(length, 1)

    def _sequence(self, depth: int) -> None:
        """Items (or fragments) up to the sequence delimiter."""
        end = "<" if self.little else ">"
        while True:
            tag = self._unpack_tag(self._read(4))
            length = struct.unpack(end + "I", self._read(4))[0]
            if tag == _SEQUENCE_END:
                return
            if tag != _ITEM:
                raise _Malformed
            if length != _UNDEFINED:
                self._skip(length)
                continue
            last = -1
            while True:  # an item of undefined length: its elements up to the item delimiter
                position = self.fp.tell()
                head = self._read(8)
                if self._unpack_tag(head[:4]) == _ITEM_END:
                    break
                self.fp.seek(position)
                last = self._element(depth + 1, last)
