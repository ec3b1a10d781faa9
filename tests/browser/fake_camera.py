"""A video file for Chromium's fake webcam (--use-file-for-fake-video-capture): a still photo of a person as a
YUV4MPEG2 (.y4m) clip, written with the standard library only (PNG read with zlib; grey pictures need no colour
conversion: Y is the grey level, U and V the neutral 128)."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

PERSON = Path("/usr/share/doc/opencv-doc/examples/data/basketball1.png")  # Debian's opencv-doc: a man standing


def grey_png(path: Path) -> tuple[int, int, bytes]:
    """Width, height and the pixels of an 8-bit greyscale, non-interlaced PNG."""
    data = path.read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path} is not a PNG")
    position, chunks = 8, b""
    width = height = 0
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if (depth, colour, interlace) != (8, 0, 0):
                raise ValueError(f"{path} is not an 8-bit grey, non-interlaced PNG")
        elif kind == b"IDAT":
            chunks += body
        position += 12 + length
    return width, height, _unfilter(zlib.decompress(chunks), width, height)


def _unfilter(raw: bytes, width: int, height: int) -> bytes:
    rows: list[bytearray] = []
    previous = bytearray(width)
    for y in range(height):
        start = y * (width + 1)
        kind, row = raw[start], bytearray(raw[start + 1:start + 1 + width])
        for x in range(width):
            left = row[x - 1] if x else 0
            up, corner = previous[x], previous[x - 1] if x else 0
            if kind == 1:
                row[x] = (row[x] + left) & 0xFF
            elif kind == 2:
                row[x] = (row[x] + up) & 0xFF
            elif kind == 3:
                row[x] = (row[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                guess = left + up - corner
                nearest = min((abs(guess - left), 0, left), (abs(guess - up), 1, up), (abs(guess - corner), 2, corner))
                row[x] = (row[x] + nearest[2]) & 0xFF
        rows.append(row)
        previous = row
    return b"".join(rows)


def write_y4m(target: Path, width: int, height: int, grey: bytes, *, frames: int = 2, fps: int = 15) -> Path:
    """A clip of ``frames`` copies of one grey picture (Chromium plays the file in a loop)."""
    chroma = bytes([128]) * ((width // 2) * (height // 2))
    with target.open("wb") as out:
        out.write(f"YUV4MPEG2 W{width} H{height} F{fps}:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(frames):
            out.write(b"FRAME\n" + grey + chroma + chroma)
    return target


def person_clip(target: Path) -> Path:
    width, height, grey = grey_png(PERSON)
    return write_y4m(target, width, height, grey)
