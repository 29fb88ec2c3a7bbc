"""Browser: the walkthrough's printable summary, printed by Chromium to an A4 PDF, says on every page that it
is educational only, and its reopen link comes with a QR code.

A presenter printed a long plan: six pages, the disclaimer on the first alone, so a page passed round the room
carried none. The venv holds no PDF reader, so a small one below reads Chromium's own output (Skia's PDF:
objects in the clear, Flate-compressed page contents and ToUnicode maps), enough to give each page's text and
where each run of it is drawn.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest

from devtools.server import Server

pytestmark = pytest.mark.e2e

_OBJECT = re.compile(rb"(\d+) 0 obj\s*")
_TOKEN = re.compile(rb"<([0-9A-Fa-f]*)>|/([^\s/<>\[\]()]+)|(-?\d*\.?\d+)|([A-Za-z'\"*]+)|\[|\]")
Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _times(m: Matrix, n: Matrix) -> Matrix:
    """m then n (PDF's row-vector convention: ``m × n``)."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u)


def _objects(pdf: bytes) -> dict[int, tuple[bytes, bytes]]:
    """Each object's dictionary and its stream (decompressed; empty for none)."""
    objects = {}
    for match in _OBJECT.finditer(pdf):
        start = match.end()
        body = pdf[start : pdf.index(b"endobj", start)]
        stream = b""
        at = body.find(b"stream")
        if at != -1 and body[:at].rstrip().endswith(b">>"):
            head, data_start = body[:at], start + at + len(b"stream")
            data_start += 2 if pdf[data_start : data_start + 2] == b"\r\n" else 1
            length = re.search(rb"/Length (\d+)(?! 0 R)", head)
            end = data_start + int(length.group(1)) if length else pdf.index(b"endstream", data_start)
            stream = pdf[data_start:end]
            if b"/FlateDecode" in head:
                stream = zlib.decompress(stream)
            body = head
        objects[int(match.group(1))] = (body, stream)
    return objects


def _ref(body: bytes, key: bytes) -> int:
    found = re.search(rb"/" + key + rb" (\d+) 0 R", body)
    assert found, (key, body[:200])
    return int(found.group(1))


def _to_unicode(cmap: bytes) -> dict[int, str]:
    table = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, text in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            table[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        for low, high, first in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                table[code] = chr(int(first, 16) + offset)
    return table


@dataclass(frozen=True)
class Run:
    """One text block (Skia draws a line's fragment as one): its text, where its first glyph's baseline is
    (points from the page's top) and the size of its last font."""

    text: str
    baseline: float
    size: float


def pdf_pages(pdf: bytes) -> list[list[Run]]:
    """The runs of text of each page, in page order."""
    objects = _objects(pdf)
    catalog = next(body for body, _ in objects.values() if b"/Type /Catalog" in body)

    def leaves(number: int) -> list[int]:
        body = objects[number][0]
        if b"/Type /Pages" not in body:
            return [number]
        kids = re.search(rb"/Kids \[([^\]]*)\]", body)
        assert kids
        return [page for kid in re.findall(rb"(\d+) 0 R", kids.group(1)) for page in leaves(int(kid))]

    pages = []
    for number in leaves(_ref(catalog, b"Pages")):
        body = objects[number][0]
        box = re.search(rb"/MediaBox \[([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+)\]", body)
        assert box
        height = float(box.group(4))
        fonts = {
            name: _to_unicode(objects[_ref(objects[int(font)][0], b"ToUnicode")][1])
            for name, font in re.findall(rb"/(F\d+) (\d+) 0 R", body)
        }
        contents = re.search(rb"/Contents (?:(\d+) 0 R|\[([^\]]*)\])", body)
        assert contents
        ids = [contents.group(1)] if contents.group(1) else re.findall(rb"(\d+) 0 R", contents.group(2))
        stream = b"\n".join(objects[int(i)][1] for i in ids)
        runs: list[Run] = []
        stack: list[Matrix] = []
        ctm, text_matrix, line_matrix = IDENTITY, IDENTITY, IDENTITY
        font: dict[int, str] = {}
        size = 0.0
        operands: list[bytes] = []
        glyphs: list[str] = []
        first: Matrix | None = None  # where the block's first glyph is drawn, and at what size
        block: list[str] = []
        for token in _TOKEN.finditer(stream):
            hexes, name, number_text, operator = token.groups()
            if hexes is not None:
                glyphs += [font.get(int(hexes[i : i + 4], 16), "\ufffd") for i in range(0, len(hexes), 4)]
            elif name is not None or number_text is not None:
                operands.append(name or number_text)
            elif operator is not None:
                op = operator.decode()
                values = [float(v) for v in operands if re.fullmatch(rb"-?\d*\.?\d+", v)]
                if op == "q":
                    stack.append(ctm)
                elif op == "Q":
                    ctm = stack.pop()
                elif op == "cm":
                    ctm = _times((values[0], values[1], values[2], values[3], values[4], values[5]), ctm)
                elif op == "BT":
                    text_matrix = line_matrix = IDENTITY
                    first, block = None, []
                elif op == "ET" and first is not None:
                    runs.append(Run("".join(block), height - first[5], abs(size * first[3])))
                elif op == "Tf":
                    font, size = fonts[operands[0]], values[-1]
                elif op == "Tm":
                    text_matrix = line_matrix = (
                        values[0],
                        values[1],
                        values[2],
                        values[3],
                        values[4],
                        values[5],
                    )
                elif op == "Td":
                    text_matrix = line_matrix = _times((1, 0, 0, 1, values[0], values[1]), line_matrix)
                elif op in ("Tj", "TJ") and glyphs:
                    first = first or _times(text_matrix, ctm)
                    block += glyphs
                if op not in ("Tj", "TJ") or glyphs:
                    glyphs = []
                operands = []
        pages.append(runs)
    return pages


def _squeezed(text: str) -> str:
    """Text as compared across line breaks: ligatures unfolded (Skia draws 'fi' as one glyph), no spaces."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def test_the_reader_finds_text_where_it_is_printed(chromium_browser: object) -> None:
    """The reader is checked on a document whose layout is known: a line on each of three pages, and one at
    the foot of the first page only."""
    page = chromium_browser.new_page()  # type: ignore[attr-defined]
    page.set_content(
        "<style>@page{margin:0}body{margin:0;font:20px sans-serif}p{margin:0;break-after:page}"
        "div{position:absolute;top:1000px}</style>"
        "<p>first fine page</p><p>second</p><p style='break-after:auto'>third</p><div>foot of one</div>"
    )
    pages = pdf_pages(page.pdf(format="A4"))
    page.close()
    assert [_squeezed("".join(run.text for run in runs)) for runs in pages] == [
        "firstfinepagefootofone",
        "second",
        "third",
    ]
    first = {_squeezed(run.text): run for run in pages[0]}
    assert 10 < first["firstfinepage"].baseline < 25 and first["firstfinepage"].size == pytest.approx(15)
    assert 1000 * 0.75 < first["footofone"].baseline < 1025 * 0.75  # CSS px are 0.75 pt


def test_every_printed_page_of_a_long_handout_says_educational_only(server: Server, visit) -> None:  # type: ignore[no-untyped-def]
    import crlm_content
    from crlm_content import DISCLAIMER, share
    from crlm_content.decision import STRATEGY_LABELS, load_presets, recommend

    preset = next(p for p in load_presets(crlm_content.get_catalog()) if p.key == "bilobar-small-remnant")
    page = visit(f"{server.url}/walkthrough").page
    picker = page.locator("[data-testid='stSelectbox']").filter(has_text="Load a patient")
    picker.click()
    page.get_by_role("option", name=preset.title).click()
    page.get_by_role(
        "heading", name=f"Plan: {STRATEGY_LABELS[recommend(preset.scenario).strategy]}"
    ).wait_for()
    page.get_by_role("tab", name="Guideline lens").click()
    page.wait_for_url("**tab=Guideline*")
    with page.expect_download() as download:
        page.get_by_role("button", name="Printable summary (HTML, print to PDF)").click()
    handout = Path(download.value.path()).read_text(encoding="utf-8")

    printed = page.context.new_page()
    printed.set_content(handout)
    link = printed.locator(".link a").get_attribute("href")
    assert link and "case=bilobar-small-remnant" in link and len(link) > 300, link  # the long address
    pages = pdf_pages(printed.pdf(format="A4"))
    assert len(pages) >= 4, "a plan this long must span pages for the test to mean anything"
    texts = [_squeezed("".join(run.text for run in runs)) for runs in pages]
    assert [n for n, text in enumerate(texts, start=1) if _squeezed(DISCLAIMER) not in text] == []
    for number, runs in enumerate(pages, start=1):
        # on each page the disclaimer is the lowest line, a footer clear of every other line
        footer = max(runs, key=lambda run: run.baseline)
        assert _squeezed(footer.text) == _squeezed(DISCLAIMER), (number, footer)
        lowest = max((run for run in runs if run is not footer), key=lambda run: run.baseline)
        assert lowest.baseline + 0.3 * lowest.size < footer.baseline - footer.size, (number, lowest, footer)
    # beside the address, a QR code of exactly that address (the app's builder, drawn inline)
    from crlm_content.decision.handout import QR_LABEL

    assert share.qr_svg(link).decode().strip() in handout
    assert printed.get_by_role("img", name=QR_LABEL).count() == 1
    printed.emulate_media(media="print")
    qr = printed.get_by_role("img", name=QR_LABEL).bounding_box()
    line = printed.locator(".link").bounding_box()
    assert qr and line and qr["width"] > 100  # 40 mm: a phone reads it off the page
    assert qr["x"] + qr["width"] <= line["x"]  # beside the line: left of it, the two overlapping in height
    assert qr["y"] < line["y"] + line["height"] and line["y"] < qr["y"] + qr["height"]
