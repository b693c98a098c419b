//! The ranking: tf-idf vectors over stems, one profile per code (the mean
//! of the unit vectors of its coded segments and examples, cut to its
//! heaviest terms), and the cosine of every candidate segment with it,
//! accumulated through an inverted index so only segments sharing a term
//! with the profile are touched.

use std::cmp::Ordering;

use super::{Labels, Texts};
use crate::codebook::CodeSet;

/// Most terms in a code's profile (its heaviest).
pub const MAX_PROFILE_TERMS: usize = 300;

/// Most suggestions per code.
pub const MAX_TOP: usize = 1_000;

/// Shared words shown per suggestion.
const WHY_TERMS: usize = 5;

/// Coded segments or examples named per suggestion.
const RESEMBLES: usize = 3;

/// What to suggest.
#[derive(Debug, Clone)]
pub struct SuggestOptions {
    /// Only codes at or below this id (or codebook name).
    pub code: Option<String>,
    /// Leave out suggestions scoring below this (cosine, 0 to 1).
    pub min_score: f64,
    /// At most this many suggestions per code.
    pub top: usize,
}

impl Default for SuggestOptions {
    fn default() -> Self {
        SuggestOptions {
            code: None,
            min_score: 0.1,
            top: 10,
        }
    }
}

impl SuggestOptions {
    /// Check the score and count are in range.
    pub fn validate(&self) -> crate::Result<()> {
        if !(0.0..=1.0).contains(&self.min_score) {
            return Err(crate::Error::usage(format!(
                "--min-score must be from 0 to 1 (a cosine similarity), not {}",
                self.min_score
            )));
        }
        if self.top == 0 || self.top > MAX_TOP {
            return Err(crate::Error::usage(format!(
                "--top must be from 1 to {MAX_TOP}, not {}",
                self.top
            )));
        }
        Ok(())
    }
}

/// What a suggestion resembles: a coded segment or one of the code's
/// examples.
#[derive(Debug, Clone, PartialEq)]
pub enum Exemplar {
    /// A segment the coder coded (index into [`Texts::segments`]).
    Segment(usize),
    /// The code's n-th example (0-based).
    Example(usize),
}

/// One suggested coding.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    /// Code id.
    pub code: String,
    /// 1 for the best of its code.
    pub rank: usize,
    /// Cosine similarity with the code's profile (0 to 1).
    pub score: f64,
    /// Index into [`Texts::segments`].
    pub segment: usize,
    /// The exemplars it resembles most, with their cosine, best first.
    pub resembles: Vec<(Exemplar, f64)>,
    /// The shared terms that contributed most to the score, with their
    /// share of it, most first.
    pub why: Vec<(u32, f64)>,
}

/// A sparse unit vector, sorted by term.
type Vector = Vec<(u32, f64)>;

/// The unit tf-idf vector of `tokens`: (1 + ln tf) × idf, normalised.
fn vector(tokens: &[u32], idf: &[f64]) -> Vector {
    let mut sorted = tokens.to_vec();
    sorted.sort_unstable();
    let mut v: Vector = Vec::new();
    for group in sorted.chunk_by(|a, b| a == b) {
        let tf = group.len() as f64;
        v.push((group[0], (1.0 + tf.ln()) * idf[group[0] as usize]));
    }
    let norm = v.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
    if norm > 0.0 {
        for (_, w) in &mut v {
            *w /= norm;
        }
    }
    v
}

fn dot(a: &Vector, b: &Vector) -> f64 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            Ordering::Less => i += 1,
            Ordering::Greater => j += 1,
            Ordering::Equal => {
                sum += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

/// Rank, for each code in scope that `labels` says the coder coded (and,
/// when `opts.code` names one code, that code if it has examples), the
/// segments not yet settled for it, best first, the best `opts.top` at or
/// above `opts.min_score`. Codes in codebook order. `texts` gains the
/// examples' new words.
pub fn suggest(
    texts: &mut Texts,
    codes: &CodeSet,
    labels: &Labels,
    opts: &SuggestOptions,
) -> Vec<Suggestion> {
    let examples: Vec<(String, Vec<Vec<u32>>)> = codes
        .codes_in(codes.run(opts.code.as_deref()))
        .filter(|c| {
            labels.coded.contains_key(c.id.as_str())
                || (opts.code.as_deref() == Some(c.id.as_str()) && !c.examples.is_empty())
        })
        .map(|c| {
            let ex = c
                .examples
                .iter()
                .map(|e| texts.intern_text(&e.text))
                .collect();
            (c.id.to_string(), ex)
        })
        .collect();
    let index = Index::build(texts);
    let (idf, vectors, postings) = (&index.idf, &index.vectors, &index.postings);
    let mut out = Vec::new();
    let mut scores = vec![0.0_f64; texts.segments.len()];
    for (id, example_tokens) in examples {
        let code = codes.code(&id).expect("a code of the set");
        let mut exemplars: Vec<(Exemplar, Vector)> = labels
            .coded
            .get(&id)
            .into_iter()
            .flatten()
            .map(|&i| (Exemplar::Segment(i), vectors[i].clone()))
            .collect();
        exemplars.extend(
            example_tokens
                .iter()
                .enumerate()
                .map(|(k, t)| (Exemplar::Example(k), vector(t, idf))),
        );
        let profile = profile(&exemplars);
        if profile.is_empty() {
            continue;
        }
        // Only the segments sharing a profile term are touched, and only
        // they are reset afterwards: no pass over every segment per code.
        let mut touched: Vec<u32> = Vec::new();
        for &(t, w) in &profile {
            for &(i, sw) in &postings[t as usize] {
                if scores[i as usize] == 0.0 {
                    touched.push(i);
                }
                scores[i as usize] += w * sw;
            }
        }
        let mut ranked: Vec<(usize, f64)> = touched
            .into_iter()
            .map(|i| (i as usize, std::mem::take(&mut scores[i as usize])))
            .filter(|&(i, s)| {
                s >= opts.min_score
                    && s > 0.0
                    && !labels.settled.contains(&(i, id.clone()))
                    && code.applies_to_role(&texts.segments[i].role)
            })
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| order(texts, a.0, b.0)));
        ranked.truncate(opts.top.min(MAX_TOP));
        for (rank, (i, score)) in ranked.into_iter().enumerate() {
            let (resembles, why) = explain(&vectors[i], score, &exemplars, &profile);
            out.push(Suggestion {
                code: id.clone(),
                rank: rank + 1,
                score,
                segment: i,
                resembles,
                why,
            });
        }
    }
    out
}

/// The tf-idf vectors of every segment, and the inverted index.
struct Index {
    idf: Vec<f64>,
    vectors: Vec<Vector>,
    /// For each term, the segments holding it and its weight there.
    postings: Vec<Vec<(u32, f64)>>,
}

impl Index {
    fn build(texts: &Texts) -> Index {
        let n = texts.segments.len();
        let mut df = vec![0_u32; texts.vocabulary()];
        for s in &texts.segments {
            let mut terms = s.tokens.clone();
            terms.sort_unstable();
            terms.dedup();
            for t in terms {
                df[t as usize] += 1;
            }
        }
        let idf: Vec<f64> = df
            .iter()
            .map(|&d| ((1.0 + n as f64) / (1.0 + f64::from(d))).ln() + 1.0)
            .collect();
        let mut postings: Vec<Vec<(u32, f64)>> = vec![Vec::new(); texts.vocabulary()];
        let mut vectors = Vec::with_capacity(n);
        for (i, s) in texts.segments.iter().enumerate() {
            let v = vector(&s.tokens, &idf);
            let at = u32::try_from(i).expect("segments are capped");
            for &(t, w) in &v {
                postings[t as usize].push((at, w));
            }
            vectors.push(v);
        }
        Index {
            idf,
            vectors,
            postings,
        }
    }
}

/// What a suggestion (vector `v`, scoring `score` against `profile`)
/// resembles most among `exemplars`, and the shared terms with their share
/// of the score.
fn explain(
    v: &Vector,
    score: f64,
    exemplars: &[(Exemplar, Vector)],
    profile: &Vector,
) -> (Vec<(Exemplar, f64)>, Vector) {
    let mut resembles: Vec<(Exemplar, f64)> = exemplars
        .iter()
        .map(|(e, ev)| (e.clone(), dot(v, ev)))
        .filter(|(_, s)| *s > 0.0)
        .collect();
    resembles.sort_by(|a, b| b.1.total_cmp(&a.1));
    resembles.truncate(RESEMBLES);
    let mut why: Vec<(u32, f64)> = Vec::new();
    let (mut a, mut b) = (0, 0);
    while a < v.len() && b < profile.len() {
        match v[a].0.cmp(&profile[b].0) {
            Ordering::Less => a += 1,
            Ordering::Greater => b += 1,
            Ordering::Equal => {
                why.push((v[a].0, v[a].1 * profile[b].1 / score));
                a += 1;
                b += 1;
            }
        }
    }
    why.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
    why.truncate(WHY_TERMS);
    (resembles, why)
}

/// A code's profile: the mean of its exemplars' unit vectors, cut to its
/// [`MAX_PROFILE_TERMS`] heaviest terms and normalised, sorted by term.
fn profile(exemplars: &[(Exemplar, Vector)]) -> Vector {
    let mut sum: std::collections::BTreeMap<u32, f64> = std::collections::BTreeMap::new();
    for (_, v) in exemplars {
        for &(t, w) in v {
            *sum.entry(t).or_default() += w;
        }
    }
    let mut terms: Vector = sum.into_iter().filter(|(_, w)| *w > 0.0).collect();
    terms.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    terms.truncate(MAX_PROFILE_TERMS);
    terms.sort_unstable_by_key(|&(t, _)| t);
    let norm = terms.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
    if norm > 0.0 {
        for (_, w) in &mut terms {
            *w /= norm;
        }
    }
    terms
}

/// Segments in case, then document (natural), then turn order.
fn order(texts: &Texts, a: usize, b: usize) -> Ordering {
    let (x, y) = (&texts.segments[a], &texts.segments[b]);
    crate::natural::cmp(&x.case, &y.case)
        .then_with(|| x.case.cmp(&y.case))
        .then_with(|| crate::natural::cmp(&x.document, &y.document))
        .then_with(|| x.document.cmp(&y.document))
        .then(x.ordinal.cmp(&y.ordinal))
}

#[cfg(test)]
mod tests {
    use super::super::Segment;
    use super::*;

    fn seg(document: &str, ordinal: usize) -> Segment {
        Segment {
            document: document.to_owned(),
            case: document.trim_end_matches(".txt").to_owned(),
            ordinal,
            line_start: ordinal,
            line_end: ordinal,
            role: "participant".to_owned(),
            tokens: Vec::new(),
        }
    }

    fn codes() -> CodeSet {
        let mut codes = CodeSet::default();
        let yaml = "codebook: m\ncodes:\n  - id: care\n    examples: [\"the nursery fees\"]\n  \
                    - id: money\n";
        codes.add(CodeSet::parse(yaml, "m.yaml").unwrap()).unwrap();
        codes
    }

    #[test]
    fn the_segment_about_the_coded_topic_ranks_first_with_its_reasons() {
        let mut texts = Texts::from_segments(vec![
            (
                seg("A.txt", 1),
                "Childcare costs stopped me working, the nursery wanted too much",
            ),
            (seg("B.txt", 1), "I went to the job centre on Tuesday"),
            (
                seg("C.txt", 1),
                "Finding childcare near the nursery school was the hardest part",
            ),
            (seg("D.txt", 1), "The bus to work costs a lot"),
            (seg("E.txt", 1), "My mum helps with the kids"),
        ]);
        let mut labels = Labels::default();
        labels.coded.insert("m.care".into(), vec![0]);
        labels.settled.insert((0, "m.care".into()));
        let found = suggest(&mut texts, &codes(), &labels, &SuggestOptions::default());
        assert!(found.iter().all(|s| s.code == "m.care"), "{found:?}");
        let first = &found[0];
        assert_eq!((first.segment, first.rank), (2, 1));
        let why: Vec<&str> = first.why.iter().map(|&(t, _)| texts.surface(t)).collect();
        // `nursery` is in the coded segment and the example: it weighs most.
        assert_eq!(why, ["nursery", "childcare"]);
        assert_eq!(first.resembles[0].0, Exemplar::Segment(0));
        assert!(first.resembles.iter().any(|r| r.0 == Exemplar::Example(0)));
        // The coded segment itself is never suggested; the bus ranks below.
        assert!(found.iter().all(|s| s.segment != 0));
        let shares: f64 = first.why.iter().map(|w| w.1).sum();
        assert!((shares - 1.0).abs() < 1e-9, "{shares}");
    }

    #[test]
    fn ties_follow_case_order_and_caps_hold() {
        let mut texts = Texts::from_segments(vec![
            (seg("Z.txt", 1), "nursery"),
            (seg("B10.txt", 1), "nursery"),
            (seg("B2.txt", 1), "nursery"),
            (seg("A.txt", 1), "nursery fees"),
        ]);
        let mut labels = Labels::default();
        labels.coded.insert("m.care".into(), vec![3]);
        labels.settled.insert((3, "m.care".into()));
        let opts = SuggestOptions {
            top: 2,
            min_score: 0.0,
            code: Some("m.care".into()),
        };
        let found = suggest(&mut texts, &codes(), &labels, &opts);
        let cases: Vec<&str> = found
            .iter()
            .map(|s| texts.segments[s.segment].case.as_str())
            .collect();
        assert_eq!(cases, ["B2", "B10"]);
    }
}
