//! Validation samples: a reproducible random sample of participant
//! segments (coded and uncoded) for a coder to code blind, and the coding
//! sheet that holds it, `codings/samples/<coder>.csv`. The sheet records
//! the design (codebook, seed, stratum) and the coder's decisions; `agree
//! --coders auto,<coder>` scores auto-coding on the segments decided.
//! Never prints; writes only the sheet, atomically.
//!
//! The design: the population is every participant segment; segments are
//! put in strata (by the first code of the codebook that auto-coding gave
//! them, `(uncoded)` for those with none, or by case), and each stratum
//! gets a share of the sample proportional to its size (largest
//! remainders), drawn without replacement with [`rng::SplitMix64`]. Every
//! segment so has (up to rounding) the same chance of being drawn, and
//! the unweighted precision and recall on the sample estimate those over
//! the whole corpus; uncoded segments, where auto-coding's misses are,
//! are drawn in proportion to their number.

pub mod blind;
pub mod rng;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::codebook::{CodeIx, CodeSet};
use crate::coding::Coding;
use crate::ingest::{Corpus, SegmentInfo};
use crate::project::Project;
use crate::table::{Cell, Column, Row, Table};
use crate::{Error, Location, Result};

/// The most segments a sample may hold.
pub const MAX_SIZE: usize = 10_000;

/// The stratum of segments no code touched.
pub const UNCODED: &str = "(uncoded)";

/// The `codes` value of a sheet row the coder decided no code applies to.
pub const NO_CODE: &str = "-";

/// The sheet's columns.
pub const HEADER: [&str; 7] = [
    "document", "line", "case", "stratum", "codebook", "seed", "codes",
];

/// How segments are grouped before drawing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Stratify {
    /// By the first code (in codebook order) auto-coding gave the segment,
    /// or [`UNCODED`].
    #[default]
    Code,
    /// By case.
    Case,
}

/// What to draw.
#[derive(Debug, Clone, Default)]
pub struct SampleOptions {
    /// How many segments.
    pub size: usize,
    /// The generator's seed.
    pub seed: u64,
    /// Only this codebook's codes stratify, and only they are coded and
    /// scored (`None`: all codebooks).
    pub codebook: Option<String>,
    /// The strata.
    pub stratify: Stratify,
}

/// One sampled segment of a sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetRow {
    /// The document.
    pub document: String,
    /// The segment's first line.
    pub line: usize,
    /// Its case.
    pub case: String,
    /// The number of the stratum it was drawn from (1, 2, …; what each
    /// stratum is, `qualcode sample` prints: the sheet does not say, so as
    /// not to tell the coder what auto-coding found).
    pub stratum: String,
    /// The coder's codes: `None` while not yet coded, empty when the coder
    /// decided no code applies.
    pub codes: Option<Vec<String>>,
}

/// A coder's validation sample and decisions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    /// The codebook sampled and coded (`None`: all).
    pub codebook: Option<String>,
    /// The seed drawn with.
    pub seed: u64,
    /// The segments, in document and line order.
    pub rows: Vec<SheetRow>,
}

impl Sheet {
    /// How many rows the coder has decided.
    pub fn decided(&self) -> usize {
        self.rows.iter().filter(|r| r.codes.is_some()).count()
    }

    /// The sheet as CSV bytes.
    pub fn to_csv(&self) -> Result<Vec<u8>> {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        let fail = |e: &csv::Error| Error::invalid(format!("writing the sample sheet: {e}"));
        w.write_record(HEADER).map_err(|e| fail(&e))?;
        let book = self.codebook.clone().unwrap_or_default();
        let seed = self.seed.to_string();
        for r in &self.rows {
            let codes = match &r.codes {
                None => String::new(),
                Some(c) if c.is_empty() => NO_CODE.to_owned(),
                Some(c) => c.join(";"),
            };
            let line = r.line.to_string();
            w.write_record([
                r.document.as_str(),
                &line,
                &r.case,
                &r.stratum,
                &book,
                &seed,
                &codes,
            ])
            .map_err(|e| fail(&e))?;
        }
        w.into_inner()
            .map_err(|e| Error::invalid(format!("writing the sample sheet: {e}")))
    }
}

/// Where `coder`'s sheet lives, and how it is shown (`codings/samples/ana.csv`).
pub fn sheet_path(project: &Project, coder: &str) -> (PathBuf, String) {
    (
        project
            .codings_dir()
            .join("samples")
            .join(format!("{coder}.csv")),
        format!("codings/samples/{coder}.csv"),
    )
}

/// Check `opts` before anything is read: the size is 1 to [`MAX_SIZE`],
/// the codebook is loaded.
pub fn validate(codes: &CodeSet, opts: &SampleOptions) -> Result<()> {
    if opts.size == 0 || opts.size > MAX_SIZE {
        return Err(Error::usage(format!(
            "--size must be from 1 to {MAX_SIZE}, not {}",
            opts.size
        )));
    }
    if let Some(book) = &opts.codebook {
        codes.codebook(book)?;
    }
    Ok(())
}

/// Require `coder` to have a sample sheet, before anything else is read
/// (`--validity NAME`, `review --sample`).
pub fn require(project: &Project, coder: &str, flag: &str) -> Result<()> {
    let (path, display) = sheet_path(project, coder);
    if path.is_file() {
        return Ok(());
    }
    Err(Error::usage(format!(
        "{flag}{coder} has no validation sample ({display}): draw one with `qualcode sample \
         --size N --seed S --coder {coder}` and code it with `qualcode review --coder {coder} \
         --sample`"
    )))
}

/// A drawn sample: the sheet, and per stratum (in order: stratum 1 first)
/// its name, how many segments it holds and how many were drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drawn {
    /// The sheet, nothing decided yet.
    pub sheet: Sheet,
    /// (stratum, segments, drawn).
    pub strata: Vec<(String, usize, usize)>,
}

/// Draw a sample of the corpus's participant segments, given the auto
/// codings (for the strata). Sorted in document and segment order.
pub fn draw(
    corpus: &Corpus,
    codes: &CodeSet,
    auto: &[Coding],
    opts: &SampleOptions,
) -> Result<Drawn> {
    validate(codes, opts)?;
    // The codes sampled: a run of the code table, numbered in codebook order.
    let table = codes.table();
    let scope = codes.run(opts.codebook.as_deref());
    // (document, ordinal) → the first code (in codebook order) auto gave it.
    let mut first: HashMap<(&str, usize), CodeIx> = HashMap::new();
    for c in auto {
        if let Some(ix) = table.index_of(&c.code).filter(|&ix| scope.contains(ix)) {
            let e = first.entry((c.document.as_str(), c.segment)).or_insert(ix);
            *e = (*e).min(ix);
        }
    }
    let mut strata: BTreeMap<(usize, String), Vec<(&str, &SegmentInfo)>> = BTreeMap::new();
    for o in &corpus.outlines {
        for s in &o.segments {
            let key = match opts.stratify {
                Stratify::Code => match first.get(&(o.path.as_str(), s.ordinal)) {
                    Some(&ix) => (ix.index(), table.id(ix).to_string()),
                    None => (usize::MAX, UNCODED.to_owned()),
                },
                Stratify::Case => (0, s.case.clone()),
            };
            strata.entry(key).or_default().push((o.path.as_str(), s));
        }
    }
    let mut strata: Vec<(String, Vec<(&str, &SegmentInfo)>)> =
        strata.into_iter().map(|((_, k), v)| (k, v)).collect();
    if opts.stratify == Stratify::Case {
        strata.sort_by(|a, b| crate::natural::cmp(&a.0, &b.0).then(a.0.cmp(&b.0)));
    }
    let sizes: Vec<usize> = strata.iter().map(|(_, v)| v.len()).collect();
    let shares = allocate(&sizes, opts.size);
    let mut rng = rng::SplitMix64::new(opts.seed);
    let mut picked: HashSet<(&str, usize)> = HashSet::new();
    // The sheet names a stratum by its number only: a stratum named after
    // auto's code would tell the blind coder what auto-coding found.
    let mut stratum_of: HashMap<(&str, usize), usize> = HashMap::new();
    for (h, ((_, members), &share)) in strata.iter().zip(&shares).enumerate() {
        for i in rng.choose(members.len(), share) {
            let (doc, seg) = members[i];
            picked.insert((doc, seg.ordinal));
            stratum_of.insert((doc, seg.ordinal), h + 1);
        }
    }
    let mut rows = Vec::new();
    for o in &corpus.outlines {
        for s in &o.segments {
            if let Some(stratum) = stratum_of.get(&(o.path.as_str(), s.ordinal)) {
                rows.push(SheetRow {
                    document: o.path.clone(),
                    line: s.line_start,
                    case: s.case.clone(),
                    stratum: stratum.to_string(),
                    codes: None,
                });
            }
        }
    }
    Ok(Drawn {
        sheet: Sheet {
            codebook: opts.codebook.clone(),
            seed: opts.seed,
            rows,
        },
        strata: strata
            .iter()
            .zip(&shares)
            .map(|((name, members), &share)| (name.clone(), members.len(), share))
            .collect(),
    })
}

/// The table `qualcode sample` prints: per stratum, its segments and how
/// many were drawn, with a total row and notes on the design.
pub fn table(drawn: &Drawn, opts: &SampleOptions, coder: &str) -> Table {
    let mut rows: Vec<Row> = drawn
        .strata
        .iter()
        .enumerate()
        .map(|(h, (name, n, k))| Row {
            depth: 0,
            cells: vec![
                Cell::Count(h + 1),
                Cell::Text(name.clone()),
                Cell::Count(*n),
                Cell::Count(*k),
            ],
        })
        .collect();
    let total: usize = drawn.strata.iter().map(|s| s.1).sum();
    let drawn_total = drawn.sheet.rows.len();
    rows.push(Row {
        depth: 0,
        cells: vec![
            Cell::Text("Total".to_owned()),
            Cell::Empty,
            Cell::Count(total),
            Cell::Count(drawn_total),
        ],
    });
    let by = match opts.stratify {
        Stratify::Code => format!(
            "the first code{} that auto-coding gave each segment ({UNCODED}: none)",
            opts.codebook
                .as_ref()
                .map(|b| format!(" of codebook {b}"))
                .unwrap_or_default()
        ),
        Stratify::Case => "case".to_owned(),
    };
    let mut footnotes = vec![
        format!(
            "A random sample of {drawn_total} of the {total} participant segments, seed {}, \
             stratified by {by}, each stratum's share proportional to its size (largest \
             remainders), so every segment had about the same chance of being drawn.",
            opts.seed
        ),
        format!(
            "Written to {}, where each segment's stratum is only a number, so that the sheet \
             does not tell the coder what auto-coding found: code it blind with `qualcode review --coder {coder} --sample` (no \
             auto codes shown) or fill its codes column by hand (code ids separated by ';', \
             or - for none); then `qualcode agree --coders auto,{coder}` scores auto-coding on \
             the segments coded.",
            format_args!("codings/samples/{coder}.csv")
        ),
    ];
    if opts.size > total {
        footnotes.push(format!(
            "--size {} is more than the {total} segments there are: all are in the sample.",
            opts.size
        ));
    }
    Table {
        title: format!("Validation sample for {coder}"),
        columns: vec![
            Column::number("stratum", "Stratum"),
            Column::text("drawn_from", "Segments with"),
            Column::number("segments", "Segments"),
            Column::number("sampled", "Sampled"),
        ],
        rows,
        footnotes: footnotes.into_iter().map(Into::into).collect(),
    }
}

/// Split `size` over strata of `sizes` in proportion (Hamilton's largest
/// remainders: each gets the whole part of its quota, then the largest
/// fractions get one more, earlier strata first on ties), never more than
/// a stratum holds. All of every stratum if `size` ≥ their total.
pub fn allocate(sizes: &[usize], size: usize) -> Vec<usize> {
    let total: usize = sizes.iter().sum();
    if size >= total {
        return sizes.to_vec();
    }
    // Exact integer quotas: stratum h gets floor(size·N_h / N), remainder
    // (size·N_h) mod N.
    let mut shares: Vec<usize> = sizes.iter().map(|&n| size * n / total).collect();
    let mut left = size - shares.iter().sum::<usize>();
    let mut by_remainder: Vec<usize> = (0..sizes.len()).collect();
    by_remainder.sort_by_key(|&h| std::cmp::Reverse((size * sizes[h]) % total));
    for h in by_remainder {
        if left == 0 {
            break;
        }
        if shares[h] < sizes[h] {
            shares[h] += 1;
            left -= 1;
        }
    }
    shares
}

/// Read `coder`'s sheet, checking each row names a participant segment
/// of the corpus and each code is a code of the sheet's codebook. `None`
/// if the coder has no sheet.
pub fn read(
    project: &Project,
    corpus: &Corpus,
    codes: &CodeSet,
    coder: &str,
) -> Result<Option<Sheet>> {
    let (path, display) = sheet_path(project, coder);
    if !path.is_file() {
        return Ok(None);
    }
    let bytes = std::fs::read(&path).map_err(|e| Error::io(Path::new(&display), "read", &e))?;
    parse(&bytes, &display, corpus, codes).map(Some)
}

/// Parse a sheet's bytes (see [`read`]).
pub fn parse(bytes: &[u8], display: &str, corpus: &Corpus, codes: &CodeSet) -> Result<Sheet> {
    let mut r = csv::ReaderBuilder::new().from_reader(bytes);
    let header = r
        .headers()
        .map_err(|_| {
            Error::invalid("not a sample sheet: no readable header").at(Location::file(display))
        })?
        .clone();
    if header.iter().map(str::trim).ne(HEADER) {
        return Err(Error::invalid(format!(
            "not a sample sheet: the header must be {}",
            HEADER.join(",")
        ))
        .at(Location::line(display, 1)));
    }
    let mut sheet = Sheet {
        codebook: None,
        seed: 0,
        rows: Vec::new(),
    };
    let mut seen = HashSet::new();
    for (i, record) in r.records().enumerate() {
        let line = i + 2;
        let at = Location::line(display, line);
        let record =
            record.map_err(|e| Error::invalid(format!("malformed CSV: {e}")).at(at.clone()))?;
        if sheet.rows.len() >= MAX_SIZE {
            return Err(
                Error::invalid(format!("a sample sheet holds at most {MAX_SIZE} rows")).at(at),
            );
        }
        let field = |k: usize| record.get(k).unwrap_or_default().trim();
        let document = field(0).to_owned();
        let line_no: usize = field(1).parse().map_err(|_| {
            Error::invalid(format!("line must be a whole number, not {:?}", field(1)))
                .at(at.clone())
        })?;
        let segment = corpus
            .outline(&document)
            .and_then(|o| o.segment_at(line_no))
            .ok_or_else(|| {
                Error::invalid(format!(
                    "{document}:{line_no} is not a participant segment of this project: was the \
                     transcript changed since the sample was drawn?"
                ))
                .at(at.clone())
            })?;
        if !seen.insert((document.clone(), segment.ordinal)) {
            return Err(
                Error::invalid(format!("{document}:{line_no} is in the sheet twice")).at(at),
            );
        }
        let book = field(4);
        if i == 0 {
            sheet.codebook = (!book.is_empty()).then(|| book.to_owned());
            sheet.seed = field(5).parse().unwrap_or(0);
            if let Some(b) = &sheet.codebook {
                codes.codebook(b).map_err(|e| e.at(at.clone()))?;
            }
        } else if sheet.codebook.as_deref().unwrap_or_default() != book {
            return Err(Error::invalid(format!(
                "codebook {book:?} differs from the first row's: a sheet samples one codebook"
            ))
            .at(at));
        }
        let codes_field = field(6);
        let decided = match codes_field {
            "" => None,
            NO_CODE => Some(Vec::new()),
            list => {
                let mut out: Vec<String> = Vec::new();
                for id in list.split(';').map(str::trim).filter(|s| !s.is_empty()) {
                    let code = codes.require(id).map_err(|e| e.at(at.clone()))?;
                    if let Some(b) = &sheet.codebook
                        && code.id.book() != b
                    {
                        return Err(Error::invalid(format!(
                            "code {id} is not in codebook {b}, the codebook this sheet samples"
                        ))
                        .at(at));
                    }
                    if !out.iter().any(|c| c == id) {
                        out.push(id.to_owned());
                    }
                }
                Some(out)
            }
        };
        sheet.rows.push(SheetRow {
            document,
            line: segment.line_start,
            case: segment.case.clone(),
            stratum: field(3).to_owned(),
            codes: decided,
        });
    }
    Ok(sheet)
}

/// The codes a sheet offers: those of `codebook`, or all.
pub fn offered(codes: &CodeSet, codebook: Option<&str>) -> Result<CodeSet> {
    let Some(book) = codebook else {
        return Ok(codes.clone());
    };
    let mut out = CodeSet::default();
    out.add(codes.codebook(book)?.clone())?;
    Ok(out)
}

/// Write `sheet` as `coder`'s, atomically.
pub fn write(project: &Project, coder: &str, sheet: &Sheet) -> Result<()> {
    let (path, _) = sheet_path(project, coder);
    crate::fsutil::write_atomic(&path, &sheet.to_csv()?)
}

#[cfg(test)]
mod tests;
