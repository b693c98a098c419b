//! Counts of a coding run, per codebook, kept while the codings stream to
//! disk.

use super::AutoRow;
use crate::codebook::CodeSet;

/// Per-codebook counts for `qualcode code`'s summary, gathered as codings
/// stream past.
#[derive(Debug)]
pub struct Summary {
    prefixes: Vec<String>,
    /// All codings.
    pub codings: usize,
    /// Per codebook, in configured order.
    pub books: Vec<BookSummary>,
}

/// One codebook's counts.
#[derive(Debug, Default)]
pub struct BookSummary {
    /// Codings of its codes.
    pub codings: usize,
    /// Its codes that were used.
    pub codes: foldhash::HashSet<String>,
    /// The cases it coded.
    pub cases: foldhash::HashSet<String>,
}

impl Summary {
    /// Empty counts for the loaded codebooks.
    pub fn new(codes: &CodeSet) -> Summary {
        Summary {
            prefixes: codes
                .codebooks
                .iter()
                .map(|b| format!("{}.", b.name))
                .collect(),
            codings: 0,
            books: codes
                .codebooks
                .iter()
                .map(|_| BookSummary::default())
                .collect(),
        }
    }

    /// Add the counts of another batch (from the same codebooks).
    pub fn merge(&mut self, other: Summary) {
        self.codings += other.codings;
        for (mine, theirs) in self.books.iter_mut().zip(other.books) {
            mine.codings += theirs.codings;
            mine.codes.extend(theirs.codes);
            mine.cases.extend(theirs.cases);
        }
    }

    /// Count a batch of auto codings.
    pub fn add_auto(&mut self, rows: &[AutoRow<'_>]) {
        // Per codebook, the case last counted: a document's rows are nearly
        // all one case's, looked up once, not once per row.
        let mut last_case: Vec<Option<&str>> = vec![None; self.books.len()];
        for r in rows {
            self.codings += 1;
            let Some(i) = self
                .prefixes
                .iter()
                .position(|p| r.code.starts_with(p.as_str()))
            else {
                continue;
            };
            let t = &mut self.books[i];
            t.codings += 1;
            if !t.codes.contains(r.code) {
                t.codes.insert(r.code.to_owned());
            }
            if last_case[i] != Some(r.case) {
                if !t.cases.contains(r.case) {
                    t.cases.insert(r.case.to_owned());
                }
                last_case[i] = Some(r.case);
            }
        }
    }

    /// The counts of `rows` (auto codings of `codes`) and their CSV rows
    /// (as [`super::store::auto_rows`], in pieces to be written in order):
    /// a long document's rows are serialised in pieces on every worker, so
    /// one large transcript is not serialised on one thread.
    pub fn auto_rows_counted(codes: &CodeSet, rows: &[AutoRow<'_>]) -> (Vec<Vec<u8>>, Summary) {
        use rayon::prelude::*;
        /// Rows per piece (a few hundred KB of CSV).
        const PIECE: usize = 4096;
        let one = |piece: &[AutoRow<'_>]| {
            let mut counts = Summary::new(codes);
            counts.add_auto(piece);
            (super::store::auto_rows(piece), counts)
        };
        if rows.len() <= 2 * PIECE {
            let (csv, counts) = one(rows);
            return (vec![csv], counts);
        }
        let pieces: Vec<_> = rows.par_chunks(PIECE).map(one).collect();
        // The pieces stay apart (joined, they would be one more copy).
        let mut csv = Vec::with_capacity(pieces.len());
        let mut counts = Summary::new(codes);
        for (bytes, piece) in pieces {
            csv.push(bytes);
            counts.merge(piece);
        }
        (csv, counts)
    }
}
