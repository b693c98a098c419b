//! Word (`.docx`): a table as a real Word table (bold header row repeated
//! on each page, the project's title and the table's title as headings,
//! the notes in Word's own footnote-text style), and a quote list as
//! paragraphs with their attributions, ready to paste into a report. Code
//! ids (reference columns, the id in a quote list's title) and the source
//! line under each quote are left out unless asked (`--show-source`). A
//! table too wide for a portrait page is set on landscape pages (or as
//! asked, `--landscape`). The Word XML is written by hand into a zip with
//! fixed timestamps and entry order, so the same table gives the same
//! bytes.

use std::fmt::Write as _;
use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;

use super::WordOptions;
use crate::table::{Cell, Table};

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>"#;

const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:cs="Calibri"/><w:sz w:val="22"/><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="28"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="200" w:after="80"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:sz w:val="24"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:after="240"/></w:pPr><w:rPr><w:b/><w:sz w:val="36"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="160" w:after="60"/><w:outlineLvl w:val="2"/></w:pPr><w:rPr><w:b/><w:i/><w:sz w:val="22"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="FootnoteText"><w:name w:val="footnote text"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="40"/></w:pPr><w:rPr><w:sz w:val="18"/></w:rPr></w:style><w:style w:type="paragraph" w:customStyle="1" w:styleId="Source"><w:name w:val="Quote source"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="40"/></w:pPr><w:rPr><w:sz w:val="16"/></w:rPr></w:style><w:style w:type="paragraph" w:customStyle="1" w:styleId="Quote"><w:name w:val="Quote"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="40"/><w:ind w:left="567"/></w:pPr></w:style><w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="808080"/><w:left w:val="single" w:sz="4" w:space="0" w:color="808080"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="808080"/><w:right w:val="single" w:sz="4" w:space="0" w:color="808080"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="808080"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="808080"/></w:tblBorders><w:tblCellMar><w:left w:w="85" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style></w:styles>"#;

const DOCUMENT_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#;

/// A4 with 2 cm margins: the width a table may take, in twips, on a
/// portrait and on a landscape page.
const TEXT_WIDTH: usize = 9638;
const LANDSCAPE_TEXT_WIDTH: usize = 14570;
/// The characters of a table's widest lines (see [`longest`]) beyond which
/// it goes on landscape pages unless told: about what fits a portrait
/// page's width in 10-point text.
const PORTRAIT_CHARACTERS: usize = 110;

/// Write `table` as a Word document to `out`.
pub(super) fn render(
    table: &Table,
    opts: &WordOptions,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let mut body = String::new();
    let level = if let Some(heading) = &opts.heading {
        body.push_str(&paragraph("Title", "", &run(heading, false, false)));
        2
    } else {
        1
    };
    let landscape;
    if is_quote_list(table) {
        landscape = opts.landscape.unwrap_or(false);
        body.push_str(&quotes(table, level, opts.show_source));
    } else {
        let keep = kept_columns(table, opts.show_source);
        landscape = opts
            .landscape
            .unwrap_or_else(|| longest(table, &keep).iter().sum::<usize>() > PORTRAIT_CHARACTERS);
        let width = if landscape {
            LANDSCAPE_TEXT_WIDTH
        } else {
            TEXT_WIDTH
        };
        body.push_str(&word_table(table, &keep, level, width));
    }
    let mut document = String::with_capacity(DOCUMENT_HEAD.len() + body.len() + 400);
    document.push_str(DOCUMENT_HEAD);
    document.push_str(&body);
    document.push_str(if landscape {
        "<w:sectPr><w:pgSz w:w=\"16838\" w:h=\"11906\" w:orient=\"landscape\"/>"
    } else {
        "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/>"
    });
    document.push_str(
        "<w:pgMar w:top=\"1134\" w:right=\"1134\" w:bottom=\"1134\" w:left=\"1134\" \
         w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>",
    );
    let bytes = package(&document).map_err(std::io::Error::other)?;
    out.write_all(&bytes)
}

/// The zip archive: fixed entry order, fixed timestamps, deflated.
fn package(document: &str) -> zip::result::ZipResult<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    for (name, contents) in [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", RELS),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS),
        ("word/styles.xml", STYLES),
        ("word/document.xml", document),
    ] {
        zip.start_file(name, options)?;
        zip.write_all(contents.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}

/// A quote list (from `quotes`): its columns include quote and attribution.
fn is_quote_list(table: &Table) -> bool {
    let has = |key: &str| table.columns.iter().any(|c| c.key == key);
    has("quote") && has("attribution")
}

/// Text for XML: escaped, with characters XML cannot hold left out.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || matches!(c, '\u{FFFE}' | '\u{FFFF}') => {}
            c => out.push(c),
        }
    }
    out
}

/// A run of text, bold or italic if asked.
fn run(s: &str, bold: bool, italic: bool) -> String {
    let mut props = String::new();
    if bold {
        props.push_str("<w:b/>");
    }
    if italic {
        props.push_str("<w:i/>");
    }
    let props = if props.is_empty() {
        props
    } else {
        format!("<w:rPr>{props}</w:rPr>")
    };
    format!(
        "<w:r>{props}<w:t xml:space=\"preserve\">{}</w:t></w:r>",
        xml(s)
    )
}

/// A paragraph of `style` (empty: Normal) holding `runs`.
fn paragraph(style: &str, props: &str, runs: &str) -> String {
    let style = if style.is_empty() {
        String::new()
    } else {
        format!("<w:pStyle w:val=\"{style}\"/>")
    };
    let ppr = if style.is_empty() && props.is_empty() {
        String::new()
    } else {
        format!("<w:pPr>{style}{props}</w:pPr>")
    };
    format!("<w:p>{ppr}{runs}</w:p>")
}

fn notes(table: &Table, out: &mut String) {
    for note in &table.footnotes {
        out.push_str(&paragraph(
            "FootnoteText",
            "",
            &run(&note.to_string(), false, false),
        ));
    }
}

/// The columns a report shows: all but reference columns (code ids),
/// unless `show_source`.
fn kept_columns(table: &Table, show_source: bool) -> Vec<usize> {
    (0..table.columns.len())
        .filter(|&i| show_source || !table.columns[i].secondary)
        .collect()
}

/// The longest text of each of the `keep` columns (header words
/// included), at least a narrow number's width.
fn longest(table: &Table, keep: &[usize]) -> Vec<usize> {
    keep.iter()
        .map(|&i| {
            let header = table.columns[i]
                .header
                .split_whitespace()
                .map(|w| w.chars().count())
                .max()
                .unwrap_or(1);
            let cells = table
                .rows
                .iter()
                .filter_map(|r| r.cells.get(i))
                .map(|c| {
                    crate::render::text(c)
                        .lines()
                        .map(|l| l.chars().count())
                        .max()
                        .unwrap_or(0)
                })
                .max()
                .unwrap_or(0);
            header.max(cells).clamp(4, 60)
        })
        .collect()
}

/// Twips a character takes, about, in 11-point bold text (Calibri, or
/// the wider font a Word clone may put in its place); and a
/// cell's left and right margins together.
const CHAR_TWIPS: usize = 150;
const CELL_MARGINS: usize = 200;

/// The longest word of each of the `keep` columns' headers, in characters:
/// a column narrower than that would break a word (`Folkeston|e`).
fn header_words(table: &Table, keep: &[usize]) -> Vec<usize> {
    keep.iter()
        .map(|&i| {
            table.columns[i]
                .header
                .split_whitespace()
                .map(|w| w.chars().count())
                .max()
                .unwrap_or(1)
        })
        .collect()
}

/// Column widths in twips, filling `width`: each column at least as wide
/// as its header's longest word (when they all fit), and the rest shared in
/// proportion to how much more its longest text wants (see [`longest`]).
fn widths(table: &Table, keep: &[usize], width: usize) -> Vec<usize> {
    let want: Vec<usize> = longest(table, keep)
        .iter()
        .map(|l| l * CHAR_TWIPS + CELL_MARGINS)
        .collect();
    let least: Vec<usize> = header_words(table, keep)
        .iter()
        .zip(&want)
        .map(|(w, &most)| (w * CHAR_TWIPS + CELL_MARGINS).min(most))
        .collect();
    let floor: usize = least.iter().sum();
    if floor > width {
        // Too many columns to keep every word whole: in proportion.
        return least.iter().map(|l| width * l / floor.max(1)).collect();
    }
    let room = width - floor;
    let extra: Vec<usize> = want.iter().zip(&least).map(|(w, l)| w - l).collect();
    let extra_sum: usize = extra.iter().sum();
    if extra_sum == 0 {
        return least
            .iter()
            .map(|l| l + room / least.len().max(1))
            .collect();
    }
    least
        .iter()
        .zip(&extra)
        .map(|(l, e)| l + room * e / extra_sum)
        .collect()
}

fn word_table(table: &Table, keep: &[usize], level: usize, width: usize) -> String {
    let mut out = String::new();
    out.push_str(&paragraph(
        &format!("Heading{level}"),
        "",
        &run(&table.title, false, false),
    ));
    let widths = widths(table, keep, width);
    let columns: Vec<&crate::table::Column> = keep.iter().map(|&i| &table.columns[i]).collect();
    out.push_str(
        "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"0\" \
         w:type=\"auto\"/><w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" \
         w:firstColumn=\"1\" w:lastColumn=\"0\" w:noHBand=\"0\" w:noVBand=\"1\"/></w:tblPr>\
         <w:tblGrid>",
    );
    for w in &widths {
        let _ = write!(out, "<w:gridCol w:w=\"{w}\"/>");
    }
    out.push_str("</w:tblGrid><w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>");
    for (col, w) in columns.iter().zip(&widths) {
        let jc = if col.numeric {
            "<w:jc w:val=\"right\"/>"
        } else {
            ""
        };
        let _ = write!(
            out,
            "<w:tc><w:tcPr><w:tcW w:w=\"{w}\" w:type=\"dxa\"/><w:shd w:val=\"clear\" \
             w:color=\"auto\" w:fill=\"E7E6E6\"/></w:tcPr>{}</w:tc>",
            paragraph(
                "",
                &format!("<w:keepNext/>{jc}"),
                &run(&col.header, true, false)
            )
        );
    }
    out.push_str("</w:tr>");
    for row in &table.rows {
        out.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
        for (&i, w) in keep.iter().zip(&widths) {
            let Some(cell) = row.cells.get(i) else {
                continue;
            };
            let _ = write!(
                out,
                "<w:tc><w:tcPr><w:tcW w:w=\"{w}\" w:type=\"dxa\"/></w:tcPr>"
            );
            let mut props = String::new();
            if i == 0 && row.depth > 0 {
                let _ = write!(props, "<w:ind w:left=\"{}\"/>", 240 * row.depth);
            }
            if table.columns.get(i).is_some_and(|c| c.numeric) {
                props.push_str("<w:jc w:val=\"right\"/>");
            }
            let lines: Vec<String> = match cell {
                Cell::List(items) => items.clone(),
                other => crate::render::text(other)
                    .split('\n')
                    .map(str::to_owned)
                    .collect(),
            };
            for line in &lines {
                let props = format!("<w:spacing w:after=\"0\"/>{props}");
                out.push_str(&paragraph("", &props, &run(line, false, false)));
            }
            if lines.is_empty() {
                out.push_str("<w:p/>");
            }
            out.push_str("</w:tc>");
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
    // A paragraph between the table and its notes, as Word keeps one.
    out.push_str("<w:p/>");
    notes(table, &mut out);
    out
}

/// A quote list's title without the code id in it (`Quotes: Finance
/// (motivators.extrinsic.finance), by site` reads `Quotes: Finance, by
/// site`).
fn without_code_id(title: &str) -> String {
    let Some(open) = title.find(" (") else {
        return title.to_owned();
    };
    let Some(len) = title[open + 2..].find(')') else {
        return title.to_owned();
    };
    let id = &title[open + 2..open + 2 + len];
    let looks_like_id = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if title.starts_with("Quotes: ") && looks_like_id {
        format!("{}{}", &title[..open], &title[open + 3 + len..])
    } else {
        title.to_owned()
    }
}

fn quotes(table: &Table, level: usize, show_source: bool) -> String {
    let col = |key: &str| table.columns.iter().position(|c| c.key == key);
    let (quote, attribution) = (
        col("quote").expect("checked by is_quote_list"),
        col("attribution").expect("checked by is_quote_list"),
    );
    let (group, source) = (col("group"), col("source").filter(|_| show_source));
    let title = if show_source {
        table.title.clone()
    } else {
        without_code_id(&table.title)
    };
    let mut out = paragraph(&format!("Heading{level}"), "", &run(&title, false, false));
    let mut current: Option<String> = None;
    let text = |row: &crate::table::Row, i: usize| crate::render::text(&row.cells[i]);
    for row in &table.rows {
        if let Some(g) = group {
            let name = text(row, g);
            if current.as_deref() != Some(name.as_str()) {
                out.push_str(&paragraph(
                    &format!("Heading{}", level + 1),
                    "",
                    &run(&name, false, false),
                ));
                current = Some(name);
            }
        }
        let runs = format!(
            "{}{}",
            run(&format!("{} ", text(row, quote)), false, false),
            run(&text(row, attribution), false, true)
        );
        // Without the source line under it, a quote keeps its own space.
        let props = if source.is_some() {
            ""
        } else {
            "<w:spacing w:after=\"160\"/>"
        };
        out.push_str(&paragraph("Quote", props, &runs));
        if let Some(s) = source {
            out.push_str(&paragraph(
                "Source",
                "<w:spacing w:after=\"160\"/><w:ind w:left=\"567\"/>",
                &run(&text(row, s), false, false),
            ));
        }
    }
    if table.rows.is_empty() {
        out.push_str(&paragraph("", "", &run("No quotes.", false, true)));
    }
    notes(table, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::tests::sample;
    use crate::table::{Column, Row};

    fn bytes(t: &Table) -> Vec<u8> {
        let mut out = Vec::new();
        render(t, &WordOptions::default(), &mut out).unwrap();
        out
    }

    #[test]
    fn the_same_table_gives_the_same_bytes() {
        assert_eq!(bytes(&sample()), bytes(&sample()));
    }

    #[test]
    fn a_table_reads_back_as_its_cells() {
        let text =
            crate::ingest::docx::text(&bytes(&sample()), std::path::Path::new("t.docx")).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "Motivators: cases mentioning each code (n=12)");
        assert_eq!(
            lines[1..5],
            ["Code", "Cases (n)", "% of cases", "Mentioned by"]
        );
        assert_eq!(lines[5..9], ["Extrinsic", "9", "75%", "F1, F10"]);
        assert_eq!(lines[9], "Finance, \"money\" | pay");
        assert!(text.contains("Indicative only."));
    }

    fn document(t: &Table, opts: &WordOptions) -> String {
        let mut out = Vec::new();
        render(t, opts, &mut out).unwrap();
        let mut zip = zip::ZipArchive::new(Cursor::new(out)).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
            .unwrap();
        xml
    }

    fn cross_tab(groups: usize) -> Table {
        let mut columns = vec![Column::text("code", "Code")];
        columns.extend((0..groups).map(|g| Column::group(&format!("Folkestone{g}"), 6)));
        columns.push(Column::text("id", "Id").secondary());
        let mut cells = vec![Cell::Text("Kent NOW advertising: recruitment event".into())];
        cells.extend((0..groups).map(|_| Cell::Count(1)));
        cells.push(Cell::Text("recruitment.recruitment_event".into()));
        Table {
            title: "Methods of recruitment: cases by site".into(),
            columns,
            rows: vec![Row { depth: 0, cells }],
            footnotes: vec!["Counts are of cases.".into()],
        }
    }

    #[test]
    fn no_header_word_is_broken_when_the_columns_fit() {
        let t = cross_tab(4);
        let keep = kept_columns(&t, false);
        let w = widths(&t, &keep, TEXT_WIDTH);
        assert_eq!(w.len(), 5, "the id column is left out");
        for (width, word) in w.iter().zip(header_words(&t, &keep)) {
            assert!(*width >= word * CHAR_TWIPS + CELL_MARGINS, "{w:?}");
        }
        assert!(w.iter().sum::<usize>() <= TEXT_WIDTH);
        assert!(w[0] > w[1], "the label column takes the room: {w:?}");
    }

    #[test]
    fn code_ids_notes_headings_and_orientation_are_as_asked() {
        let t = cross_tab(2);
        let plain = document(&t, &WordOptions::default());
        assert!(!plain.contains("recruitment.recruitment_event"));
        assert!(plain.contains("<w:pStyle w:val=\"FootnoteText\"/>"));
        assert!(plain.contains("<w:pStyle w:val=\"Heading1\"/>"));
        assert!(!plain.contains("w:orient=\"landscape\""));
        let opts = WordOptions {
            show_source: true,
            heading: Some("Kent evaluation".into()),
            ..WordOptions::default()
        };
        let full = document(&t, &opts);
        assert!(full.contains("recruitment.recruitment_event"));
        let title = full.find("<w:pStyle w:val=\"Title\"/>").unwrap();
        let heading = full.find("<w:pStyle w:val=\"Heading2\"/>").unwrap();
        assert!(title < heading && full[title..heading].contains("Kent evaluation"));
        // Wide: landscape unless told.
        let wide = cross_tab(12);
        assert!(document(&wide, &WordOptions::default()).contains("w:orient=\"landscape\""));
        let portrait = WordOptions {
            landscape: Some(false),
            ..WordOptions::default()
        };
        assert!(!document(&wide, &portrait).contains("landscape"));
    }

    #[test]
    fn a_quote_list_leaves_out_its_code_id_and_sources_unless_asked() {
        assert_eq!(
            without_code_id("Quotes: Finance (motivators.extrinsic.finance), by site"),
            "Quotes: Finance, by site"
        );
        assert_eq!(
            without_code_id("Quotes: Outcomes (outcomes)"),
            "Quotes: Outcomes"
        );
        assert_eq!(
            without_code_id("Quotes: Pay (money and time)"),
            "Quotes: Pay (money and time)"
        );
        assert_eq!(without_code_id("Sample (n=3)"), "Sample (n=3)");
        let t = Table {
            title: "Quotes: Finance (motivators.extrinsic.finance)".into(),
            columns: vec![
                Column::text("quote", "Quote"),
                Column::text("attribution", "Attribution"),
                Column::text("source", "Source"),
            ],
            rows: vec![Row {
                depth: 0,
                cells: vec![
                    Cell::Text("It's the money.".into()),
                    Cell::Text("Participant F1.".into()),
                    Cell::Text("F1.txt:4".into()),
                ],
            }],
            footnotes: vec![],
        };
        let plain = document(&t, &WordOptions::default());
        assert!(!plain.contains("F1.txt:4") && !plain.contains("motivators."));
        let shown = document(
            &t,
            &WordOptions {
                show_source: true,
                ..WordOptions::default()
            },
        );
        assert!(shown.contains("F1.txt:4") && shown.contains("(motivators.extrinsic.finance)"));
    }

    #[test]
    fn xml_escapes_markup_and_drops_control_characters() {
        assert_eq!(xml("<a & \"b\">\u{1}"), "&lt;a &amp; &quot;b&quot;&gt;");
    }
}
