"""The pages' QR code: parsed by lxml and html5lib, and decoded back by zxing-cpp from its own modules.

The fast path (:mod:`sessionfeed.site.qrmatrix`) is held to the plain way:
its modules equal segno's for the same text and mask, and the element equals
what segno and a run-by-run drawing make (:func:`_plain`, the code as it was
before the fast path), for URLs of every length around every version's capacity.
"""

from __future__ import annotations

import hashlib
import html
import re
from urllib.parse import quote

import html5lib
import pytest
import segno
import zxingcpp
from hypothesis import example, given, strategies as st
from lxml import etree

from sessionfeed.exceptions import ArgumentError
from sessionfeed.site import qrmatrix
from sessionfeed.site.qr import QUIET_ZONE, qr_svg
from strategies import NASTY, texts, urls


SVG = "{http://www.w3.org/2000/svg}"
PAGE = "https://example.org/programme/nl/sessions/ai-lecture/"
RUN = re.compile(r"M(\d+) (\d+)h(\d+)v1h-(\d+)z")
#: Pixels per module when the code is drawn for the decoder.
SCALE = 4


def _svg(text: str) -> etree._Element:
    """The element as a strict XML parser reads it (no declaration, no DTD needed)."""
    return etree.fromstring(text.encode())


def _modules(root: etree._Element) -> list[list[bool]]:
    """The dark modules the path draws, read from its runs (one-module-high rectangles)."""
    _, _, width, height = (int(n) for n in root.get("viewBox").split())
    grid = [[False] * width for _ in range(height)]
    (path,) = root.iter(f"{SVG}path")
    data = path.get("d")
    assert RUN.sub("", data) == "", "the path holds only runs of modules"
    for match in RUN.finditer(data):
        x, y, length, back = (int(n) for n in match.groups())
        assert length == back
        assert x + length <= width
        assert y < height
        for i in range(x, x + length):
            assert not grid[y][i], "runs do not overlap"
            grid[y][i] = True
    return grid


def _decode(svg: str) -> list[str]:
    """What zxing-cpp reads from the code drawn as a grey-scale image, modules as SCALE pixels."""
    grid = _modules(_svg(svg))
    pixels = bytearray()
    for row in grid:
        line = bytes(0 if dark else 255 for dark in row for _ in range(SCALE))
        pixels += line * SCALE
    height, width = len(grid) * SCALE, len(grid[0]) * SCALE
    image = memoryview(bytes(pixels)).cast("B", (height, width))
    return [barcode.text for barcode in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]


def test_the_element_is_inline_scalable_and_labelled() -> None:
    text = qr_svg(PAGE, label="QR code of this page")
    assert text.startswith("<svg ")
    assert "<?xml" not in text
    root = _svg(text)
    assert root.tag == f"{SVG}svg"
    assert root.get("width") is None
    assert root.get("height") is None
    size = len(_modules(root))
    assert root.get("viewBox") == f"0 0 {size} {size}"
    assert root.get("role") == "img"
    (title,) = root.iter(f"{SVG}title")
    assert root[0] is title, "the title comes first, as SVG asks"
    assert title.text == "QR code of this page"
    assert root.get("aria-labelledby") == title.get("id")
    # The quiet zone: a border of light modules all round.
    grid = _modules(root)
    for row in (*grid[:QUIET_ZONE], *grid[-QUIET_ZONE:]):
        assert not any(row)
    assert not any(row[i] for row in grid for i in (*range(QUIET_ZONE), *range(size - QUIET_ZONE, size)))


def test_in_an_html_page_it_is_an_svg_image_with_its_title() -> None:
    label = 'Scan "this" <page> & go'
    page = f"<!DOCTYPE html><html lang=en><title>t</title><p>{qr_svg(PAGE, label=label)}</p>"
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=True)
    document = parser.parse(page)
    (svg,) = document.iter(f"{SVG}svg")
    (title,) = svg.iter(f"{SVG}title")
    assert title.text == label
    assert svg.get("role") == "img"


def test_the_code_decodes_to_the_url() -> None:
    assert _decode(qr_svg(PAGE, label="x")) == [PAGE]


@given(url=urls(), label=texts())
@example(url="https://example.org/" + "a" * 1500, label="long")
@example(url=PAGE, label="".join(NASTY))
def test_any_url_and_label_come_back(url: str, label: str) -> None:
    text = qr_svg(url, label=label)
    assert text == qr_svg(url, label=label), "the same bytes every time"
    root = _svg(text)
    (title,) = root.iter(f"{SVG}title")
    # Characters XML cannot hold come back as U+FFFD; everything else as it was.
    expected = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]", "\ufffd", label)
    # An XML parser reads a line end (CR LF or CR) as LF.
    assert title.text == expected.replace("\r\n", "\n").replace("\r", "\n")
    assert _decode(text) == [url]


@pytest.mark.parametrize("mask", range(8))
def test_every_fixed_mask_decodes(mask: int) -> None:
    text = qr_svg(PAGE, label="x", mask=mask)
    assert _decode(text) == [PAGE]
    assert text == qr_svg(PAGE, label="x", mask=mask)


@pytest.mark.parametrize("mask", [8, -1, True, "1", 1.0])
def test_a_wrong_mask_is_named(mask: object) -> None:
    with pytest.raises(ArgumentError, match="mask"):
        qr_svg(PAGE, label="x", mask=mask)  # type: ignore[arg-type]


def test_a_non_ascii_url_is_encoded_percent_escaped() -> None:
    assert _decode(qr_svg("https://example.org/café/", label="x")) == ["https://example.org/caf%C3%A9/"]


def test_different_urls_make_different_codes() -> None:
    assert qr_svg(PAGE, label="x") != qr_svg(PAGE + "2", label="x")


@pytest.mark.parametrize(
    ("url", "label", "named"),
    [
        ("", "x", "url"),
        (PAGE, "", "label"),
        (PAGE, None, "label"),
        (PAGE, "\udc80", "label"),
        ("https://example.org/" + "a" * 3000, "x", "URL is"),
    ],
)
def test_a_wrong_argument_is_named(url: str, label: str, named: str) -> None:
    with pytest.raises(ArgumentError, match=named):
        qr_svg(url, label=label)


@given(st.data())
def test_several_codes_on_a_page_keep_their_titles_apart(data: st.DataObject) -> None:
    first, second = data.draw(st.lists(urls(), min_size=2, max_size=2, unique=True))
    ids = {_svg(qr_svg(url, label="same")).get("aria-labelledby") for url in (first, second)}
    assert len(ids) == 2


# --- The fast path against the plain way -------------------------------------------

#: Bytes each version 1 to 10 holds in byte mode at levels M, Q and H (ISO/IEC 18004, table 7).
CAPACITY = {
    "M": (14, 26, 42, 62, 84, 106, 122, 152, 180, 213),
    "Q": (11, 20, 32, 46, 60, 74, 86, 108, 130, 151),
    "H": (7, 14, 24, 34, 44, 58, 64, 84, 98, 119),
}
#: Lengths on either side of every capacity: where the version or the level changes.
EDGES = sorted({n + d for sizes in CAPACITY.values() for n in sizes for d in (-1, 0, 1)} - {0})
_ASCII = "".join(chr(c) for c in range(0x21, 0x7F))


def _plain(url: str, label: str, mask: int | None) -> str:
    """The element made the plain way: segno's modules, each run of dark modules drawn by itself."""
    content = quote(url, safe=_ASCII)
    code = segno.make_qr(content, error="m", mode="byte", mask=mask)
    parts = []
    for y, row in enumerate(code.matrix, start=QUIET_ZONE):
        for run in re.finditer(b"\x01+", bytes(row)):
            length = run.end() - run.start()
            parts.append(f"M{run.start() + QUIET_ZONE} {y}h{length}v1h-{length}z")
    size = len(code.matrix) + 2 * QUIET_ZONE
    ident = "qr-" + hashlib.sha256(f"{content}\n{label}".encode()).hexdigest()[:12]
    title = html.escape(re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]", "\ufffd", label))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="qr" viewBox="0 0 {size} {size}" '
        f'role="img" aria-labelledby="{ident}" shape-rendering="crispEdges">'
        f'<title id="{ident}">{title}</title>'
        f'<rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path fill="#000" d="{"".join(parts)}"/>'
        "</svg>"
    )


def _segno_modules(text: bytes, mask: int | None) -> segno.QRCode:
    return segno.make_qr(text, error="m", mode="byte", mask=mask)


def _segno_penalties(text: bytes) -> list[int]:
    """The eight masks' penalty scores as segno computes them when it picks the best."""
    scores: list[int] = []
    evaluate = segno.encoder.evaluate_mask

    def recording(*args: object) -> int:
        scores.append(evaluate(*args))
        return scores[-1]

    segno.encoder.evaluate_mask = recording
    try:
        _segno_modules(text, None)
    finally:
        segno.encoder.evaluate_mask = evaluate
    return scores


def _fast_modules(text: bytes, mask: int | None) -> list[list[int]]:
    """The fast path's modules as rows of 0 and 1 (its string has a light module after each row)."""
    symbol = qrmatrix.modules(text, mask)
    assert symbol is not None
    width, rows = symbol
    stride = width + qrmatrix.GAP
    assert len(rows) == width * stride
    lines = [rows[start : start + stride] for start in range(0, len(rows), stride)]
    assert all(line[width:] == "0" * qrmatrix.GAP for line in lines)
    return [[int(module) for module in line[:width]] for line in lines]


def _idna(name: str) -> str | None:
    try:
        return name.encode("idna").decode("ascii")
    except UnicodeError:
        return None


@st.composite
def page_urls(draw: st.DrawFn) -> str:
    """Page URLs as a programme has them and odder: IDN hosts, escapes, non-ASCII, lengths at every edge."""
    host = draw(
        st.one_of(
            st.just("events.example.org"),
            st.from_regex(r"[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?\.[a-z]{2,6}", fullmatch=True),
            st.text(alphabet="abcxyzéüößçñøåæ漢字дж", min_size=1, max_size=20)
            .map(_idna)
            .filter(bool)
            .map(lambda label: f"{label}.example"),
        ),
    )
    segment = st.from_regex(r"([A-Za-z0-9._~-]|%[0-9A-Fa-f]{2}|[éü€😀 ]){0,15}", fullmatch=True)
    path = "/".join(draw(st.lists(segment, max_size=5)))
    tail = draw(st.sampled_from(["", "/", "?a=b&c=%20", "#top", "/?q=caf%C3%A9#x"]))
    url = f"https://{host}/{path}{tail}"
    target = draw(st.one_of(st.sampled_from(EDGES), st.integers(min_value=1, max_value=260)))
    padding = target - len(quote(url, safe=_ASCII))
    return url + "a" * padding if padding > 0 else url


@pytest.mark.parametrize("mask", [None, *range(8)])
def test_the_fast_modules_are_segnos_at_every_length(mask: int | None) -> None:
    seen = set()
    for length in range(1, CAPACITY["M"][-1] + 1):
        text = bytes(0x21 + (7 * i + length) % 94 for i in range(length))
        code = _segno_modules(text, mask)
        seen.add((code.version, code.error))
        assert _fast_modules(text, mask) == [list(row) for row in code.matrix], length
    assert {version for version, _ in seen} == set(range(1, 11))
    assert {level for _, level in seen} == {"M", "Q", "H"}


MASKS = st.one_of(st.none(), st.integers(min_value=0, max_value=7))


@given(text=st.binary(min_size=1, max_size=CAPACITY["M"][-1]), mask=MASKS)
@example(text=b"\x00" * 213, mask=0)
@example(text=b"\xff" * 98, mask=7)
@example(text=b"\x00" * 213, mask=None)
@example(text=b"\xff" * 98, mask=None)
def test_the_fast_modules_are_segnos_for_any_bytes(text: bytes, mask: int | None) -> None:
    assert _fast_modules(text, mask) == [list(row) for row in _segno_modules(text, mask).matrix]


@given(
    text=st.one_of(
        st.binary(min_size=1, max_size=CAPACITY["M"][-1]),
        st.sampled_from([n for n in EDGES if n <= CAPACITY["M"][-1]]).map(b"a".__mul__),
    )
)
@example(text=PAGE.encode())
@example(text=b"\x00" * 150)
@example(text=b"https://e.org/rejrg941l8ypf2wifajxbbq93y7fdnm2a47fr46b")  # overlapping 1:1:3:1:1 patterns
def test_the_fast_penalty_scores_are_segnos(text: bytes) -> None:
    unmasked = qrmatrix._unmasked(text)
    assert unmasked is not None
    plan, symbol = unmasked
    assert [plan.penalty(symbol ^ plan.masks[mask]) for mask in range(8)] == _segno_penalties(text)


def test_a_text_beyond_version_10_is_left_to_segno() -> None:
    assert qrmatrix.modules(b"a" * CAPACITY["M"][-1], 0) is not None
    assert qrmatrix.modules(b"a" * (CAPACITY["M"][-1] + 1), 0) is None


@given(url=page_urls(), label=texts(), mask=st.one_of(st.none(), st.integers(min_value=0, max_value=7)))
@example(url=PAGE, label="QR code of this page's address", mask=0)
@example(url="https://xn--caf-dma.example/nl/sessions/%C3%A9t%C3%A9/", label="x", mask=3)
@example(url="https://example.org/" + "a" * 193, label="x", mask=0)  # 213 characters: version 10
@example(url="https://example.org/" + "a" * 194, label="x", mask=0)  # 214: segno's version 11
@example(url="https://example.org/" + "a" * 1500, label="x", mask=5)
def test_the_element_is_the_plain_ways_bytes(url: str, label: str, mask: int | None) -> None:
    assert qr_svg(url, label=label, mask=mask) == _plain(url, label, mask)


@pytest.mark.parametrize("length", [n for n in EDGES if n >= len("https://e.org/")])
def test_a_fast_code_at_every_edge_decodes(length: int) -> None:
    url = "https://e.org/" + "x" * (length - len("https://e.org/"))
    for mask in (length % 8, None):
        text = qr_svg(url, label="x", mask=mask)
        assert text == _plain(url, "x", mask)
        assert _decode(text) == [url]
