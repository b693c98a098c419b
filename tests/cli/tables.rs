//! Table layout (`--columns`, `--transpose`, `--title`, `--footnote`),
//! `labels:` and `order:`, and named tables (`tables:`, `qualcode table`):
//! the published tables of the examples, one command each.

use crate::harness::{example, fixture};

/// Kent NOW Tables 3, 4, 5 and 7-9 and ICS Table 3.1, each from one
/// command, in Markdown.
#[test]
fn the_published_tables_come_out_of_one_command_each() {
    let kent = example("kent");
    kent.code();
    for name in ["kent-3", "kent-4", "kent-5", "kent-7", "kent-8", "kent-9"] {
        let md = kent.ok(&["table", name, "-f", "md"]);
        insta::assert_snapshot!(format!("table_{name}"), md);
    }
    let ics = example("ics");
    ics.code();
    insta::assert_snapshot!("table_ics-3.1", ics.ok(&["table", "ics-3.1", "-f", "md"]));
}

#[test]
fn kent_table_3_has_sites_as_rows_methods_as_columns_and_a_total_row() {
    let kent = example("kent");
    kent.code();
    let csv = kent.ok(&["table", "kent-3", "-f", "csv"]);
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("Site,Job centre referral,"), "{csv}");
    assert_eq!(
        lines.last().copied(),
        Some("Total (n=12),2,1,1,3,4,1"),
        "{csv}"
    );
    // The table's own definition, and the same from the command line.
    let by_hand = kent.ok(&[
        "freq",
        "--codebook",
        "recruitment",
        "--by",
        "site",
        "--sort",
        "codebook",
        "--transpose",
        "--no-footnote",
        "--title",
        "Table 3. Methods of recruitment to Kent NOW",
        "--footnote",
        "Care should be taken in creating quantitative data from qualitative data. This \
         frequency count is included for indicative purposes only.",
        "-f",
        "csv",
    ]);
    assert_eq!(by_hand, csv);
}

#[test]
fn a_filtered_grid_has_no_all_cases_column_and_names_the_group() {
    let kent = example("kent");
    kent.code();
    let md = kent.ok(&[
        "grid",
        "--codebook",
        "service",
        "--where",
        "site=Maidstone",
        "-f",
        "md",
    ]);
    assert!(!md.contains("All cases"), "{md}");
    assert!(md.starts_with("**Maidstone: "), "{md}");
    assert!(md.contains("| Area | Positive | Negative |"), "{md}");
}

#[test]
fn table_list_names_each_definition() {
    let kent = example("kent");
    insta::assert_snapshot!(
        "table_list_kent",
        kent.ok(&["table", "--list", "-f", "csv"])
    );
}

#[test]
fn labels_and_order_set_headers_and_group_order() {
    let p = fixture("mini");
    p.edit(
        "qualcode.yaml",
        "cases: cases.csv",
        "cases: cases.csv\nlabels:\n  site:\n    label: Region\n    values: {North: The north}\n\
         order:\n  site: [South, North]",
    );
    p.code();
    let md = p.ok(&["freq", "--codebook", "motives", "--by", "site", "-f", "md"]);
    let header = md.lines().find(|l| l.starts_with("| Code")).unwrap();
    assert!(
        header.starts_with("| Code | South (n=3) | The north (n=3) | Total (n=6) |"),
        "{md}"
    );
    assert!(md.contains("cases by region"), "{md}");
    // JSON and CSV keys stay the category as recorded.
    let json = p.ok(&[
        "freq",
        "--codebook",
        "motives",
        "--by",
        "site",
        "-f",
        "json",
    ]);
    assert!(json.contains("\"North\""), "{json}");
    let t = p.ok(&[
        "freq",
        "--codebook",
        "motives",
        "--by",
        "site",
        "--transpose",
        "-f",
        "csv",
    ]);
    let rows: Vec<&str> = t.lines().map(|l| l.split(',').next().unwrap()).collect();
    assert_eq!(
        rows[..4],
        ["Region", "South (n=3)", "The north (n=3)", "Total (n=6)"]
    );
    let profile = p.ok(&["profile", "--attrs", "site", "--blocks", "-f", "csv"]);
    assert_eq!(
        profile,
        "Characteristic,Cases (n),% of cases\nRegion,,\nSouth,3,50.0\nThe north,3,50.0\nTotal,6,\n"
    );
}

#[test]
fn columns_choose_order_and_rename_in_every_format() {
    let p = fixture("mini");
    p.code();
    let csv = p.ok(&[
        "freq",
        "--codebook",
        "motives",
        "--columns",
        "mentioned_by=Who,code=Motive",
        "-f",
        "csv",
    ]);
    assert!(csv.starts_with("Who,Motive\n"), "{csv}");
    let json = p.ok(&[
        "cooccur",
        "--codebook",
        "motives",
        "--title",
        "Mine",
        "--footnote",
        "A note.",
        "-f",
        "json",
    ]);
    assert!(json.contains("\"Mine\""), "{json}");
    assert!(json.contains("A note."), "{json}");
}

#[test]
fn percentages_round_half_up() {
    // 1 of 8 is 12.5%: shown 13%, as a reader rounding by hand would.
    let ics = example("ics");
    let md = ics.ok(&["profile", "--attrs", "site", "-f", "md"]);
    assert!(md.contains("| Site | Rotorua | 1 | 13% |"), "{md}");
    let csv = ics.ok(&["profile", "--attrs", "site", "-f", "csv"]);
    assert!(csv.contains("Rotorua,1,12.5"), "{csv}");
}

#[test]
fn freq_percent_adds_each_groups_share_of_its_n() {
    let p = fixture("mini");
    p.code();
    let csv = p.ok(&[
        "freq",
        "--codebook",
        "motives",
        "--by",
        "site",
        "--percent",
        "-f",
        "csv",
    ]);
    let header = csv.lines().next().unwrap();
    assert_eq!(header, "Code,North,%,South,%,Total,%,Id", "{csv}");
    // The n of each group is a row of its own under the header.
    assert_eq!(csv.lines().nth(1).unwrap(), "n,3,,3,,6,,", "{csv}");
    // Each % is the count before it over that group's n, rounded half up.
    for line in csv.lines().skip(2) {
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(line.as_bytes());
        let rec = r.records().next().unwrap().unwrap();
        for (count, share, n) in [(1, 2, 3.0), (3, 4, 3.0), (5, 6, 6.0)] {
            let c: f64 = rec[count].parse().unwrap();
            let want = format!("{:.1}", (1000.0 * c / n).round() / 10.0);
            assert_eq!(&rec[share], want, "{line}");
        }
    }
    let bad = p.run(&["freq", "--codebook", "motives", "--percent"]);
    assert_eq!(bad.code, 2, "--percent needs --by: {}", bad.stderr);
}
