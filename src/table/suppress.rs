//! Disclosure control: counts from 1 to K-1 shown as `<K`, so that no
//! small group of participants can be picked out of a table. Applied once,
//! to a finished [`Table`], whatever computed it; renderers show
//! [`Cell::Suppressed`] as `<K` and [`Cell::Withheld`] as `(suppressed)`.
//!
//! The rules, the same in every table:
//! - a count cell from 1 to K-1 becomes `<K`; 0 and K or more are shown;
//! - in a row with a suppressed count, percentages and case lists (the
//!   "mentioned by" ids) are withheld, since they would give it away;
//! - a case list of 1 to K-1 ids is withheld whatever the row counts, so
//!   that a count of segments (`--unit segment`: 5 turns, all by one
//!   participant) cannot name a small group either;
//! - a group's n (`Folkestone (n=3)`, `Total (n=4)`) from 1 to K-1 is
//!   shown as `n<K` too: a small group is as identifying as a small count;
//!   so is the whole sample's n written `(n=N)` in the title or a note
//!   (`Sample profile (n=2)` after a `--where`).
//!
//! Suppression does not add secondary suppression: a suppressed cell may
//! still be worked out from a row total and the other cells.

use super::{Cell, Table};
use crate::{Error, Result};

/// How a withheld percentage or case list reads.
pub const WITHHELD: &str = "(suppressed)";

/// Whether count `n` is suppressed under threshold `k`.
pub fn hides(n: usize, k: usize) -> bool {
    n > 0 && n < k
}

/// `n`, or `<K` when suppressed: for counts written inside text (a grid's
/// `Skilled (<5)`).
pub fn count_text(n: usize, k: Option<usize>) -> String {
    match k {
        Some(k) if hides(n, k) => format!("<{k}"),
        _ => n.to_string(),
    }
}

/// A group's n as written in a header: `n=6`, or `n<5` when suppressed.
pub fn n_text(n: usize, k: Option<usize>) -> String {
    match k {
        Some(k) if hides(n, k) => format!("n<{k}"),
        _ => format!("n={n}"),
    }
}

/// `text` with every `(n=N)` whose N is suppressed under `k` written
/// `(n<K)`.
fn hide_ns(text: &str, k: usize) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("(n=") {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        let digits = from[3..].bytes().take_while(u8::is_ascii_digit).count();
        let n = from[3..3 + digits].parse::<usize>().ok();
        match n {
            Some(n) if from[3 + digits..].starts_with(')') && hides(n, k) => {
                out.push_str("(n<");
                out.push_str(&k.to_string());
                out.push(')');
                rest = &from[4 + digits..];
            }
            _ => {
                out.push_str("(n=");
                rest = &from[3..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Check a threshold given on the command line.
pub fn check(k: usize) -> Result<usize> {
    if k < 2 {
        return Err(Error::usage(format!(
            "--suppress-below takes a threshold of 2 or more, not {k}: counts from 1 to K-1 are \
             hidden (0 turns off the project's suppress_below:)"
        )));
    }
    Ok(k)
}

/// The footnote of a table with threshold `k`.
pub fn footnote(k: usize) -> crate::message::Note {
    crate::message::Note::Suppressed { k }
}

impl Table {
    /// Apply disclosure control with threshold `k` (see the module docs)
    /// and add its footnote.
    pub fn suppress(&mut self, k: usize) {
        for row in &mut self.rows {
            let mut hid = false;
            for cell in &mut row.cells {
                if let Cell::Count(n) = *cell
                    && hides(n, k)
                {
                    *cell = Cell::Suppressed(k);
                    hid = true;
                }
            }
            for cell in &mut row.cells {
                let reveals = match cell {
                    Cell::Percent(_) => hid,
                    Cell::CaseList(ids) => hid || hides(ids.len(), k),
                    _ => false,
                };
                if reveals {
                    *cell = Cell::Withheld;
                }
            }
        }
        for column in &mut self.columns {
            if let Some(n) = column.n
                && hides(n, k)
            {
                column.header = column
                    .header
                    .replace(&format!("(n={n})"), &format!("({})", n_text(n, Some(k))));
                column.n = None;
            }
        }
        self.title = hide_ns(&self.title, k);
        for note in &mut self.footnotes {
            // A note keeps its kind unless it gives a small n.
            let text = note.to_string();
            let hidden = hide_ns(&text, k);
            if hidden != text {
                *note = crate::message::Note::Text(hidden);
            }
        }
        self.footnotes.push(footnote(k));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::{Column, Row};

    #[test]
    fn a_short_case_list_is_withheld_even_beside_a_count_shown() {
        // Five segments, all by one participant (`--unit segment`).
        let mut t = Table {
            title: "T".into(),
            columns: vec![
                Column::text("code", "Code"),
                Column::number("n", "Segments (n)"),
                Column::text("by", "Mentioned by"),
            ],
            rows: vec![
                Row {
                    cells: vec![
                        Cell::Text("a".into()),
                        Cell::Count(5),
                        Cell::CaseList(vec!["F4".into()]),
                    ],
                    depth: 0,
                },
                Row {
                    cells: vec![
                        Cell::Text("b".into()),
                        Cell::Count(6),
                        Cell::CaseList(vec!["F1".into(), "F2".into(), "F3".into()]),
                    ],
                    depth: 0,
                },
            ],
            footnotes: vec![],
        };
        t.suppress(3);
        assert_eq!(t.rows[0].cells[1], Cell::Count(5));
        assert_eq!(t.rows[0].cells[2], Cell::Withheld);
        assert_eq!(
            t.rows[1].cells[2],
            Cell::CaseList(vec!["F1".into(), "F2".into(), "F3".into()])
        );
    }

    fn table() -> Table {
        Table {
            title: "T".into(),
            columns: vec![
                Column::text("code", "Code"),
                Column::group("North", 3),
                Column::group("South", 9),
                Column::total(12),
                Column::number("percent", "%"),
                Column::text("by", "Mentioned by"),
            ],
            rows: [(0, 0), (1, 5), (4, 4), (5, 7)]
                .iter()
                .map(|&(a, b)| Row {
                    depth: 0,
                    cells: vec![
                        Cell::Text("x".into()),
                        Cell::Count(a),
                        Cell::Count(b),
                        Cell::Count(a + b),
                        Cell::Percent(50.0),
                        Cell::CaseList((1..=a + b).map(|i| format!("C{i}")).collect()),
                    ],
                })
                .collect(),
            footnotes: Vec::new(),
        }
    }

    #[test]
    fn a_small_sample_n_in_the_title_and_notes_is_hidden_too() {
        assert_eq!(hide_ns("Profile (n=2)", 3), "Profile (n<3)");
        assert_eq!(hide_ns("Profile (n=3)", 3), "Profile (n=3)");
        assert_eq!(hide_ns("none (n=0) (n=12)", 5), "none (n=0) (n=12)");
        assert_eq!(hide_ns("a (n=1); b (n=x) (n=4", 5), "a (n<5); b (n=x) (n=4");
        let mut t = table();
        t.title = "Segments (n=4)".into();
        t.footnotes.push("Of all cases (n=4).".into());
        t.footnotes.push(crate::message::Note::Indicative);
        t.suppress(5);
        assert_eq!(t.title, "Segments (n<5)");
        assert_eq!(t.footnotes[0], "Of all cases (n<5).");
        // A typed note with no n to hide keeps its kind.
        assert_eq!(t.footnotes[1], crate::message::Note::Indicative);
        assert_eq!(t.footnotes[2], crate::message::Note::Suppressed { k: 5 });
    }

    #[test]
    fn counts_below_k_are_hidden_with_what_would_reveal_them() {
        let mut t = table();
        t.suppress(5);
        let cells = |r: usize| t.rows[r].cells[1..].to_vec();
        // 0 and 0: shown, and so are the percentage and (no) ids.
        assert_eq!(
            cells(0),
            [
                Cell::Count(0),
                Cell::Count(0),
                Cell::Count(0),
                Cell::Percent(50.0),
                Cell::CaseList(Vec::new())
            ]
        );
        // 1 is hidden, 5 and 6 are not; the row's % and ids are withheld.
        assert_eq!(
            cells(1),
            [
                Cell::Suppressed(5),
                Cell::Count(5),
                Cell::Count(6),
                Cell::Withheld,
                Cell::Withheld
            ]
        );
        assert_eq!(
            cells(2)[..3],
            [Cell::Suppressed(5), Cell::Suppressed(5), Cell::Count(8)]
        );
        assert_eq!(cells(3)[3], Cell::Percent(50.0));
        // North's n of 3 is hidden too; South's 9 and the total's 12 are not.
        assert_eq!(t.columns[1].header, "North (n<5)");
        assert_eq!(t.columns[1].n, None);
        assert_eq!(t.columns[2].header, "South (n=9)");
        assert_eq!(t.columns[3].header, "Total (n=12)");
        assert_eq!(t.footnotes, [footnote(5)]);
        assert!(
            t.footnotes[0]
                .to_string()
                .contains("from 1 to 4 are shown as <5")
        );
    }

    #[test]
    fn suppressed_cells_read_the_same_in_every_format() {
        let mut t = table();
        t.suppress(5);
        let render = |format| {
            let mut out = Vec::new();
            crate::render::table(
                &t,
                &crate::redact::Redactor::default(),
                format,
                &crate::render::RenderOptions::default(),
                &mut out,
            )
            .unwrap();
            String::from_utf8(out).unwrap()
        };
        let csv = render(crate::render::Format::Csv);
        assert!(
            csv.contains("x,<5,5,6,(suppressed),(suppressed)\n"),
            "{csv}"
        );
        let md = render(crate::render::Format::Markdown);
        assert!(
            md.contains("| x | <5 | 5 | 6 | (suppressed) | (suppressed) |"),
            "{md}"
        );
        let json: serde_json::Value =
            serde_json::from_str(&render(crate::render::Format::Json)).unwrap();
        assert_eq!(json["rows"][1]["cells"]["North"], "<5");
        assert_eq!(json["rows"][1]["cells"]["percent"], "(suppressed)");
        assert_eq!(json["columns"][1].get("n"), None);
        let terminal = render(crate::render::Format::Table);
        assert!(terminal.contains("North (n<5)"), "{terminal}");
        assert!(terminal.contains("<5"), "{terminal}");
    }

    #[test]
    fn helpers_format_counts_and_ns() {
        assert_eq!(count_text(3, Some(5)), "<5");
        assert_eq!(count_text(0, Some(5)), "0");
        assert_eq!(count_text(3, None), "3");
        assert_eq!(n_text(5, Some(5)), "n=5");
        assert_eq!(n_text(4, Some(5)), "n<5");
        assert!(check(1).is_err());
        assert_eq!(check(2).unwrap(), 2);
    }
}
