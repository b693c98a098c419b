//! Agreement between two coders, or between auto-coding and a coder: which
//! codings each made, the sample of units both looked at, and per code the
//! 2×2 table of their yes/no decisions. The statistics live in [`stats`]
//! (pure functions); the tables built from them in [`report`]. Reads the
//! codings files, never writes them, and never prints.
//!
//! What a coder coded: a person's `add` and `accept` rows (the last row for
//! a segment and code wins, so a later `reject` takes an earlier `add`
//! back); for `auto`, the auto codings before any coder's decisions.
//!
//! The sample: for two people, the participant segments of the documents in
//! which both have at least one row; for `auto` and a person, those of the
//! documents in which the person has at least one row (auto coded every
//! document). A parent code counts a unit if it or any code below it
//! applies, as in `freq`.
//!
//! Inside, codes are numbers: each coder's codes are resolved once to
//! their [`CodeIx`] in the project's code table, the codes compared are a
//! run of numbers, and each unit's codes (parents rolled up) are a sorted
//! list of numbers.

pub mod interval;
pub mod report;
pub mod stats;
pub mod validity;

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::codebook::{Code, CodeIx, CodeSet, CodeTable};
use crate::coding::store::{self, Action};
use crate::ingest::{Corpus, SegmentInfo};
use crate::project::Filter;
use crate::project::Project;
use crate::table::roles::{LeftOut, roles_of};
use crate::{Error, Location, Result};

pub use report::{Agreement, AgreementMeans, AgreementRow, Scored, agreement, disagreements};
pub use stats::Confusion;

/// The name that stands for the auto codings in `--coders`.
pub const AUTO: &str = "auto";

/// What one unit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AgreeUnit {
    /// One participant segment (turn).
    #[default]
    Segment,
    /// One case: coded if any of its segments in the sample is.
    Case,
}

impl AgreeUnit {
    /// The unit's name, singular.
    pub fn name(self) -> &'static str {
        match self {
            AgreeUnit::Segment => "segment",
            AgreeUnit::Case => "case",
        }
    }

    /// The unit's name, plural.
    pub fn plural(self) -> &'static str {
        match self {
            AgreeUnit::Segment => "segments",
            AgreeUnit::Case => "cases",
        }
    }
}

/// What to compare.
#[derive(Debug, Clone, Default)]
pub struct AgreeOptions {
    /// The unit of agreement.
    pub unit: AgreeUnit,
    /// Only the codes of this codebook.
    pub codebook: Option<String>,
    /// Only this code and the codes below it.
    pub code: Option<String>,
    /// Only segments of cases passing this filter.
    pub filter: Filter,
    /// Case roles: cases whose role the compared codes do not apply to are
    /// left out of the sample.
    pub roles: crate::project::Roles,
}

/// One coder's codings, resolved to segments.
#[derive(Debug, Clone, Default)]
pub struct CoderCodings {
    /// The coder's name (`auto` for the auto codings).
    pub name: String,
    /// The documents the coder looked at (has a row in); `None` for auto,
    /// which coded every document.
    pub documents: Option<BTreeSet<String>>,
    /// (document, segment ordinal) → the codes applied there, by number
    /// in the project's code table ([`CodeSet::table`]).
    pub applied: HashMap<(String, usize), BTreeSet<CodeIx>>,
    /// The codebooks the coder has any row in (empty for auto).
    pub codebooks: BTreeSet<String>,
    /// For a coder read from a validation sample sheet: the sample.
    pub sampled: Option<Sampled>,
}

/// What a coder coded of a validation sample (`qualcode sample`).
#[derive(Debug, Clone, Default)]
pub struct Sampled {
    /// The sheet as shown (`codings/samples/ana.csv`).
    pub display: String,
    /// The segments the coder decided, as (document, ordinal).
    pub decided: HashSet<(String, usize)>,
    /// How many segments were drawn.
    pub drawn: usize,
    /// The codebook sampled (`None`: all).
    pub codebook: Option<String>,
    /// The seed drawn with.
    pub seed: u64,
}

/// A coder's codings from their validation sheet: the codes of each
/// segment they decided (none for `-`).
fn from_sheet(
    name: &str,
    sheet: &crate::sample::Sheet,
    display: &str,
    corpus: &Corpus,
    codes: &CodeSet,
) -> Result<CoderCodings> {
    let mut out = CoderCodings {
        name: name.to_owned(),
        documents: Some(BTreeSet::new()),
        applied: HashMap::new(),
        codebooks: BTreeSet::new(),
        sampled: Some(Sampled {
            display: display.to_owned(),
            decided: HashSet::new(),
            drawn: sheet.rows.len(),
            codebook: sheet.codebook.clone(),
            seed: sheet.seed,
        }),
    };
    for row in &sheet.rows {
        let Some(row_codes) = &row.codes else {
            continue;
        };
        let ordinal = corpus
            .outline(&row.document)
            .and_then(|o| o.segment_at(row.line))
            .map(|s| s.ordinal)
            .ok_or_else(|| {
                Error::invalid(format!(
                    "{}:{} is not a participant segment",
                    row.document, row.line
                ))
                .at(Location::file(display))
            })?;
        if let Some(docs) = &mut out.documents {
            docs.insert(row.document.clone());
        }
        if let Some(s) = &mut out.sampled {
            s.decided.insert((row.document.clone(), ordinal));
        }
        let set = out
            .applied
            .entry((row.document.clone(), ordinal))
            .or_default();
        for c in row_codes {
            out.codebooks.insert(crate::id::book(c).to_owned());
            set.insert(number(codes, c, display)?);
        }
    }
    if out.applied.is_empty() {
        return Err(Error::invalid(format!(
            "{name} has coded none of the {} segments of this sample yet: code them with \
             `qualcode review --coder {name} --sample`, or fill the codes column",
            sheet.rows.len()
        ))
        .at(Location::file(display)));
    }
    // The codebooks offered count as looked at, coded or not.
    out.codebooks.extend(sheet.codebook.clone());
    Ok(out)
}

impl CoderCodings {
    /// Whether this is the auto codings.
    pub fn is_auto(&self) -> bool {
        self.documents.is_none()
    }
}

/// Check `names` names two different coders, and read their codings: a
/// person's file `codings/<name>.csv`, or the auto codings for `auto`
/// (with the notes on how they were read). Against `auto`, a person with
/// a validation sample (`codings/samples/<name>.csv`, see
/// [`crate::sample`]) is read from it: their decisions on the sample.
pub fn load_coders(
    project: &Project,
    corpus: &Corpus,
    codes: &CodeSet,
    names: &[String],
) -> Result<([CoderCodings; 2], Vec<String>)> {
    let [first, second] = names else {
        return Err(Error::usage(format!(
            "--coders takes two coders separated by a comma (ana,ben; or auto,ana to score \
             auto-coding against ana), not '{}'",
            names.join(",")
        )));
    };
    if first == second {
        return Err(Error::usage(format!(
            "--coders names '{first}' twice: name two different coders"
        )));
    }
    let files = store::manual_files(&project.codings_dir(), "codings")?;
    let mut notes = Vec::new();
    let mut read = |name: &str| -> Result<CoderCodings> {
        if name == AUTO {
            let (auto, n) = crate::coding::load_auto(project, corpus, codes)?;
            notes.extend(n);
            let table = codes.table();
            let mut applied: HashMap<(String, usize), BTreeSet<CodeIx>> = HashMap::new();
            for c in auto {
                // Auto codings are of loaded codes; one that is not counts
                // under its nearest loaded ancestor, as in the tables.
                let Some(ix) = table.nearest(&c.code) else {
                    continue;
                };
                applied
                    .entry((c.document, c.segment))
                    .or_default()
                    .insert(ix);
            }
            return Ok(CoderCodings {
                name: AUTO.to_owned(),
                documents: None,
                applied,
                codebooks: BTreeSet::new(),
                sampled: None,
            });
        }
        if names.iter().any(|n| n == AUTO)
            && let Some(sheet) = crate::sample::read(project, corpus, codes, name)?
        {
            let (_, display) = crate::sample::sheet_path(project, name);
            return from_sheet(name, &sheet, &display, corpus, codes);
        }
        let Some((_, path, display)) = files.iter().find(|(coder, _, _)| coder == name) else {
            return Err(unknown_coder(name, &files));
        };
        person(
            &store::read_manual(path, display, name)?,
            display,
            corpus,
            codes,
        )
    };
    let first = read(first)?;
    let second = read(second)?;
    Ok(([first, second], notes))
}

fn unknown_coder(name: &str, files: &[(String, std::path::PathBuf, String)]) -> Error {
    if files.is_empty() {
        return Error::usage(format!(
            "unknown coder '{name}': there are no coders' files in codings/ yet; a coder's \
             decisions go in codings/<coder>.csv (columns document,line,code,action,memo), \
             and `auto` names the auto codings"
        ));
    }
    let known: Vec<&str> = files.iter().map(|(c, _, _)| c.as_str()).collect();
    Error::usage(format!(
        "unknown coder '{name}': the coders with files in codings/ are {}, and `auto` names \
         the auto codings",
        known.join(", ")
    ))
}

/// A person's codings from their rows: add and accept code, reject
/// uncodes; the last row for a segment and code wins.
fn person(
    rows: &[store::ManualRow],
    display: &str,
    corpus: &Corpus,
    codes: &CodeSet,
) -> Result<CoderCodings> {
    let Some(first) = rows.first() else {
        return Err(Error::invalid(
            "this coder's file has no rows, so there is nothing to compare: it needs at least \
             one add, accept or reject row",
        )
        .at(Location::file(display)));
    };
    let mut out = CoderCodings {
        name: first.coder.clone(),
        documents: Some(BTreeSet::new()),
        applied: HashMap::new(),
        codebooks: BTreeSet::new(),
        sampled: None,
    };
    for row in rows {
        let segment = crate::coding::merge::resolve(row, corpus, codes)?;
        let book = crate::id::book(&row.code);
        if !out.codebooks.contains(book) {
            out.codebooks.insert(book.to_owned());
        }
        if let Some(docs) = &mut out.documents {
            docs.insert(row.document.clone());
        }
        let set = out
            .applied
            .entry((row.document.clone(), segment.ordinal))
            .or_default();
        let ix = number(codes, &row.code, display)?;
        match row.action {
            Action::Add | Action::Accept => set.insert(ix),
            Action::Reject => set.remove(&ix),
        };
    }
    Ok(out)
}

/// The number of code `id` of a coder's file shown as `display`. Readers
/// check their codes against the codebooks first, so an unknown code here
/// is a slip of theirs, reported rather than passed over.
fn number(codes: &CodeSet, id: &str, display: &str) -> Result<CodeIx> {
    codes.table().index_of(id).ok_or_else(|| {
        Error::invalid("not a code of the loaded codebooks")
            .at(Location::file(display))
            .with_code(id)
    })
}

/// One unit of the sample: a segment, or a case with its segments.
#[derive(Debug, Clone)]
pub(crate) struct Unit<'c> {
    /// The case.
    pub(crate) case: &'c str,
    /// Its segments in the sample, as (document, segment).
    pub(crate) segments: Vec<(&'c str, &'c SegmentInfo)>,
}

/// The two coders' decisions over the sample.
pub(crate) struct Comparison<'a> {
    /// The codes compared, with their numbers, in codebook (tree) order.
    pub(crate) codes: Vec<(CodeIx, &'a Code)>,
    /// The code table the numbers are of.
    pub(crate) table: &'a CodeTable,
    /// The sample's units, in document and segment order, or by case.
    pub(crate) units: Vec<Unit<'a>>,
    /// The documents of the sample.
    pub(crate) documents: usize,
    /// Per coder and unit, the numbers of the codes that apply, parents
    /// rolled up, sorted.
    coded: [Vec<Vec<CodeIx>>; 2],
    /// Per unit, its case's place in natural order of the sample's cases.
    case_of: Vec<usize>,
    /// How many cases the units are of.
    cases: usize,
    /// The sample's cases left out because of their role.
    pub(crate) left_out: LeftOut,
}

impl<'a> Comparison<'a> {
    /// Build the sample and each coder's rolled-up codes per unit.
    pub(crate) fn new(
        coders: &[CoderCodings; 2],
        corpus: &'a Corpus,
        codes: &'a CodeSet,
        opts: &AgreeOptions,
    ) -> Result<Comparison<'a>> {
        opts.filter.validate(corpus)?;
        let sampled = coders.iter().find_map(|c| c.sampled.as_ref());
        let compared = universe(codes, opts, sampled.and_then(|s| s.codebook.as_deref()))?;
        let looked =
            |c: &CoderCodings, doc: &str| c.documents.as_ref().is_none_or(|d| d.contains(doc));
        let sample: Vec<_> = corpus
            .outlines
            .iter()
            .filter(|o| coders.iter().all(|c| looked(c, &o.path)))
            .collect();
        if sample.is_empty() {
            return Err(Error::invalid(format!(
                "{} and {} have no document in common: agreement needs both to have at least \
                 one row in the same transcript",
                coders[0].name, coders[1].name
            )));
        }
        let in_sample: HashSet<&str> = sample
            .iter()
            .flat_map(|o| o.segments.iter().map(|s| s.case.as_str()))
            .collect();
        let left_out = LeftOut::find(
            corpus
                .cases
                .iter()
                .filter(|c| in_sample.contains(c.id.as_str()) && opts.filter.accepts(c)),
            &opts.roles,
            roles_of(compared.iter().map(|&(_, c)| c)).as_deref(),
        );
        let mut segments = Vec::new();
        for o in &sample {
            for s in &o.segments {
                let passes = opts.filter.conditions.is_empty()
                    || corpus
                        .cases
                        .get(&s.case)
                        .is_some_and(|c| opts.filter.accepts(c));
                let drawn =
                    sampled.is_none_or(|d| d.decided.contains(&(o.path.clone(), s.ordinal)));
                if passes && drawn && !left_out.contains(&s.case) {
                    segments.push((o.path.as_str(), s));
                }
            }
        }
        if segments.is_empty() {
            return Err(Error::usage(
                "no participant segment of the sample's documents belongs to a case that \
                 passes --where: nothing to compare",
            ));
        }
        // The documents that hold a unit: with --where, only those of the
        // cases that pass it.
        let documents = segments
            .iter()
            .map(|&(d, _)| d)
            .collect::<BTreeSet<_>>()
            .len();
        let units = match opts.unit {
            AgreeUnit::Segment => segments
                .into_iter()
                .map(|(d, s)| Unit {
                    case: &s.case,
                    segments: vec![(d, s)],
                })
                .collect(),
            AgreeUnit::Case => {
                let mut by_case: Vec<Unit<'a>> = Vec::new();
                for (d, s) in segments {
                    match by_case.iter_mut().find(|u| u.case == s.case) {
                        Some(u) => u.segments.push((d, s)),
                        None => by_case.push(Unit {
                            case: &s.case,
                            segments: vec![(d, s)],
                        }),
                    }
                }
                by_case
                    .sort_by(|a, b| crate::natural::cmp(a.case, b.case).then(a.case.cmp(b.case)));
                by_case
            }
        };
        let table = codes.table();
        let coded = [0, 1].map(|i| {
            units
                .iter()
                .map(|u| rolled_up(&coders[i], u, table))
                .collect()
        });
        let (case_of, cases) = case_places(&units);
        Ok(Comparison {
            codes: compared,
            table,
            units,
            documents,
            coded,
            case_of,
            cases,
            left_out,
        })
    }

    /// Whether coder `i` coded `unit` with `code` (or a code below it).
    pub(crate) fn has(&self, i: usize, unit: usize, code: CodeIx) -> bool {
        self.coded[i][unit].binary_search(&code).is_ok()
    }

    /// The 2×2 table of `code` over the sample.
    pub(crate) fn confusion(&self, code: CodeIx) -> Confusion {
        let mut t = Confusion::default();
        for u in 0..self.units.len() {
            t.add(self.has(0, u, code), self.has(1, u, code));
        }
        t
    }

    /// How many cases the sample's units are of.
    pub(crate) fn cases(&self) -> usize {
        self.cases
    }

    /// The 2×2 table of `code` per case (in natural case order), for the
    /// bootstrap over cases.
    pub(crate) fn by_case(&self, code: CodeIx) -> Vec<Confusion> {
        let mut out = vec![Confusion::default(); self.cases];
        for (u, &case) in self.case_of.iter().enumerate() {
            out[case].add(self.has(0, u, code), self.has(1, u, code));
        }
        out
    }
}

/// Per unit, its case's place in natural order of the units' cases; and
/// how many cases there are.
fn case_places(units: &[Unit<'_>]) -> (Vec<usize>, usize) {
    let mut names: Vec<&str> = units.iter().map(|u| u.case).collect();
    names.sort_by(|a, b| crate::natural::cmp(a, b).then(a.cmp(b)));
    names.dedup();
    let place: HashMap<&str, usize> = names.iter().enumerate().map(|(i, &c)| (c, i)).collect();
    (units.iter().map(|u| place[u.case]).collect(), names.len())
}

/// The codes compared: every code, or those of `--codebook` (or the
/// codebook a validation sample was drawn for) and under `--code`.
fn universe<'a>(
    codes: &'a CodeSet,
    opts: &AgreeOptions,
    sampled: Option<&str>,
) -> Result<Vec<(CodeIx, &'a Code)>> {
    if let (Some(book), Some(sampled)) = (&opts.codebook, sampled)
        && book != sampled
    {
        return Err(Error::usage(format!(
            "--codebook {book}: the validation sample was drawn for codebook {sampled}, whose \
             codes alone the coder was offered"
        )));
    }
    let book = opts.codebook.as_deref().or(sampled);
    let in_book = match book {
        Some(book) => {
            codes.codebook(book)?;
            codes.range(book)
        }
        None => None,
    };
    let root = match &opts.code {
        Some(code) => {
            codes.require(code)?;
            codes.range(code)
        }
        None => None,
    };
    let out: Vec<(CodeIx, &Code)> = codes
        .table()
        .all()
        .iter()
        .filter(|&ix| in_book.is_none_or(|b| b.contains(ix)))
        .filter(|&ix| root.is_none_or(|r| r.contains(ix)))
        .map(|ix| (ix, codes.code_at(ix)))
        .collect();
    if out.is_empty() {
        return Err(Error::usage(match (&opts.code, book) {
            (Some(code), Some(book)) => {
                format!("code {code} is not in codebook {book}: nothing to compare")
            }
            _ => "no codes to compare: the project's codebooks have none".to_owned(),
        }));
    }
    Ok(out)
}

/// The codes `coder` applied anywhere in `unit`, with every code above
/// them, by number, sorted.
fn rolled_up(coder: &CoderCodings, unit: &Unit<'_>, table: &CodeTable) -> Vec<CodeIx> {
    let mut out = BTreeSet::new();
    for (doc, seg) in &unit.segments {
        let Some(applied) = coder.applied.get(&((*doc).to_owned(), seg.ordinal)) else {
            continue;
        };
        for &ix in applied {
            let mut code = Some(ix);
            // A code already in holds its ancestors too.
            while let Some(c) = code
                && out.insert(c)
            {
                code = table.parent(c);
            }
        }
    }
    out.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Outline;
    use crate::project::Cases;
    use crate::table::Cell;

    fn corpus() -> Corpus {
        let seg = |ordinal, case: &str, line| SegmentInfo {
            ordinal,
            case: case.into(),
            line_start: line,
            line_end: line,
        };
        let outline = |path: &str, segments| Outline {
            path: path.into(),
            cases: vec![],
            attributes: vec![],
            segments,
            preamble: None,
            speakers: vec![],
            notices: vec![],
            detected: vec![],
            encoding: "UTF-8",
            turns_hash: 0,
        };
        Corpus::new(
            vec![
                outline("t/A.txt", vec![seg(1, "A", 2), seg(3, "A", 4)]),
                outline("t/B.txt", vec![seg(1, "B", 2)]),
                outline("t/C.txt", vec![seg(1, "C", 2)]),
            ],
            Cases::default(),
        )
    }

    fn codes() -> CodeSet {
        let mut set = CodeSet::default();
        let yaml = "codebook: m\ncodes:\n  - id: fam\n    children:\n      - id: kids\n      - id: partner\n  - id: money\n";
        set.add(CodeSet::parse(yaml, "m.yaml").unwrap()).unwrap();
        set
    }

    fn row(document: &str, line: usize, code: &str, action: Action) -> store::ManualRow {
        store::ManualRow {
            coder: "ana".into(),
            location: Location::line("codings/ana.csv", 2),
            document: document.into(),
            line,
            code: code.into(),
            action,
            memo: String::new(),
        }
    }

    fn coder(name: &str, docs: Option<&[&str]>, applied: &[(&str, usize, &str)]) -> CoderCodings {
        let mut c = CoderCodings {
            name: name.into(),
            documents: docs.map(|d| d.iter().map(|&s| s.to_owned()).collect()),
            applied: HashMap::new(),
            codebooks: BTreeSet::new(),
            sampled: None,
        };
        for &(doc, seg, code) in applied {
            c.applied
                .entry((doc.to_owned(), seg))
                .or_default()
                .insert(ix(code));
        }
        c
    }

    /// The number of code `id` of [`codes`].
    fn ix(id: &str) -> CodeIx {
        codes().table().index_of(id).unwrap()
    }

    #[test]
    fn a_persons_last_row_for_a_segment_and_code_wins() {
        let rows = [
            row("t/A.txt", 2, "m.money", Action::Add),
            row("t/A.txt", 2, "m.money", Action::Reject),
            row("t/A.txt", 4, "m.fam.kids", Action::Accept),
            row("t/B.txt", 2, "m.money", Action::Reject),
        ];
        let c = person(&rows, "codings/ana.csv", &corpus(), &codes()).unwrap();
        assert_eq!(c.name, "ana");
        let docs: Vec<_> = c.documents.iter().flatten().map(String::as_str).collect();
        assert_eq!(
            docs,
            ["t/A.txt", "t/B.txt"],
            "a reject alone marks a document looked at"
        );
        assert!(c.applied[&("t/A.txt".to_owned(), 1)].is_empty());
        assert!(c.applied[&("t/A.txt".to_owned(), 3)].contains(&ix("m.fam.kids")));
        let err = person(&[], "codings/ana.csv", &corpus(), &codes()).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("codings/ana.csv: this coder's file has no rows")
        );
    }

    #[test]
    fn a_code_not_loaded_in_a_coders_file_is_reported_with_the_file() {
        let err = number(&codes(), "m.zz", "codings/ana.csv").unwrap_err();
        assert_eq!(
            err.to_string(),
            "codings/ana.csv: code m.zz: not a code of the loaded codebooks"
        );
        assert_eq!(err.code(), Some("m.zz"));
        assert_eq!(number(&codes(), "m.money", "x").unwrap(), ix("m.money"));
    }

    #[test]
    fn cases_are_numbered_in_natural_order_for_the_bootstrap() {
        let unit = |case| Unit {
            case,
            segments: Vec::new(),
        };
        let units = [unit("P10"), unit("P2"), unit("P10"), unit("P1")];
        assert_eq!(case_places(&units), (vec![2, 1, 2, 0], 3));
    }

    #[test]
    fn the_sample_is_the_documents_both_people_looked_at_or_the_persons_for_auto() {
        let (corpus, codes) = (corpus(), codes());
        let ana = coder("ana", Some(&["t/A.txt", "t/B.txt"]), &[]);
        let ben = coder("ben", Some(&["t/B.txt", "t/C.txt"]), &[]);
        let auto = coder("auto", None, &[]);
        let opts = AgreeOptions::default();
        let cmp = Comparison::new(&[ana.clone(), ben.clone()], &corpus, &codes, &opts).unwrap();
        assert_eq!((cmp.documents, cmp.units.len()), (1, 1));
        let cmp = Comparison::new(&[auto, ana.clone()], &corpus, &codes, &opts).unwrap();
        assert_eq!((cmp.documents, cmp.units.len()), (2, 3));
        let only_c = coder("cy", Some(&["t/C.txt"]), &[]);
        let err = Comparison::new(&[ana, only_c], &corpus, &codes, &opts)
            .err()
            .unwrap();
        assert!(
            err.message()
                .starts_with("ana and cy have no document in common"),
            "{err}"
        );
    }

    #[test]
    fn parents_roll_up_and_cases_count_any_segment() {
        let (corpus, codes) = (corpus(), codes());
        let docs: &[&str] = &["t/A.txt"];
        let ana = coder("ana", Some(docs), &[("t/A.txt", 1, "m.fam.kids")]);
        let ben = coder("ben", Some(docs), &[("t/A.txt", 3, "m.fam.partner")]);
        let coders = [ana, ben];
        let cmp = Comparison::new(&coders, &corpus, &codes, &AgreeOptions::default()).unwrap();
        // Per segment: they agree on neither the parent nor the children.
        let fam = cmp.confusion(ix("m.fam"));
        assert_eq!((fam.both, fam.first_only, fam.second_only), (0, 1, 1));
        let opts = AgreeOptions {
            unit: AgreeUnit::Case,
            ..AgreeOptions::default()
        };
        let cmp = Comparison::new(&coders, &corpus, &codes, &opts).unwrap();
        // Per case: both say case A mentions family.
        assert_eq!(cmp.confusion(ix("m.fam")).both, 1);
        assert_eq!(cmp.confusion(ix("m.fam.kids")).first_only, 1);
        assert_eq!(cmp.confusion(ix("m.money")).neither, 1);
    }

    #[test]
    fn a_validation_sample_restricts_the_units_to_the_segments_decided() {
        let (corpus, codes) = (corpus(), codes());
        let auto = coder(
            "auto",
            None,
            &[("t/A.txt", 1, "m.money"), ("t/B.txt", 1, "m.money")],
        );
        let mut ana = coder(
            "ana",
            Some(&["t/A.txt", "t/C.txt"]),
            &[("t/C.txt", 1, "m.money")],
        );
        ana.applied.insert(("t/A.txt".into(), 3), BTreeSet::new());
        ana.sampled = Some(Sampled {
            decided: [("t/A.txt".to_owned(), 3), ("t/C.txt".to_owned(), 1)].into(),
            drawn: 3,
            codebook: Some("m".into()),
            ..Sampled::default()
        });
        let coders = [auto, ana];
        let cmp = Comparison::new(&coders, &corpus, &codes, &AgreeOptions::default()).unwrap();
        // A:1, coded by auto, was not decided by ana: not in the sample.
        assert_eq!(cmp.units.len(), 2);
        let money = cmp.confusion(ix("m.money"));
        assert_eq!(
            (
                money.both,
                money.first_only,
                money.second_only,
                money.neither
            ),
            (0, 0, 1, 1)
        );
        assert_eq!(cmp.by_case(ix("m.money")).len(), 2);
        let opts = AgreeOptions {
            codebook: Some("zz".into()),
            ..AgreeOptions::default()
        };
        let err = Comparison::new(&coders, &corpus, &codes, &opts)
            .err()
            .unwrap();
        assert!(err.message().contains("drawn for codebook m"), "{err}");
    }

    #[test]
    fn the_agreement_is_typed_and_its_table_shows_each_figure_under_its_key() {
        let (corpus, codes) = (corpus(), codes());
        let auto = coder(
            "auto",
            None,
            &[("t/A.txt", 1, "m.money"), ("t/B.txt", 1, "m.fam.kids")],
        );
        let ana = coder(
            "ana",
            Some(&["t/A.txt", "t/B.txt"]),
            &[("t/A.txt", 1, "m.money"), ("t/A.txt", 3, "m.money")],
        );
        let a = agreement(&[auto, ana], &corpus, &codes, &AgreeOptions::default()).unwrap();
        assert!(a.scored);
        assert_eq!(a.coders, ["auto".to_owned(), "ana".to_owned()]);
        let money = a
            .rows
            .iter()
            .find(|r| r.code.as_deref() == Some("m.money"))
            .unwrap();
        assert_eq!(
            (money.units, money.first, money.second, money.both),
            (3, 1, 2, 1)
        );
        assert_eq!(money.scored.unwrap().precision, Some(1.0));
        assert_eq!(money.scored.unwrap().recall, Some(0.5));
        assert_eq!(a.pooled.code, None);
        assert_eq!(a.pooled.both, a.rows.iter().map(|r| r.both).sum::<usize>());
        // Every figure of every row is in the column its key names.
        let t = a.to_table();
        let col = |key: &str| t.columns.iter().position(|c| c.key == key).unwrap();
        for (r, row) in a.rows.iter().chain([&a.pooled]).enumerate() {
            let cells = &t.rows[r].cells;
            assert_eq!(cells[col("code")], Cell::Text(row.label.clone()));
            assert_eq!(
                cells[col("id")],
                row.code.clone().map_or(Cell::Empty, Cell::Text)
            );
            assert_eq!(cells[col("coded_auto")], Cell::Count(row.first));
            assert_eq!(cells[col("coded_ana")], Cell::Count(row.second));
            assert_eq!(cells[col("both")], Cell::Count(row.both));
            assert_eq!(cells[col("kappa")], Cell::Statistic(row.kappa));
            let s = row.scored.unwrap();
            assert_eq!(cells[col("recall")], Cell::Statistic(s.recall));
            assert_eq!(cells[col("f1_ci")], Cell::Interval(s.f1_ci));
        }
        let mean = &t.rows.last().unwrap().cells;
        assert_eq!(mean[col("alpha")], Cell::Statistic(a.mean.alpha));
        assert_eq!(mean[col("precision")], Cell::Statistic(a.mean.precision));
    }

    #[test]
    fn codebook_and_code_restrict_the_codes_compared() {
        let codes = codes();
        let ids = |opts: &AgreeOptions| -> Vec<String> {
            universe(&codes, opts, None)
                .unwrap()
                .iter()
                .map(|(_, c)| c.id.to_string())
                .collect()
        };
        let opts = AgreeOptions {
            code: Some("m.fam".into()),
            ..AgreeOptions::default()
        };
        assert_eq!(ids(&opts), ["m.fam", "m.fam.kids", "m.fam.partner"]);
        let opts = AgreeOptions {
            codebook: Some("m".into()),
            ..AgreeOptions::default()
        };
        assert_eq!(ids(&opts).len(), 4);
        let opts = AgreeOptions {
            codebook: Some("zz".into()),
            ..AgreeOptions::default()
        };
        assert!(universe(&codes, &opts, None).is_err());
    }
}
