//! Scanning one text: automaton and regex matches, boundary checks, `near`
//! pairing, `not` vetoes and negation windows.

use std::cell::RefCell;

use aho_corasick::Anchored;
use aho_corasick::automaton::Automaton;

use super::fold::{Folded, fold_elided_into, fold_into, has_elisions, is_word};
use super::guard::{hypothetical, marked_time, other_time};
use super::{Hit, Lead, Matcher, Piece, Target};

/// A match before vetoes: what it reports to and its original byte range.
type Raw = (Target, usize, usize);

/// One text being scanned: its fold and the automaton's literal matches in
/// it, as (literal, end) in folded offsets.
#[derive(Default)]
struct Stream {
    folded: Folded,
    literals: Vec<(u32, usize)>,
}

/// Per-thread buffers reused from one scan to the next.
#[derive(Default)]
struct Scratch {
    streams: [Stream; 2],
    /// The elided fold of a text with insertions or ellipses.
    elided: Stream,
    raw: Vec<Raw>,
    regexes: Vec<u32>,
    hits: Vec<Hit>,
    vetoes: Vec<(u32, usize, usize)>,
    sides: Vec<(u32, u8, usize, usize)>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// The first hit of each code among `hits`, ordered by code.
fn first_per_code(hits: &[Hit]) -> Vec<Hit> {
    let mut first: Vec<Hit> = Vec::new();
    for hit in hits {
        if !first.iter().any(|h| h.code == hit.code) {
            first.push(*hit);
        }
    }
    first.sort_by_key(|h| h.code);
    first
}

impl Matcher {
    /// Every hit in `text`, in order of position, after vetoes and negation.
    pub fn scan(&self, text: &str) -> Vec<Hit> {
        Self::with_scratch(|scratch| {
            let [stream, _] = &mut scratch.streams;
            self.literals_one(text, stream);
            self.finish(text, 0, scratch);
            scratch.hits.clone()
        })
    }

    /// The first hit of each code in `text`, ordered by code.
    pub fn scan_first(&self, text: &str) -> Vec<Hit> {
        self.scan_first_each(&[text]).pop().unwrap_or_default()
    }

    /// [`Matcher::scan_first`] for each of `texts`. Faster than one by one:
    /// texts are scanned two at a time, interleaved, so that the processor
    /// waits for two automaton lookups at once.
    pub fn scan_first_each(&self, texts: &[&str]) -> Vec<Vec<Hit>> {
        Self::with_scratch(|scratch| {
            let mut out = Vec::with_capacity(texts.len());
            for pair in texts.chunks(2) {
                if let [a, b] = pair {
                    let [sa, sb] = &mut scratch.streams;
                    self.literals_two(a, b, sa, sb);
                } else {
                    let [stream, _] = &mut scratch.streams;
                    self.literals_one(pair[0], stream);
                }
                for (i, text) in pair.iter().enumerate() {
                    self.finish(text, i, scratch);
                    out.push(first_per_code(&scratch.hits));
                }
            }
            out
        })
    }

    /// Run `then` with this thread's buffers.
    fn with_scratch<T>(then: impl FnOnce(&mut Scratch) -> T) -> T {
        SCRATCH.with(|scratch| {
            let mut fresh = Scratch::default();
            let mut borrowed = scratch.try_borrow_mut();
            // A fresh buffer only if a scan ever ran inside another.
            then(borrowed.as_deref_mut().unwrap_or(&mut fresh))
        })
    }

    /// Fold `text` into `stream` and find the automaton's literals in it.
    fn literals_one(&self, text: &str, stream: &mut Stream) {
        stream.literals.clear();
        if self.ac.is_none() {
            return;
        }
        fold_into(text, &mut stream.folded);
        self.find_literals(stream);
    }

    /// Fold `text` into `stream` with insertions and ellipses elided, and
    /// find the automaton's literals in it.
    fn literals_elided(&self, text: &str, stream: &mut Stream) {
        stream.literals.clear();
        if self.ac.is_none() {
            return;
        }
        fold_elided_into(text, &mut stream.folded);
        self.find_literals(stream);
    }

    /// The automaton's literals in `stream`'s folded text.
    fn find_literals(&self, stream: &mut Stream) {
        let Some(dfa) = &self.ac else {
            return;
        };
        let input = aho_corasick::Input::new(&stream.folded.text);
        if let Ok(found) = dfa.try_find_overlapping_iter(input) {
            stream.literals.extend(found.map(|m| {
                (
                    u32::try_from(m.pattern().as_usize()).unwrap_or(u32::MAX),
                    m.end(),
                )
            }));
        }
    }

    /// [`Matcher::literals_one`] for two texts at once: one loop steps both
    /// through the DFA, so their (cache-missing) transitions overlap.
    fn literals_two(&self, a: &str, b: &str, sa: &mut Stream, sb: &mut Stream) {
        sa.literals.clear();
        sb.literals.clear();
        let Some(dfa) = &self.ac else {
            return;
        };
        fold_into(a, &mut sa.folded);
        fold_into(b, &mut sb.folded);
        let Ok(start) = dfa.start_state(Anchored::No) else {
            return; // built unanchored: cannot happen
        };
        let (ta, tb) = (sa.folded.text.as_bytes(), sb.folded.text.as_bytes());
        let report = |sid, end: usize, out: &mut Vec<(u32, usize)>| {
            for k in 0..dfa.match_len(sid) {
                let literal = dfa.match_pattern(sid, k).as_u32();
                out.push((literal, end));
            }
        };
        let (mut ia, mut ib) = (start, start);
        let common = ta.len().min(tb.len());
        for i in 0..common {
            ia = dfa.next_state(Anchored::No, ia, ta[i]);
            ib = dfa.next_state(Anchored::No, ib, tb[i]);
            if dfa.is_special(ia) && dfa.is_match(ia) {
                report(ia, i + 1, &mut sa.literals);
            }
            if dfa.is_special(ib) && dfa.is_match(ib) {
                report(ib, i + 1, &mut sb.literals);
            }
        }
        for (mut sid, text, out) in [(ia, ta, &mut sa.literals), (ib, tb, &mut sb.literals)] {
            for (i, &byte) in text.iter().enumerate().skip(common) {
                sid = dfa.next_state(Anchored::No, sid, byte);
                if dfa.is_special(sid) && dfa.is_match(sid) {
                    report(sid, i + 1, out);
                }
            }
        }
    }

    /// From the literals found in stream `which`, the hits of `text` (in
    /// `scratch.hits`): phrases verified, regexes run, nears paired,
    /// vetoes and negation applied.
    fn finish(&self, text: &str, which: usize, scratch: &mut Scratch) {
        let Scratch {
            streams,
            elided,
            raw,
            regexes,
            hits,
            vetoes,
            sides,
        } = scratch;
        raw.clear();
        regexes.clear();
        regexes.extend_from_slice(&self.untriggered);
        self.phrases_in(text, &streams[which], raw, regexes);
        if has_elisions(text) {
            self.literals_elided(text, elided);
            self.phrases_in(text, elided, raw, regexes);
        }
        regexes.sort_unstable();
        regexes.dedup();
        for &ri in regexes.iter() {
            let (re, target) = &self.regexes[ri as usize];
            raw.extend(
                re.find_iter(text)
                    .filter(|m| !m.is_empty())
                    .map(|m| (*target, m.start(), m.end())),
            );
        }
        self.resolve(text, raw, hits, vetoes, sides);
    }

    /// The phrases verified at the literals found in `stream` (the fold of
    /// `text`), as raw matches; the regexes they trigger.
    fn phrases_in(&self, text: &str, stream: &Stream, raw: &mut Vec<Raw>, regexes: &mut Vec<u32>) {
        let Stream { folded, literals } = stream;
        for &(literal, end) in literals {
            for &lead in &self.by_literal[literal as usize] {
                match lead {
                    Lead::Phrase(pi) => {
                        let phrase = &self.phrases[pi as usize];
                        let Some(Piece::Lit(first)) = phrase.pieces.first() else {
                            continue;
                        };
                        let start = end - first.len();
                        if let Some(end) = verify(&phrase.pieces, &folded.text, start, end) {
                            let (s, e) = folded.original(text, start, end);
                            raw.push((phrase.target, s, e));
                        }
                    }
                    Lead::Regex(ri) => regexes.push(ri),
                }
            }
        }
    }

    /// Sort raw matches into `hits`, pairing nears and applying vetoes
    /// and negation.
    fn resolve(
        &self,
        text: &str,
        raw: &[Raw],
        hits: &mut Vec<Hit>,
        vetoes: &mut Vec<(u32, usize, usize)>,
        sides: &mut Vec<(u32, u8, usize, usize)>,
    ) {
        hits.clear();
        vetoes.clear();
        sides.clear();
        for &(target, s, e) in raw {
            match target {
                Target::Pattern { code, pattern } => hits.push(Hit {
                    start: s,
                    end: e,
                    code: code as usize,
                    pattern: pattern as usize,
                }),
                Target::Not { code } => vetoes.push((code, s, e)),
                Target::NearSide { near, side } => sides.push((near, side, s, e)),
            }
        }
        if !sides.is_empty() {
            self.pair_nears(text, sides, hits, vetoes);
        }
        hits.retain(|h| {
            let vetoed = self.has_not[h.code]
                && vetoes
                    .iter()
                    .any(|&(c, s, e)| c as usize == h.code && s < h.end && h.start < e);
            let window = self.negation[h.code];
            !vetoed
                && (window == 0 || !(negated(text, h.start, window) || denied_after(text, h.end)))
                && !(self.actual[h.code] && hypothetical(text, h.start))
                && !self.tense[h.code]
                    .is_some_and(|t| other_time(t, marked_time(text, h.start, h.end)))
        });
        hits.sort_unstable();
        hits.dedup();
    }

    fn pair_nears(
        &self,
        text: &str,
        sides: &mut [(u32, u8, usize, usize)],
        hits: &mut Vec<Hit>,
        vetoes: &mut Vec<(u32, usize, usize)>,
    ) {
        sides.sort_unstable();
        // Word positions, computed only once a near has both sides here.
        let mut starts: Option<Vec<usize>> = None;
        for group in sides.chunk_by(|a, b| a.0 == b.0) {
            let near = self.nears[group[0].0 as usize];
            let (a_side, b_side): (Vec<&(u32, u8, usize, usize)>, Vec<_>) =
                group.iter().partition(|x| x.1 == 0);
            if a_side.is_empty() || b_side.is_empty() {
                continue;
            }
            let starts = starts.get_or_insert_with(|| word_starts(text));
            let words_before = |off: usize| starts.partition_point(|&s| s < off);
            for &a in &a_side {
                let best = b_side
                    .iter()
                    .map(|&b| {
                        let (early, late) = if a.2 <= b.2 { (a, b) } else { (b, a) };
                        let distance =
                            (words_before(late.2) + 1).saturating_sub(words_before(early.3));
                        (distance, b)
                    })
                    .filter(|(d, _)| *d <= near.within)
                    .min_by_key(|(d, b)| (*d, b.2));
                if let Some((_, b)) = best {
                    let (s, e) = (a.2.min(b.2), a.3.max(b.3));
                    if near.veto {
                        vetoes.push((near.code, s, e));
                    } else {
                        hits.push(Hit {
                            start: s,
                            end: e,
                            code: near.code as usize,
                            pattern: near.pattern as usize,
                        });
                    }
                }
            }
        }
    }
}

/// Check the rest of a phrase after its first literal matched at
/// `start..end` of folded `text`; the end of the whole match if it holds.
pub(crate) fn verify(pieces: &[Piece], text: &str, start: usize, end: usize) -> Option<usize> {
    let Some(Piece::Lit(first)) = pieces.first() else {
        return None;
    };
    if first.starts_with(is_word) && text[..start].chars().next_back().is_some_and(is_word) {
        return None;
    }
    let mut end = end;
    for piece in &pieces[1..] {
        match piece {
            Piece::Tail => {
                end += text[end..]
                    .chars()
                    .take_while(|&c| is_word(c))
                    .map(char::len_utf8)
                    .sum::<usize>();
            }
            Piece::Lit(lit) => {
                if !text[end..].starts_with(lit.as_str()) {
                    return None;
                }
                end += lit.len();
            }
        }
    }
    if let Some(Piece::Lit(last)) = pieces.last()
        && last.ends_with(is_word)
        && text[end..].chars().next().is_some_and(is_word)
    {
        return None;
    }
    Some(end)
}

/// Byte offsets where words start.
fn word_starts(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut prev = false;
    for (i, c) in text.char_indices() {
        let w = is_word(c);
        if w && !prev {
            out.push(i);
        }
        prev = w || (prev && is_apostrophe(c));
    }
    out
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}')
}

/// Whether a negating word stands within `window` words before `start`,
/// in the same clause: a sentence's end, a semicolon, colon or dash, or a
/// word that turns the sentence (`but`, `however`…) ends the search.
pub(crate) fn negated(text: &str, start: usize, window: usize) -> bool {
    let mut seen = 0;
    // The end of the word being read backwards, while inside one.
    let mut word_end = None;
    for (i, c) in text[..start].char_indices().rev() {
        if is_word(c) || is_apostrophe(c) {
            word_end.get_or_insert(i + c.len_utf8());
            continue;
        }
        if let Some(end) = word_end.take() {
            let word = &text[i + c.len_utf8()..end];
            if is_negator(word) {
                return true;
            }
            if turns_clause(word) {
                return false;
            }
            seen += 1;
            if seen >= window {
                return false;
            }
        }
        if ends_clause(c) {
            return false;
        }
    }
    word_end.is_some_and(|end| is_negator(&text[..end]))
}

/// Punctuation that ends the scope of a negation.
fn ends_clause(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | ';' | ':' | '\u{2026}' | '\u{2013}' | '\u{2014}'
    )
}

/// Words after which a negation before them no longer applies ("I never
/// went, but housing was the worry").
fn turns_clause(word: &str) -> bool {
    ["but", "however", "although", "though", "except", "apart"]
        .iter()
        .any(|w| word.eq_ignore_ascii_case(w))
}

/// Whether the words right after `end` deny that what matched is a problem:
/// "housing isn't a problem", "childcare's not an issue", "transport has
/// never been a worry". Applies with the negation window, in the same
/// clause, within a few words.
pub(crate) fn denied_after(text: &str, end: usize) -> bool {
    denied_after_reading(text, end).0
}

/// [`denied_after`], and how many bytes after `end` it read: a few words'
/// worth, however long the clause goes on (an unpunctuated speech-to-text
/// turn is one clause of megabytes, and each hit used to read to its end).
fn denied_after_reading(text: &str, end: usize) -> (bool, usize) {
    const TROUBLE: [&str; 8] = [
        "problem", "issue", "barrier", "worry", "concern", "bother", "hassle", "struggle",
    ];
    const FILLER: [&str; 12] = [
        "a", "an", "any", "really", "much", "of", "been", "ever", "big", "real", "major", "huge",
    ];
    let mut negator_at = None;
    let mut words = 0;
    let mut clause = ClauseWords {
        text: &text[end..],
        pos: 0,
    };
    let denied = loop {
        let Some(word) = clause.next() else {
            break false;
        };
        words += 1;
        // Lower-cased on the stack when short (this runs for every hit;
        // it was an allocation per word).
        let mut buffer = [0u8; 24];
        let long;
        let lower = if let Some(lower) = buffer.get_mut(..word.len()) {
            lower.copy_from_slice(word.as_bytes());
            lower.make_ascii_lowercase();
            std::str::from_utf8(lower).unwrap_or_default()
        } else {
            long = word.to_ascii_lowercase();
            long.as_str()
        };
        let bare = lower.trim_end_matches('s');
        if let Some(at) = negator_at {
            if TROUBLE.contains(&bare) || TROUBLE.contains(&lower) {
                break true;
            }
            if !FILLER.contains(&lower) || words - at > 3 {
                break false;
            }
        } else if is_negator(word) {
            negator_at = Some(words);
        } else if words >= 4 {
            break false;
        }
    };
    (denied, clause.pos)
}

/// The words of a text up to the end of its first clause (a sentence's
/// end, a semicolon, colon, dash or comma), read lazily: only as far as
/// asked. A leading `'s` ("childcare's") counts as a word.
struct ClauseWords<'a> {
    text: &'a str,
    /// Bytes read so far.
    pos: usize,
}

impl<'a> Iterator for ClauseWords<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let in_word = |c: char| is_word(c) || is_apostrophe(c);
        loop {
            let rest = &self.text[self.pos..];
            let (at, c) = rest
                .char_indices()
                .find(|&(_, c)| in_word(c) || ends_clause(c) || c == ',')?;
            if !in_word(c) {
                self.pos += at; // the clause ends here, for good
                self.text = &self.text[..self.pos];
                return None;
            }
            let start = self.pos + at;
            let len = self.text[start..]
                .find(|c: char| !in_word(c))
                .unwrap_or(self.text.len() - start);
            self.pos = start + len;
            let word = self.text[start..self.pos].trim_start_matches(is_apostrophe);
            if !word.is_empty() {
                return Some(word);
            }
        }
    }
}

/// Whether `word` negates what follows (`no`, `never`, `don’t`…).
fn is_negator(word: &str) -> bool {
    if word.bytes().all(|b| b.is_ascii_lowercase() || b == b'\'') {
        return is_lower_negator(word); // the usual case, without a copy
    }
    let lower: String = word
        .chars()
        .map(|c| if is_apostrophe(c) { '\'' } else { c })
        .flat_map(char::to_lowercase)
        .collect();
    is_lower_negator(&lower)
}

/// [`is_negator`] for a word in lower case with straight apostrophes.
fn is_lower_negator(word: &str) -> bool {
    let word = word.trim_matches('\'');
    word.ends_with("n't")
        || matches!(
            word,
            "no" | "not"
                | "never"
                | "without"
                | "none"
                | "nothing"
                | "nobody"
                | "nor"
                | "neither"
                | "cannot"
                | "dont"
                | "doesnt"
                | "didnt"
                | "cant"
                | "wont"
                | "aint"
                | "isnt"
                | "wasnt"
                | "havent"
                | "hasnt"
        )
}

#[cfg(test)]
mod tests {
    use super::super::compile::pieces;
    use super::super::fold::{fold, fold_pattern};
    use super::*;
    use crate::codebook::CodeSet;
    use proptest::prelude::*;

    fn matcher(yaml_codes: &str) -> Matcher {
        let book = CodeSet::parse(&format!("codebook: t\ncodes:\n{yaml_codes}"), "t.yaml").unwrap();
        let mut set = CodeSet::default();
        set.add(book).unwrap();
        Matcher::compile(&set).unwrap()
    }

    /// The matched texts of `text`, as `code:text`.
    fn found(m: &Matcher, text: &str) -> Vec<String> {
        m.scan(text)
            .iter()
            .map(|h| format!("{}:{}", &m.code_ids()[h.code][2..], &text[h.start..h.end]))
            .collect()
    }

    #[test]
    fn words_phrases_and_wildcards_respect_boundaries() {
        let m = matcher("  - id: a\n    patterns: [pay, 'pay* my bills', worth*, self-worth]\n");
        assert_eq!(found(&m, "Pay my bills"), ["a:Pay", "a:Pay my bills"]);
        assert_eq!(
            found(&m, "repay the paying my bills"),
            ["a:paying my bills"]
        );
        assert_eq!(
            found(&m, "worthless but self worth"),
            ["a:worthless", "a:self worth", "a:worth"]
        );
        assert_eq!(found(&m, "it’s Self–Worth"), ["a:Self–Worth", "a:Worth"]);
        assert!(found(&m, "payday").is_empty());
    }

    #[test]
    fn diacritics_and_apostrophes_fold() {
        let m = matcher("  - id: w\n    patterns: [whanau, \"don't know\"]\n");
        assert_eq!(
            found(&m, "my Whānau, I don’t  know"),
            ["w:Whānau", "w:don’t  know"]
        );
    }

    #[test]
    fn regexes_run_on_the_original_text_ignoring_case() {
        let m = matcher("  - id: r\n    patterns: [{regex: '£\\s?\\d+'}, {regex: 'WINZ'}]\n");
        assert_eq!(found(&m, "about £ 20 from winz"), ["r:£ 20", "r:winz"]);
    }

    #[test]
    fn near_pairs_within_the_window_in_either_order() {
        let m = matcher("  - id: n\n    patterns: [{near: [money, family], within: 3}]\n");
        assert_eq!(found(&m, "money for my family"), ["n:money for my family"]);
        assert_eq!(
            found(&m, "family needs the money"),
            ["n:family needs the money"]
        );
        assert!(found(&m, "money is one thing but not for the family").is_empty());
    }

    #[test]
    fn not_vetoes_the_hits_it_overlaps_only() {
        let m = matcher("  - id: f\n    patterns: [money]\n    not: [money for nothing]\n");
        assert!(found(&m, "it is money for nothing").is_empty());
        assert_eq!(
            found(&m, "money for nothing, but I want money"),
            ["f:money"]
        );
    }

    #[test]
    fn negation_stops_at_a_turn_of_the_sentence_and_reads_denials_after() {
        let m =
            matcher("  - id: h\n    negation: 3\n    patterns: [housing, childcare, transport]\n");
        assert_eq!(found(&m, "Not me, but housing was hard"), ["h:housing"]);
        assert_eq!(found(&m, "no car — transport is hard"), ["h:transport"]);
        assert!(found(&m, "Housing isn't a problem for us").is_empty());
        assert!(found(&m, "childcare\u{2019}s not an issue").is_empty());
        assert!(found(&m, "Transport has never been a big worry").is_empty());
        // Not a denial: the negation is about something else, or too far.
        assert_eq!(found(&m, "housing is not the only problem"), ["h:housing"]);
        assert_eq!(
            found(&m, "housing, not that I mind, is a problem"),
            ["h:housing"]
        );
        assert_eq!(
            found(&m, "transport is hard and it is not a problem to say so"),
            ["h:transport"]
        );
        let off = matcher("  - id: h\n    patterns: [housing]\n");
        assert_eq!(found(&off, "housing isn't a problem"), ["h:housing"]);
    }

    #[test]
    fn a_denial_is_looked_for_a_few_words_ahead_not_to_the_clause_end() {
        // 600 KB of one unpunctuated clause: reading it to its end for each
        // of its 100,000 hits was quadratic (400 KB took 12 s).
        let text = format!("housing {}", "money ".repeat(100_000));
        let (denied, read) = denied_after_reading(&text, "housing".len());
        assert!(!denied);
        assert!(read < 64, "read {read} bytes");
        let (denied, read) = denied_after_reading("housing isn't a big problem, no", 7);
        assert!(denied);
        assert_eq!(read, " isn't a big problem".len());
        // The clause still ends at punctuation.
        assert!(!denied_after_reading("housing. Not a problem", 7).0);
        assert!(denied_after_reading("housing 's not an issue", 7).0);
    }

    #[test]
    fn a_denial_reads_words_in_any_case_and_of_any_length() {
        assert!(denied_after("housing NOT A Big PROBLEMS", 7));
        assert!(denied_after("housing never a real Hassle", 7));
        // Longer than the stack buffer, still a trouble word once the
        // trailing s are trimmed.
        let long = format!("housing no Concern{}", "s".repeat(40));
        assert!(denied_after(&long, 7));
        let long = format!("housing no {} problem", "Really".repeat(10));
        assert!(!denied_after(&long, 7));
        assert!(!denied_after("housing no caf\u{e9}s problem", 7));
    }

    #[test]
    fn negation_window_drops_negated_hits() {
        let m = matcher("  - id: h\n    negation: 4\n    patterns: [housing, drugs]\n");
        assert!(found(&m, "no drugs now").is_empty());
        assert!(found(&m, "I don’t have problems with housing").is_empty());
        assert_eq!(
            found(&m, "I never said that. Housing is bad"),
            ["h:Housing"]
        );
        assert_eq!(
            found(&m, "not that it matters much but then the housing"),
            ["h:housing"]
        );
        let off = matcher("  - id: h\n    patterns: [drugs]\n");
        assert_eq!(found(&off, "no drugs now"), ["h:drugs"]);
    }

    #[test]
    fn phrases_read_across_insertions_and_ellipses() {
        let m = matcher(
            "  - id: l\n    patterns: [no licence, driver's licence, helped me, icsm, bills automatic]\n",
        );
        assert_eq!(
            found(&m, "I had no [driver's] licence"),
            ["l:no [driver's] licence", "l:driver's] licence"]
        );
        assert_eq!(found(&m, "[ICSM] helped me"), ["l:ICSM", "l:helped me"]);
        assert_eq!(
            found(&m, "no … licence, no... licence"),
            ["l:no … licence", "l:no... licence"]
        );
        assert_eq!(
            found(&m, "bills [...] automatic"),
            ["l:bills [...] automatic"]
        );
        // Without an insertion, nothing changes.
        assert!(found(&m, "no driving licence").is_empty());
    }

    #[test]
    fn mood_actual_drops_hypothetical_hits_only() {
        let m = matcher(
            "  - id: o\n    mood: actual\n    patterns: [jail, pay my bills, got a job]\n  - id: a\n    patterns: [jail]\n",
        );
        assert_eq!(
            found(&m, "I would have got caught, probably gone to jail"),
            ["a:jail"]
        );
        assert_eq!(
            found(&m, "I wish I could pay my bills"),
            Vec::<String>::new()
        );
        assert_eq!(found(&m, "I pay my bills now"), ["o:pay my bills"]);
        assert_eq!(found(&m, "I'd like that. I got a job"), ["o:got a job"]);
    }

    #[test]
    fn tense_hint_drops_hits_marked_as_the_other_time() {
        let m = matcher(
            "  - id: before\n    tense: past\n    patterns: [drink*]\n  - id: now\n    tense: present\n    patterns: [drink*, work*]\n",
        );
        assert_eq!(
            found(&m, "I used to drink but now I work"),
            ["before:drink", "now:work"]
        );
        assert_eq!(
            found(&m, "I'm drinking"),
            ["before:drinking", "now:drinking"]
        );
        assert_eq!(found(&m, "these days I'm drinking"), ["now:drinking"]);
    }

    #[test]
    fn scan_first_keeps_the_earliest_hit_per_code() {
        let m = matcher("  - id: a\n    patterns: [b, a]\n  - id: z\n    patterns: [c]\n");
        let first = m.scan_first("c a b a");
        assert_eq!(first.len(), 2);
        assert_eq!((first[0].code, first[0].start, first[0].pattern), (0, 2, 1));
    }

    /// The reference: try every phrase at every position of the folded text.
    fn naive(patterns: &[String], text: &str) -> Vec<(usize, usize, usize)> {
        let folded = fold(text);
        let mut out = Vec::new();
        for (pi, p) in patterns.iter().enumerate() {
            let pcs = pieces(&fold_pattern(p));
            let Some(Piece::Lit(first)) = pcs.first() else {
                continue;
            };
            for (s, _) in folded.text.char_indices() {
                if folded.text[s..].starts_with(first.as_str())
                    && let Some(e) = verify(&pcs, &folded.text, s, s + first.len())
                {
                    let (os, oe) = folded.original(text, s, e);
                    out.push((os, oe, pi));
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    fn word() -> impl Strategy<Value = String> {
        prop::sample::select(vec![
            "pay",
            "paying",
            "Pay",
            "bills",
            "my",
            "whānau",
            "whanau",
            "don’t",
            "don't",
            "self",
            "worth",
            "self-worth",
            "a",
            "ab",
            "b",
            "É",
            "e",
        ])
        .prop_map(str::to_owned)
    }

    fn pattern() -> impl Strategy<Value = String> {
        (prop::collection::vec(word(), 1..3), any::<bool>()).prop_map(|(words, star)| {
            let mut p = words.join(" ");
            if star {
                p.push('*');
            }
            p
        })
    }

    fn regex_piece() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "pay", "Pay", "£", r"\d+", "[ab]", "(x|yy)", "é", "whānau", " ", "-", r"\s", "a?", "k",
            "S", r"\b", "(?-i:K)",
        ])
    }

    fn regex_word() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "pay", "PAY", "£5", "ab", "x", "yy", "é", "É", "whanau", "whānau", " ", "-", "K",
            "\u{212A}", "ſ", "s", "12", "\u{2013}",
        ])
    }

    proptest! {
        /// Scanning texts two at a time, interleaved, finds what scanning
        /// each alone finds.
        #[test]
        fn interleaved_scans_agree_with_single_scans(
            patterns in prop::collection::vec(pattern(), 1..6),
            texts in prop::collection::vec(prop::collection::vec(word(), 0..12), 0..5),
        ) {
            let codes: Vec<String> = patterns
                .iter()
                .enumerate()
                .map(|(i, p)| format!("  - id: c{i}\n    patterns: [{p:?}]\n"))
                .collect();
            let m = matcher(&codes.concat());
            let texts: Vec<String> = texts.iter().map(|w| w.join(" ")).collect();
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            let single: Vec<Vec<Hit>> = refs.iter().map(|t| first_per_code(&m.scan(t))).collect();
            prop_assert_eq!(m.scan_first_each(&refs), single);
        }

        /// Regexes run only where a trigger literal was found must still
        /// find every match the regex finds on its own.
        #[test]
        fn triggered_regexes_find_every_match(
            pieces in prop::collection::vec(regex_piece(), 1..4),
            words in prop::collection::vec(regex_word(), 0..10),
        ) {
            let source: String = pieces.concat();
            let text: String = words.concat();
            let m = matcher(&format!("  - id: r\n    patterns: [{{regex: '{source}'}}]\n"));
            let got: Vec<(usize, usize)> = m.scan(&text).iter().map(|h| (h.start, h.end)).collect();
            let re = regex::RegexBuilder::new(&source).case_insensitive(true).build().unwrap();
            let mut want: Vec<(usize, usize)> = re
                .find_iter(&text)
                .filter(|m| !m.is_empty())
                .map(|m| (m.start(), m.end()))
                .collect();
            want.sort_unstable();
            prop_assert_eq!(got, want);
        }

        /// An editor's insertion or an ellipsis between two words never
        /// takes away a code: every code found without it is found with it.
        #[test]
        fn insertions_and_ellipses_keep_every_code(
            patterns in prop::collection::vec(pattern(), 1..6),
            words in prop::collection::vec(word(), 1..10),
            at in any::<prop::sample::Index>(),
            insertion in prop::sample::select(vec!["[driver's]", "[ICSM]", "[…]", "…", "...", "[pay my]"]),
        ) {
            let codes: Vec<String> = patterns
                .iter()
                .enumerate()
                .map(|(i, p)| format!("  - id: c{i}\n    patterns: [{p:?}]\n"))
                .collect();
            let m = matcher(&codes.concat());
            let k = at.index(words.len() + 1);
            let plain = words.join(" ");
            let mut with: Vec<&str> = words.iter().map(String::as_str).collect();
            with.insert(k, insertion);
            let with = with.join(" ");
            let codes_in = |t: &str| -> std::collections::BTreeSet<usize> {
                m.scan(t).iter().map(|h| h.code).collect()
            };
            let (before, after) = (codes_in(&plain), codes_in(&with));
            prop_assert!(before.is_subset(&after), "{plain:?} {before:?} / {with:?} {after:?}");
        }

        #[test]
        fn automaton_agrees_with_naive_reference(
            patterns in prop::collection::vec(pattern(), 1..6),
            words in prop::collection::vec(word(), 0..12),
            seps in prop::collection::vec(prop::sample::select(vec![" ", "  ", ", ", "\n", "-", "’"]), 12),
        ) {
            let text: String = words.iter().zip(&seps).flat_map(|(w, s)| [w.as_str(), *s]).collect();
            let codes: String = patterns
                .iter()
                .map(|p| format!("  - id: c\n    patterns: [{p:?}]\n"))
                .enumerate()
                .map(|(i, s)| s.replacen("id: c", &format!("id: c{i}"), 1))
                .collect();
            let m = matcher(&codes);
            let mut got: Vec<(usize, usize, usize)> =
                m.scan(&text).iter().map(|h| (h.start, h.end, h.code)).collect();
            got.sort_unstable();
            prop_assert_eq!(got.clone(), naive(&patterns, &text));
            for (s, e, _) in got {
                // The original span folds back to the same words.
                prop_assert!(!fold_pattern(&text[s..e]).is_empty());
            }
        }
    }
}
