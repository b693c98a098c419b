//! The label forms that transcription tools write around a speaker's name:
//! times before it (`[00:00:01] Name:`, `[0.00 - 3.21] SPEAKER_00 - text`,
//! Zoom chat's `12:03:41<TAB>From Ann to Everyone:`), after it (`Name
//! (00:01):`, `Name: [00:00:01] text`), alone on a header line with the
//! speech below (Otter's `Name  0:03`, `**Name** 0:03`), and attributes
//! after it (`P1 (female, 34):`). Each function here is a pure look at one
//! line; [`super::turns`] decides which lines start turns. All of it runs
//! in time linear in the line.

/// A time in a transcript, `[h:]m:s[.fff]` (or `,fff`), or seconds with a
/// fraction (`3.21`), in milliseconds.
pub fn time_ms(s: &str) -> Option<u64> {
    let s = s.trim();
    if s.is_empty() || s.len() > 16 {
        return None;
    }
    let (clock, frac) = match s.find(['.', ',']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let parts: Vec<&str> = clock.split(':').collect();
    let digits = |p: &str| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit());
    if parts.len() > 3 || !parts.iter().all(|p| digits(p)) {
        return None;
    }
    if parts.len() == 1 && frac.is_none() {
        return None; // a bare number is not a time
    }
    if parts.iter().skip(1).any(|p| p.len() != 2) {
        return None;
    }
    let mut secs: u64 = 0;
    for p in &parts {
        secs = secs * 60 + p.parse::<u64>().ok()?;
    }
    let millis = match frac {
        Some(f) if digits(f) => {
            let f = &f[..f.len().min(3)];
            f.parse::<u64>().ok()? * 10u64.pow(3 - u32::try_from(f.len()).ok()?)
        }
        Some(_) => return None,
        None => 0,
    };
    Some(secs * 1000 + millis)
}

/// Whether `line` is only a time: a continuation header (`0:45`,
/// `[00:01:23]`, `(01:23)`) that keeps the speaker before it.
pub fn is_time_only(line: &str) -> bool {
    let s = line.trim();
    let inner = s
        .strip_prefix('[')
        .and_then(|r| r.strip_suffix(']'))
        .or_else(|| s.strip_prefix('(').and_then(|r| r.strip_suffix(')')))
        .unwrap_or(s);
    // `time_ms` first: it refuses anything longer than a time at once.
    time_ms(inner).is_some() && inner.contains(':')
}

/// A line without a leading time: `[00:00:01] `, `[0.00 - 3.21] `,
/// `[00:01.000 --> 00:03.000] `, or `00:00:01` (hours, minutes and
/// seconds) then white space. Returns the rest and the start time.
pub fn strip_time_prefix(line: &str) -> (&str, Option<u64>) {
    let s = line.trim_start();
    if let Some(r) = s.strip_prefix('[')
        && let Some(close) = r.find(']')
    {
        let inner = &r[..close];
        let start = inner
            .split_once("-->")
            .map_or_else(|| inner.split_once(" - ").map_or(inner, |p| p.0), |p| p.0);
        if let Some(ms) =
            time_ms(start).filter(|_| start.len() < inner.len() || inner.contains(':'))
        {
            return (r[close + 1..].trim_start(), Some(ms));
        }
        return (line, None);
    }
    let end = s.find(char::is_whitespace).unwrap_or(s.len());
    let word = &s[..end];
    if end < s.len()
        && word.matches(':').count() == 2
        && let Some(ms) = time_ms(word)
    {
        return (s[end..].trim_start(), Some(ms));
    }
    (line, None)
}

/// Zoom chat's `From Ann Lee to Everyone` (also `From Ann Lee To Host`,
/// `From Ann Lee to Ben(Direct Message)`): the sender.
pub fn chat_sender(label: &str) -> Option<&str> {
    let rest = label.strip_prefix("From ")?;
    let to = rest.rfind(" to ").or_else(|| rest.rfind(" To "))?;
    let sender = rest[..to].trim();
    (!sender.is_empty()).then_some(sender)
}

/// A label without what follows the name in parentheses: a time (`Speaker
/// 1 (00:01)`) or attributes (`P1 (female, 34)`, `AMANDA (typed)`),
/// returned with the time. An initialism in parentheses (`Jane Doe (SL)`)
/// is part of the name; other words in parentheses are returned with the
/// label, for the caller to refuse (`Well (I think): …` is speech).
pub fn split_tail(label: &str) -> (&str, Option<u64>) {
    // Most lines do not end in `)`: no search for ` (` (it ran on every
    // line of every transcript).
    if !label.ends_with(')') {
        return (label, None);
    }
    let Some(open) = label.rfind(" (") else {
        return (label, None);
    };
    let Some(inner) = label[open + 2..].strip_suffix(')') else {
        return (label, None);
    };
    let name = label[..open].trim_end();
    if name.is_empty() {
        return (label, None);
    }
    if let Some(ms) = time_ms(inner).filter(|_| inner.contains(':')) {
        return (name, Some(ms));
    }
    // A stage direction (`John (laughing)`) says how, not who.
    if is_direction(inner) {
        return (name, None);
    }
    // Attributes: a list or a number (`female, 34`, `age 34`), or any note
    // after an id-like name (`AMANDA (typed)`, `P1 (staff)`).
    let listed = inner.contains(',') || inner.chars().any(char::is_numeric);
    let id_like = name
        .chars()
        .all(|c| c.is_uppercase() || c.is_numeric() || c == '_')
        || (name.chars().any(char::is_numeric) && !name.contains(' '));
    if !is_initialism(inner) && (listed || id_like) {
        (name, None)
    } else {
        (label, None)
    }
}

/// Whether `s` is an initialism such as `SL` or `U.S.`.
pub fn is_initialism(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_uppercase() || c.is_numeric() || c == '.' || c == '-')
}

/// Otter's and Teams's header line, `Name  0:03` (or `**Name** 0:03`,
/// `Name (00:01)`, `Name 00:00:01`), with the speech on the lines below:
/// the name and the time. The name is checked by the caller.
pub fn header(line: &str) -> Option<(&str, u64)> {
    let s = line.trim();
    if s.len() > 120 {
        return None;
    }
    if let (name, Some(ms)) = split_tail(s.trim_end_matches(':'))
        && name.len() < s.len()
    {
        return Some((unbold(name), ms));
    }
    let (space, c) = s.char_indices().rev().find(|(_, c)| c.is_whitespace())?;
    let time = &s[space + c.len_utf8()..];
    let ms = time_ms(time).filter(|_| time.contains(':'))?;
    let name = unbold(s[..space].trim_end());
    (!name.is_empty()).then_some((name, ms))
}

/// `**Name**` as `Name`.
fn unbold(s: &str) -> &str {
    s.strip_prefix("**")
        .and_then(|r| r.strip_suffix("**"))
        .map_or(s, str::trim)
}

/// Whether `label` is a name a transcription or diarisation tool gives a
/// voice it cannot name (`SPEAKER_00`, `Speaker 2`, `Unknown Speaker`,
/// `spk_1`): such a label names a voice within one file only, so the same
/// label in two files is two people.
pub fn is_generic(label: &str) -> bool {
    let lower = label.trim().to_ascii_lowercase();
    let rest = ["unknown speaker", "speaker", "spk", "unknown"]
        .iter()
        .find_map(|prefix| lower.strip_prefix(prefix));
    let Some(rest) = rest else {
        return false;
    };
    let rest = rest.trim_start_matches([' ', '_', '-']);
    rest.is_empty() || (rest.len() <= 3 && rest.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Stage directions written after a speaker's name (`MEL, TYPING`, `JOHN
/// (laughing)`, `Ann (typed in chat)`): how the person speaks, not who.
const DIRECTIONS: [&str; 52] = [
    "typing",
    "typed",
    "types",
    "in chat",
    "via chat",
    "chat",
    "laughing",
    "laughs",
    "laughter",
    "reading",
    "reads",
    "reading aloud",
    "continuing",
    "continues",
    "continued",
    "cont'd",
    "cont\u{2019}d",
    "contd",
    "cont",
    "interrupting",
    "interrupts",
    "whispering",
    "whispers",
    "shouting",
    "crying",
    "sighing",
    "sighs",
    "smiling",
    "joking",
    "overlapping",
    "crosstalk",
    "inaudible",
    "off mic",
    "off-mic",
    "off camera",
    "off-camera",
    "on the phone",
    "on phone",
    "by phone",
    "aside",
    "quietly",
    "softly",
    "translating",
    "via interpreter",
    "giggles",
    "jokingly",
    "sarcastically",
    "loudly",
    "emphatically",
    "hesitantly",
    "pause",
    "pauses",
];

/// Whether `s` (what follows a name after a comma or in parentheses) is a
/// stage direction: a known direction (`typing`, `laughing`, `cont'd`…),
/// in any letter case, optionally followed by `to Name` or `in chat`
/// (`laughing to Ann`, `typed in chat`); or a single lower-case word
/// ending in `-ing` (`JOHN, shouting`), which a name is not written as.
pub fn is_direction(s: &str) -> bool {
    let lower = s.trim().to_lowercase();
    let lower = lower.trim_end_matches(['.', '!']);
    if lower.is_empty() || lower.chars().count() > 32 {
        return false;
    }
    let known = |w: &str| DIRECTIONS.contains(&w);
    if known(lower) {
        return true;
    }
    // `laughing to Ann`, `typed in chat`, `reading from notes`.
    if let Some((head, _)) = lower.split_once(' ')
        && known(head)
        && lower.split_whitespace().count() <= 4
    {
        return true;
    }
    let trimmed = s.trim();
    !trimmed.contains(' ')
        && trimmed.chars().all(|c| c.is_lowercase() || c == '-')
        && trimmed.chars().count() >= 5
        && trimmed.ends_with("ing")
}

/// Words that, alone, name several people or nobody in particular.
const GROUP_WORDS: [&str; 24] = [
    "audience",
    "group",
    "crowd",
    "class",
    "everyone",
    "everybody",
    "all",
    "both",
    "others",
    "students",
    "participants",
    "voices",
    "panel",
    "chorus",
    "unknown",
    "unidentified",
    "unclear",
    "inaudible",
    "crosstalk",
    "several",
    "multiple",
    "various",
    "many",
    "someone",
];

/// Words that, first, make a label a group (`Multiple Students`, `Several
/// participants`, `All`) or an unknown voice (`Unknown Speaker`,
/// `Unidentified Male`).
const GROUP_LEADS: [&str; 9] = [
    "multiple",
    "several",
    "many",
    "various",
    "all",
    "other",
    "some",
    "unknown",
    "unidentified",
];

/// Whether `label` stands for several people or for a voice nobody can
/// name (`Multiple Students`, `Several participants`, `Audience`,
/// `Group`, `Unknown`, `Unknown Speaker`, `Unidentified`, `Speaker ?`):
/// its speech cannot be attributed to a case.
pub fn is_group(label: &str) -> bool {
    let lower = label.trim().to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || matches!(c, '_' | '-'))
        .map(|w| w.trim_matches(['.', ',', '(', ')', '[', ']']))
        .filter(|w| !w.is_empty())
        .collect();
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return false;
    };
    if words.len() > 4 {
        return false;
    }
    // `Speaker ?`, `Student ??`, `?`: a voice the transcriber did not know.
    if last.chars().all(|c| c == '?') {
        return true;
    }
    // `Multiple Students`, `Unknown Speaker 3`: a lead, then only nouns
    // for people (and a number), so `Several people said` is speech.
    let nouns = words[1..]
        .iter()
        .all(|w| GROUP_NOUNS.contains(w) || w.chars().all(|c| c.is_ascii_digit()));
    (words.len() == 1 && GROUP_WORDS.contains(first))
        || (words.len() > 1 && GROUP_LEADS.contains(first) && nouns)
}

/// The nouns that may follow a word of [`GROUP_LEADS`].
const GROUP_NOUNS: [&str; 28] = [
    "students",
    "student",
    "participants",
    "participant",
    "people",
    "person",
    "persons",
    "speakers",
    "speaker",
    "voices",
    "voice",
    "members",
    "children",
    "kids",
    "pupils",
    "attendees",
    "respondents",
    "interviewees",
    "others",
    "men",
    "women",
    "man",
    "woman",
    "male",
    "female",
    "audience",
    "group",
    "panelists",
];

/// The form under which two labels are the same speaker: lower case,
/// without dots, commas and apostrophes, with runs of white space, `_` and
/// `-` as one space (`AMANDA`, `Amanda`; `Dr. Ko`, `Dr Ko`).
pub fn key(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    let mut gap = false;
    for c in label.chars() {
        if c.is_whitespace() || matches!(c, '_' | '-') {
            gap = !out.is_empty();
        } else if !matches!(c, '.' | ',' | '\'' | '\u{2019}') {
            if gap {
                out.push(' ');
                gap = false;
            }
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// One form for each speaker whose label is written in several ways in a
/// document (`AMANDA` and `Amanda`, see [`key`]): the form written on the
/// most turns, the first written of those on a tie, so the same document
/// always gives the same form. `labels` are the turns' labels in order;
/// returns each turn's label.
pub fn unify<'a>(labels: &[&'a str]) -> Vec<&'a str> {
    // Each label written once, in order of first use, with its count; the
    // turns as indices into them. A key is worked out per label, not per
    // turn.
    let mut seen: foldhash::HashMap<&'a str, usize> = foldhash::HashMap::default();
    let mut written: Vec<(&'a str, usize)> = Vec::new();
    let turns: Vec<usize> = labels
        .iter()
        .map(|&label| {
            let i = *seen.entry(label).or_insert_with(|| {
                written.push((label, 0));
                written.len() - 1
            });
            written[i].1 += 1;
            i
        })
        .collect();
    let chosen = forms(&written);
    turns.into_iter().map(|i| chosen[i]).collect()
}

/// The form of each label of [`unify`], given each label written once in
/// order of first use with its number of turns.
pub fn forms<'a>(written: &[(&'a str, usize)]) -> Vec<&'a str> {
    // The labels of each key, in order of first use.
    let mut by_key: foldhash::HashMap<String, usize> = foldhash::HashMap::default();
    let mut forms: Vec<Vec<usize>> = Vec::new();
    for (i, (label, _)) in written.iter().enumerate() {
        let f = *by_key.entry(key(label)).or_insert_with(|| {
            forms.push(Vec::new());
            forms.len() - 1
        });
        forms[f].push(i);
    }
    let mut chosen: Vec<&'a str> = written.iter().map(|(label, _)| *label).collect();
    for same in &forms {
        // The first of the most used: `max_by_key` keeps the last.
        let most = same.iter().map(|&i| written[i].1).max().unwrap_or(0);
        if let Some(&first) = same.iter().find(|&&i| written[i].1 == most) {
            for &i in same {
                chosen[i] = written[first].0;
            }
        }
    }
    chosen
}

#[cfg(test)]
mod tests {

    /// `unify` as it was first written: a key per turn, forms searched
    /// in lists.
    fn unify_by_turn<'a>(labels: &[&'a str]) -> Vec<&'a str> {
        let mut forms: Vec<(String, Vec<(&'a str, usize)>)> = Vec::new();
        let keys: Vec<String> = labels.iter().map(|l| key(l)).collect();
        for (label, k) in labels.iter().zip(&keys) {
            let i = forms.iter().position(|(f, _)| f == k).unwrap_or_else(|| {
                forms.push((k.clone(), Vec::new()));
                forms.len() - 1
            });
            match forms[i].1.iter_mut().find(|(f, _)| f == label) {
                Some(e) => e.1 += 1,
                None => forms[i].1.push((label, 1)),
            }
        }
        let chosen = |k: &str| {
            let fs = &forms.iter().find(|(f, _)| f == k)?.1;
            let most = fs.iter().map(|(_, n)| *n).max()?;
            fs.iter().find(|(_, n)| *n == most).map(|(f, _)| *f)
        };
        keys.iter()
            .zip(labels)
            .map(|(k, l)| chosen(k).unwrap_or(l))
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn unify_counts_each_label_once_with_the_same_result(
            picks in proptest::collection::vec(0usize..8, 0..40)
        ) {
            const FORMS: [&str; 8] =
                ["Amanda", "AMANDA", "amanda", "Dr. Ko", "Dr Ko", "NICK", "Nick", "Speaker_00"];
            let labels: Vec<&str> = picks.iter().map(|&i| FORMS[i]).collect();
            proptest::prop_assert_eq!(unify(&labels), unify_by_turn(&labels));
        }
    }

    #[test]
    fn one_form_per_speaker_ignoring_case_and_punctuation() {
        assert_eq!(key("  Dr. Melissa  Ko "), "dr melissa ko");
        assert_eq!(key("SPEAKER_00"), key("Speaker 00"));
        assert_eq!(key("O'Neil"), key("ONEIL"));
        assert_ne!(key("Ann"), key("Anne"));
        // The most written form wins; on a tie, the first written.
        let got = unify(&["NICK", "AMANDA", "Amanda", "AMANDA", "NICK", "nick"]);
        assert_eq!(got, ["NICK", "AMANDA", "AMANDA", "AMANDA", "NICK", "NICK"]);
        let got = unify(&["Amanda", "Dr. Ko", "AMANDA", "Dr Ko"]);
        assert_eq!(got, ["Amanda", "Dr. Ko", "Amanda", "Dr. Ko"]);
    }

    #[test]
    fn stage_directions_are_how_not_who() {
        for s in [
            "TYPING",
            "typed",
            "laughing",
            "Laughing to Ann",
            "typed in chat",
            "cont'd",
            "shouting",
            "off mic",
        ] {
            assert!(super::is_direction(s), "{s}");
        }
        for s in [
            "Jane",
            "Fielding",
            "Sr",
            "female, 34",
            "SL",
            "Jo Ann",
            "host",
            "I think",
        ] {
            assert!(!super::is_direction(s), "{s}");
        }
    }

    #[test]
    fn group_and_unknown_voices_are_not_people() {
        for label in [
            "Multiple Students",
            "Several participants",
            "Audience",
            "GROUP",
            "Unknown",
            "Unknown Speaker",
            "Unidentified",
            "Unidentified Male",
            "Speaker ?",
            "All",
            "Everyone",
            "Unknown Speaker 3",
            "Other students",
        ] {
            assert!(super::is_group(label), "{label}");
        }
        for label in [
            "Speaker 1",
            "SPEAKER_00",
            "Alison",
            "Group Leader",
            "Allan",
            "Teacher 4",
            "P1",
            "Several people said",
            "All right then",
        ] {
            assert!(!super::is_group(label), "{label}");
        }
    }

    #[test]
    fn generic_labels_are_the_tools_not_names() {
        for label in [
            "SPEAKER_00",
            "SPEAKER_12",
            "Speaker 1",
            "Speaker A",
            "speaker-2",
            "Unknown Speaker",
            "Unknown Speaker 3",
            "spk_0",
            "Unknown",
        ] {
            assert!(super::is_generic(label), "{label}");
        }
        for label in [
            "Speakman",
            "Sarah",
            "P1",
            "Interviewer",
            "Speaker of the House",
        ] {
            assert!(!super::is_generic(label), "{label}");
        }
    }
    use super::*;

    #[test]
    fn times_in_the_forms_tools_write() {
        for (s, want) in [
            ("0:03", Some(3_000)),
            ("1:02:03", Some(3_723_000)),
            ("00:00:01.500", Some(1_500)),
            ("00:00:01,25", Some(1_250)),
            ("3.21", Some(3_210)),
            ("12", None),
            ("1:2", None),
            ("a:00", None),
            ("", None),
        ] {
            assert_eq!(time_ms(s), want, "{s:?}");
        }
    }

    #[test]
    fn leading_times_are_stripped() {
        assert_eq!(
            strip_time_prefix("[00:00:01] Ann: hi"),
            ("Ann: hi", Some(1_000))
        );
        assert_eq!(
            strip_time_prefix("[0.00 - 3.21] SPEAKER_00 - hi"),
            ("SPEAKER_00 - hi", Some(0))
        );
        assert_eq!(
            strip_time_prefix("12:03:41\tAnn:\thi"),
            ("Ann:\thi", Some(43_421_000))
        );
        assert_eq!(strip_time_prefix("12:30 we met"), ("12:30 we met", None));
        assert_eq!(strip_time_prefix("[id1] hi"), ("[id1] hi", None));
        assert_eq!(strip_time_prefix("[3] hi"), ("[3] hi", None));
    }

    #[test]
    fn tails_headers_and_time_only_lines() {
        assert_eq!(split_tail("P1 (female, 34)"), ("P1", None));
        assert_eq!(split_tail("Speaker 1 (00:01)"), ("Speaker 1", Some(1_000)));
        assert_eq!(split_tail("Jane Doe (SL)"), ("Jane Doe (SL)", None));
        assert_eq!(split_tail("AMANDA (typed)"), ("AMANDA", None));
        assert_eq!(split_tail("Ann (age 34)"), ("Ann", None));
        assert_eq!(split_tail("Well (I think)"), ("Well (I think)", None));
        assert_eq!(split_tail("John (laughing)"), ("John", None));
        assert_eq!(split_tail("Ann Lee (typed in chat)"), ("Ann Lee", None));
        assert_eq!(header("Speaker 1  0:03"), Some(("Speaker 1", 3_000)));
        assert_eq!(header("**Ann Lee** 1:02:03"), Some(("Ann Lee", 3_723_000)));
        assert_eq!(header("Ann (00:12):"), Some(("Ann", 12_000)));
        assert_eq!(header("See you at 10"), None);
        assert!(is_time_only("[00:01:23]"));
        assert!(is_time_only(" (01:23) "));
        assert!(is_time_only("0:45"));
        assert!(!is_time_only("45"));
        assert_eq!(chat_sender("From Ann Lee to Everyone"), Some("Ann Lee"));
        assert_eq!(chat_sender("From Ann To Host"), Some("Ann"));
        assert_eq!(chat_sender("Ann"), None);
    }
}
