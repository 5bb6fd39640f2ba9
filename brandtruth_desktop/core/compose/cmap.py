"""Which characters a font file has glyphs for, read from its OpenType `cmap` table.

Pillow draws a missing character as the font's .notdef box (tofu) without saying so; to pick a
fallback font per character we need the font's character map. This reads the two subtable
formats fonts use for Unicode (4: the Basic Multilingual Plane, 12: all planes) with `struct`
alone, so no font library is needed.
"""

from __future__ import annotations

import struct
from bisect import bisect_right
from pathlib import Path


class Coverage:
    """The set of code points a font maps to a real glyph, as sorted inclusive ranges."""

    def __init__(self, ranges: list[tuple[int, int]]) -> None:
        merged: list[tuple[int, int]] = []
        for start, end in sorted(ranges):
            if merged and start <= merged[-1][1] + 1:
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        self._starts = [start for start, _ in merged]
        self._ends = [end for _, end in merged]

    def __contains__(self, codepoint: object) -> bool:
        if not isinstance(codepoint, int):
            return False
        index = bisect_right(self._starts, codepoint) - 1
        return index >= 0 and codepoint <= self._ends[index]

    def covers(self, text: str) -> bool:
        return all(ord(ch) in self for ch in text)

    def __len__(self) -> int:
        return sum(end - start + 1 for start, end in zip(self._starts, self._ends, strict=True))


def read_coverage(path: Path) -> Coverage:
    """The code points `path` (a .ttf, .otf or the first font of a .ttc) has glyphs for.

    Raises ValueError for a file that is not an OpenType font or has no Unicode cmap.
    """
    data = path.read_bytes()
    offset = 0
    if data[:4] == b"ttcf":
        (offset,) = struct.unpack_from(">I", data, 12)
    table = _find_table(data, offset, b"cmap")
    if table is None:
        raise ValueError(f"{path.name} has no character map (cmap table)")
    return Coverage(_unicode_ranges(data, table))


def _find_table(data: bytes, offset: int, tag: bytes) -> int | None:
    (count,) = struct.unpack_from(">H", data, offset + 4)
    for i in range(count):
        record = offset + 12 + 16 * i
        if data[record:record + 4] == tag:
            (table_offset,) = struct.unpack_from(">I", data, record + 8)
            return int(table_offset)
    return None


# Preferred subtables: (platform, encoding) for full Unicode first, then the BMP.
_PREFERENCE = [(3, 10), (0, 6), (0, 4), (3, 1), (0, 3), (0, 2), (0, 1), (0, 0), (3, 0)]


def _unicode_ranges(data: bytes, cmap: int) -> list[tuple[int, int]]:
    _version, count = struct.unpack_from(">HH", data, cmap)
    subtables: dict[tuple[int, int], int] = {}
    for i in range(count):
        platform, encoding, sub_offset = struct.unpack_from(">HHI", data, cmap + 4 + 8 * i)
        subtables[(platform, encoding)] = cmap + sub_offset
    for key in _PREFERENCE:
        if key not in subtables:
            continue
        start = subtables[key]
        (fmt,) = struct.unpack_from(">H", data, start)
        if fmt == 12:
            return _format12(data, start)
        if fmt == 4:
            return _format4(data, start)
    raise ValueError("no Unicode character map in format 4 or 12")


def _format12(data: bytes, start: int) -> list[tuple[int, int]]:
    (groups,) = struct.unpack_from(">I", data, start + 12)
    ranges = []
    for i in range(groups):
        first, last, glyph = struct.unpack_from(">III", data, start + 16 + 12 * i)
        if glyph == 0:  # the group starts at .notdef: that first code point is not covered
            first += 1
        if first <= last:
            ranges.append((first, last))
    return ranges


def _format4(data: bytes, start: int) -> list[tuple[int, int]]:
    (seg_x2,) = struct.unpack_from(">H", data, start + 6)
    segs = seg_x2 // 2
    ends = struct.unpack_from(f">{segs}H", data, start + 14)
    starts = struct.unpack_from(f">{segs}H", data, start + 16 + seg_x2)
    deltas = struct.unpack_from(f">{segs}h", data, start + 16 + 2 * seg_x2)
    range_offsets_at = start + 16 + 3 * seg_x2
    range_offsets = struct.unpack_from(f">{segs}H", data, range_offsets_at)
    ranges: list[tuple[int, int]] = []
    for i in range(segs):
        first, last = starts[i], ends[i]
        if first == 0xFFFF:
            continue
        if range_offsets[i] == 0:
            # Glyph = code + delta; only a code landing exactly on glyph 0 is missing.
            missing = (-deltas[i]) & 0xFFFF
            if first <= missing <= last:
                if first < missing:
                    ranges.append((first, missing - 1))
                if missing < last:
                    ranges.append((missing + 1, last))
            else:
                ranges.append((first, last))
            continue
        run_start: int | None = None
        for code in range(first, last + 1):
            at = range_offsets_at + 2 * i + range_offsets[i] + 2 * (code - first)
            glyph = struct.unpack_from(">H", data, at)[0] if at + 2 <= len(data) else 0
            if glyph:
                glyph = (glyph + deltas[i]) & 0xFFFF
            if glyph and run_start is None:
                run_start = code
            elif not glyph and run_start is not None:
                ranges.append((run_start, code - 1))
                run_start = None
        if run_start is not None:
            ranges.append((run_start, last))
    return ranges
