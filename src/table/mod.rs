//! The count tables (freq, cooccur, grid, profile, personas): each
//! computes a typed result whose `to_table()` lays it out as a [`Table`]
//! (the model, in [`crate::model`], re-exported here). freq, cooccur and
//! grid resolve each coding's code to its number in the code table once
//! (`code_numbers`) and count by numbers, not ids.

pub mod cooccur;
pub mod freq;
pub mod grid;
pub mod layout;
pub mod persona;
pub mod profile;
pub mod roles;
pub mod suppress;

// Case selection lives in `project`; re-exported for the table verbs.
pub use crate::project::select::{Filter, group_names, group_of, groups};
pub use cooccur::{CooccurCode, CooccurOptions, Cooccurrence, Measure, Within, cooccur};
pub use freq::{FreqGroup, FreqOptions, FreqResult, FreqRow, SortOrder, freq, freq_result};
pub use grid::{Grid, GridGroup, GridOptions, GridRow, GridTheme, grid};
pub use layout::{ColumnChoice, LayoutOptions};
pub use persona::{
    PersonaCase, PersonaCountRow, PersonaCounts, PersonaList, PersonaOptions, Personas,
    persona_counts, persona_list, personas,
};
pub use profile::{Profile, ProfileBlock, ProfileCategory, ProfileOptions, profile};

pub use crate::model::{Cell, Column, Row, Table, round_half_up};

/// Each coding's code as its number in the code table, resolved once per
/// coding so that counting compares numbers, not ids. A coding whose code
/// is not loaded counts under its nearest loaded ancestor, as its id rolls
/// up; `None`: no loaded code is above it. (Codings read by
/// [`crate::coding::load`] all have loaded codes: it refuses others, or with
/// `--allow-stale` leaves them out with a note.)
pub(crate) fn code_numbers(
    codes: &crate::codebook::CodeSet,
    codings: &[crate::coding::Coding],
) -> Vec<Option<crate::codebook::CodeIx>> {
    let table = codes.table();
    codings.iter().map(|c| table.nearest(&c.code)).collect()
}

/// The footnote every count table carries unless asked not to
/// ([`crate::message::Note::Indicative`]'s text).
pub use crate::message::INDICATIVE;

/// The loaded codebooks: name, title, file, number of codes.
pub fn codebooks(codes: &crate::codebook::CodeSet) -> Table {
    let rows = codes
        .codebooks
        .iter()
        .map(|b| Row {
            depth: 0,
            cells: vec![
                Cell::Text(b.name.clone()),
                Cell::Text(b.title.clone().unwrap_or_default()),
                Cell::Count(b.codes.len()),
                Cell::Count(b.codes.iter().map(|c| c.patterns.len()).sum()),
                Cell::Text(b.path.clone()),
            ],
        })
        .collect();
    Table {
        title: "Codebooks".to_owned(),
        columns: vec![
            Column::text("codebook", "Codebook"),
            Column::text("title", "Title"),
            Column::number("codes", "Codes"),
            Column::number("patterns", "Patterns"),
            Column::text("file", "File"),
        ],
        rows,
        footnotes: Vec::new(),
    }
}

/// One row per code: its definition, patterns and examples, for `codebook
/// show --format csv|json`. Depth is relative to the first code.
pub fn code_list(title: &str, codes: &[&crate::codebook::Code]) -> Table {
    let base = codes.first().map_or(0, |c| c.depth);
    let text = |s: &Option<String>| Cell::Text(s.clone().unwrap_or_default());
    let sources = |p: &[crate::codebook::Pattern]| {
        Cell::Text(
            p.iter()
                .map(|p| p.kind.source())
                .collect::<Vec<_>>()
                .join("; "),
        )
    };
    let rows = codes
        .iter()
        .map(|c| Row {
            depth: c.depth.saturating_sub(base),
            cells: vec![
                Cell::Text(c.label.clone()),
                Cell::Text(c.id.to_string()),
                text(&c.description),
                text(&c.include),
                text(&c.exclude),
                sources(&c.patterns),
                sources(&c.not),
                Cell::Text(
                    c.examples
                        .iter()
                        .map(|e| e.text.as_str())
                        .collect::<Vec<_>>()
                        .join(" | "),
                ),
            ],
        })
        .collect();
    Table {
        title: title.to_owned(),
        columns: vec![
            Column::text("code", "Code"),
            Column::text("id", "Id"),
            Column::text("description", "Description"),
            Column::text("include", "Include"),
            Column::text("exclude", "Exclude"),
            Column::text("patterns", "Patterns"),
            Column::text("not", "Not"),
            Column::text("examples", "Examples"),
        ],
        rows,
        footnotes: Vec::new(),
    }
}
