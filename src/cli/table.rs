//! `qualcode table NAME`: a table defined under `tables:` in qualcode.yaml,
//! made by its verb with its options; `qualcode table --list` lists them.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use super::common::OutputArgs;
use super::common::Session;
use super::ui::Ui;
use crate::project::{Project, TableDef};
use crate::table::{Cell, Column, Row, Table};
use crate::{Error, Result};

const EXAMPLES: &str = "\
Examples:
  qualcode table --list
  qualcode table kent-3 -f md
  qualcode table kent-4 -f docx > table4.docx

A definition names a table verb and that verb's options without their
dashes, layout included (see docs/TABLES.md):

  tables:
    kent-3:
      description: Table 3. Methods of recruitment, sites by method
      verb: freq
      codebook: recruitment
      by: site
      sort: codebook
      transpose: true
      title: Table 3. Methods of recruitment to Kent NOW";

/// Make a table defined under `tables:` in qualcode.yaml.
///
/// Make a table defined under `tables:` in qualcode.yaml: its verb (freq,
/// cooccur, grid, profile, personas, agree or quotes) with the options the
/// definition gives, which are checked as that verb checks them. `report`
/// includes named tables too (`report: tables: [...]`).
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub(super) struct Args {
    /// The table's name under `tables:`.
    #[arg(required_unless_present = "list", conflicts_with = "list")]
    name: Option<String>,
    /// List the defined tables: name, description, and the command line
    /// each is the same as.
    #[arg(long)]
    list: bool,
    #[command(flatten)]
    output: OutputArgs,
}

/// A table verb and its arguments, parsed from a definition.
#[derive(Debug, Parser)]
#[command(name = "table", no_binary_name = true)]
pub(super) enum Verb {
    Freq(super::freq::Args),
    Cooccur(super::cooccur::Args),
    Grid(super::grid::Args),
    Profile(super::profile::Args),
    Personas(super::personas::Args),
    Agree(super::agree::Args),
    Quotes(super::quotes::Args),
}

impl Verb {
    /// Parse definition `def` as its verb's arguments.
    pub(super) fn parse(def: &TableDef) -> Result<Verb> {
        let argv = std::iter::once(def.verb.clone()).chain(def.args.iter().cloned());
        Verb::try_parse_from(argv).map_err(|e| {
            // clap's message, without its usage and help lines.
            let text = e.render().to_string();
            let first = text
                .lines()
                .find(|l| !l.trim().is_empty())
                .unwrap_or_default()
                .trim_start_matches("error: ")
                .to_owned();
            Error::invalid(format!(
                "tables: {}: {first} (options are written without dashes: by: site; see `qualcode {} --help`)",
                def.name, def.verb
            ))
            .at(def.at.clone())
        })
    }

    /// The laid-out table.
    pub(super) fn table(&self, project: &Project, ui: &Ui) -> Result<Table> {
        match self {
            Verb::Freq(a) => super::freq::table(a, project, ui),
            Verb::Cooccur(a) => super::cooccur::table(a, project, ui),
            Verb::Grid(a) => super::grid::table(a, project, ui),
            Verb::Profile(a) => super::profile::table(a, project, ui),
            Verb::Personas(a) => super::personas::table(a, project, ui),
            Verb::Agree(a) => super::agree::table(a, project, ui),
            Verb::Quotes(a) => super::quotes::table(a, project, ui),
        }
    }

    /// The output options the definition gives (`format: md`).
    fn output(&self) -> &OutputArgs {
        match self {
            Verb::Freq(a) => &a.output,
            Verb::Cooccur(a) => &a.output,
            Verb::Grid(a) => &a.output,
            Verb::Profile(a) => &a.output,
            Verb::Personas(a) => &a.output,
            Verb::Agree(a) => &a.output,
            Verb::Quotes(a) => &a.output,
        }
    }
}

/// The definition named `name`, or an error listing the names.
pub(super) fn find<'p>(project: &'p Project, name: &str) -> Result<&'p TableDef> {
    project
        .tables
        .iter()
        .find(|t| t.name == name)
        .ok_or_else(|| {
            if project.tables.is_empty() {
                Error::usage(format!(
                    "no table named '{name}': qualcode.yaml defines no tables (add a `tables:` \
                     section; see `qualcode table --help`)"
                ))
            } else {
                let names: Vec<&str> = project.tables.iter().map(|t| t.name.as_str()).collect();
                Error::usage(format!(
                    "no table named '{name}': the tables are {}",
                    names.join(", ")
                ))
            }
        })
}

pub(super) fn run(
    args: &Args,
    session: &Session,
    ui: &Ui,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    let project = session.discover()?;
    if args.list {
        super::common::render_table(session, &project, &list(&project), &args.output, out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let name = args.name.as_deref().unwrap_or_default();
    let verb = Verb::parse(find(&project, name)?)?;
    let t = verb.table(&project, ui)?;
    // The command line's output options win; a definition's `format:`
    // applies when neither -f nor -o is given.
    let mut output = args.output.clone();
    if output.format.is_none() && output.output.is_none() {
        output.format = verb.output().format;
    }
    super::common::render_table(session, &project, &t, &output, out)?;
    Ok(ExitCode::SUCCESS)
}

/// The defined tables, one row each.
fn list(project: &Project) -> Table {
    let rows = project
        .tables
        .iter()
        .map(|t| Row {
            depth: 0,
            cells: vec![
                Cell::Text(t.name.clone()),
                Cell::Text(t.description.clone().unwrap_or_default()),
                Cell::Text(
                    ["qualcode", t.verb.as_str()]
                        .into_iter()
                        .map(str::to_owned)
                        .chain(t.args.iter().map(|a| shell_word(a)))
                        .collect::<Vec<_>>()
                        .join(" "),
                ),
            ],
        })
        .collect();
    Table {
        title: "Tables defined in qualcode.yaml".to_owned(),
        columns: vec![
            Column::text("name", "Name"),
            Column::text("description", "Description"),
            Column::text("command", "Same as"),
        ],
        rows,
        footnotes: Vec::new(),
    }
}

/// `a` as a shell word: quoted when it holds spaces or quotes.
fn shell_word(a: &str) -> String {
    if !a.is_empty()
        && a.chars()
            .all(|c| c.is_alphanumeric() || "-_.,=:/+@%".contains(c))
    {
        a.to_owned()
    } else {
        format!("'{}'", a.replace('\'', "'\\''"))
    }
}
