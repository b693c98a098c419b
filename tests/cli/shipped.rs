//! The shipped codebooks (codebooks/*.yaml) as a set: their structure, that
//! they load and pass `check` together, and a catalogue of sentences each
//! must or must not code, for negation and its scope above all ("I don't
//! have any problem with housing" is no housing barrier; "we were sleeping
//! in the car" is one).

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use serde::Deserialize;
use serde::de::IgnoredAny;

use crate::harness::with_shipped_codebooks;

/// The parts of a codebook file the structure rule is about; other keys
/// are `qualcode check`'s business.
#[derive(Deserialize)]
struct Book {
    codebook: String,
    codes: Vec<Code>,
}

#[derive(Deserialize)]
struct Code {
    id: String,
    label: Option<String>,
    description: Option<String>,
    include: Option<String>,
    exclude: Option<String>,
    #[serde(default)]
    patterns: Vec<IgnoredAny>,
    #[serde(default)]
    examples: Vec<String>,
    #[serde(default)]
    counterexamples: Vec<String>,
    #[serde(default)]
    children: Vec<Code>,
}

/// A shipped leaf code needs a label, a description, include and exclude
/// notes, at least this many patterns and this many examples.
const MIN_PATTERNS: usize = 6;
const MIN_EXAMPLES: usize = 2;

fn shipped() -> Vec<(String, Book)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("codebooks");
    let mut files: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        // The personas file is rules over codebooks, not a codebook.
        .filter(|p| p.file_name().is_some_and(|n| n != "personas.yaml"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let text = fs::read_to_string(&path).unwrap();
            let book = serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, book)
        })
        .collect()
}

/// Walk `codes`, noting every full id and what each leaf lacks.
fn audit(codes: &[Code], prefix: &str, ids: &mut Vec<String>, problems: &mut Vec<String>) {
    for code in codes {
        let id = format!("{prefix}.{}", code.id);
        ids.push(id.clone());
        if !code.children.is_empty() {
            audit(&code.children, &id, ids, problems);
            continue;
        }
        let mut lacks: Vec<String> = [
            ("label", &code.label),
            ("description", &code.description),
            ("include", &code.include),
            ("exclude", &code.exclude),
        ]
        .into_iter()
        .filter(|(_, v)| v.as_deref().is_none_or(|v| v.trim().is_empty()))
        .map(|(k, _)| k.to_owned())
        .collect();
        if code.patterns.len() < MIN_PATTERNS {
            lacks.push(format!(
                "patterns ({} < {MIN_PATTERNS})",
                code.patterns.len()
            ));
        }
        if code.examples.len() < MIN_EXAMPLES {
            lacks.push(format!(
                "examples ({} < {MIN_EXAMPLES})",
                code.examples.len()
            ));
        }
        if !lacks.is_empty() {
            problems.push(format!("{id}: {}", lacks.join(", ")));
        }
    }
}

#[test]
fn every_shipped_leaf_code_is_defined_with_patterns_and_examples() {
    let books = shipped();
    assert!(books.len() >= 7, "{} codebooks", books.len());
    let mut ids = Vec::new();
    let mut problems = Vec::new();
    let mut names = BTreeSet::new();
    for (file, book) in &books {
        assert!(
            names.insert(book.codebook.clone()),
            "{file}: codebook name used twice"
        );
        audit(&book.codes, &book.codebook, &mut ids, &mut problems);
    }
    assert!(
        problems.is_empty(),
        "leaf codes short of the rule:\n{}",
        problems.join("\n")
    );
    let unique: BTreeSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "duplicate code ids");
}

/// Every leaf at or under `root` (a full id) that has no counterexample.
fn without_counterexamples(codes: &[Code], prefix: &str, root: &str, out: &mut Vec<String>) {
    for code in codes {
        let id = format!("{prefix}.{}", code.id);
        if !(id.starts_with(root) || root.starts_with(&id)) {
            continue;
        }
        if code.children.is_empty() {
            if code.counterexamples.is_empty() {
                out.push(id);
            }
        } else {
            without_counterexamples(&code.children, &id, root, out);
        }
    }
}

/// The codes the issue found coding similes, wishes and other people's
/// words (life on benefit, outcomes, the relationship themes, recruitment)
/// carry counterexamples, which `check` proves uncoded.
#[test]
fn client_experience_codes_carry_counterexamples() {
    let roots = [
        "life_on_benefit",
        "outcomes",
        "recruitment",
        "service.relationship",
    ];
    let mut missing = Vec::new();
    for (_, book) in shipped() {
        for root in roots {
            without_counterexamples(&book.codes, &book.codebook, root, &mut missing);
        }
    }
    assert!(missing.is_empty(), "no counterexamples: {missing:?}");
    let total: usize = shipped()
        .iter()
        .map(|(_, b)| count_counterexamples(&b.codes))
        .sum();
    assert!(total >= 90, "{total} counterexamples");
}

/// Every code, parent or leaf, carries include and exclude notes a coder
/// can apply, and every leaf with patterns at least this many
/// counterexamples (issue 17 point 3), which `check` proves uncoded.
const MIN_COUNTEREXAMPLES: usize = 2;

fn notes_audit(codes: &[Code], prefix: &str, problems: &mut Vec<String>) {
    for code in codes {
        let id = format!("{prefix}.{}", code.id);
        for (key, note) in [("include", &code.include), ("exclude", &code.exclude)] {
            if note.as_deref().is_none_or(|v| v.trim().len() < 20) {
                problems.push(format!("{id}: no {key} note"));
            }
        }
        if code.children.is_empty() {
            if !code.patterns.is_empty() && code.counterexamples.len() < MIN_COUNTEREXAMPLES {
                problems.push(format!(
                    "{id}: counterexamples ({} < {MIN_COUNTEREXAMPLES})",
                    code.counterexamples.len()
                ));
            }
        } else {
            notes_audit(&code.children, &id, problems);
        }
    }
}

#[test]
fn every_shipped_code_has_notes_and_every_leaf_counterexamples() {
    let mut problems = Vec::new();
    for (_, book) in shipped() {
        notes_audit(&book.codes, &book.codebook, &mut problems);
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

fn count_counterexamples(codes: &[Code]) -> usize {
    codes
        .iter()
        .map(|c| c.counterexamples.len() + count_counterexamples(&c.children))
        .sum()
}

#[test]
fn shipped_codebooks_load_together_and_pass_check() {
    let p = with_shipped_codebooks();
    p.write("transcripts/one.txt", "P: I just want to work.\n");
    let out = p.ok(&["check"]);
    let books = shipped().len();
    assert!(out.starts_with(&format!("ok: {books} codebooks,")), "{out}");
}

/// What a sentence must do to a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Want {
    /// The code, or a code below it, must be applied.
    Must,
    /// Neither the code nor any code below it may be applied.
    Not,
}
use Want::{Must, Not};

/// Each sentence is one participant turn of its own, coded with every
/// shipped codebook loaded. One entry a line, so the table reads as a list.
#[rustfmt::skip]
const CATALOGUE: &[(Want, &str, &str)] = &[
    // barriers
    (Not,  "barriers.ics.circumstances.debt", "I've never been in debt."),
    (Not,  "barriers.ics.circumstances.debt", "I'm not in debt, I'm careful."),
    (Must, "barriers.ics.circumstances.debt", "I'm behind on the rent again."),
    (Not,  "barriers.ics.circumstances.housing", "I don't have any problem with housing."),
    (Not,  "barriers.ics.circumstances.housing", "Housing isn't a problem, I've got my own flat."),
    (Not,  "barriers.ics.circumstances.housing", "I've never really had any problems with housing."),
    (Not,  "barriers.ics.circumstances.housing", "We've never been homeless, thank God."),
    (Not,  "barriers.ics.circumstances.housing", "I've never had to sleep rough."),
    (Must, "barriers.ics.circumstances.housing", "We were sleeping in the car for two months."),
    (Must, "barriers.ics.circumstances.housing", "I got evicted last year and I've been sofa surfing since."),
    (Must, "barriers.ics.circumstances.housing", "I never thought it would happen to me, but we ended up homeless."),
    (Must, "barriers.ics.circumstances.housing", "We had to sleep in the van for a month."),
    (Must, "barriers.ics.circumstances.housing", "I had to sleep rough for a few weeks."),
    (Must, "barriers.ics.circumstances.housing", "No problems with the flat now, but I was homeless for a year."),
    (Not,  "barriers.ics.circumstances.transport", "Transport's not a problem, I've got a car."),
    (Not,  "barriers.ics.circumstances.transport", "The bus isn't an issue for me."),
    (Must, "barriers.ics.circumstances.transport", "I lost my licence last year."),
    (Must, "barriers.ics.circumstances.transport", "I can't drive and the buses are rubbish."),
    (Not,  "barriers.ics.family.care_responsibilities", "Childcare's not an issue, my mum has the kids."),
    (Not,  "barriers.ics.family.care_responsibilities", "I don't have any childcare problems."),
    (Must, "barriers.ics.family.care_responsibilities", "I'm a single mum with two under five."),
    (Must, "barriers.ics.family.care_responsibilities", "I look after my dad full time."),
    (Not,  "barriers.ics.family.family_violence", "There was no domestic violence, we just argued."),
    (Must, "barriers.ics.family.family_violence", "My ex used to hit me."),
    (Not,  "barriers.ics.health.mental_health", "I've never had depression."),
    (Not,  "barriers.ics.health.mental_health", "No anxiety or anything like that."),
    (Must, "barriers.ics.health.mental_health", "My depression stops me going out."),
    (Must, "barriers.ics.health.mental_health", "I get panic attacks on the bus."),
    (Not,  "barriers.ics.health.physical_health", "I don't have any health problems."),
    (Not,  "barriers.ics.health.physical_health", "I'm not disabled, I'm just out of practice."),
    (Must, "barriers.ics.health.physical_health", "I've got a bad back and can't lift anything."),
    (Not,  "barriers.ics.health.substance_use", "No drugs now."),
    (Not,  "barriers.ics.health.substance_use", "I don't touch the drink."),
    (Not,  "barriers.ics.health.substance_use", "I've never had a problem with drugs or alcohol."),
    (Not,  "barriers.ics.health.substance_use", "I've never taken drugs in my life."),
    (Not,  "barriers.ics.health.substance_use", "I've been without drugs for two years."),
    (Not,  "barriers.ics.health.substance_use", "I'm not an alcoholic."),
    (Must, "barriers.ics.health.substance_use", "I'm on the methadone programme."),
    (Must, "barriers.ics.health.substance_use", "I was drinking every day after the divorce."),
    (Must, "barriers.ics.health.substance_use", "I'd never have believed it, but I ended up addicted to painkillers."),
    (Must, "barriers.ics.health.substance_use", "I can't get through the day without a drink."),
    (Not,  "barriers.ics.personal.motivation", "I'm not lazy."),
    (Not,  "barriers.ics.personal.motivation", "It's not that I don't want to work."),
    (Must, "barriers.ics.personal.motivation", "I just can't be bothered any more."),
    (Not,  "barriers.ics.skills_history.criminal_record", "I've never been in trouble with the police."),
    (Not,  "barriers.ics.skills_history.criminal_record", "I haven't got a criminal record."),
    (Not,  "barriers.ics.skills_history.criminal_record", "My record's clean."),
    (Not,  "barriers.ics.skills_history.criminal_record", "I've never been to prison."),
    (Not,  "barriers.ics.skills_history.criminal_record", "I haven't been in any trouble with the police."),
    (Must, "barriers.ics.skills_history.criminal_record", "I did two years in prison and nobody will touch me."),
    (Must, "barriers.ics.skills_history.criminal_record", "I'm still on probation till March."),
    (Must, "barriers.ics.skills_history.criminal_record", "I'm not proud of it, but I've got a record."),
    (Must, "barriers.ics.skills_history.criminal_record", "No one will give me a job with my record."),
    (Not,  "barriers.ics.skills_history.literacy", "I've got no learning difficulties."),
    (Not,  "barriers.ics.skills_history.literacy", "My reading and writing's no problem."),
    (Must, "barriers.ics.skills_history.literacy", "I can't read very well."),
    (Not,  "barriers.ics.skills_history.work_history", "I've never been sacked."),
    (Must, "barriers.ics.skills_history.work_history", "I've been out of work nine years."),
    (Not,  "barriers.kent.bureaucracy_imposed", "I wasn't worried about losing my benefit."),
    (Must, "barriers.kent.bureaucracy_imposed", "If I work more than 16 hours I lose my housing benefit."),
    (Must, "barriers.kent.bureaucracy_imposed", "If I got a job I'd lose my housing benefit."),
    (Not,  "barriers.kent.self_imposed", "I'm not fussy, I'll do any job."),
    (Not,  "barriers.kent.self_imposed", "I'll do anything, I'm not picky."),
    (Not,  "barriers.kent.self_imposed", "I don't want him to tell me off."),
    (Must, "barriers.kent.self_imposed", "I won't work in a shop."),
    (Must, "barriers.kent.self_imposed", "I won't have anyone telling me what to do."),
    (Must, "barriers.kent.self_imposed", "Factory work? Definitely not factories."),
    // life_on_benefit
    (Not,  "life_on_benefit.depression_disability", "I'm not depressed."),
    (Not,  "life_on_benefit.depression_disability", "I've never been on medication."),
    (Not,  "life_on_benefit.depression_disability", "I've never felt suicidal."),
    (Must, "life_on_benefit.depression_disability", "The depression's bad this winter."),
    (Must, "life_on_benefit.depression_disability", "I felt quite suicidal at times."),
    (Not,  "life_on_benefit.depression_disability", "I get disability living allowance."),
    (Not,  "life_on_benefit.doing_nothing", "I'm never bored, I've always got something on."),
    (Not,  "life_on_benefit.doing_nothing", "It's nothing to do with money."),
    (Must, "life_on_benefit.doing_nothing", "I just sit around all day watching telly."),
    (Not,  "life_on_benefit.hopelessness", "I haven't given up."),
    (Not,  "life_on_benefit.hopelessness", "I've never felt hopeless."),
    (Not,  "life_on_benefit.hopelessness", "I'm hopeless at maths."),
    (Not,  "life_on_benefit.hopelessness", "It's not that I've given up."),
    (Must, "life_on_benefit.hopelessness", "I've given up looking, what's the point."),
    (Must, "life_on_benefit.hopelessness", "There's no point trying any more."),
    (Not,  "life_on_benefit.isolation", "I'm not lonely, my sister's round most days."),
    (Not,  "life_on_benefit.isolation", "I never feel isolated."),
    (Must, "life_on_benefit.isolation", "I'm on my own all day with nobody to talk to."),
    (Must, "life_on_benefit.isolation", "Since I stopped work I've felt lost."),
    (Not,  "life_on_benefit.isolation", "I was lost for words."),
    (Not,  "life_on_benefit.low_self_worth", "I've never felt like a scrounger."),
    (Not,  "life_on_benefit.low_self_worth", "I'm not ashamed of being on the sick."),
    (Must, "life_on_benefit.low_self_worth", "I feel like a parasite."),
    (Not,  "life_on_benefit.vulnerability", "I'm not vulnerable."),
    (Must, "life_on_benefit.vulnerability", "I couldn't cope with the letters."),
    // motivators
    (Must, "motivators.extrinsic.family", "It's not for the money, it's for my kids."),
    (Not,  "motivators.extrinsic.finance", "It's nothing to do with the money."),
    (Not,  "motivators.extrinsic.finance", "It's not about the money."),
    (Not,  "motivators.extrinsic.finance", "I'm not doing it for the money."),
    (Not,  "motivators.extrinsic.finance", "I'm not bothered about the money."),
    (Not,  "motivators.extrinsic.finance", "It's not for the money, it's for my kids."),
    (Must, "motivators.extrinsic.finance", "I want to pay my bills."),
    (Not,  "motivators.extrinsic.helping_others", "They helped me with my CV."),
    (Not,  "motivators.intrinsic.boredom", "I'm not bored, I've plenty on."),
    (Not,  "motivators.intrinsic.depression", "I'm not depressed."),
    (Not,  "motivators.intrinsic.education", "I'm not interested in college."),
    (Not,  "motivators.intrinsic.education", "Of course I'd take it."),
    (Not,  "motivators.intrinsic.education", "I never wanted to go to college."),
    (Not,  "motivators.intrinsic.education", "I don't want to do a course."),
    (Must, "motivators.intrinsic.education", "I'd love to go to college."),
    (Not,  "motivators.intrinsic.education", "The advisor was qualified and knew her stuff."),
    (Must, "motivators.intrinsic.education", "I want to get qualified as an electrician."),
    (Not,  "motivators.intrinsic.health", "My health stops me working."),
    (Not,  "motivators.intrinsic.innate_desire", "I don't want to work in an office."),
    (Not,  "motivators.intrinsic.innate_desire", "I need to work on my CV."),
    (Must, "motivators.intrinsic.innate_desire", "I just want to work."),
    (Must, "motivators.intrinsic.self_worth", "I'm not useless yet."),
    (Not,  "motivators.intrinsic.social_need", "I'm not lonely."),
    // recruitment
    (Not,  "recruitment.job_centre", "Nobody at the Jobcentre referred me."),
    (Not,  "recruitment.job_centre", "The Jobcentre never referred me, I found it myself."),
    (Not,  "recruitment.leaflet", "I didn't see any leaflets."),
    (Not,  "recruitment.newspaper", "I don't read the local paper."),
    (Not,  "recruitment.poster", "I never saw a poster."),
    (Must, "recruitment.poster", "I saw a poster in the library."),
    (Not,  "recruitment.recruitment_event", "I never went to the jobs fair."),
    (Not,  "recruitment.recruitment_event", "I didn't go to the open day."),
    (Not,  "recruitment.word_of_mouth", "It wasn't word of mouth, I saw it in the paper."),
    (Not,  "recruitment.word_of_mouth", "My mate never told me about it, I saw the poster."),
    (Must, "recruitment.word_of_mouth", "A mate of mine told me about it."),
    // outcomes
    (Not,  "outcomes.interim.driver_licence", "I haven't got my licence."),
    (Must, "outcomes.interim.driver_licence", "I passed my driving test in June."),
    (Not,  "outcomes.interim.health_wellbeing", "I don't feel better."),
    (Not,  "outcomes.interim.mindset", "I've lost my confidence."),
    (Not,  "outcomes.interim.mindset", "I'm not confident at all."),
    (Not,  "outcomes.interim.reduced_offending", "I'm always in trouble with the police."),
    (Must, "outcomes.interim.reduced_offending", "I've kept my nose clean since I started."),
    (Not,  "outcomes.off_benefit", "I haven't got a job yet."),
    (Not,  "outcomes.off_benefit", "I lost my job."),
    (Not,  "outcomes.off_benefit", "You might as well say I'm working for nothing."),
    (Not,  "outcomes.off_benefit", "If I got a job I'd lose my housing benefit."),
    (Not,  "outcomes.off_benefit", "Nobody took me on."),
    (Not,  "outcomes.off_benefit", "If I was working full time I'd lose the lot."),
    (Must, "outcomes.off_benefit", "I got a job at the packhouse."),
    (Must, "outcomes.off_benefit", "I'm working part time now."),
    (Must, "outcomes.off_benefit", "When I got the job everything changed."),
    // staircasing
    (Not,  "staircasing.survival.alcohol_drugs", "I never went to rehab."),
    (Must, "staircasing.survival.alcohol_drugs", "I'm on the methadone programme."),
    (Not,  "staircasing.survival.health.gp", "I haven't been to the doctor in years."),
    (Must, "staircasing.survival.health.gp", "She got me registered with a GP."),
    (Not,  "staircasing.survival.housing", "I don't have any problem with housing."),
    (Not,  "staircasing.survival.housing", "We've never had any trouble with housing."),
    (Not,  "staircasing.survival.housing", "I didn't need any help with housing."),
    (Must, "staircasing.survival.housing", "She helped me with the housing forms."),
    (Not,  "staircasing.survival.mental_health", "I've never needed a counsellor."),
    // service
    (Must, "service.activities.negative.feedback", "I never got any feedback."),
    (Not,  "service.other.negative.lack_of_jobs", "There are plenty of jobs round here."),
    (Must, "service.other.negative.lack_of_jobs", "There aren't no jobs round here."),
    (Not,  "service.personnel.negative.not_listening", "She always listened to me."),
    (Must, "service.personnel.negative.not_listening", "She never listened to a word I said."),
    (Not,  "service.personnel.positive.encouraging", "Nobody encouraged me."),
    (Not,  "service.personnel.positive.friendly_helpful", "They weren't very helpful."),
    (Not,  "service.personnel.positive.interested", "I don't think they were really interested in me."),
    (Not,  "service.personnel.positive.listening", "She never listened to a word I said."),
    (Must, "service.personnel.positive.listening", "She always listened to me."),
    (Must, "service.personnel.positive.non_judgemental", "She never once judged me."),
    (Not,  "service.personnel.positive.skilled", "She wasn't very patient with me."),
    (Not,  "service.personnel.positive.time_for_me", "She never had time for me."),
    (Not,  "service.relationship.trust", "I never trusted her."),
    (Must, "service.relationship.trust", "I could trust her with anything."),
];

#[test]
fn shipped_codebooks_code_the_catalogue_as_stated() {
    let p = with_shipped_codebooks();
    // Three lines of front matter, then a turn and a blank line each:
    // sentence i is on line 4 + 2i.
    let mut text = String::from("---\nid: P\n---\n");
    for (_, _, sentence) in CATALOGUE {
        writeln!(text, "P: {sentence}\n").unwrap();
    }
    p.write("transcripts/catalogue.txt", text);
    p.code();
    let mut found: Vec<Vec<String>> = vec![Vec::new(); CATALOGUE.len()];
    let auto = p.read("codings/auto.csv");
    for r in csv::Reader::from_reader(auto.as_bytes()).records() {
        let r = r.unwrap();
        let line: usize = r[3].parse().unwrap();
        found[(line - 4) / 2].push(format!("{} [{}]", &r[5], &r[9]));
    }
    let mut failures = Vec::new();
    for ((want, code, sentence), found) in CATALOGUE.iter().zip(&found) {
        let hits = found
            .iter()
            .filter(|f| f.starts_with(&format!("{code} ")) || f.starts_with(&format!("{code}.")))
            .count();
        if (*want == Must) != (hits > 0) {
            failures.push(format!(
                "{want:?} {code}: {sentence:?}\n    coded: {}",
                found.join("; ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} sentences coded wrongly:\n{}",
        failures.len(),
        CATALOGUE.len(),
        failures.join("\n")
    );
}
