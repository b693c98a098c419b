//! Redaction: listed names replaced by their stand-ins (`Aroha` →
//! `[ICSM]`) wherever text leaves the library. Names match as patterns do:
//! whole words, ignoring case (unless a name is listed in
//! `redact_match_case`), diacritics (`Whetu` redacts `Whētu`, `Zoltán`
//! redacts `Zoltan`), apostrophe and quote variants, hyphens and any white
//! space or line break between a name's words; the longest name wins.
//!
//! [`Redactor`] is the one function; [`Redactor::table`] applies it to every
//! text a [`Table`] holds and is called by [`crate::render::table`], so every
//! table, quote set, KWIC list and list of codings is redacted at the
//! library's door. Redacting twice changes nothing: a replacement already in
//! the text is left alone.

use std::borrow::Cow;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::matcher::fold::{fold, fold_pattern, is_word};
use crate::model::{Cell, Table};
use crate::project::Project;

/// A compiled redaction list.
#[derive(Debug, Clone, Default)]
pub struct Redactor {
    /// The folded names, in the order of `names`.
    automaton: Option<AhoCorasick>,
    names: Vec<Name>,
}

/// One name on the list.
#[derive(Debug, Clone)]
struct Name {
    /// Folded (as patterns are).
    folded: String,
    /// For names matched as written: whether each letter is upper case.
    case: Option<Vec<bool>>,
    replacement: String,
    /// The folded name starts (ends) with a word character, so the match
    /// must start (end) at a word boundary.
    word_start: bool,
    word_end: bool,
}

/// The upper-case flags of `s`'s letters and digits.
fn case_of(s: &str) -> Vec<bool> {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .map(char::is_uppercase)
        .collect()
}

/// One replacement made: the original byte range and the range its
/// replacement takes in the redacted text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Replaced {
    /// Start in the original text.
    pub start: usize,
    /// End in the original text.
    pub end: usize,
    /// Start in the redacted text.
    pub new_start: usize,
    /// End in the redacted text.
    pub new_end: usize,
}

/// A redacted text and where its replacements are, to move offsets of the
/// original (highlights) into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redaction {
    /// The redacted text.
    pub text: String,
    /// The replacements, in order.
    pub replaced: Vec<Replaced>,
}

impl Redaction {
    /// Where original offset `at` falls in the redacted text; an offset
    /// inside a replaced name moves to the replacement's start (`end`
    /// false) or end (`end` true), so a range touching a name covers all of
    /// its replacement.
    pub fn offset(&self, at: usize, end: bool) -> usize {
        let mut delta: isize = 0;
        for r in &self.replaced {
            if at <= r.start {
                break;
            }
            if at < r.end {
                return if end { r.new_end } else { r.new_start };
            }
            delta = r.new_end.cast_signed() - r.end.cast_signed();
        }
        at.cast_signed()
            .saturating_add(delta)
            .max(0)
            .cast_unsigned()
    }
}

impl Redactor {
    /// Compile `names` (name → replacement), each matched in any case.
    pub fn new(names: &[(String, String)]) -> Redactor {
        Redactor::with_match_case(names, &[])
    }

    /// The project's list: `redact:`, with the names in
    /// `redact_match_case:` matched only as written.
    pub fn for_project(project: &Project) -> Redactor {
        Redactor::with_match_case(&project.redact, &project.redact_match_case)
    }

    /// Compile `names`; those in `match_case` (as written in `names`)
    /// match only in that case.
    pub fn with_match_case(names: &[(String, String)], match_case: &[String]) -> Redactor {
        let mut names: Vec<Name> = names
            .iter()
            .filter_map(|(n, r)| {
                let folded = fold_pattern(n);
                if folded.is_empty() {
                    return None;
                }
                let as_written = match_case.iter().any(|m| m.trim() == n.trim());
                Some(Name {
                    word_start: folded.starts_with(is_word),
                    word_end: folded.ends_with(is_word),
                    folded,
                    case: as_written.then(|| case_of(n)),
                    replacement: r.clone(),
                })
            })
            .collect();
        if names.is_empty() {
            return Redactor::default();
        }
        names.sort_by(|a, b| {
            b.folded
                .len()
                .cmp(&a.folded.len())
                .then(a.folded.cmp(&b.folded))
                .then(a.case.is_some().cmp(&b.case.is_some()))
        });
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(names.iter().map(|n| n.folded.as_str()))
            .expect("a few literal names always build an automaton");
        Redactor {
            automaton: Some(automaton),
            names,
        }
    }

    /// Whether the list is empty (nothing is ever replaced).
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// `text` with every listed name replaced.
    pub fn apply(&self, text: &str) -> String {
        self.redact(text).into_owned()
    }

    /// [`Redactor::apply`], borrowing `text` when nothing in it is redacted.
    pub fn redact<'t>(&self, text: &'t str) -> Cow<'t, str> {
        let found = self.found(text);
        if found.is_empty() {
            return Cow::Borrowed(text);
        }
        Cow::Owned(self.replace(text, &found, false).text)
    }

    /// [`Redactor::apply`], keeping the line breaks of a name broken over
    /// lines after its replacement, so that line numbers still hold (for
    /// exported sources whose selections count lines).
    pub fn redact_lines<'t>(&self, text: &'t str) -> Cow<'t, str> {
        let found = self.found(text);
        if found.is_empty() {
            return Cow::Borrowed(text);
        }
        Cow::Owned(self.replace(text, &found, true).text)
    }

    /// `text` redacted, with where each replacement went.
    pub fn redaction(&self, text: &str) -> Redaction {
        let found = self.found(text);
        self.replace(text, &found, false)
    }

    /// The byte ranges of `text` that [`Redactor::apply`] replaces, in
    /// order: for cutting a text into pieces without cutting a name in two.
    pub fn spans(&self, text: &str) -> Vec<(usize, usize)> {
        self.found(text)
            .into_iter()
            .map(|(s, e, _)| (s, e))
            .collect()
    }

    /// Every text `table` holds (title, headers, cells, notes), redacted.
    pub fn table(&self, table: &Table) -> Table {
        let mut t = table.clone();
        if self.is_empty() {
            return t;
        }
        let r = |s: &mut String| {
            if let Cow::Owned(o) = self.redact(s) {
                *s = o;
            }
        };
        r(&mut t.title);
        for c in &mut t.columns {
            r(&mut c.key);
            r(&mut c.header);
        }
        for row in &mut t.rows {
            for cell in &mut row.cells {
                match cell {
                    Cell::Text(s) => r(s),
                    Cell::CaseList(items) | Cell::List(items) => items.iter_mut().for_each(r),
                    _ => {}
                }
            }
        }
        for note in &mut t.footnotes {
            // A note keeps its kind unless redaction changes its text.
            let mut text = note.to_string();
            r(&mut text);
            if *note != *text.as_str() {
                *note = crate::message::Note::Text(text);
            }
        }
        t
    }

    /// The names found in `text`: original byte ranges and the index of the
    /// name, in order, not overlapping, longest first where two start
    /// together; replacements already in the text are left alone.
    fn found(&self, text: &str) -> Vec<(usize, usize, usize)> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        let folded = fold(text);
        let f = folded.text.as_str();
        let mut hits: Vec<(usize, usize, usize)> = Vec::new();
        for m in automaton.find_overlapping_iter(f) {
            let name = &self.names[m.pattern().as_usize()];
            if name.word_start && f[..m.start()].chars().next_back().is_some_and(is_word) {
                continue;
            }
            if name.word_end && f[m.end()..].chars().next().is_some_and(is_word) {
                continue;
            }
            let (mut s, mut e) = folded.original(text, m.start(), m.end());
            // A combining mark after the name belongs to its last letter.
            while let Some(c) = text[e..].chars().next()
                && unicode_normalization::char::is_combining_mark(c)
            {
                e += c.len_utf8();
            }
            if let Some(case) = &name.case {
                let got = case_of(&text[s..e]);
                if got.len() == case.len() && &got != case {
                    continue;
                }
            }
            // Leading white space never belongs to a name.
            while let Some(c) = text[s..e].chars().next()
                && c.is_whitespace()
            {
                s += c.len_utf8();
            }
            hits.push((s, e, m.pattern().as_usize()));
        }
        // Leftmost first, then longest; then drop overlaps and anything
        // inside a replacement already made.
        hits.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        let protected = self.replacements_in(text);
        let mut out: Vec<(usize, usize, usize)> = Vec::with_capacity(hits.len());
        for h in hits {
            if out.last().is_some_and(|last| h.0 < last.1) {
                continue;
            }
            if protected.iter().any(|&(s, e)| h.0 < e && s < h.1) {
                continue;
            }
            out.push(h);
        }
        out
    }

    /// Where the list's replacements already stand in `text`.
    fn replacements_in(&self, text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut seen: Vec<&str> = Vec::new();
        for n in &self.names {
            let r = n.replacement.as_str();
            if r.is_empty() || seen.contains(&r) {
                continue;
            }
            seen.push(r);
            out.extend(text.match_indices(r).map(|(i, m)| (i, i + m.len())));
        }
        out
    }

    fn replace(&self, text: &str, found: &[(usize, usize, usize)], lines: bool) -> Redaction {
        let mut out = String::with_capacity(text.len());
        let mut replaced = Vec::with_capacity(found.len());
        let mut at = 0;
        for &(s, e, i) in found {
            out.push_str(&text[at..s]);
            let new_start = out.len();
            out.push_str(&self.names[i].replacement);
            let new_end = out.len();
            if lines {
                out.extend(text[s..e].chars().filter(|&c| c == '\n'));
            }
            replaced.push(Replaced {
                start: s,
                end: e,
                new_start,
                new_end,
            });
            at = e;
        }
        out.push_str(&text[at..]);
        Redaction {
            text: out,
            replaced,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn redactor() -> Redactor {
        Redactor::new(&[
            ("Aroha".into(), "[ICSM]".into()),
            ("Aroha Tane".into(), "[ICSM]".into()),
            ("Dr. Lee".into(), "[GP]".into()),
        ])
    }

    #[test]
    fn whole_words_ignoring_case_longest_first() {
        let r = redactor();
        assert_eq!(
            r.apply("AROHA helped. aroha tane rang."),
            "[ICSM] helped. [ICSM] rang."
        );
        assert_eq!(
            r.apply("Arohanui and Taroha stay"),
            "Arohanui and Taroha stay"
        );
        assert_eq!(r.apply("Aroha\nTane came"), "[ICSM] came");
        assert_eq!(r.apply("saw dr. lee today"), "saw [GP] today");
        assert_eq!(r.spans("I saw Aroha Tane, Aroha"), [(6, 16), (18, 23)]);
        assert!(Redactor::new(&[]).spans("Aroha").is_empty());
    }

    #[test]
    fn a_name_listed_to_match_case_matches_only_as_written() {
        let names = [
            ("Aroha".to_owned(), "[ICSM]".to_owned()),
            ("Dr. Lee".to_owned(), "[GP]".to_owned()),
        ];
        let r = Redactor::with_match_case(&names, &[" Aroha".to_owned()]);
        assert_eq!(
            r.apply("Aroha said aroha is love. ARoha. dr. lee"),
            "[ICSM] said aroha is love. ARoha. [GP]"
        );
        assert_eq!(r.spans("aroha Aroha"), [(6, 11)]);
        // The same name in any case, and its replacement, when not listed.
        let r = Redactor::with_match_case(&names, &[]);
        assert_eq!(r.apply("aroha Aroha"), "[ICSM] [ICSM]");
    }

    #[test]
    fn empty_list_changes_nothing() {
        assert_eq!(Redactor::new(&[]).apply("Aroha"), "Aroha");
    }

    /// The list: names with diacritics, two-word names, one
    /// listed to match case.
    fn listed() -> Redactor {
        Redactor::with_match_case(
            &[
                ("Aroha Ngata".into(), "[P1]".into()),
                ("Aroha".into(), "[P1]".into()),
                ("Zoltán".into(), "[P2]".into()),
                ("Quenby Marsh".into(), "[P3]".into()),
                ("Bartholomew".into(), "[P4]".into()),
                ("Whetu".into(), "[P5]".into()),
                ("O'Brien".into(), "[P6]".into()),
            ],
            &[],
        )
    }

    #[track_caller]
    fn case(text: &str, want: &str) {
        assert_eq!(listed().apply(text), want, "{text:?}");
    }

    #[test]
    fn names_match_as_patterns_do() {
        case("Whētu rang", "[P5] rang");
        case("WHĒTU", "[P5]");
        case("Whe\u{304}tu and Whetū", "[P5] and [P5]");
        case("Zoltan and zoltán", "[P2] and [P2]");
        case("Quenby\n  Marsh came", "[P3] came");
        case("quenby-marsh", "[P3]");
        case("O’Brien, o`brien", "[P6], [P6]");
        case("Aroha-F3.txt", "[P1]-F3.txt");
        case("Whetu Aroha", "[P5] [P1]");
        case(
            "Arohanui Whetus Bartholomews",
            "Arohanui Whetus Bartholomews",
        );
        // A longer name that fails at its end leaves the shorter one.
        case("Aroha Ngatahi", "[P1] Ngatahi");
        case("Aroha Ngata", "[P1]");
    }

    #[test]
    fn redacting_twice_changes_nothing() {
        let r = Redactor::new(&[
            ("Hope".into(), "[Hope]".into()),
            ("Tane".into(), "[P1]".into()),
        ]);
        let once = r.apply("Hope and Tane");
        assert_eq!(once, "[Hope] and [P1]");
        assert_eq!(r.apply(&once), once);
    }

    #[test]
    fn line_breaks_inside_a_name_are_kept_for_line_counts() {
        let r = listed();
        assert_eq!(r.redact_lines("a Quenby\nMarsh b\nc"), "a [P3]\n b\nc");
        assert_eq!(r.redact("a Quenby\nMarsh b"), "a [P3] b");
    }

    #[test]
    fn offsets_move_through_the_redaction() {
        let text = "I saw Quenby Marsh today";
        let done = listed().redaction(text);
        assert_eq!(done.text, "I saw [P3] today");
        let shown = |start: usize, end: usize| {
            done.text[done.offset(start, false)..done.offset(end, true)].to_owned()
        };
        // "Marsh" alone, highlighted, covers the whole replacement.
        let marsh = text.find("Marsh").unwrap();
        assert_eq!(shown(marsh, marsh + 5), "[P3]");
        let today = text.find("today").unwrap();
        assert_eq!(shown(today, text.len()), "today");
        assert_eq!(shown(0, 5), "I saw");
    }

    #[test]
    fn a_table_is_redacted_everywhere_it_holds_text() {
        use crate::table::{Column, Row};
        let t = Table {
            title: "Quotes by contact: Whetu".into(),
            columns: vec![Column::text("whetu", "Whētu (n=1)")],
            rows: vec![
                Row {
                    depth: 0,
                    cells: vec![Cell::CaseList(vec!["Bartholomew".into()])],
                },
                Row {
                    depth: 0,
                    cells: vec![Cell::List(vec!["Zoltan".into()])],
                },
                Row {
                    depth: 0,
                    cells: vec![Cell::Text("Aroha".into())],
                },
            ],
            footnotes: vec!["by Quenby Marsh".into(), crate::message::Note::Indicative],
        };
        let redacted = listed().table(&t);
        // A note redaction leaves as it was keeps its kind.
        assert_eq!(redacted.footnotes[1], crate::message::Note::Indicative);
        let got = format!("{redacted:?}");
        for name in ["Whetu", "Whētu", "Bartholomew", "Zoltan", "Aroha", "Quenby"] {
            assert!(!got.contains(name), "{name} in {got}");
        }
    }
}
