"""The pages' QR code: parsed by lxml and html5lib, and decoded back by zxing-cpp from its own modules."""

from __future__ import annotations

import re

import html5lib
import pytest
import zxingcpp
from hypothesis import example, given, strategies as st
from lxml import etree

from sessionfeed.exceptions import ArgumentError
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
