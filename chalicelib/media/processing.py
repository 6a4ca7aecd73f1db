"""Check a vendor's uploaded product photo and make clean WebP renditions, plus a
JPEG "share" picture for link previews (og:image).

Pure functions on bytes. S3's presigned-POST limits are not enforced by the local
emulator, and bytes are never trusted anyway: every limit is checked here, cheapest first.
"""
from __future__ import annotations

import struct
import warnings
import zlib
from dataclasses import dataclass
from io import BytesIO

from PIL import Image, ImageCms, ImageOps

MAX_BYTES = 5 * 1024 * 1024
# 160: thumbnails and category tiles; 320: grid cards; 480: a phone's full-width photo at 1x
RENDITION_WIDTHS = (160, 320, 480, 800, 1600)
MIN_SIDE = 200          # smaller is useless on a product page
MAX_SIDE = 8000
MAX_PIXELS = 40_000_000

WEBP_QUALITY = 80
WEBP_METHOD = 4         # libwebp default; 3, 5 and 6 were neither faster nor smaller on test photos
# Link previews (Open Graph, WhatsApp): 1.91:1 is what they crop to, and WhatsApp
# shows only JPEG or PNG, and only under about 300 KB. A photo stays well under it at
# 82; only a very busy one (fine texture edge to edge) needs the lower qualities.
SHARE_SIZE = (1200, 630)
SHARE_QUALITIES = (82, 65, 50)
SHARE_MAX_BYTES = 300 * 1000

# Second guard: Pillow refuses anything above 2x this inside Image.open itself
# (before any pixel buffer exists) and warns above 1x; we escalate the warning.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

# Pillow plugin to open each type with, and the formats it may then report:
# phone JPEGs with a multi-picture index (depth map, preview) come back as
# MPO, and they are still JPEGs whose first frame is the photo.
_PIL_FORMATS = {"image/jpeg": ("JPEG", "MPO"), "image/png": ("PNG",), "image/webp": ("WEBP",)}
# What Pillow's plugins raise on malformed input; they are not consistent.
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError,
                  struct.error, zlib.error)
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
_WHITE = (255, 255, 255)
_SWAPS = (5, 6, 7, 8)    # EXIF orientations that turn the photo a quarter

_REASONS = {
    "empty": ("The file is empty.", "फ़ाइल खाली है।"),
    "too_large": (f"The photo is larger than {MAX_BYTES // (1024 * 1024)} MB.",
                  f"फ़ोटो {MAX_BYTES // (1024 * 1024)} MB से बड़ी है।"),
    "unsupported_type": ("Only JPEG, PNG and WebP photos are accepted.",
                         "केवल JPEG, PNG और WebP फ़ोटो ही स्वीकार की जाती हैं।"),
    "too_many_pixels": (f"The photo's dimensions are too large: at most {MAX_SIDE} pixels "
                        f"per side and {MAX_PIXELS // 1_000_000} megapixels.",
                        f"फ़ोटो का आकार बहुत बड़ा है: हर तरफ़ अधिकतम {MAX_SIDE} पिक्सेल "
                        f"और कुल {MAX_PIXELS // 1_000_000} मेगापिक्सेल।"),
    "too_small": (f"The photo is too small: each side must be at least {MIN_SIDE} pixels.",
                  f"फ़ोटो बहुत छोटी है: हर तरफ़ कम से कम {MIN_SIDE} पिक्सेल होने चाहिए।"),
    "corrupt": ("The photo file is damaged or incomplete.",
                "फ़ोटो फ़ाइल ख़राब या अधूरी है।"),
}


class ImageRejected(Exception):
    """Carries a stable machine code and a human reason in English and Hindi."""

    def __init__(self, code: str, reason_en: str, reason_hi: str):
        super().__init__(f"{code}: {reason_en}")
        self.code = code
        self.reason_en = reason_en
        self.reason_hi = reason_hi


def _reject(code: str) -> ImageRejected:
    return ImageRejected(code, *_REASONS[code])


@dataclass(frozen=True)
class Rendition:
    width: int
    height: int
    data: bytes          # encoded in content_type
    content_type: str = "image/webp"


@dataclass(frozen=True)
class ProcessedImage:
    source_type: str     # "image/jpeg" | "image/png" | "image/webp" (from magic bytes)
    width: int           # of the upright (EXIF-orientation-applied) original
    height: int
    renditions: tuple[Rendition, ...]   # ascending width
    share: Rendition     # SHARE_SIZE JPEG: the whole photo on white, for link previews


def sniff_type(data: bytes) -> str | None:
    """MIME type from magic bytes alone; never trusts a filename or Content-Type."""
    if data[:3] == b"\xff\xd8\xff":
        return "image/jpeg"
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "image/png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def process(data: bytes) -> ProcessedImage:
    """Check an upload and make metadata-free WebP renditions and a share JPEG, or raise
    ImageRejected (empty, too_large, unsupported_type, too_many_pixels, too_small, corrupt)."""
    if not data:
        raise _reject("empty")
    if len(data) > MAX_BYTES:
        raise _reject("too_large")
    source_type = sniff_type(data)
    if source_type is None:
        raise _reject("unsupported_type")
    formats = _PIL_FORMATS[source_type]

    # catch_warnings mutates process-global state; fine on Lambda, where one
    # event is handled at a time per process.
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            img = _open(data, formats)
            w, h = img.size     # header only so far: nothing decoded
            if w * h > MAX_PIXELS or max(w, h) > MAX_SIDE:
                raise _reject("too_many_pixels")
            if min(w, h) < MIN_SIDE:
                raise _reject("too_small")
            if img.format not in formats:
                raise _reject("corrupt")
            img.verify()        # PNG chunk CRCs etc.; leaves the object unusable
            img = _open(data, formats)
            if img.format in ("JPEG", "MPO"):
                # Let libjpeg scale by 1/2..1/8 while decoding: far less to
                # decode and resample, never below the largest rendition.
                swap = _orientation(img) in _SWAPS
                tw, th = _rendition_sizes(*((h, w) if swap else (w, h)))[0]
                img.draft(img.mode, (th, tw) if swap else (tw, th))
            img.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _reject("too_many_pixels") from None
        except _DECODE_ERRORS:
            raise _reject("corrupt") from None

    # Only now: a PNG's EXIF may sit after its pixels, so reading it loads them.
    upright = (h, w) if _orientation(img) in _SWAPS else (w, h)
    sizes = _rendition_sizes(*upright)
    icc = img.info.get("icc_profile")
    try:
        ImageOps.exif_transpose(img, in_place=True)
    except _DECODE_ERRORS:
        pass    # unreadable EXIF: keep the pixels as stored rather than refuse the photo
    img = _normalise_mode(img)

    # Resample once from the full decode, then cascade: each smaller
    # rendition is made from the previous one, which is much cheaper.
    largest = img.resize(sizes[0], Image.Resampling.LANCZOS, reducing_gap=3.0)
    del img     # the full decode can be the biggest allocation: free it before encoding
    current = _flatten(_to_srgb(largest, icc))
    share = _share(current)
    renditions = []
    for size in sizes:
        if current.size != size:
            current = current.resize(size, Image.Resampling.LANCZOS)
        renditions.append(Rendition(size[0], size[1], _encode_webp(current)))
    return ProcessedImage(source_type, upright[0], upright[1], tuple(reversed(renditions)),
                          share)


def _open(data: bytes, formats: tuple[str, ...]) -> Image.Image:
    # Restricting to the sniffed plugin stops Pillow from trying every other
    # parser on bytes that merely start like an image.
    return Image.open(BytesIO(data), formats=formats[:1])


def _orientation(img: Image.Image) -> int:
    try:
        return int(img.getexif().get(0x0112, 1))
    except _DECODE_ERRORS:
        return 1


def _rendition_sizes(width: int, height: int) -> list[tuple[int, int]]:
    """Target sizes, largest first; never wider than the original. A photo narrower than
    the largest width also keeps its own width, unless a rendition is already close to it."""
    widths = [w for w in RENDITION_WIDTHS if w <= width]
    if width < RENDITION_WIDTHS[-1] and (not widths or width > widths[-1] * 1.25):
        widths.append(width)
    return [(w, max(1, round(w * height / width))) for w in sorted(widths, reverse=True)]


def _normalise_mode(img: Image.Image) -> Image.Image:
    """Any decoded mode -> 8-bit RGB, RGBA or CMYK."""
    if img.mode.startswith("I"):
        # 16-bit grey: a plain convert() clips everything above 255 to white.
        img = img.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    if img.mode in ("RGB", "RGBA", "CMYK"):
        return img
    if img.mode in ("LA", "La", "PA", "RGBa") or "transparency" in img.info:
        return img.convert("RGBA")
    return img.convert("RGB")


def _to_srgb(img: Image.Image, icc: bytes | None) -> Image.Image:
    """Into sRGB via the file's profile, if usable (never a reason to refuse a photo);
    called after the first resize, on far fewer pixels. No profile: taken as sRGB."""
    mode = "RGBA" if img.mode == "RGBA" else "RGB"
    if icc:
        try:
            return ImageCms.profileToProfile(
                img, ImageCms.ImageCmsProfile(BytesIO(icc)), _SRGB, outputMode=mode)
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass
    return img if img.mode == mode else img.convert(mode)


def _flatten(img: Image.Image) -> Image.Image:
    """A brand-new RGB image of the pixels alone, transparency on white: nothing in
    the upload's info (EXIF with GPS, XMP, comments) can reach a saver's defaults."""
    clean = Image.new("RGB", img.size, _WHITE)
    clean.paste(img, mask=img if img.mode == "RGBA" else None)
    return clean


def _encode_webp(img: Image.Image) -> bytes:
    out = BytesIO()
    img.save(out, "WEBP", quality=WEBP_QUALITY, method=WEBP_METHOD)
    return out.getvalue()


def _share(img: Image.Image) -> Rendition:
    """The whole flattened photo scaled to fit SHARE_SIZE and centred on white: never
    cropped, as previews would cut a product's edges. A photo smaller than the box is
    scaled up, so the product fills the preview rather than floating in white."""
    canvas = ImageOps.pad(img, SHARE_SIZE, Image.Resampling.LANCZOS, color=_WHITE)
    for quality in SHARE_QUALITIES:
        out = BytesIO()
        # `img` is _flatten's, so its info is empty: the saver finds no EXIF, ICC or comment
        canvas.save(out, "JPEG", quality=quality, progressive=True, optimize=True)
        if out.tell() <= SHARE_MAX_BYTES:
            break
    return Rendition(*SHARE_SIZE, out.getvalue(), "image/jpeg")
