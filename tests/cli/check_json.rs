//! `qualcode check --format json|table|md|csv`: the machine-readable check
//! report (schema in docs/FORMATS.md).

use serde_json::Value;

use crate::harness::fixture;

fn keys(v: &Value) -> Vec<&str> {
    v.as_object().unwrap().keys().map(String::as_str).collect()
}

#[test]
fn check_json_follows_the_schema() {
    let p = fixture("mini");
    let r = p.run(&["check", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(keys(&v), ["documents", "cases", "problems", "notes"]);
    assert_eq!(v["problems"].as_array().unwrap().len(), 0);
    let docs = v["documents"].as_array().unwrap();
    assert!(!docs.is_empty());
    for d in docs {
        assert_eq!(keys(d), ["path", "format", "encoding", "speakers", "notes"]);
        for s in d["speakers"].as_array().unwrap() {
            assert_eq!(
                keys(s),
                ["label", "case", "role", "detected", "reason", "turns"]
            );
            let role = s["role"].as_str().unwrap();
            assert!(role == "interviewer" || role == "participant", "{s}");
            assert_eq!(s["case"].is_null(), role == "interviewer", "{s}");
            assert!(!s["label"].as_str().unwrap().ends_with(':'), "{s}");
            assert!(s["turns"].as_u64().unwrap() > 0);
        }
    }
    let group = docs
        .iter()
        .find(|d| d["path"] == "transcripts/group.txt")
        .unwrap();
    assert_eq!(group["format"], "text");
    assert_eq!(group["encoding"], "UTF-8");
    let anna = &group["speakers"].as_array().unwrap()[1];
    assert_eq!(
        serde_json::to_string(&group["speakers"]).unwrap(),
        "[{\"label\":\"Facilitator\",\"case\":null,\"role\":\"interviewer\",\
         \"detected\":false,\"reason\":\"listed under `interviewers:`\",\"turns\":2},\
         {\"label\":\"Anna\",\"case\":\"G1\",\"role\":\"participant\",\"detected\":false,\
         \"reason\":null,\"turns\":1},{\"label\":\"Ben\",\"case\":\"G2\",\
         \"role\":\"participant\",\"detected\":false,\"reason\":null,\"turns\":2}]"
    );
    assert_eq!(anna["label"], "Anna");
    let cases = v["cases"].as_array().unwrap();
    assert!(cases.iter().all(|c| keys(c) == ["id", "attributes"]));
}

#[test]
fn check_json_lists_problems_with_their_place_and_still_exits_2() {
    let p = fixture("mini");
    // Only white space: nothing to read (a file without labels is read as
    // one speaker's, so it takes an empty one to break).
    p.write("transcripts/broken.txt", " \n\n");
    let r = p.run(&["check", "-f", "json"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    let problem = v["problems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["file"] == "transcripts/broken.txt")
        .unwrap();
    assert_eq!(keys(problem), ["file", "line", "column", "code", "message"]);
    assert!(
        problem["message"].as_str().unwrap().contains("empty"),
        "{problem}"
    );
    let broken = v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["path"] == "transcripts/broken.txt")
        .unwrap();
    assert_eq!(broken["speakers"].as_array().unwrap().len(), 0);
    assert!(broken["encoding"].is_null());
}

#[test]
fn check_md_is_a_table_of_every_documents_speakers() {
    let p = fixture("fossrit");
    let md = p.ok(&["check", "-f", "md"]);
    assert!(md.starts_with("**Transcripts and their speakers**"), "{md}");
    assert!(
        md.contains(
            "| transcripts/donald-1-full.md | markdown | UTF-8 | MIRABAI |  | interviewer | no | \
             listed under `interviewers:` | 1 |"
        ),
        "{md}"
    );
    assert!(!md.contains("ok: "), "{md}");
}
