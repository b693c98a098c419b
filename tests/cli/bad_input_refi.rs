//! Bad inputs for REFI-QDA round trips (issue 22): clashing case data on a
//! merge, a broken record of an import, bad coder options and a broken
//! decisions note. Each is refused with a message naming the place, exit
//! code 2, and nothing written.

/// A bare `project.qde` with one case `X1` (`cohort` = `cohort`) holding
/// one inline source, and `extra` inside `<Project>` after the sources.
fn qde(cohort: &str, extra: &str) -> String {
    format!(
        "<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"P\">\
         <Variables><Variable guid=\"11111111-1111-1111-1111-111111111111\" name=\"cohort\" typeOfVariable=\"Text\"/></Variables>\
         <Cases><Case guid=\"22222222-2222-2222-2222-222222222222\" name=\"F1\">\
           <VariableValue><VariableRef targetGUID=\"11111111-1111-1111-1111-111111111111\"/><TextValue>{cohort}</TextValue></VariableValue>\
           <SourceRef targetGUID=\"33333333-3333-3333-3333-333333333333\"/></Case></Cases>\
         <Sources><TextSource guid=\"33333333-3333-3333-3333-333333333333\" name=\"imported.txt\">\
           <PlainTextContent>Some words.</PlainTextContent></TextSource></Sources>{extra}</Project>"
    )
}

bad!(
    refi_import_case_attribute_clash,
    ["import", "qdpx", "p.qde"],
    |p| {
        // The mini project's F1 is Younger; the import says Older.
        p.write("p.qde", qde("Older", ""));
    }
);

bad!(
    refi_import_decisions_note_broken,
    ["import", "qdpx", "p.qde", "--into", "out"],
    |p| {
        let note = "<Notes><Note guid=\"44444444-4444-4444-4444-444444444444\" \
            name=\"qualcode decisions\"><PlainTextContent>source\tline\tcode\taction\tuser\tmemo\n\
            33333333-3333-3333-3333-333333333333\tseven\tx\tmaybe\tu\t\n</PlainTextContent></Note></Notes>";
        p.write("p.qde", qde("Younger", note));
    }
);

bad!(
    refi_import_coder_map_without_equals,
    ["import", "qdpx", "p.qde", "--coder-map", "Gergo"],
    |p| {
        p.write("p.qde", qde("Younger", ""));
    }
);

bad!(
    refi_import_coders_prefix_not_a_file_name,
    ["import", "qdpx", "p.qde", "--coders-prefix", "../x"],
    |p| {
        p.write("p.qde", qde("Younger", ""));
    }
);

bad!(
    refi_export_record_broken,
    ["export", "qdpx", "-o", "x.qdpx"],
    |p| {
        p.write("refi/project.json", "{\"format\": 1, \"users\": [");
    }
);

#[test]
fn a_clash_writes_nothing_and_prefer_resolves_it() {
    let p = crate::harness::fixture("mini");
    p.write("p.qde", qde("Older", ""));
    let before = p.read("cases.csv");
    p.bad(&["import", "qdpx", "p.qde"]);
    assert_eq!(p.read("cases.csv"), before);
    assert!(!p.path("transcripts/imported.txt").exists());
    p.ok(&["-q", "import", "qdpx", "p.qde", "--prefer", "import"]);
    assert!(p.read("cases.csv").contains("F1,North,Older"));
    assert!(p.read("transcripts/imported.txt").contains("Some words."));
}
