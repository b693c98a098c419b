//! Trimming a segment to a quote: whole sentences around the match, up to a
//! word limit, `…` where text was left out. Never cuts inside a word.

use unicode_segmentation::UnicodeSegmentation;

fn words(s: &str) -> usize {
    s.unicode_words().count()
}

/// Collapse white space (line breaks inside a turn) to single spaces.
pub fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Trim `text` (already normalised) to at most `max_words` words, keeping
/// whole sentences around the first occurrence of `anchor` where possible.
/// `max_words == 0` keeps everything.
pub fn trim(text: &str, anchor: Option<&str>, max_words: usize) -> String {
    if max_words == 0 || words(text) <= max_words {
        return text.to_owned();
    }
    let at = anchor
        .filter(|a| !a.is_empty())
        .and_then(|a| text.to_lowercase().find(&normalise(a).to_lowercase()))
        .filter(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    let sentences: Vec<(usize, &str)> = text.split_sentence_bound_indices().collect();
    let mut i = sentences.iter().rposition(|(s, _)| *s <= at).unwrap_or(0);
    let mut j = i;
    let mut count = words(sentences[i].1);
    if count > max_words {
        return cut_words(
            text,
            sentences[i].0,
            sentences[i].0 + sentences[i].1.len(),
            at,
            max_words,
        );
    }
    loop {
        let next = (j + 1 < sentences.len()).then(|| words(sentences[j + 1].1));
        if let Some(n) = next.filter(|n| count + n <= max_words) {
            j += 1;
            count += n;
            continue;
        }
        let prev = (i > 0).then(|| words(sentences[i - 1].1));
        if let Some(n) = prev.filter(|n| count + n <= max_words) {
            i -= 1;
            count += n;
            continue;
        }
        break;
    }
    let start = sentences[i].0;
    let end = sentences[j].0 + sentences[j].1.len();
    ellipsis(text, start, end)
}

/// A sentence longer than the limit: a window of whole words holding `at`.
fn cut_words(text: &str, s_start: usize, s_end: usize, at: usize, max_words: usize) -> String {
    let spans: Vec<(usize, usize)> = text[s_start..s_end]
        .unicode_word_indices()
        .map(|(i, w)| (s_start + i, s_start + i + w.len()))
        .collect();
    let hit = spans.iter().position(|&(_, e)| e > at).unwrap_or(0);
    let first = hit
        .saturating_sub(max_words / 3)
        .min(spans.len().saturating_sub(max_words));
    let last = (first + max_words).min(spans.len()) - 1;
    let start = if first == 0 { s_start } else { spans[first].0 };
    let end = if last + 1 == spans.len() {
        s_end
    } else {
        spans[last].1
    };
    ellipsis(text, start, end)
}

fn ellipsis(text: &str, start: usize, end: usize) -> String {
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    out.push_str(text[start..end].trim());
    if end < text.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "I was lost for years. Then the money got tight. Paying my bills matters to me. My kids noticed too. That is all.";

    #[track_caller]
    fn case(anchor: Option<&str>, max: usize, want: &str) {
        assert_eq!(trim(TEXT, anchor, max), want);
    }

    #[test]
    fn keeps_whole_sentences_around_the_anchor() {
        case(None, 0, TEXT);
        case(None, 100, TEXT);
        case(
            Some("Paying my bills"),
            6,
            "…Paying my bills matters to me.…",
        );
        case(
            Some("Paying my bills"),
            9,
            "…Paying my bills matters to me.…",
        );
        case(
            Some("Paying my bills"),
            10,
            "…Paying my bills matters to me. My kids noticed too.…",
        );
        case(Some("money"), 6, "…Then the money got tight.…");
        case(Some("That is all"), 8, "…My kids noticed too. That is all.");
    }

    #[test]
    fn a_long_sentence_is_cut_at_word_boundaries_around_the_anchor() {
        let text = "one two three four five six seven eight nine ten eleven twelve";
        assert_eq!(trim(text, Some("nine"), 4), "…eight nine ten eleven…");
        assert_eq!(trim(text, Some("one"), 3), "one two three…");
        assert_eq!(trim(text, Some("twelve"), 3), "…ten eleven twelve");
    }

    #[test]
    fn never_cuts_a_word() {
        let text = "Whānau matters heaps to me and my nan. Everything else is second.";
        let out = trim(text, Some("whānau"), 4);
        for w in out.trim_matches('…').split_whitespace() {
            assert!(text.split_whitespace().any(|t| t == w), "{w} in {out}");
        }
    }
}
