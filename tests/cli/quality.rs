//! How well the shipped codebooks code real speech: the 26 participant
//! quotes printed in the Kent NOW evaluation (tests/fixtures/kent-quotes),
//! each filed by the report under a section whose codebook should code it.
//!
//! Per section: how many quotes get at least one code of the section's own
//! codebook (a recall-like hit count), and how many get a code from a
//! codebook outside the section's plausible set (quotes.csv and the
//! fixture's README say which and why). The floors and ceilings below are
//! the measured figures, so a codebook change that loses a hit or adds an
//! implausible code fails here; one that does better prints that the floor
//! can be raised.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use crate::harness::{Project, fixture_in_repo_layout};

/// Per section, by its codebook: (codebook, quotes, at least this many
/// quotes coded by that codebook, at most this many with an implausible
/// code).
const FIGURES: [(&str, usize, usize, usize); 4] = [
    // None of the three names a method of recruitment: they are about
    // registering (drop-in or appointment), which the service codebook codes.
    ("recruitment", 3, 0, 1),
    ("life_on_benefit", 15, 13, 0),
    ("motivators", 2, 2, 0),
    ("barriers", 6, 6, 0),
];

/// One row of the fixture's quotes.csv.
struct Quote {
    id: String,
    case: String,
    section: String,
    document: String,
    line: usize,
    expected: String,
    plausible: BTreeSet<String>,
}

fn quotes(csv: &str) -> Vec<Quote> {
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(
        headers.iter().collect::<Vec<_>>(),
        [
            "quote",
            "case",
            "site",
            "section",
            "document",
            "line",
            "expected",
            "plausible"
        ]
    );
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            Quote {
                id: r[0].to_owned(),
                case: r[1].to_owned(),
                section: r[3].to_owned(),
                document: r[4].to_owned(),
                line: r[5].parse().unwrap(),
                expected: r[6].to_owned(),
                plausible: r[7].split_whitespace().map(str::to_owned).collect(),
            }
        })
        .collect()
}

/// The codes of each coded segment, by (document, first line).
fn codes_by_segment(auto: &str) -> BTreeMap<(String, usize), BTreeSet<String>> {
    let mut reader = csv::Reader::from_reader(auto.as_bytes());
    let mut out: BTreeMap<(String, usize), BTreeSet<String>> = BTreeMap::new();
    for r in reader.records() {
        let r = r.unwrap();
        out.entry((r[0].to_owned(), r[3].parse().unwrap()))
            .or_default()
            .insert(r[5].to_owned());
    }
    out
}

fn codebook(code: &str) -> &str {
    code.split('.').next().unwrap_or(code)
}

/// Require each quote to be its case's turn at the stated line, and the
/// plausible codebooks to be set per section, never per quote.
fn check_mapping(p: &Project, quotes: &[Quote]) {
    let mut plausible_by_section: BTreeMap<&str, &BTreeSet<String>> = BTreeMap::new();
    for q in quotes {
        let text = p.read(&q.document);
        let line = text.lines().nth(q.line - 1).unwrap_or_default();
        assert!(
            line.starts_with(&format!("{}: ", q.case)),
            "{}: line {} of {} is not {}'s turn: {line:?}",
            q.id,
            q.line,
            q.document,
            q.case
        );
        assert!(q.plausible.contains(&q.expected), "{}", q.id);
        let first = plausible_by_section
            .entry(&q.section)
            .or_insert(&q.plausible);
        assert_eq!(
            *first, &q.plausible,
            "{}: plausible set differs within {}",
            q.id, q.section
        );
    }
}

/// (quotes, quotes coded by the expected codebook, quotes with an
/// implausible code) per expected codebook, and a line per quote.
type Figures<'a> = BTreeMap<&'a str, (usize, usize, usize)>;

fn measure<'a>(
    quotes: &'a [Quote],
    coded: &BTreeMap<(String, usize), BTreeSet<String>>,
) -> (Figures<'a>, String) {
    let placed: BTreeSet<(String, usize)> = quotes
        .iter()
        .map(|q| (q.document.clone(), q.line))
        .collect();
    for segment in coded.keys() {
        assert!(
            placed.contains(segment),
            "a coded segment that is no quote: {segment:?}"
        );
    }
    let mut got = Figures::new();
    let mut detail = String::new();
    for q in quotes {
        let codes = coded
            .get(&(q.document.clone(), q.line))
            .cloned()
            .unwrap_or_default();
        let hit = codes.iter().any(|c| codebook(c) == q.expected);
        let implausible: BTreeSet<&str> = codes
            .iter()
            .map(|c| codebook(c))
            .filter(|b| !q.plausible.contains(*b))
            .collect();
        let row = got.entry(&q.expected).or_default();
        row.0 += 1;
        row.1 += usize::from(hit);
        row.2 += usize::from(!implausible.is_empty());
        writeln!(
            detail,
            "{} {:<15} {:<4} {:<12} {}",
            q.id,
            q.expected,
            if hit { "hit" } else { "-" },
            implausible.into_iter().collect::<Vec<_>>().join(","),
            codes.into_iter().collect::<Vec<_>>().join(" "),
        )
        .unwrap();
    }
    (got, detail)
}

#[test]
fn shipped_codebooks_code_the_kent_quotes_at_least_as_well_as_measured() {
    let p = fixture_in_repo_layout("kent-quotes");
    p.ok(&["check"]);
    p.code();
    let quotes = quotes(&p.read("quotes.csv"));
    assert_eq!(quotes.len(), 26);
    check_mapping(&p, &quotes);
    let (got, detail) = measure(&quotes, &codes_by_segment(&p.read("codings/auto.csv")));

    let mut table = String::from(
        "| section codebook | quotes | coded by it | implausible code |\n|---|---:|---:|---:|\n",
    );
    for (book, n, _, _) in FIGURES {
        let (quotes, hit, implausible) = got.get(book).copied().unwrap_or_default();
        assert_eq!(quotes, n, "{book}: quotes");
        writeln!(table, "| {book} | {n} | {hit} | {implausible} |").unwrap();
    }
    eprintln!("Kent NOW quotes, shipped codebooks:\n{table}\n{detail}");
    assert_eq!(
        got.len(),
        FIGURES.len(),
        "a section without figures: {got:?}"
    );

    let mut failures = Vec::new();
    for (book, _, floor, ceiling) in FIGURES {
        let (_, hit, implausible) = got[book];
        if hit < floor {
            failures.push(format!(
                "{book}: {hit} quotes coded by it, want at least {floor}"
            ));
        } else if hit > floor {
            eprintln!("{book}: {hit} quotes coded by it, better than {floor}: raise the floor");
        }
        if implausible > ceiling {
            failures.push(format!(
                "{book}: {implausible} quotes with an implausible code, want at most {ceiling}"
            ));
        } else if implausible < ceiling {
            eprintln!(
                "{book}: {implausible} implausible, better than {ceiling}: lower the ceiling"
            );
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n{table}\n{detail}",
        failures.join("\n")
    );
}
