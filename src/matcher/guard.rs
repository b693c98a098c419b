//! Guards on a hit from the words around it: whether its clause is
//! hypothetical, counterfactual, wished for or future (`mood: actual`), and
//! which time it is marked as (`tense:`). Each looks at a bounded window of
//! bytes around the hit, so a scan stays linear in the text whatever the
//! number of hits. Knows nothing of codes.

use super::Tense;
use super::fold::is_word;

/// Words read before a hit for the mood guard.
const MOOD_WINDOW: usize = 8;
/// Words read on each side of a hit for the tense hint.
const TENSE_WINDOW: usize = 6;
/// Bytes read on each side of a hit: enough for the windows' words in any
/// ordinary text, and a bound that keeps scanning linear.
const BYTES: usize = 320;

/// A word of the window, lower case with straight apostrophes, or the end
/// of a clause.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Word(String),
    Stop,
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}')
}

/// Punctuation that ends a clause for the guards.
fn ends_clause(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | ';' | ':' | '\u{2026}' | '\u{2013}' | '\u{2014}'
    )
}

/// The nearest character boundary of `text` at or before `at`.
fn floor_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The nearest character boundary of `text` at or after `at`.
fn ceil_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// The tokens of `text`, in order.
fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        if is_word(c) || (is_apostrophe(c) && !word.is_empty()) {
            if is_apostrophe(c) {
                word.push('\'');
            } else {
                word.extend(c.to_lowercase());
            }
            continue;
        }
        if !word.is_empty() {
            out.push(Token::Word(std::mem::take(&mut word)));
        }
        if ends_clause(c) && out.last() != Some(&Token::Stop) {
            out.push(Token::Stop);
        }
    }
    if !word.is_empty() {
        out.push(Token::Word(word));
    }
    out
}

/// The words of the clause before byte `start` of `text`, in order, at
/// most `window` of them, cut after the last turning word in `turns`.
fn words_before(text: &str, start: usize, window: usize, turns: &[&str]) -> Vec<String> {
    let lo = floor_boundary(text, start.saturating_sub(BYTES));
    let mut toks = tokens(&text[lo..start]);
    // A word cut by the byte window is not a word.
    if lo > 0
        && text[..lo].chars().next_back().is_some_and(is_word)
        && matches!(toks.first(), Some(Token::Word(_)))
    {
        toks.remove(0);
    }
    let from = toks
        .iter()
        .rposition(|t| *t == Token::Stop)
        .map_or(0, |i| i + 1);
    let mut words: Vec<String> = toks
        .drain(from..)
        .filter_map(|t| match t {
            Token::Word(w) => Some(w),
            Token::Stop => None,
        })
        .collect();
    if let Some(turn) = words.iter().rposition(|w| turns.contains(&w.as_str())) {
        words.drain(..=turn);
    }
    let skip = words.len().saturating_sub(window);
    words.drain(..skip);
    words
}

/// The words of the clause after byte `end` of `text`, in order, at most
/// `window` of them, up to the first turning word in `turns`.
fn words_after(text: &str, end: usize, window: usize, turns: &[&str]) -> Vec<String> {
    let hi = ceil_boundary(text, end.saturating_add(BYTES));
    let mut words = Vec::new();
    let toks = tokens(&text[end..hi]);
    let cut = hi < text.len() && text[hi..].chars().next().is_some_and(is_word);
    let last = toks.len();
    for (i, t) in toks.into_iter().enumerate() {
        match t {
            Token::Stop => break,
            Token::Word(w) => {
                if turns.contains(&w.as_str()) || words.len() == window || (cut && i + 1 == last) {
                    break;
                }
                words.push(w);
            }
        }
    }
    words
}

/// Words after which an earlier marker no longer applies.
const MOOD_TURNS: [&str; 7] = [
    "but", "however", "although", "though", "except", "now", "instead",
];

/// Single words that make a clause unreal, wished for or future.
const MOOD_WORDS: [&str; 25] = [
    "would",
    "wouldn't",
    "would've",
    "might",
    "mightn't",
    "might've",
    "could've",
    "couldn't've",
    "should've",
    "must've",
    "if",
    "unless",
    "otherwise",
    "wish",
    "wished",
    "wishing",
    "hoped",
    "hoping",
    "hopefully",
    "wanna",
    "gonna",
    "will",
    "dream",
    "dreaming",
    "planning",
];

/// Words that turn `'d` into "would" when they follow it (`I'd be`).
const AFTER_WOULD: [&str; 10] = [
    "have",
    "be",
    "like",
    "love",
    "rather",
    "probably",
    "never",
    "'ve",
    "prefer",
    "definitely",
];

/// Whether the word pair `a b` is a mood marker.
fn mood_pair(a: &str, b: &str) -> bool {
    match b {
        "have" | "of" | "'ve" => {
            matches!(a, "could" | "should" | "must" | "couldn't" | "shouldn't")
        }
        "to" => matches!(
            a,
            "want"
                | "wants"
                | "wanted"
                | "wanting"
                | "trying"
                | "try"
                | "plan"
                | "plans"
                | "planned"
                | "hoping"
                | "going"
        ),
        "like" | "love" => a == "would",
        _ => false,
    }
}

/// Whether the clause before the hit at `start..` of `text` is
/// hypothetical, counterfactual, wished for or future: a marker stands up
/// to eight words before it, with no sentence end or turning word between
/// (see `docs/FORMATS.md` for the list).
pub(crate) fn hypothetical(text: &str, start: usize) -> bool {
    let mut words = words_before(text, start, MOOD_WINDOW, &MOOD_TURNS);
    // The hit's first word, which may complete a marker (`I'd be`).
    words.extend(words_after(text, start, 1, &[]));
    let n = words.len();
    (0..n).any(|i| {
        let w = words[i].as_str();
        let next = words.get(i + 1).map(String::as_str);
        let is_last = i + 1 == n;
        if is_last {
            return false; // the hit's own word
        }
        if MOOD_WORDS.contains(&w) || w.ends_with("'ll") {
            return true;
        }
        // "I hope", not "it gave me hope".
        if w == "hope" && i > 0 && matches!(words[i - 1].as_str(), "i" | "we" | "just" | "really") {
            return true;
        }
        if w.ends_with("'d") && next.is_some_and(|n| AFTER_WOULD.contains(&n)) {
            return true;
        }
        if w == "going" && next == Some("to") {
            // "going to the gym" is something done; "going to get" is not yet.
            let after = words.get(i + 2).map(String::as_str);
            return !after.is_some_and(is_place_word);
        }
        next.is_some_and(|n| mood_pair(w, n))
    })
}

/// Words after "going to" that make it a movement, not a future.
fn is_place_word(w: &str) -> bool {
    matches!(
        w,
        "the"
            | "a"
            | "an"
            | "my"
            | "his"
            | "her"
            | "their"
            | "our"
            | "your"
            | "this"
            | "that"
            | "work"
            | "school"
            | "church"
            | "uni"
            | "college"
            | "town"
            | "court"
            | "bed"
            | "meetings"
    )
}

/// Words after which an earlier time marker no longer applies.
const TENSE_TURNS: [&str; 6] = ["but", "however", "although", "though", "except", "whereas"];

/// The time marker ending at word `i` of `words`, if any.
fn time_marker_at(words: &[String], i: usize) -> Option<Tense> {
    let w = words[i].as_str();
    let prev = |k: usize| i.checked_sub(k).map(|j| words[j].as_str());
    match w {
        "now" | "nowadays" | "currently" | "today" | "still" => Some(Tense::Present),
        "before" | "previously" | "ago" | "originally" => Some(Tense::Past),
        "to" if matches!(prev(1), Some("used" | "use")) => Some(Tense::Past),
        "then" if prev(1) == Some("back") => Some(Tense::Past),
        "days" if prev(1) == Some("these") => Some(Tense::Present),
        "days" if prev(1) == Some("those") => Some(Tense::Past),
        "first" if prev(1) == Some("at") => Some(Tense::Past),
        "present" if prev(1) == Some("at") => Some(Tense::Present),
        "past" if prev(1) == Some("the") && prev(2) == Some("in") => Some(Tense::Past),
        "time" if prev(1) == Some("the") && prev(2) == Some("at") => Some(Tense::Past),
        "moment" if prev(1) == Some("the") && prev(2) == Some("at") => Some(Tense::Present),
        _ => None,
    }
}

/// The time the hit at `start..end` of `text` is marked as: the nearest
/// marker up to six words before it in its clause, else the nearest up to
/// six words after it; `None` when unmarked.
pub(crate) fn marked_time(text: &str, start: usize, end: usize) -> Option<Tense> {
    let before = words_before(text, start, TENSE_WINDOW + 2, &TENSE_TURNS);
    // Markers of up to three words may begin up to two words before the
    // window; only markers ending inside it count.
    let first = before.len().saturating_sub(TENSE_WINDOW);
    if let Some(t) = (first..before.len())
        .rev()
        .find_map(|i| time_marker_at(&before, i))
    {
        return Some(t);
    }
    let after = words_after(text, end, TENSE_WINDOW, &TENSE_TURNS);
    (0..after.len()).find_map(|i| time_marker_at(&after, i))
}

/// Whether a hit marked as `marked` goes against a code about `wanted`.
pub(crate) fn other_time(wanted: Tense, marked: Option<Tense>) -> bool {
    marked.is_some_and(|m| m != wanted)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Whether `hit` (a word or phrase of `text`) is read as hypothetical.
    #[track_caller]
    fn mood(text: &str, hit: &str, want: bool) {
        let start = text.find(hit).expect("hit in text");
        assert_eq!(hypothetical(text, start), want, "{text:?} at {hit:?}");
    }

    #[test]
    fn counterfactuals_wishes_and_futures_are_hypothetical() {
        mood(
            "I would have got caught, probably gone to jail",
            "jail",
            true,
        );
        mood("If I hadn't met her I'd be in jail", "jail", true);
        mood("I'd be in jail without them", "jail", true);
        mood("I wish I could pay my bills", "pay my bills", true);
        mood("I'd like to get my licence", "licence", true);
        mood("hopefully I'll get a job soon", "job", true);
        mood("I want to get a job", "job", true);
        mood("I'm going to get my licence", "licence", true);
        mood("it could have been a disaster", "disaster", true);
    }

    #[test]
    fn things_that_happened_are_actual() {
        mood("I got a job in March", "job", false);
        mood("I could finally pay the bills", "pay the bills", false);
        mood("I'm going to the gym now", "gym", false);
        mood("I'd got my licence by then", "licence", false);
        // A turning word or a sentence's end closes the clause.
        mood(
            "I would have gone to jail, but now I have a job",
            "job",
            false,
        );
        mood("I wish it was sooner. I got my licence", "licence", false);
        mood("If I'm honest — I got a job", "job", false);
        // Too far before: more than eight words.
        mood(
            "if one two three four five six seven eight nine job",
            "job",
            false,
        );
    }

    #[track_caller]
    fn time(text: &str, hit: &str, want: Option<Tense>) {
        let start = text.find(hit).expect("hit in text");
        assert_eq!(
            marked_time(text, start, start + hit.len()),
            want,
            "{text:?} at {hit:?}"
        );
    }

    #[test]
    fn the_nearest_time_marker_decides() {
        use Tense::{Past, Present};
        time("I used to drink but now I work", "drink", Some(Past));
        time("I used to drink but now I work", "work", Some(Present));
        time(
            "Before, I was drinking, now I'm working",
            "drinking",
            Some(Past),
        );
        time(
            "Before, I was drinking, now I'm working",
            "working",
            Some(Present),
        );
        time("I was drinking back then", "drinking", Some(Past));
        time("at the moment I'm on the benefit", "benefit", Some(Present));
        time("in the past I had no licence", "licence", Some(Past));
        time("I've got a job", "job", None);
        time("I used to drink. I work", "work", None);
        assert!(other_time(Past, Some(Present)));
        assert!(!other_time(Past, None) && !other_time(Past, Some(Past)));
    }

    proptest! {
        /// A marker right before a hit makes it hypothetical, and a
        /// sentence's end between them undoes that, whatever comes before.
        #[test]
        fn a_marker_counts_only_in_the_hits_clause(
            before in "[a-z ,]{0,400}",
            marker in prop::sample::select(vec!["would", "if", "I wish", "hopefully", "I'll", "I want to"]),
        ) {
            let near = format!("{before} {marker} job");
            prop_assert!(hypothetical(&near, near.len() - 3));
            let broken = format!("{before} {marker}. job");
            prop_assert!(!hypothetical(&broken, broken.len() - 3));
        }

        /// The guards read a bounded window: any text before the window
        /// leaves the answer unchanged, so scanning stays linear.
        #[test]
        fn guards_read_only_a_bounded_window(
            far in "[a-z .,]{0,600}",
            near in "[a-z ,]{0,60}",
        ) {
            let text = format!("{near} job");
            let padded = format!("{far}{} {text}", " x".repeat(BYTES));
            let (s, p) = (text.len() - 3, padded.len() - 3);
            prop_assert_eq!(hypothetical(&text, s), hypothetical(&padded, p));
            prop_assert_eq!(marked_time(&text, s, s + 3), marked_time(&padded, p, p + 3));
        }
    }
}
