//! Counts of a coding run, per codebook, kept while the codings stream to
//! disk.

use std::collections::HashSet;

use super::Coding;
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
    pub codes: HashSet<String>,
    /// The cases it coded.
    pub cases: HashSet<String>,
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

    /// Count a batch of codings.
    pub fn add(&mut self, codings: &[Coding]) {
        self.codings += codings.len();
        for c in codings {
            if let Some(i) = self
                .prefixes
                .iter()
                .position(|p| c.code.starts_with(p.as_str()))
            {
                let t = &mut self.books[i];
                t.codings += 1;
                if !t.codes.contains(&c.code) {
                    t.codes.insert(c.code.clone());
                }
                if !t.cases.contains(&c.case) {
                    t.cases.insert(c.case.clone());
                }
            }
        }
    }
}
