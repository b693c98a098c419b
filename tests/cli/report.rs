//! `qualcode report`: the sections of both examples, counts equal to
//! `freq`'s, every link landing on an anchor, hostile text escaped,
//! redaction everywhere, byte-identical output whatever `-j`.

use std::collections::HashSet;

use regex::Regex;

use crate::harness::{Project, example, fixture};

/// Write the report of `p` (with extra `args`) and read it back.
fn report(p: &Project, args: &[&str]) -> String {
    let mut all = vec!["-q", "report", "-o", "out/report.html"];
    all.extend_from_slice(args);
    p.ok(&all);
    p.read("out/report.html")
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// Every `href="#x"` has an element with `id="x"`; the number of links.
fn assert_links_land(html: &str) -> usize {
    let ids: HashSet<&str> = Regex::new(r#" id="([^"]+)""#)
        .unwrap()
        .captures_iter(html)
        .map(|c| c.get(1).unwrap().as_str())
        .collect();
    let mut links = 0;
    for c in Regex::new(r##"href="#([^"]+)""##)
        .unwrap()
        .captures_iter(html)
    {
        let target = c.get(1).unwrap().as_str();
        assert!(
            ids.contains(target),
            "a link to #{target}, which is not there"
        );
        links += 1;
    }
    links
}

/// The appendix entry `anchor`: how many cases it lists.
fn entry_cases(html: &str, anchor: &str) -> usize {
    let start = html
        .find(&format!("<div class=\"entry\" id=\"{anchor}\">"))
        .unwrap_or_else(|| panic!("no entry {anchor}"));
    let end = start + html[start..].find("</div>").unwrap();
    html[start..end].matches("<li>").count()
}

/// For each row of `freq --codebook NAME -f csv`, the report's freq table
/// shows the same count, linked to an entry listing that many cases.
fn assert_counts_match_freq(p: &Project, html: &str, codebook: &str) {
    let csv = p.ok(&["-q", "freq", "--codebook", codebook, "-f", "csv"]);
    let section = &html[html
        .find(&format!(
            "<section class=\"major\" id=\"codebook-{codebook}\">"
        ))
        .unwrap()..];
    let mut rows = 0;
    for line in csv.lines().skip(1) {
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(line.as_bytes());
        let rec = r.records().next().unwrap().unwrap();
        let (label, n) = (&rec[0], &rec[1]);
        let cell = Regex::new(&format!(
            r##">{}</td><td class="num">(?:<a href="#(e\d+)">)?{n}(?:</a>)?</td>"##,
            regex::escape(&escape(label))
        ))
        .unwrap();
        let m = cell
            .captures(section)
            .unwrap_or_else(|| panic!("{codebook}: no row {label} with {n}"));
        match m.get(1) {
            Some(anchor) => assert_eq!(
                entry_cases(html, anchor.as_str()),
                n.parse::<usize>().unwrap()
            ),
            None => assert_eq!(n, "0", "{label}: a count of {n} with no link"),
        }
        rows += 1;
    }
    assert!(rows > 3, "{codebook}: {rows} rows");
}

#[test]
fn kent_report_has_every_section_and_freqs_counts() {
    let p = example("kent");
    let html = report(&p, &[]);
    for id in [
        "methods",
        "codebook-motivators",
        "codebook-recruitment",
        "codebook-service",
        "grid-service",
        "quotes-motivators",
        "appendix",
    ] {
        assert!(html.contains(&format!(" id=\"{id}\"")), "no section {id}");
    }
    // Kent's cases have one attribute, site, with three values: by site.
    assert!(html.contains("<h3>By site</h3>"));
    assert!(html.contains("<svg "));
    assert!(html.contains("Folkestone (n=6)"));
    assert!(html.contains(&escape(qualcode::table::INDICATIVE)));
    assert!(!html.contains("Personas"), "no personas: configured");
    for book in ["motivators", "recruitment", "service"] {
        assert_counts_match_freq(&p, &html, book);
    }
    assert!(assert_links_land(&html) > 100);
    // Self-contained: nothing fetched, nothing run.
    for outside in ["<script", "<link", "src=", "@import", "url("] {
        assert!(!html.contains(outside), "{outside}");
    }
}

#[test]
fn ics_report_has_personas_quotes_by_cohort_and_no_redacted_name() {
    let p = example("ics");
    let html = report(&p, &[]);
    for id in [
        "personas",
        "grid-service",
        "quotes-barriers",
        "codebook-outcomes",
    ] {
        assert!(html.contains(&format!(" id=\"{id}\"")), "no section {id}");
    }
    assert!(html.contains("Quotes by cohort: "));
    assert!(html.contains("Persona: Success story, cohort = Older EE"));
    // The indicative-only caveat is said once, not again for the personas.
    assert_eq!(
        html.matches("treat these counts as indicative only")
            .count(),
        1
    );
    assert_counts_match_freq(&p, &html, "outcomes");
    assert_links_land(&html);
    assert!(html.contains("[ICSM]"));
    let names = Regex::new(r"(?i)\b(aroha|sione|ngata|tupou)\b").unwrap();
    assert!(!names.is_match(&html), "{:?}", names.find(&html));
}

#[test]
fn the_report_section_of_the_config_chooses_the_tables() {
    let p = example("kent");
    p.edit(
        "qualcode.yaml",
        "cases: cases.csv",
        "cases: cases.csv\nreport:\n  title: Kent NOW\n  codebooks: [recruitment]\n  \
         by: []\n  grid: []\n  quotes_per_code: 1\n  max_words: 20",
    );
    p.ok(&["-q", "check"]);
    let html = report(&p, &["--date", "March 2026"]);
    assert!(html.contains("<title>Kent NOW</title>"));
    assert!(html.contains("<p class=\"facts\">March 2026</p>"));
    assert!(html.contains(" id=\"codebook-recruitment\""));
    assert!(!html.contains(" id=\"codebook-motivators\""));
    assert!(!html.contains(" id=\"grid-service\""));
    assert!(!html.contains("<h3>By site</h3>"));
    assert!(html.contains("Quotes are trimmed to about 20 words"));
    assert_counts_match_freq(&p, &html, "recruitment");
}

/// The rows of the report's sample-profile table: (attribute, category, n).
fn profile_rows(html: &str) -> Vec<(String, String, String)> {
    let start = html
        .find("<section class=\"major\" id=\"profile\">")
        .expect("a profile section");
    let section = &html[start..start + html[start..].find("</section>").unwrap()];
    Regex::new(r#"<tr><td>([^<]*)</td><td>([^<]*)</td><td class="num">(\d+)</td>"#)
        .unwrap()
        .captures_iter(section)
        .map(|c| (c[1].to_owned(), c[2].to_owned(), c[3].to_owned()))
        .collect()
}

/// The rows of `qualcode profile --attrs ATTRS -f csv`.
fn profile_command_rows(p: &Project, attrs: &str) -> Vec<(String, String, String)> {
    let csv = p.ok(&["-q", "profile", "--attrs", attrs, "-f", "csv"]);
    csv::Reader::from_reader(csv.as_bytes())
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_owned(), r[1].to_owned(), r[2].to_owned())
        })
        .collect()
}

#[test]
fn the_sample_profile_is_by_then_shared_attributes_with_profiles_counts() {
    // ICS: by [cohort, site], then gender and age_group from cases.csv; not
    // the hand-set persona column.
    let p = example("ics");
    let html = report(&p, &[]);
    assert!(html.contains("<li><a href=\"#profile\">Sample profile</a></li>"));
    let rows = profile_rows(&html);
    assert_eq!(
        rows,
        profile_command_rows(&p, "cohort,site,gender,age_group")
    );
    // The example labels its attributes (`labels:`): Gender, not gender.
    assert!(rows.contains(&("Gender".into(), "Female".into(), "4".into())));
    assert_eq!(
        rows.last().unwrap(),
        &("Total".into(), String::new(), "8".into())
    );
    // The profile comes before the first codebook.
    assert!(html.find(" id=\"profile\"").unwrap() < html.find(" id=\"codebook-").unwrap());

    // Kent: site only; an attribute with a value per case is left out.
    let p = example("kent");
    p.edit("cases.csv", "id,site\n", "id,site,name\n");
    let cases = p.read("cases.csv");
    let named: String = cases
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                format!("{l}\n")
            } else {
                format!("{l},Name{i}\n")
            }
        })
        .collect();
    p.write("cases.csv", &named);
    let rows = profile_rows(&report(&p, &[]));
    assert_eq!(rows, profile_command_rows(&p, "site"));
}

#[test]
fn report_profile_in_the_config_chooses_the_attributes() {
    let p = example("ics");
    p.edit(
        "qualcode.yaml",
        "  by: [cohort, site]",
        "  by: [cohort, site]\n  profile: [age_group, gender]",
    );
    p.ok(&["-q", "check"]);
    let rows = profile_rows(&report(&p, &[]));
    assert_eq!(rows, profile_command_rows(&p, "age_group,gender"));
    assert_eq!(rows[0].0, "Age group");

    p.edit(
        "qualcode.yaml",
        "  profile: [age_group, gender]",
        "  profile: []",
    );
    let html = report(&p, &[]);
    assert!(!html.contains(" id=\"profile\""));
    assert!(!html.contains("Sample profile"));
}

#[test]
fn hostile_text_is_escaped_and_redacted_names_never_appear() {
    let p = fixture("mini");
    let hostile = r#"<script>alert(1)</script> "><img src=x onerror=alert(1)> & 'q'"#;
    p.edit(
        "transcripts/F1.txt",
        "Honestly it's the money.",
        &format!("Honestly it's the money {hostile}."),
    );
    p.edit(
        "codebooks/motives.yaml",
        "label: Money",
        &format!("label: '{}'", hostile.replace('\'', "''")),
    );
    p.edit(
        "cases.csv",
        "F1,North,Younger",
        "F1,\"<b>North</b>\",Sarah's group",
    );
    p.edit(
        "transcripts/F1.txt",
        "cohort: Younger",
        "cohort: Sarah's group",
    );
    p.edit(
        "qualcode.yaml",
        "cases: cases.csv",
        "cases: cases.csv\nreport: {title: '<i>T</i>'}",
    );
    let html = report(&p, &[]);
    let lower = html.to_lowercase();
    assert!(!lower.contains("<script"), "raw <script in the report");
    assert!(!lower.contains("<img"), "raw <img in the report");
    assert!(!lower.contains("<b>north"));
    assert!(!lower.contains("<i>t</i>"));
    // The text is there, escaped: in the table and in the quote.
    let escaped = escape(hostile);
    assert!(html.matches(&escaped).count() >= 3, "{escaped}");
    assert!(html.contains("&lt;b&gt;North&lt;/b&gt; (n=1)"));
    assert!(
        profile_rows(&html).contains(&(
            "site".into(),
            "&lt;b&gt;North&lt;/b&gt;".into(),
            "1".into()
        )),
        "{:?}",
        profile_rows(&html)
    );
    // Redaction: the mini project redacts Sarah (and Sarah Jones).
    assert!(html.contains("[ICSM]"));
    assert!(!lower.contains("sarah"));
}

#[test]
fn the_report_is_byte_identical_across_runs_and_thread_counts() {
    let p = example("ics");
    p.code();
    let one = report(&p, &["--date", "x"]);
    p.ok(&[
        "-q",
        "-j",
        "1",
        "report",
        "-o",
        "out/j1.html",
        "--date",
        "x",
    ]);
    p.ok(&[
        "-q",
        "-j",
        "3",
        "report",
        "-o",
        "out/j3.html",
        "--date",
        "x",
    ]);
    assert_eq!(one, p.read("out/j1.html"));
    assert_eq!(one, p.read("out/j3.html"));
    // No timestamp of its own: the date is the one asked for.
    assert!(!Regex::new(r"20\d\d-\d\d-\d\d").unwrap().is_match(&one));
}

#[test]
fn report_to_standard_output_and_notes_what_it_wrote() {
    let p = fixture("mini");
    let stdout = p.ok(&["-q", "report", "-o", "-"]);
    assert!(stdout.starts_with("<!DOCTYPE html>"));
    let r = p.run(&["report"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("wrote report.html: "), "{}", r.stderr);
    assert_eq!(p.read("report.html"), stdout);
    // Atomic: no temporary file left beside it.
    let left: Vec<_> = std::fs::read_dir(p.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// Named tables (`report: tables:`) go in as laid out, a section each; a
/// table whose columns are reordered changes nothing the report computes:
/// the report reads typed results, never a table's column positions.
#[test]
fn named_tables_with_reordered_columns_leave_the_report_right() {
    let p = example("kent");
    p.edit(
        "qualcode.yaml",
        "tables:\n",
        "report:\n  tables: [kent-4, reordered]\ntables:\n  reordered:\n    verb: freq\n    \
         codebook: motivators\n    by: site\n    columns: [total, North Kent, code, Folkestone, \
         Maidstone]\n",
    );
    let html = report(&p, &[]);
    for id in ["table-kent-4", "table-reordered", "codebook-motivators"] {
        assert!(html.contains(&format!(" id=\"{id}\"")), "no section {id}");
    }
    assert!(
        html.contains("<th scope=\"col\">Factor</th>"),
        "kent-4's own headers"
    );
    for book in ["motivators", "recruitment", "service"] {
        assert_counts_match_freq(&p, &html, book);
    }
    assert_links_land(&html);
}

/// The report of `p` with the sections (and contents entries) of the named
/// tables whose anchors start `table-` left out.
fn without_named_tables(html: &str) -> String {
    let section =
        Regex::new(r#"(?s)<section class="major" id="table-[^"]*">.*?</section>\n?"#).unwrap();
    let entry = Regex::new(r##"<li><a href="#table-[^"]*">[^<]*</a></li>\n?"##).unwrap();
    entry
        .replace_all(&section.replace_all(html, ""), "")
        .into_owned()
}

/// Named tables of every table verb the report computes itself (cooccur,
/// grid, profile, personas), their columns reordered and renamed, leave the
/// report's own sections byte-identical: the report reads typed results,
/// never a laid-out table's column positions.
#[test]
fn named_tables_of_every_verb_with_reordered_columns_change_no_other_section() {
    let p = example("ics");
    let before = report(&p, &["--date", "x"]);
    p.edit(
        "qualcode.yaml",
        "report:\n",
        "report:\n  tables: [r-cooccur, r-grid, r-profile, r-blocks, r-counts, r-list]\n",
    );
    p.edit(
        "qualcode.yaml",
        "tables:\n",
        "tables:\n  r-cooccur:\n    verb: cooccur\n    codebook: outcomes\n    columns: [id, \
         code=Outcome]\n  r-grid:\n    verb: grid\n    codebook: service\n    by: cohort\n    \
         columns: [negative, area, positive=Good]\n  r-profile:\n    verb: profile\n    \
         columns: [n=Cases, category=Value, attribute]\n  r-blocks:\n    verb: profile\n    \
         blocks: true\n    columns: [percent, n=Count, category]\n  r-counts:\n    verb: personas\n    \
         by: cohort\n    columns: [total, id=Persona id, EB, persona]\n  r-list:\n    verb: \
         personas\n    columns: [evidence, case]\n",
    );
    p.ok(&["-q", "check"]);
    let after = report(&p, &["--date", "x"]);
    for id in [
        "r-cooccur",
        "r-grid",
        "r-profile",
        "r-blocks",
        "r-counts",
        "r-list",
    ] {
        assert!(
            after.contains(&format!(" id=\"table-{id}\"")),
            "no section {id}"
        );
    }
    assert!(after.contains("<th scope=\"col\">Persona id</th>"));
    assert_eq!(without_named_tables(&after), before);
    assert_persona_counts_match_personas(&p, &after);
    assert_links_land(&after);
}

/// For each `by` attribute, each row of `personas --by BY -f csv` is in the
/// report's persona section with the same counts, each count linked to an
/// appendix entry listing that many cases.
fn assert_persona_counts_match_personas(p: &Project, html: &str) {
    let start = html
        .find("<section class=\"major\" id=\"personas\">")
        .expect("a persona section");
    let section = &html[start..start + html[start..].find("</section>").unwrap()];
    let mut rows = 0;
    for by in ["cohort", "site"] {
        let csv = p.ok(&["-q", "personas", "--by", by, "-f", "csv"]);
        let caption = format!("cases by {by}</caption>");
        let table = &section[section.find(&caption).expect(&caption)..];
        let table = &table[..table.find("</table>").unwrap()];
        for rec in csv::Reader::from_reader(csv.as_bytes()).records() {
            let rec = rec.unwrap();
            if &rec[0] == "n" {
                continue; // the groups' n, in the headers here
            }
            let counts: Vec<&str> = rec.iter().skip(1).take(rec.len() - 2).collect();
            let cells = counts
                .iter()
                .map(|n| format!(r##"<td class="num">(?:<a href="#(e\d+)">)?{n}(?:</a>)?</td>"##))
                .collect::<Vec<_>>()
                .concat();
            let row = Regex::new(&format!(
                "<tr><td>{}</td>{cells}</tr>",
                regex::escape(&escape(&rec[0]))
            ))
            .unwrap();
            let m = row
                .captures(table)
                .unwrap_or_else(|| panic!("by {by}: no row {} with {counts:?}", &rec[0]));
            for (i, n) in counts.iter().enumerate() {
                match m.get(i + 1) {
                    Some(anchor) => {
                        assert_eq!(
                            entry_cases(html, anchor.as_str()),
                            n.parse::<usize>().unwrap()
                        );
                    }
                    None => assert_eq!(*n, "0", "{}: a count of {n} with no link", &rec[0]),
                }
            }
            rows += 1;
        }
    }
    assert!(rows > 10, "{rows} persona rows");
}
