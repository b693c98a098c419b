//! The report as one self-contained HTML page: inline CSS (screen and
//! print), inline SVG charts, no scripts, fonts or external assets. Every
//! piece of text — transcript, codebook, config, case data — passes through
//! one function (`Writer::text`), which redacts and then HTML-escapes it; nothing else
//! reaches the page but this file's own markup and generated anchors.

use std::fmt::Write as _;
use std::io::Write;

use super::{Bar, Block, Chart, Entry, LinkedTable, QuoteList, Report, Section};
use crate::redact::Redactor;
use crate::table::Cell;
use crate::{Error, ErrorKind, Result};

const STYLE: &str = include_str!("report.css");

/// Colours of the chart's series (Okabe–Ito: told apart with colour-blind
/// eyes, and in print).
const PALETTE: [&str; 8] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#555555",
];

/// Write `report` as HTML to `out`.
pub fn write(report: &Report, out: &mut dyn Write) -> Result<()> {
    let mut w = Writer {
        redactor: &report.redactor,
        html: String::with_capacity(1 << 16),
    };
    w.page(report);
    out.write_all(w.html.as_bytes()).map_err(|e| {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            Error::new(ErrorKind::BrokenPipe, "output closed")
        } else {
            Error::new(ErrorKind::Io, format!("cannot write output: {e}"))
        }
    })
}

/// HTML-escape `s` for text and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

struct Writer<'r> {
    redactor: &'r Redactor,
    html: String,
}

impl Writer<'_> {
    fn raw(&mut self, s: &str) {
        self.html.push_str(s);
    }

    /// Text from anywhere but this file: redacted, then escaped.
    fn text(&mut self, s: &str) {
        let redacted = self.redactor.redact(s);
        self.html.push_str(&escape(&redacted));
    }

    fn page(&mut self, report: &Report) {
        self.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        self.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        self.raw("<meta name=\"generator\" content=\"qualcode\">\n<title>");
        self.text(&report.title);
        self.raw("</title>\n<style>\n");
        self.raw(STYLE);
        self.raw("</style>\n</head>\n<body>\n<header>\n<h1>");
        self.text(&report.title);
        self.raw("</h1>\n");
        for fact in &report.facts {
            self.raw("<p class=\"facts\">");
            self.text(fact);
            self.raw("</p>\n");
        }
        self.raw("<nav class=\"toc\"><h2>Contents</h2>\n<ol>\n");
        for s in &report.sections {
            self.toc_item(&s.id, &s.title);
        }
        if !report.appendix.is_empty() {
            self.toc_item("appendix", "Appendix: the cases behind each count");
        }
        self.raw("</ol>\n</nav>\n</header>\n<main>\n");
        for s in &report.sections {
            self.section(s);
        }
        if !report.appendix.is_empty() {
            self.appendix(&report.appendix);
        }
        self.raw("</main>\n</body>\n</html>\n");
    }

    fn toc_item(&mut self, id: &str, title: &str) {
        self.raw("<li><a href=\"#");
        self.raw(id);
        self.raw("\">");
        self.text(title);
        self.raw("</a></li>\n");
    }

    fn section(&mut self, s: &Section) {
        let _ = write!(self.html, "<section class=\"major\" id=\"{}\">\n<h2>", s.id);
        self.text(&s.title);
        self.raw("</h2>\n");
        for b in &s.blocks {
            match b {
                Block::Heading(h) => {
                    self.raw("<h3>");
                    self.text(h);
                    self.raw("</h3>\n");
                }
                Block::Text(t) => {
                    self.raw("<p>");
                    self.text(t);
                    self.raw("</p>\n");
                }
                Block::Table(t) => self.table(t),
                Block::Chart(c) => self.chart(c),
                Block::Quotes(q) => self.quotes(q),
            }
        }
        self.raw("</section>\n");
    }

    fn table(&mut self, lt: &LinkedTable) {
        let t = &lt.table;
        let shown: Vec<usize> = (0..t.columns.len())
            .filter(|&i| !t.columns[i].secondary)
            .collect();
        // A table of codes or personas keeps room for their labels.
        let labelled = t
            .columns
            .first()
            .is_some_and(|c| c.key == "code" || c.key == "persona");
        self.raw(if labelled {
            "<div class=\"table\">\n<table class=\"labelled\">\n<caption>"
        } else {
            "<div class=\"table\">\n<table>\n<caption>"
        });
        self.text(&t.title);
        self.raw("</caption>\n<thead><tr>");
        for &i in &shown {
            let col = &t.columns[i];
            self.raw(if col.numeric {
                "<th scope=\"col\" class=\"num\">"
            } else {
                "<th scope=\"col\">"
            });
            self.text(&col.header);
            self.raw("</th>");
        }
        self.raw("</tr></thead>\n<tbody>\n");
        for (r, row) in t.rows.iter().enumerate() {
            self.raw("<tr>");
            for (n, &c) in shown.iter().enumerate() {
                let cell = &row.cells[c];
                let numeric = matches!(cell, Cell::Count(_) | Cell::Percent(_));
                match (n, numeric) {
                    (0, _) if row.depth > 0 => {
                        let _ = write!(self.html, "<td class=\"d{}\">", row.depth.min(4));
                    }
                    (_, true) => self.raw("<td class=\"num\">"),
                    _ => self.raw("<td>"),
                }
                match (cell, lt.links.get(&(r, c))) {
                    (Cell::List(items), _) if !items.is_empty() => {
                        self.raw("<ul>");
                        for item in items {
                            self.raw("<li>");
                            self.text(item);
                            self.raw("</li>");
                        }
                        self.raw("</ul>");
                    }
                    (_, Some(anchor)) => {
                        let _ = write!(self.html, "<a href=\"#{anchor}\">");
                        self.text(&crate::render::text(cell));
                        self.raw("</a>");
                    }
                    _ => self.lines(&crate::render::text(cell)),
                }
                self.raw("</td>");
            }
            self.raw("</tr>\n");
        }
        self.raw("</tbody>\n</table>\n");
        let shared = t.footnotes.iter().any(super::is_shared_note);
        if shared {
            self.raw(
                "<p class=\"note\">Indicative only: see <a href=\"#methods\">Methods and \
                 caveats</a>.</p>\n",
            );
        }
        for note in t.footnotes.iter().filter(|n| !super::is_shared_note(n)) {
            self.raw("<p class=\"note\">");
            self.text(&note.to_string());
            self.raw("</p>\n");
        }
        self.raw("</div>\n");
    }

    /// Text with its line breaks kept.
    fn lines(&mut self, s: &str) {
        for (i, line) in s.split('\n').enumerate() {
            if i > 0 {
                self.raw("<br>");
            }
            self.text(line);
        }
    }

    fn quotes(&mut self, q: &QuoteList) {
        self.raw("<div class=\"quotes\">\n<h3>");
        self.text(&q.heading);
        self.raw("</h3>\n");
        for (group, quotes) in &q.groups {
            if let Some(g) = group {
                self.raw("<h4>");
                self.text(g);
                self.raw("</h4>\n");
            }
            for quote in quotes {
                self.raw("<blockquote><p>");
                self.text(&quote.text);
                self.raw(" <span class=\"attribution\">");
                self.text(&quote.attribution);
                self.raw("</span></p><p class=\"src\">");
                self.text(&quote.source);
                self.raw("</p></blockquote>\n");
            }
        }
        self.raw("</div>\n");
    }

    fn appendix(&mut self, entries: &[Entry]) {
        self.raw(
            "<section class=\"major\" id=\"appendix\">\n<h2>Appendix: the cases behind each \
             count</h2>\n<p>Each entry lists the cases a count is made of and, for each, the \
             transcript lines where the code was applied.</p>\n<div class=\"entries\">\n",
        );
        for e in entries {
            let _ = write!(self.html, "<div class=\"entry\" id=\"{}\">\n<h3>", e.anchor);
            self.text(&e.title);
            let _ = write!(
                self.html,
                " <span class=\"n\">(n={})</span></h3>\n<ul>\n",
                e.cases.len()
            );
            for (case, refs) in &e.cases {
                self.raw("<li><span class=\"case\">");
                self.text(case);
                self.raw("</span>");
                if !refs.is_empty() {
                    self.raw(": ");
                    self.text(&refs.join("; "));
                }
                self.raw("</li>\n");
            }
            self.raw("</ul>\n</div>\n");
        }
        self.raw("</div>\n</section>\n");
    }

    fn chart(&mut self, c: &Chart) {
        const LABEL_W: usize = 250;
        const BAR_W: usize = 360;
        const BAR_H: usize = 11;
        const LINE_H: usize = 14;
        let series = c.series.len().max(1);
        let width = LABEL_W + BAR_W + 70;
        // The legend, in as many rows as it takes (about 6.5 px a character).
        let mut legend: Vec<(usize, usize, String)> = Vec::new();
        if c.series.len() > 1 {
            let (mut x, mut row) = (4, 0);
            for (name, n) in &c.series {
                let label = format!(
                    "{name} ({})",
                    crate::table::suppress::n_text(*n, c.suppress)
                );
                let w = 24 + label.chars().count() * 13 / 2;
                if x > 4 && x + w > width {
                    (x, row) = (4, row + 1);
                }
                legend.push((x, row, label));
                x += w;
            }
        }
        let legend_h = legend.last().map_or(0, |(_, row, _)| 18 * (row + 1) + 8);
        let rows: Vec<(Vec<String>, usize)> = c
            .bars
            .iter()
            .map(|b| {
                let lines = wrap(&b.label, 34 - 2 * b.depth.min(3));
                let h = (series * BAR_H + 12).max(lines.len() * LINE_H + 6);
                (lines, h)
            })
            .collect();
        let height = legend_h + rows.iter().map(|(_, h)| h).sum::<usize>() + 26;
        self.raw("<figure class=\"chart\">\n");
        let _ = write!(
            self.html,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" \
             width=\"{width}\" height=\"{height}\" role=\"img\"><title>"
        );
        self.text(&c.title);
        self.raw("</title>\n");
        for (i, (x, row, label)) in legend.iter().enumerate() {
            let y = 6 + 18 * row;
            let _ = write!(
                self.html,
                "<rect x=\"{x}\" y=\"{y}\" width=\"10\" height=\"10\" fill=\"{}\"/>\
                 <text x=\"{}\" y=\"{}\">",
                PALETTE[i % PALETTE.len()],
                x + 14,
                y + 9
            );
            self.text(label);
            self.raw("</text>\n");
        }
        let mut y = legend_h;
        for (bar, (lines, h)) in c.bars.iter().zip(&rows) {
            self.bar(
                bar,
                lines,
                y,
                *h,
                (&c.series, c.suppress),
                (LABEL_W, BAR_W, BAR_H, LINE_H),
            );
            y += h;
        }
        // The axis: 0, 50 and 100% of each group's n.
        for pct in [0, 50, 100] {
            let x = LABEL_W + BAR_W * pct / 100;
            let _ = write!(
                self.html,
                "<line x1=\"{x}\" y1=\"{legend_h}\" x2=\"{x}\" y2=\"{y}\" class=\"axis\"/>\
                 <text x=\"{x}\" y=\"{}\" text-anchor=\"middle\" class=\"tick\">{pct}%</text>",
                y + 14
            );
        }
        self.raw("</svg>\n<figcaption>");
        self.text(&c.title);
        self.raw(
            ": share of each group's cases (bar) and count (number).</figcaption>\n</figure>\n",
        );
    }

    fn bar(
        &mut self,
        bar: &Bar,
        lines: &[String],
        y: usize,
        h: usize,
        (series, suppress): (&[(String, usize)], Option<usize>),
        (label_w, bar_w, bar_h, line_h): (usize, usize, usize, usize),
    ) {
        let indent = 4 + 12 * bar.depth.min(3);
        let top = y + (h - lines.len() * line_h) / 2 + 11;
        let class = if bar.depth == 0 { "label top" } else { "label" };
        let _ = write!(
            self.html,
            "<text class=\"{class}\" x=\"{indent}\" y=\"{top}\">"
        );
        for (i, line) in lines.iter().enumerate() {
            let dy = if i == 0 { 0 } else { line_h };
            let _ = write!(self.html, "<tspan x=\"{indent}\" dy=\"{dy}\">");
            self.text(line);
            self.raw("</tspan>");
        }
        self.raw("</text>\n");
        let bars_top = y + (h - series.len().max(1) * bar_h) / 2;
        for (i, (&count, (_, n))) in bar.counts.iter().zip(series).enumerate() {
            let hidden = suppress.is_some_and(|k| crate::table::suppress::hides(count, k));
            let len = if *n == 0 || hidden {
                0
            } else {
                bar_w * count / n
            };
            // Written raw: `<K` escaped here.
            let count = crate::table::suppress::count_text(count, suppress).replace('<', "&lt;");
            let by = bars_top + i * bar_h;
            let _ = write!(
                self.html,
                "<rect x=\"{label_w}\" y=\"{by}\" width=\"{len}\" height=\"{}\" fill=\"{}\"/>\
                 <text x=\"{}\" y=\"{}\" class=\"value\">{count}</text>",
                bar_h - 2,
                PALETTE[i % PALETTE.len()],
                label_w + len + 4,
                by + bar_h - 3
            );
        }
    }
}

/// `s` in lines of at most about `width` characters, broken at spaces.
fn wrap(s: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in s.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_leaves_no_markup() {
        assert_eq!(
            escape("<script>alert(\"x\")</script> & 'q'"),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;"
        );
    }

    #[test]
    fn wrap_breaks_at_spaces_and_keeps_long_words() {
        assert_eq!(
            wrap("Family or significant others", 12),
            ["Family or", "significant", "others"]
        );
        assert_eq!(wrap("", 10), [""]);
        assert_eq!(wrap("supercalifragilistic", 5), ["supercalifragilistic"]);
    }
}
