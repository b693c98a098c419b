#!/usr/bin/env python3
"""Check `qualcode report` in a real browser (headless Chromium).

For each report given, renders it to PNG and to PDF and fails (exit 1) if:
- the page logs a console error or tries to load anything (the report must
  be one self-contained file);
- a table, chart or table caption of the HTML is missing from the rendered
  DOM;
- the printed PDF carries a table across pages without repeating its header
  row on every page the table is on.

Usage: scripts/report-browser-check.py OUT_DIR report.html [report.html...]
       scripts/report-browser-check.py --self-test OUT_DIR report.html
         (broken variants of the report must each fail the check)
Needs chromium and pdftotext (Debian: chromium, poppler-utils). Standard
library only. .ci/run calls it on each example's report.
"""

import html.parser
import os
import re
import shutil
import subprocess
import sys
import tempfile

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--hide-scrollbars",
    "--no-pdf-header-footer",
]


class Tables(html.parser.HTMLParser):
    """Each table's caption, header cells and body rows (cell texts)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables = []
        self.svgs = 0
        self.captions = 0
        self._stack = []
        self._cell = None
        self._row = None
        self._in = None  # "thead" | "tbody" | "caption"

    def handle_starttag(self, tag, attrs):
        if tag == "svg":
            self.svgs += 1
        elif tag == "table":
            self.tables.append({"caption": "", "header": [], "rows": []})
        elif tag in ("thead", "tbody", "caption") and self.tables:
            self._in = tag
            if tag == "caption":
                self.captions += 1
                self._cell = []
        elif tag == "tr" and self.tables:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag):
        if tag == "caption" and self._cell is not None:
            self.tables[-1]["caption"] = norm("".join(self._cell))
            self._cell = None
            self._in = None
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(norm("".join(self._cell)))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            table = self.tables[-1]
            if self._in == "thead":
                table["header"] = self._row
            else:
                table["rows"].append(self._row)
            self._row = None
        elif tag in ("thead", "tbody"):
            self._in = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def norm(text):
    return " ".join(text.split())


def parse(text):
    p = Tables()
    p.feed(text)
    p.close()
    return p


def words_regex(cells, limit=None):
    """A regex matching the cells in order on one line of the PDF's text:
    the first words of each (a long cell wraps onto more lines), and the
    end of the line after a short last cell, so that a row of zeros is not
    taken for the start of a longer one."""
    cells = [c for c in cells if c]
    cells = cells if limit is None else cells[:limit]
    words = []
    for cell in cells:
        words.extend(cell.split()[:3])
    if not words:
        return None
    # Whole words only: a count of 0 must not match the 0 of "0%".
    pattern = r"[ \t]+".join(rf"(?<!\S){re.escape(w)}(?!\S)" for w in words)
    if limit is None and len(cells[-1].split()) <= 3:
        pattern += r"[ \t]*$"
    return re.compile(pattern, re.MULTILINE)


def chromium(*args, timeout=120):
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if not exe:
        sys.exit("report-browser-check: chromium is not installed (Debian: apt-get install chromium)")
    profile = tempfile.mkdtemp(prefix="qualcode-chromium-")
    try:
        return subprocess.run(
            [exe, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
             "--enable-logging=stderr", "--v=0", *args],
            capture_output=True, text=True, timeout=timeout, check=False,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def console_problems(stderr):
    """Console messages and refused loads in Chromium's log."""
    problems = []
    for line in stderr.splitlines():
        if "CONSOLE" in line or "Failed to load resource" in line \
                or "net::ERR_" in line and "file://" in line:
            problems.append(line.strip()[:300])
    return problems


def check_pdf(pdf, tables):
    """Tables that run across pages without their header on each page."""
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True,
                          text=True, check=True).stdout
    pages = text.split("\f")
    problems = []
    for table in tables:
        if not table["header"] or not table["rows"]:
            continue
        header = words_regex(table["header"], 2)
        keys = [words_regex(row) for row in table["rows"]]
        on = sorted({i for i, page in enumerate(pages)
                     for key in keys if key and key.search(page)})
        if len(on) < 2:
            continue
        # Pages strictly inside the run of pages the table is on: a row key
        # may also match prose elsewhere, so only a contiguous run counts.
        runs, run = [], [on[0]]
        for p in on[1:]:
            if p == run[-1] + 1:
                run.append(p)
            else:
                runs.append(run)
                run = [p]
        runs.append(run)
        for run in runs:
            if len(run) < 2:
                continue
            for p in run:
                if not header.search(pages[p]):
                    problems.append(
                        f"table {table['caption'][:60]!r} runs over pages "
                        f"{run[0] + 1}-{run[-1] + 1} but page {p + 1} has no header row")
    return problems, len(pages)


def check(out_dir, path):
    name = os.path.splitext(os.path.basename(path))[0]
    url = "file://" + os.path.realpath(path)
    with open(path, encoding="utf-8") as f:
        source = parse(f.read())
    problems = []
    if not source.tables:
        problems.append("the report has no table")
    dom = chromium("--dump-dom", url)
    if dom.returncode != 0:
        problems.append(f"chromium --dump-dom failed: {dom.stderr[-500:]}")
    problems += console_problems(dom.stderr)
    for url_ in sorted(set(re.findall(r'(?:src|href)="((?:https?:)?//[^"]*)"', dom.stdout)))[:5]:
        if not url_.startswith(("http://www.w3.org/", "https://www.w3.org/")):
            problems.append(f"the page refers to an outside resource: {url_[:100]}")
    rendered = parse(dom.stdout)
    for what, want, got in [("tables", len(source.tables), len(rendered.tables)),
                            ("charts (svg)", source.svgs, rendered.svgs),
                            ("table captions", source.captions, rendered.captions)]:
        if got != want:
            problems.append(f"{what}: {want} in the HTML, {got} in the rendered DOM")
    png = os.path.join(out_dir, name + ".png")
    shot = chromium(f"--screenshot={png}", "--window-size=1200,3000", url)
    problems += console_problems(shot.stderr)
    if not os.path.exists(png) or os.path.getsize(png) < 10_000:
        problems.append(f"no screenshot written ({png})")
    pdf = os.path.join(out_dir, name + ".pdf")
    printed = chromium(f"--print-to-pdf={pdf}", url)
    problems += console_problems(printed.stderr)
    pages = 0
    if not os.path.exists(pdf):
        problems.append(f"no PDF written ({pdf})")
    else:
        cut, pages = check_pdf(pdf, source.tables)
        problems += cut
    status = "ok" if not problems else "FAILED"
    print(f"{status}: {path}: {len(source.tables)} tables, {source.svgs} charts, "
          f"{pages} printed pages; {png}, {pdf}")
    for p in problems:
        print(f"  {p}")
    return not problems


def self_test(out_dir, path):
    """The check must fail on broken variants of a good report: a header
    that does not repeat in print, a console error and an outside image,
    a table that is gone from the rendered page."""
    with open(path, encoding="utf-8") as f:
        good = f.read()
    variants = {
        "no-repeated-header": good.replace(
            "</style>", "thead{display:table-row-group !important}</style>", 1),
        "console-error": good.replace(
            "</body>", '<script>console.error("x")</script>'
            '<img src="https://example.invalid/x.png"></body>', 1),
        "table-removed": good.replace(
            "</body>", '<script>document.querySelector("table").remove()</script></body>', 1),
    }
    caught = True
    for name, text in variants.items():
        broken = os.path.join(out_dir, f"self-test-{name}.html")
        with open(broken, "w", encoding="utf-8") as f:
            f.write(text)
        if check(out_dir, broken):
            print(f"self-test FAILED: the {name} variant passed the check")
            caught = False
    print("self-test: " + ("every broken variant was caught" if caught else "FAILED"))
    return caught


def main():
    args = sys.argv[1:]
    test = args[:1] == ["--self-test"]
    if test:
        args = args[1:]
    if len(args) < 2:
        sys.exit(__doc__)
    out_dir = args[0]
    os.makedirs(out_dir, exist_ok=True)
    if test:
        sys.exit(0 if self_test(out_dir, args[1]) else 1)
    ok = all([check(out_dir, path) for path in args[1:]])
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
