"""The HTML report: sections, escaping, nothing from the network, stable bytes, well-formed SVG,
and a real browser that renders it (headless Chromium; skipped when none is installed)."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
import zlib
from dataclasses import replace
from itertools import pairwise
from pathlib import Path

import pytest

from fitness.reporters import report_html, svg
from fitness.results.graph import DepGraph, GraphEdge, GraphNode
from fitness.results.metrics import CycleRow, PackageRow
from fitness.results.report import SECTIONS, PackageBox, Structure
from tests.fitness.report_sample import MARKUP_TITLE, PACKAGES, sample_report

SVG = re.compile(r"<svg\b.*?</svg>", re.DOTALL)
ODD = 'shop.a<b&"c>'


@pytest.fixture(scope="module")
def html() -> str:
    return report_html.render(sample_report())


def _svgs(markup: str) -> list[ET.Element]:
    return [ET.fromstring(part) for part in SVG.findall(markup)]


def _local(element: ET.Element) -> str:
    return element.tag.rsplit("}", 1)[-1]


def _titles(root: ET.Element) -> list[str]:
    return [e.text or "" for e in root.iter() if _local(e) == "title"]


def _structure(
    names: list[str], pairs: list[tuple[str, str]], cycles: tuple[tuple[str, ...], ...] = ()
) -> Structure:
    """A package-level structure whose inferred layers follow the imports (no cycles)."""
    in_cycle = {name for cycle in cycles for name in cycle}
    edges = tuple(
        GraphEdge(a, b, ("import",), (1,), a in in_cycle and b in in_cycle)
        for a, b in sorted(pairs)
    )
    graph = DepGraph(tuple(GraphNode(n, n) for n in sorted(names)), edges, cycles, "package", 2)
    layer = {name: 0 for name in names}
    for _ in names:
        for a, b in pairs:
            if not (a in in_cycle and b in in_cycle):
                layer[a] = max(layer[a], layer[b] + 1)
    layers = tuple(
        tuple(sorted(n for n in names if layer[n] == k)) for k in range(max(layer.values()) + 1)
    )
    boxes = tuple(PackageBox(n, 1, 10, 1, layer[n]) for n in sorted(names))
    return Structure(2, boxes, graph, layers, ())


# ---------------------------------------------------------------- the page


def test_every_section_has_its_heading_and_anchor_in_order(html: str) -> None:
    found = re.findall(r'<h2 id="([a-z]+)">([^<]+)</h2>', html)
    assert found == [(id_, heading) for id_, heading in SECTIONS]
    for id_, _ in SECTIONS:
        assert f'href="#{id_}"' in html


def test_a_title_made_of_markup_is_shown_escaped_and_never_runs(html: str) -> None:
    assert MARKUP_TITLE not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script" not in html.lower()


def test_nothing_is_loaded_from_the_network(html: str) -> None:
    lowered = html.lower()
    assert not re.search(r"\bsrc\s*=\s*[\"']?\s*([a-z][a-z0-9+.-]*:|//)", lowered)
    assert "<link" not in lowered
    assert "@import" not in lowered
    assert "url(" not in lowered
    assert "@font-face" not in lowered
    assert "<iframe" not in lowered and "<object" not in lowered and "<embed" not in lowered
    assert not re.search(r"\bhref\s*=\s*[\"']?\s*(javascript|data):", lowered)


def test_the_same_report_gives_the_same_bytes(html: str) -> None:
    assert report_html.render(sample_report()) == html
    assert html.endswith("</html>\n")


def test_numbers_are_right_aligned_and_thousands_separated(html: str) -> None:
    assert '<td class="n">1,630</td>' in html
    assert "th.n, td.n { text-align: right;" in html


def test_without_git_history_hotspots_and_temporal_coupling_are_left_out() -> None:
    page = report_html.render(sample_report(churn=False))
    assert "Hotspots" not in page and "Temporal coupling" not in page
    assert "No git history was found" in page
    assert "Complexity budget per package" in page
    assert "Hotspots: churn &times; complexity" in report_html.render(sample_report())


def test_a_report_with_nothing_in_it_still_renders() -> None:
    report = sample_report(principles=(), stack=(), questions=(), warnings=())
    report = replace(report, decisions=replace(report.decisions, adrs=(), migrations=()))
    page = report_html.render(report)
    assert "No architecture decision records were found." in page
    assert "Nothing in the analysis calls for a decision." in page


def test_only_the_pictures_are_marked_safe() -> None:
    template = Path(report_html.__file__).parent / "templates" / report_html.TEMPLATE
    marked = re.findall(r"{{\s*(\w+)\s*\|\s*safe\s*}}", template.read_text(encoding="utf-8"))
    assert sorted(marked) == ["chart", "diagram", "matrix"]


def test_a_declared_layer_the_graph_puts_higher_is_flagged(html: str) -> None:
    assert html.count("above a layer declared higher") == 1
    assert "shop.infra is declared below shop.domain" in html


def test_a_big_cycle_shows_its_packages_and_folds_its_detail() -> None:
    modules = tuple(f"shop.{p}.m{k:02d}" for p in ("orders", "infra") for k in range(15))
    cycle = CycleRow(modules, tuple(pairwise(modules))[:20])
    report = sample_report()
    page = report_html.render(replace(report, coupling=replace(report.coupling, cycles=(cycle,))))
    assert "Cycle 1 (import-time): 30 modules, 20 imports to cut" in page
    assert "<code>shop.infra</code>&nbsp;15, <code>shop.orders</code>&nbsp;15" in page
    assert "The other 12 imports to cut</summary>" in page
    assert "All 30 modules of the cycle</summary>" in page


# ---------------------------------------------------------------- the pictures


def test_every_svg_is_well_formed_xml(html: str) -> None:
    pictures = _svgs(html)
    assert len(pictures) == 3  # diagram, matrix, main sequence
    assert all(_local(p) == "svg" and p.get("viewBox") for p in pictures)


def test_the_diagram_has_a_box_per_package_and_an_arrow_per_import() -> None:
    structure = sample_report().structure
    root = ET.fromstring(svg.dependency_svg(structure))
    titles = _titles(root)
    for name in PACKAGES:
        assert any(t == name or t.startswith(f"{name} (") for t in titles), name
    assert len([e for e in root.iter() if _local(e) == "rect" and e.get("rx") == "4"]) == 6
    assert len([e for e in root.iter() if _local(e) == "polygon"]) == len(structure.diagram.edges)


def test_the_import_that_closes_a_cycle_is_drawn_bold_red_pointing_up() -> None:
    root = ET.fromstring(svg.dependency_svg(sample_report().structure))
    closing = [g for g in root.iter() if any("closes an import cycle" in t for t in _titles(g))]
    assert closing and all(
        p.get("stroke") == "#d62728" for g in closing for p in g if _local(p) == "path"
    )


def test_a_package_in_no_inferred_layer_gets_a_row_of_its_own() -> None:
    structure = sample_report().structure
    structure = replace(structure, inferred_layers=structure.inferred_layers[:-1])
    assert ">no layer</text>" in svg.dependency_svg(structure)


def test_names_with_markup_are_escaped_inside_every_picture() -> None:
    structure = _structure(["shop.api", ODD], [("shop.api", ODD)])
    rows = [PackageRow(ODD, 1, 1, 0, 0.0, 0.0, 1.0), PackageRow("shop.api", 1, 0, 1, 1, 0, 0)]
    for picture in (
        svg.dependency_svg(structure),
        svg.matrix_svg(structure),
        svg.main_sequence_svg(rows),
    ):
        assert 'a<b&"c>' not in picture and "a&lt;b&amp;&quot;c&gt;" in picture
        assert any(ODD in title for title in _titles(ET.fromstring(picture)))


def test_the_chart_has_a_dot_per_package_and_labels_that_do_not_overlap() -> None:
    rows = [
        PackageRow(f"shop.p{k:02d}", 3, k, 3, (k % 10) / 10, 0.0, abs((k % 10) / 10 - 1))
        for k in range(30)
    ]
    root = ET.fromstring(svg.main_sequence_svg(rows))
    assert len([e for e in root.iter() if _local(e) == "circle"]) == len(rows)
    labels = [e for e in root.iter() if _local(e) == "text" and (e.text or "").startswith("p")]
    spots = {(e.get("x"), e.get("y")) for e in labels}
    assert labels and len(spots) == len(labels)


def test_a_dense_graph_draws_its_skeleton_and_the_matrix_every_import() -> None:
    names = [f"big.p{k:02d}" for k in range(12)]
    pairs = [(a, b) for i, a in enumerate(names) for b in names[i + 1 :]]
    structure = _structure(names, pairs)
    diagram = ET.fromstring(svg.dependency_svg(structure))
    arrows = [e for e in diagram.iter() if _local(e) == "polygon"]
    assert len(arrows) == len(names) - 1  # a chain: every other import is implied
    assert "the other 55 point down" in svg.diagram_note(structure)
    matrix = ET.fromstring(svg.matrix_svg(structure))
    cells = [e for e in matrix.iter() if _local(e) == "rect" and e.get("fill") == "#8c959f"]
    assert len(cells) == len(pairs)


def test_forty_packages_in_a_cycle_lay_out_quickly_and_the_same_every_time() -> None:
    names = [f"web.p{k:02d}" for k in range(40)]
    pairs = [(names[k], names[(k * 7 + 3) % 40]) for k in range(40)]
    pairs += [(names[k], names[(k + 1) % 40]) for k in range(40)]
    pairs = sorted({p for p in pairs if p[0] != p[1]})
    structure = _structure(names, pairs, cycles=(tuple(names),))
    structure = replace(structure, inferred_layers=(tuple(names),))
    first = svg.dependency_svg(structure)
    assert first == svg.dependency_svg(structure)
    root = ET.fromstring(first)
    assert len([e for e in root.iter() if _local(e) == "rect" and e.get("rx") == "4"]) == 40
    assert float(root.get("width", "0")) < 3000


def test_empty_pictures_say_so() -> None:
    empty = Structure(2, (), DepGraph((), ()), (), ())
    assert "No internal packages" in svg.dependency_svg(empty)
    assert "No internal packages" in svg.matrix_svg(empty)
    ET.fromstring(svg.main_sequence_svg([]))


# ---------------------------------------------------------------- a real browser

BROWSER = next(
    (b for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None
)
needs_browser = pytest.mark.skipif(BROWSER is None, reason="no chromium or google-chrome on PATH")


def _browser(tmp_path: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    """Run the browser headless, old mode first, the new one if that fails."""
    assert BROWSER is not None
    common = ["--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run"]
    common.append(f"--user-data-dir={tmp_path / 'profile'}")
    done = None
    for headless in ("--headless", "--headless=new"):
        command = [BROWSER, headless, *common, *arguments]
        done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
        if done.returncode == 0:
            break
    assert done is not None
    return done


def _png_rows(path: Path, limit: int) -> tuple[int, list[bytes]]:
    """The first ``limit`` rows of an 8-bit RGB(A) PNG, unfiltered (stdlib only)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height, depth, colour = struct.unpack(">IIBB", data[16:26])
    assert depth == 8 and colour in (2, 6)
    chunks, at = [], 8
    while at < len(data):
        size, kind = struct.unpack(">I4s", data[at : at + 8])
        chunks += [data[at + 8 : at + 8 + size]] if kind == b"IDAT" else []
        at += 12 + size
    raw = zlib.decompressobj().decompress(b"".join(chunks))
    step = 4 if colour == 6 else 3
    return step, _unfilter(raw, width * step, step, min(limit, height))


def _unfilter(raw: bytes, stride: int, step: int, count: int) -> list[bytes]:
    rows, previous = [], bytearray(stride)
    for index in range(count):
        kind = raw[index * (stride + 1)]
        line = bytearray(raw[index * (stride + 1) + 1 : (index + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - step] if x >= step else 0
            b, c = previous[x], previous[x - step] if x >= step else 0
            line[x] = (line[x] + _predict(kind, a, b, c)) & 255
        rows.append(bytes(line))
        previous = line
    return rows


def _predict(kind: int, a: int, b: int, c: int) -> int:
    if kind == 0:
        return 0
    if kind in (1, 2):
        return a if kind == 1 else b
    if kind == 3:
        return (a + b) // 2
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else b if pb <= pc else c


@needs_browser
def test_chromium_renders_the_page_with_text_and_pictures(tmp_path: Path, html: str) -> None:
    page = tmp_path / "report.html"
    page.write_text(html, encoding="utf-8")
    shot = tmp_path / "report.png"
    done = _browser(tmp_path, "--window-size=1280,2000", f"--screenshot={shot}", page.as_uri())
    assert shot.exists(), done.stderr[-2000:]
    step, rows = _png_rows(shot, 360)
    pixels = [row[x : x + 3] for row in rows for x in range(0, len(row), step)]
    assert len(set(pixels)) > 50  # text, badges and rules: many colours, not a blank page
    assert pixels.count(b"\xff\xff\xff") < 0.95 * len(pixels)


@needs_browser
def test_chromium_keeps_the_text_and_runs_no_script(tmp_path: Path, html: str) -> None:
    page = tmp_path / "report.html"
    page.write_text(html, encoding="utf-8")
    done = _browser(tmp_path, "--dump-dom", page.as_uri())
    dom = done.stdout
    assert "Codebase Analysis: shop" in dom
    assert "shop.orders" in dom and "Open questions for the design session" in dom
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom
    assert "<script" not in dom.lower()


_WIDTH_PROBE = """<script>
window.addEventListener("load", () => {
  const inside = [...document.querySelectorAll("table")].filter(
    (t) => t.getBoundingClientRect().right > t.parentElement.getBoundingClientRect().right + 1);
  document.body.setAttribute("data-width", document.scrollingElement.scrollWidth);
  document.body.setAttribute("data-overflowing", inside.length);
});
</script>"""


@needs_browser
def test_the_page_fits_1280_pixels_and_every_table_its_container(tmp_path: Path, html: str) -> None:
    """Issue #15: nothing is clipped on a 1280-pixel screen (the probe runs in a test copy;
    the report itself holds no script)."""
    page = tmp_path / "probe.html"
    page.write_text(html.replace("</body>", _WIDTH_PROBE + "</body>"), encoding="utf-8")
    done = _browser(tmp_path, "--window-size=1280,900", "--dump-dom", page.as_uri())
    width = re.search(r'data-width="(\d+)"', done.stdout)
    overflowing = re.search(r'data-overflowing="(\d+)"', done.stdout)
    assert width is not None and overflowing is not None, done.stderr[-2000:]
    assert int(width.group(1)) <= 1280
    assert overflowing.group(1) == "0"


# A4 is 210 mm wide; the report's @page margins are 14 mm a side: 182 mm of paper per line,
# 687 CSS pixels (96 px to 25.4 mm), rounded down.
A4_PRINTABLE_PX = int((210 - 2 * 14) / 25.4 * 96)


def _as_printed(html: str) -> str:
    """A test copy whose print rules apply on screen (Chromium has no command-line switch to
    emulate print media): ``@media print`` becomes ``@media all``, after the screen rules as in
    the report, so the probe measures the printed layout at the printed line width."""
    assert html.count("@media print {") == 1
    return html.replace("@media print {", "@media all {").replace(
        "</body>", _WIDTH_PROBE + "</body>"
    )


@needs_browser
def test_the_printed_page_is_one_a4_page_wide_and_every_table_fits_it(
    tmp_path: Path, html: str
) -> None:
    """Issue #15: nothing overflows the printed line: at A4's printable width, under the print
    rules, the document is no wider than the paper and every table stays in its container."""
    assert "@page { margin: 16mm 14mm; }" in html  # the margins A4_PRINTABLE_PX assumes
    page = tmp_path / "printed.html"
    page.write_text(_as_printed(html), encoding="utf-8")
    size = f"--window-size={A4_PRINTABLE_PX},1100"
    done = _browser(tmp_path, size, "--dump-dom", page.as_uri())
    width = re.search(r'data-width="(\d+)"', done.stdout)
    overflowing = re.search(r'data-overflowing="(\d+)"', done.stdout)
    assert width is not None and overflowing is not None, done.stderr[-2000:]
    assert int(width.group(1)) <= A4_PRINTABLE_PX
    assert overflowing.group(1) == "0"


@needs_browser
def test_printing_to_pdf_gives_pages_of_one_paper_width(tmp_path: Path, html: str) -> None:
    """The real print path runs: every page of the PDF Chromium prints has the paper's size
    (Letter or A4 by locale: the report forces neither), several pages, none wider."""
    page = tmp_path / "report.html"
    page.write_text(html, encoding="utf-8")
    pdf = tmp_path / "report.pdf"
    done = _browser(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    assert pdf.exists(), done.stderr[-2000:]
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf.read_bytes())
    sizes = {(round(float(w)), round(float(h))) for w, h in boxes}
    assert len(boxes) > 1
    assert sizes in ({(595, 842)}, {(612, 792)})
