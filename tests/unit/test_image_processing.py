"""Product-photo checks and renditions; every input is generated here, in memory."""
from __future__ import annotations

import random
import struct
import tracemalloc
import zlib
from io import BytesIO

import pytest
from PIL import Image, ImageCms, ImageDraw, ExifTags

from chalicelib.media import processing
from chalicelib.media.processing import ImageRejected, process, sniff_type

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
DEOGHAR_XMP = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
               b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
               b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" '
               b'exif:GPSLatitude="24,29.0N" exif:GPSLongitude="86,42.0E"/>'
               b'</rdf:RDF></x:xmpmeta>')


# -- inputs ------------------------------------------------------------------

def photo(size: tuple[int, int], mode: str = "RGB") -> Image.Image:
    """A smooth colourful picture, cheap to make at any size."""
    r = Image.linear_gradient("L").resize(size)
    g = Image.linear_gradient("L").rotate(90).resize(size)
    b = Image.radial_gradient("L").resize(size)
    return Image.merge("RGB", (r, g, b)).convert(mode)


def encode(img: Image.Image, fmt: str, **kw) -> bytes:
    out = BytesIO()
    img.save(out, fmt, **kw)
    return out.getvalue()


def png_chunk(tag: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + tag + body + struct.pack(">I", zlib.crc32(tag + body))


def bilevel_png(width: int, height: int) -> bytes:
    """A valid all-black 1-bit PNG, streamed row by row: never a full bitmap in memory."""
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    z = zlib.compressobj(6)
    row = bytes(1 + (width + 7) // 8)   # filter byte 0, then black pixels
    idat = b"".join(z.compress(row) for _ in range(height)) + z.flush()
    return PNG_MAGIC + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", idat) + png_chunk(b"IEND", b"")


def riff_chunks(webp: bytes) -> list[bytes]:
    assert webp[:4] == b"RIFF" and webp[8:12] == b"WEBP"
    tags, pos = [], 12
    while pos + 8 <= len(webp):
        tag, size = webp[pos:pos + 4], struct.unpack("<I", webp[pos + 4:pos + 8])[0]
        tags.append(tag)
        pos += 8 + size + (size & 1)
    return tags


def jpeg_segments(jpeg: bytes) -> list[int]:
    """The marker bytes of a JPEG's header segments, up to its first scan."""
    assert jpeg[:2] == b"\xff\xd8"
    markers, pos = [], 2
    while jpeg[pos + 1] != 0xDA:        # start of scan: entropy-coded data follows
        assert jpeg[pos] == 0xFF
        markers.append(jpeg[pos + 1])
        pos += 2 + struct.unpack(">H", jpeg[pos + 2:pos + 4])[0]
    return markers


def rejected(data: bytes, code: str) -> ImageRejected:
    with pytest.raises(ImageRejected) as caught:
        process(data)
    err = caught.value
    assert err.code == code, err
    assert err.reason_en.strip() and err.reason_hi.strip()
    assert any("\u0900" <= c <= "\u097f" for c in err.reason_hi)
    return err


def decoded(rendition) -> Image.Image:
    assert rendition.content_type == "image/webp"
    assert sniff_type(rendition.data) == "image/webp"
    img = Image.open(BytesIO(rendition.data))
    assert img.format == "WEBP" and img.size == (rendition.width, rendition.height)
    img.load()
    return img


def width(result, w: int):
    """The rendition of that width."""
    return next(r for r in result.renditions if r.width == w)


def near(pixel, expected, tolerance=12) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, expected))


# -- the happy path ----------------------------------------------------------

def test_normal_jpeg_gets_four_proportional_webp_renditions():
    result = process(encode(photo((2400, 1800)), "JPEG", quality=90))
    assert (result.source_type, result.width, result.height) == ("image/jpeg", 2400, 1800)
    assert [(r.width, r.height) for r in result.renditions] == [(160, 120), (320, 240), (480, 360), (800, 600), (1600, 1200)]
    for r in result.renditions:
        assert decoded(r).mode == "RGB"


@pytest.mark.parametrize("fmt, mime", [("PNG", "image/png"), ("WEBP", "image/webp")])
def test_png_and_webp_sources(fmt, mime):
    result = process(encode(photo((1000, 500)), fmt))
    assert result.source_type == mime
    assert [(r.width, r.height) for r in result.renditions] == [(160, 80), (320, 160), (480, 240), (800, 400)]


def test_gps_exif_xmp_and_comment_are_stripped_and_orientation_applied():
    stored = photo((1200, 900))
    ImageDraw.Draw(stored).rectangle((0, 0, 199, 149), fill=(255, 0, 0))  # stored top-left
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6          # "rotate 90° clockwise to display"
    exif[ExifTags.Base.Make] = "DeogharCam"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (24.0, 29.0, 0.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (86.0, 42.0, 0.0)
    data = encode(stored, "JPEG", exif=exif, xmp=DEOGHAR_XMP, comment=b"vendor's home")

    source = Image.open(BytesIO(data))          # the test input really carries it all
    assert source.getexif().get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] == "N"
    assert "xmp" in source.info and "comment" in source.info

    result = process(data)
    assert (result.width, result.height) == (900, 1200)
    assert [(r.width, r.height) for r in result.renditions] == [(160, 213), (320, 427), (480, 640), (800, 1067)]
    for r in result.renditions:
        img = decoded(r)
        assert not img.getexif()
        assert not {"exif", "xmp", "icc_profile", "comment"} & set(img.info)
        assert set(riff_chunks(r.data)) <= {b"VP8 ", b"VP8L", b"VP8X", b"ALPH"}
        assert b"DeogharCam" not in r.data and b"GPS" not in r.data
    upright = decoded(result.renditions[-1])
    assert near(upright.getpixel((790, 10)), (255, 0, 0), 40)   # marker now top-right
    assert not near(upright.getpixel((10, 10)), (255, 0, 0), 40)


@pytest.mark.parametrize("orientation, upright, largest, decoded_upright", [
    (1, (4000, 3000), (1600, 1200), (2000, 1500)),   # libjpeg scales 1/2 while decoding
    (6, (3000, 4000), (1600, 2133), (3000, 4000)),   # 1/2 would be 1500 wide: full decode
])
def test_big_jpeg_is_decoded_scaled_only_when_no_rendition_would_be_upscaled(
        monkeypatch, orientation, upright, largest, decoded_upright):
    opened = []
    real_open = processing._open
    monkeypatch.setattr(processing, "_open", lambda *a: opened.append(real_open(*a)) or opened[-1])
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    result = process(encode(photo((4000, 3000)), "JPEG", exif=exif))
    assert (result.width, result.height) == upright
    assert (result.renditions[-1].width, result.renditions[-1].height) == largest
    assert opened[-1].size == decoded_upright


def test_icc_profile_is_applied_or_dropped_never_fatal():
    img = photo((400, 300))
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    for icc in (srgb, b"not a profile"):
        result = process(encode(img, "JPEG", quality=95, icc_profile=icc))
        out = decoded(width(result, 320))
        assert "icc_profile" not in out.info
        expected = img.resize((320, 240)).getpixel((160, 120))
        assert near(out.getpixel((160, 120)), expected, 16)


@pytest.mark.parametrize("mode, fmt", [("RGBA", "PNG"), ("LA", "PNG"), ("P", "PNG"), ("RGBA", "WEBP")])
def test_transparency_is_flattened_onto_white(mode, fmt):
    img = Image.new("RGBA", (400, 400), (0, 0, 0, 0))
    ImageDraw.Draw(img).rectangle((100, 100, 299, 299), fill=(0, 0, 255, 255))
    if mode == "LA":
        img = img.convert("LA")
    kw = {}
    if mode == "P":
        img = img.convert("P", palette=Image.Palette.ADAPTIVE, colors=8)
        kw["transparency"] = img.getpixel((0, 0))
    out = decoded(width(process(encode(img, fmt, **kw)), 320))
    assert out.mode == "RGB"
    assert near(out.getpixel((0, 0)), (255, 255, 255), 6)
    assert out.getpixel((160, 160)) != out.getpixel((0, 0))


@pytest.mark.parametrize("img, fmt, centre", [
    (Image.new("CMYK", (300, 300), (0, 0, 0, 0)), "JPEG", (255, 255, 255)),
    (Image.new("L", (300, 300), 60), "JPEG", (60, 60, 60)),
    (Image.new("1", (300, 300), 1), "PNG", (255, 255, 255)),
    (Image.new("I;16", (300, 300), 32768), "PNG", (128, 128, 128)),   # not clipped to white
    (photo((300, 300)).convert("P"), "PNG", None),
])
def test_other_modes_become_rgb(img, fmt, centre):
    out = decoded(process(encode(img, fmt)).renditions[-1])
    assert out.mode == "RGB" and out.size == (300, 300)
    if centre:
        assert near(out.getpixel((150, 150)), centre, 4)


def test_phone_mpo_jpeg_is_a_jpeg():
    data = encode(photo((800, 600)), "MPO", save_all=True, append_images=[photo((800, 600))])
    assert Image.open(BytesIO(data)).format == "MPO"
    result = process(data)
    assert result.source_type == "image/jpeg" and result.renditions[-1].width == 800


# -- the share picture (link previews) ---------------------------------------

def shared(result) -> Image.Image:
    share = result.share
    assert (share.width, share.height) == processing.SHARE_SIZE == (1200, 630)
    assert share.content_type == "image/jpeg" and sniff_type(share.data) == "image/jpeg"
    img = Image.open(BytesIO(share.data))
    assert img.format == "JPEG" and img.size == (1200, 630) and img.mode == "RGB"
    img.load()
    return img


def framed(size: tuple[int, int], frame: int) -> Image.Image:
    """A photo with a solid red frame along all four edges."""
    img = photo(size)
    ImageDraw.Draw(img).rectangle((0, 0, size[0] - 1, size[1] - 1), outline=(255, 0, 0), width=frame)
    return img


def test_share_is_a_progressive_jpeg_without_metadata():
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "DeogharCam"
    exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] = "N"
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = encode(photo((2400, 1800)), "JPEG", exif=exif, xmp=DEOGHAR_XMP,
                  comment=b"vendor's home", icc_profile=icc)
    result = process(data)
    share, img = result.share, shared(result)
    assert img.info.get("progressive")
    assert not img.getexif()
    assert not {"exif", "xmp", "icc_profile", "comment"} & set(img.info)
    # only JFIF (APP0), tables and the frame: no APP1 (EXIF, XMP), APP2 (ICC) or comment
    assert set(jpeg_segments(share.data)) <= {0xE0, 0xDB, 0xC4, 0xC2}
    assert b"DeogharCam" not in share.data and b"GPS" not in share.data


@pytest.mark.parametrize("size, box", [
    ((900, 1800), (442, 0, 757, 630)),      # tall: height fills, white left and right
    ((2400, 600), (0, 165, 1200, 465)),     # wide: width fills, white above and below
    ((1800, 1800), (285, 0, 915, 630)),
])
def test_share_keeps_the_whole_photo_centred_on_white(size, box):
    """Never cropped: the frame survives on all four sides, exactly where the fitted
    photo lands; the rest of the canvas is the white that transparency gets."""
    img = shared(process(encode(framed(size, 60), "PNG")))
    left, top, right, bottom = box
    mid_x, mid_y = (left + right) // 2, (top + bottom) // 2
    for edge in ((left + 3, mid_y), (right - 4, mid_y), (mid_x, top + 3), (mid_x, bottom - 4)):
        assert near(img.getpixel(edge), (255, 0, 0), 40), edge
    assert not near(img.getpixel((mid_x, mid_y)), (255, 0, 0), 40)
    padding = [(x, y) for x in (0, left // 2, (right + 1200) // 2, 1199) for y in (0, 315, 629)
               if x < left - 6 or x > right + 6] + \
              [(x, y) for x in (0, 600, 1199) for y in (top // 2, (bottom + 630) // 2)
               if y < top - 6 or y > bottom + 6]
    assert padding
    for xy in padding:
        assert near(img.getpixel(xy), (255, 255, 255), 6), xy


def test_share_puts_transparency_on_the_same_white():
    img = Image.new("RGBA", (1200, 630), (0, 0, 0, 0))
    ImageDraw.Draw(img).rectangle((500, 200, 699, 429), fill=(0, 0, 255, 255))
    out = shared(process(encode(img, "PNG")))
    assert near(out.getpixel((100, 100)), (255, 255, 255), 6)
    assert near(out.getpixel((600, 315)), (0, 0, 255), 30)


def test_share_of_a_small_photo_fills_the_preview():
    img = shared(process(encode(framed((250, 300), 20), "PNG")))
    assert near(img.getpixel((600, 4)), (255, 0, 0), 40)        # scaled up to the full height
    assert near(img.getpixel((600 - 262 + 6, 315)), (255, 0, 0), 40)
    assert near(img.getpixel((100, 315)), (255, 255, 255), 6)


def test_share_of_a_busy_photo_stays_under_whatsapps_limit():
    """WhatsApp shows no preview for a larger one. Grainy photo: about 115 KB at the
    first quality; pure noise edge to edge, JPEG's worst case, needs the lowest."""
    noise = Image.merge("RGB", [Image.effect_noise((2400, 1260), 40) for _ in range(3)])
    busy = Image.blend(photo((2400, 1260)), noise, .5)
    assert len(process(encode(busy, "JPEG", quality=90)).share.data) < 300 * 1000
    pure = Image.merge("RGB", [Image.effect_noise((1200, 630), 64) for _ in range(3)])
    assert len(process(encode(pure, "PNG")).share.data) <= processing.SHARE_MAX_BYTES


# -- sizes and no upscaling --------------------------------------------------

@pytest.mark.parametrize("size, expected", [
    ((600, 400), [(160, 107), (320, 213), (480, 320)]),        # 600 is close to 480
    ((700, 350), [(160, 80), (320, 160), (480, 240), (700, 350)]),   # keeps its own width
    ((850, 500), [(160, 94), (320, 188), (480, 282), (800, 471)]),
    ((250, 300), [(160, 192), (250, 300)]),
    ((200, 200), [(160, 160)]),
    ((1600, 1200), [(160, 120), (320, 240), (480, 360), (800, 600), (1600, 1200)]),
    ((8000, 200), [(160, 4), (320, 8), (480, 12), (800, 20), (1600, 40)]),
])
def test_renditions_never_upscale(size, expected):
    result = process(encode(photo(size), "PNG"))
    assert [(r.width, r.height) for r in result.renditions] == expected


@pytest.mark.parametrize("size", [(100, 100), (199, 400), (400, 199)])
def test_too_small(size):
    rejected(encode(photo(size), "PNG"), "too_small")


# -- refusals ----------------------------------------------------------------

def test_empty():
    rejected(b"", "empty")


@pytest.mark.parametrize("data", [
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",   # a PDF named .jpg
    b'<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400"/>',
    b"<!doctype html><html><script>alert(1)</script></html>",
    b"RIFF\x00\x00\x00\x00WAVEfmt ",
    random.Random(7).randbytes(4096),
    b"\xff\xd8",                                # too short to be a JPEG
])
def test_unsupported_type(data, monkeypatch):
    monkeypatch.setattr(processing.Image, "open", _must_not_parse)
    rejected(data, "unsupported_type")


def test_gif_is_unsupported():
    gif = encode(photo((400, 400)), "GIF")
    assert sniff_type(gif) is None
    rejected(gif, "unsupported_type")


def _must_not_parse(*args, **kwargs):
    raise AssertionError("Pillow was asked to parse bytes that should be refused first")


def test_too_large_is_refused_before_parsing(monkeypatch):
    ihdr = png_chunk(b"IHDR", struct.pack(">IIBBBBB", 1000, 1000, 8, 2, 0, 0, 0))
    data = PNG_MAGIC + ihdr + b"\xab" * (6 * 1024 * 1024)       # 6 MB, junk past the header
    monkeypatch.setattr(processing.Image, "open", _must_not_parse)
    rejected(data, "too_large")
    rejected(data[:processing.MAX_BYTES + 1], "too_large")


@pytest.mark.parametrize("size", [(20000, 20000), (7000, 7000), (8001, 300), (300, 8001)])
def test_too_many_pixels_is_refused_from_the_header(size):
    data = bilevel_png(*size)
    assert len(data) < processing.MAX_BYTES
    images_before = Image.core.get_stats()["new_count"]
    tracemalloc.start()
    try:
        rejected(data, "too_many_pixels")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # how fast the refusal is: bench/image_checks.py
    assert peak < 50 * 1024 * 1024
    # tracemalloc cannot see Pillow's C pixel buffers; this counter can.
    assert Image.core.get_stats()["new_count"] == images_before


def test_truncated_jpeg_is_corrupt():
    noise = Image.merge("RGB", [Image.effect_noise((800, 600), 64) for _ in range(3)])
    data = encode(noise, "JPEG", quality=90)
    rejected(data[: len(data) // 2], "corrupt")


def _png_with_idat(body: bytes) -> bytes:
    ihdr = png_chunk(b"IHDR", struct.pack(">IIBBBBB", 400, 400, 8, 2, 0, 0, 0))
    return PNG_MAGIC + ihdr + png_chunk(b"IDAT", body) + png_chunk(b"IEND", b"")


@pytest.mark.parametrize("data", [
    PNG_MAGIC + random.Random(1).randbytes(20000),                      # no IHDR at all
    _png_with_idat(random.Random(2).randbytes(20000)),                  # right CRCs, junk pixels
    _png_with_idat(zlib.compress(bytes(1000))),                         # too few pixels
    _png_with_idat(b"x")[:-20] + b"\x00" * 20,                          # broken CRC
    b"RIFF\x10\x27\x00\x00WEBPVP8 " + random.Random(3).randbytes(10000),
    b"\xff\xd8\xff" + encode(photo((400, 400)), "PNG"),                 # JPEG magic, PNG body
], ids=["png-junk", "png-junk-idat", "png-short-idat", "png-bad-crc", "webp-junk", "jpeg-magic-png"])
def test_garbage_behind_a_valid_magic_is_corrupt(data):
    rejected(data, "corrupt")


def test_sniff_type():
    assert sniff_type(encode(photo((8, 8)), "JPEG")) == "image/jpeg"
    assert sniff_type(encode(photo((8, 8)), "PNG")) == "image/png"
    assert sniff_type(encode(photo((8, 8)), "WEBP")) == "image/webp"
    assert sniff_type(b"%PDF-1.7") is None and sniff_type(b"") is None
