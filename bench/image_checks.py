"""How cheaply the photo pipeline refuses a decompression bomb: a PNG that declares too
many pixels is refused from its header, before any decoding. Measured against processing
an ordinary phone photo (12 MP JPEG: checks, EXIF strip, WebP renditions) in the same run.

Target: refusing each bomb costs ≤ 0.05x an ordinary photo (the unit test
tests/unit/test_image_processing.py::test_too_many_pixels_is_refused_from_the_header proves
it allocates no bitmap; this measures the time, which a test must not assert).

Run: python bench/image_checks.py [ROUNDS]
"""
from __future__ import annotations

import io
import statistics
import struct
import sys
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

from chalicelib.media import processing  # noqa: E402

TARGET = 0.05
BOMBS = [(20000, 20000), (7000, 7000), (8001, 300)]


def _chunk(tag: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + tag + body + struct.pack(">I", zlib.crc32(tag + body))


def bilevel_png(width: int, height: int) -> bytes:
    """A valid all-black 1-bit PNG, built row by row (never a bitmap in memory)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    z = zlib.compressobj(6)
    row = bytes(1 + (width + 7) // 8)
    idat = b"".join(z.compress(row) for _ in range(height)) + z.flush()
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat) + \
        _chunk(b"IEND", b"")


def phone_photo() -> bytes:
    """4000x3000, smooth with a little grain: about the bytes of a phone's JPEG."""
    size = (4000, 3000)
    gradient = Image.linear_gradient("L").resize(size)
    grain = Image.effect_noise(size, 12)
    picture = Image.merge("RGB", [gradient, Image.blend(gradient, grain, 0.3),
                                  gradient.transpose(Image.Transpose.FLIP_LEFT_RIGHT)])
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=85)
    return out.getvalue()


def timed(fn, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def refuse(data: bytes) -> None:
    try:
        processing.process(data)
    except processing.ImageRejected as e:
        assert e.code == "too_many_pixels", e.code
        return
    raise AssertionError("the bomb was accepted")


def main(rounds: int = 5) -> int:
    photo = phone_photo()
    ordinary = timed(lambda: processing.process(photo), rounds)
    print(f"ordinary 12 MP photo ({len(photo) / 1e6:.1f} MB JPEG) processed: "
          f"{ordinary * 1000:.0f} ms (median of {rounds})")
    worst = 0.0
    for w, h in BOMBS:
        data = bilevel_png(w, h)
        seconds = timed(lambda: refuse(data), rounds)
        ratio = seconds / ordinary
        worst = max(worst, ratio)
        print(f"bomb {w}x{h} ({len(data) / 1024:.0f} KB PNG) refused: {seconds * 1000:.2f} ms "
              f"= {ratio:.4f}x")
    ok = worst <= TARGET
    print(f"worst refusal {worst:.4f}x an ordinary photo (target <= {TARGET}x): "
          f"{'ok' if ok else 'OVER TARGET'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 5))
