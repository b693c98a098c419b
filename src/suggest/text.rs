//! Words for similarity and keyness: Unicode word segmentation, case
//! folding, English stop words (and the fillers of spoken transcripts) left
//! out, and the Snowball English stemmer, so `childcare`, `Childcare's`
//! and `childcares` are one term. Each token keeps its folded surface form,
//! to show a stem the way people wrote it.

use rust_stemmers::{Algorithm, Stemmer};
use unicode_segmentation::UnicodeSegmentation;

/// Most tokens read from one segment (or example); the rest of a longer
/// segment is not looked at, so one huge turn cannot dominate the time.
pub const MAX_TOKENS: usize = 5_000;

/// Words too common to say anything about a code: the Snowball English stop
/// list, contractions as transcribed, and the fillers of speech.
const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "aren't",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "can't",
    "cannot",
    "could",
    "couldn't",
    "did",
    "didn't",
    "do",
    "does",
    "doesn't",
    "doing",
    "don't",
    "down",
    "during",
    "each",
    "er",
    "erm",
    "few",
    "for",
    "from",
    "further",
    "get",
    "got",
    "had",
    "hadn't",
    "has",
    "hasn't",
    "have",
    "haven't",
    "having",
    "he",
    "he'd",
    "he'll",
    "he's",
    "her",
    "here",
    "here's",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "hmm",
    "how",
    "how's",
    "i",
    "i'd",
    "i'll",
    "i'm",
    "i've",
    "if",
    "in",
    "into",
    "is",
    "isn't",
    "it",
    "it's",
    "its",
    "itself",
    "just",
    "know",
    "let's",
    "like",
    "mm",
    "me",
    "more",
    "most",
    "mustn't",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "of",
    "off",
    "oh",
    "ok",
    "okay",
    "on",
    "once",
    "only",
    "or",
    "other",
    "ought",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "really",
    "same",
    "shan't",
    "she",
    "she'd",
    "she'll",
    "she's",
    "should",
    "shouldn't",
    "so",
    "some",
    "such",
    "than",
    "that",
    "that's",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "there's",
    "these",
    "they",
    "they'd",
    "they'll",
    "they're",
    "they've",
    "thing",
    "things",
    "this",
    "those",
    "through",
    "to",
    "too",
    "uh",
    "um",
    "under",
    "until",
    "up",
    "very",
    "was",
    "wasn't",
    "we",
    "we'd",
    "we'll",
    "we're",
    "we've",
    "well",
    "were",
    "weren't",
    "what",
    "what's",
    "when",
    "when's",
    "where",
    "where's",
    "which",
    "while",
    "who",
    "who's",
    "whom",
    "why",
    "why's",
    "will",
    "with",
    "won't",
    "would",
    "wouldn't",
    "yeah",
    "yes",
    "you",
    "you'd",
    "you'll",
    "you're",
    "you've",
    "your",
    "yours",
    "yourself",
    "yourselves",
];

/// One word of a text: its stem, and its folded form as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The stem (`childcar`).
    pub stem: String,
    /// The word folded to lower case, apostrophes straightened (`childcare`).
    pub surface: String,
}

/// Splits texts into [`Token`]s.
pub struct Tokenizer {
    stemmer: Stemmer,
    stop: std::collections::HashSet<&'static str>,
}

impl Default for Tokenizer {
    fn default() -> Self {
        Tokenizer::new()
    }
}

impl Tokenizer {
    /// The English tokenizer.
    pub fn new() -> Tokenizer {
        Tokenizer {
            stemmer: Stemmer::create(Algorithm::English),
            stop: STOP_WORDS.iter().copied().collect(),
        }
    }

    /// Whether `word` (folded) is a stop word.
    pub fn is_stop(&self, word: &str) -> bool {
        self.stop.contains(word)
    }

    /// The content words of `text`, in order, at most [`MAX_TOKENS`]:
    /// words with at least one letter, not stop words, a trailing `'s`
    /// dropped.
    pub fn tokens(&self, text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        for word in text.unicode_words() {
            if out.len() == MAX_TOKENS {
                break;
            }
            if !word.chars().any(char::is_alphabetic) {
                continue;
            }
            let folded: String = word
                .chars()
                .flat_map(char::to_lowercase)
                .map(|c| if c == '\u{2019}' { '\'' } else { c })
                .collect();
            if self.is_stop(&folded) {
                continue;
            }
            let surface = folded
                .strip_suffix("'s")
                .filter(|s| !s.is_empty())
                .unwrap_or(&folded)
                .to_owned();
            if self.is_stop(&surface) || surface.chars().count() < 2 {
                continue;
            }
            let stem = self.stemmer.stem(&surface).into_owned();
            out.push(Token { stem, surface });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(text: &str) -> Vec<String> {
        Tokenizer::new()
            .tokens(text)
            .into_iter()
            .map(|t| t.stem)
            .collect()
    }

    #[test]
    fn words_are_folded_stemmed_and_stop_words_dropped() {
        assert_eq!(
            stems("The Childcare’s costs, and I'm paying for CHILDCARE costing £150!"),
            ["childcar", "cost", "pay", "childcar", "cost"]
        );
        let t = Tokenizer::new().tokens("Nurseries");
        assert_eq!(
            (t[0].stem.as_str(), t[0].surface.as_str()),
            ("nurseri", "nurseries")
        );
        assert!(stems("yeah um it's just, you know, like that").is_empty());
    }

    #[test]
    fn a_huge_text_is_cut_at_the_cap() {
        let text = "word ".repeat(MAX_TOKENS + 10);
        assert_eq!(Tokenizer::new().tokens(&text).len(), MAX_TOKENS);
    }
}
