//! Speaker turns in plain-text and Markdown transcripts: a line `Label: text`
//! starts a turn and the lines after it continue it. Text before the first
//! turn is the preamble (titles, licence blocks) and is never coded.
//! The forms of label that transcription tools write (times, headers,
//! attributes) are in [`super::labels`].

use std::sync::Arc;

use super::labels;

/// A turn as written, before speakers are resolved to cases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawTurn {
    /// The speaker label as written (`MEL`, `F4`, `Interviewer`).
    pub label: String,
    /// First line (1-based, in the whole file).
    pub line_start: usize,
    /// Last non-blank line.
    pub line_end: usize,
    /// The speech: the text after the label and the continuation lines.
    pub text: super::Text,
    /// When the turn starts, in milliseconds, in timed transcripts.
    pub start_ms: Option<u64>,
}

/// The body of a transcript split into a preamble and turns.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Body {
    /// Non-blank lines before the first turn: (first line, last line, count).
    pub preamble: Option<(usize, usize, usize)>,
    /// Turns in order.
    pub turns: Vec<RawTurn>,
    /// Header lines before the first turn that name an interviewer
    /// (`Interviewer: Yasmine Hassan`), as written.
    pub interviewer_headers: Vec<String>,
}

/// A body split as [`Body`], its turns in runs ([`Runs`]).
#[derive(Debug, Default)]
pub(crate) struct Parts {
    /// Non-blank lines before the first turn: (first line, last line, count).
    pub preamble: Option<(usize, usize, usize)>,
    /// Turns in order.
    pub turns: Runs,
    /// Header lines before the first turn that name an interviewer.
    pub interviewer_headers: Vec<String>,
}

impl Parts {
    /// The body, its turns in one list.
    fn into_body(self) -> Body {
        Body {
            preamble: self.preamble,
            turns: self.turns.into_vec(),
            interviewer_headers: self.interviewer_headers,
        }
    }
}

/// Turns in order, in runs: a large body's turns one run per window of
/// lines, which are made [`super::Turn`]s on every worker without first
/// being moved into one list.
#[derive(Debug, Default)]
pub(crate) struct Runs(Vec<Vec<RawTurn>>);

impl From<Vec<RawTurn>> for Runs {
    fn from(turns: Vec<RawTurn>) -> Self {
        Runs(vec![turns])
    }
}

/// Turns counted together (on one worker) when labels are counted.
const TALLY_TURNS: usize = 1 << 14;

impl Runs {
    /// Turns in `runs`, in order.
    #[cfg(test)]
    pub(crate) fn of_runs(runs: Vec<Vec<RawTurn>>) -> Self {
        Runs(runs)
    }

    /// The number of turns.
    pub(crate) fn len(&self) -> usize {
        self.0.iter().map(Vec::len).sum()
    }

    /// Whether there are no turns.
    pub(crate) fn is_empty(&self) -> bool {
        self.0.iter().all(Vec::is_empty)
    }

    /// The first turn.
    pub(crate) fn first(&self) -> Option<&RawTurn> {
        self.iter().next()
    }

    /// The turns in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &RawTurn> + Clone {
        self.0.iter().flatten()
    }

    /// The turns in one list.
    pub(crate) fn into_vec(self) -> Vec<RawTurn> {
        let mut runs = self.0.into_iter();
        let mut all = runs.next().unwrap_or_default();
        all.reserve_exact(runs.as_slice().iter().map(Vec::len).sum());
        for run in runs {
            all.extend(run);
        }
        all
    }

    /// Whether there are enough turns to share them among the workers.
    fn many(&self) -> bool {
        self.len() >= super::PARALLEL_TURNS
    }

    /// Each label as written and its number of turns, in order of first
    /// turn: counted in pieces (on every worker, when there are many),
    /// then put together in order.
    pub(crate) fn labels(&self) -> Vec<(&str, usize)> {
        use rayon::prelude::*;
        let pieces: Vec<&[RawTurn]> = self.0.iter().flat_map(|r| r.chunks(TALLY_TURNS)).collect();
        let mut each: Vec<Vec<(&str, usize)>> = if self.many() {
            pieces.par_iter().map(|p| tally(p)).collect()
        } else {
            pieces.iter().map(|p| tally(p)).collect()
        };
        // Each piece's labels in order of first turn, put together in order.
        if each.len() <= 1 {
            return each.pop().unwrap_or_default();
        }
        counted_in_order(each.into_iter().flatten())
    }

    /// Each turn whose label is a key of `changes` given its value.
    pub(crate) fn relabel(&mut self, changes: &foldhash::HashMap<String, String>) {
        use rayon::prelude::*;
        let change = |turn: &mut RawTurn| {
            if let Some(form) = changes.get(&turn.label) {
                form.clone_into(&mut turn.label);
            }
        };
        if self.many() {
            self.0
                .par_iter_mut()
                .flat_map(|run| run.par_iter_mut().with_min_len(TALLY_TURNS))
                .for_each(change);
        } else {
            self.0.iter_mut().flatten().for_each(change);
        }
    }

    /// `f` of each turn and its place among the turns (from 0), in order:
    /// on every worker when there are many, each run into its places in
    /// one list (first filled with clones of `place`).
    pub(crate) fn map_in_order<T: Clone + Send + Sync>(
        mut self,
        place: &T,
        f: impl Fn(usize, RawTurn) -> T + Sync + Send,
    ) -> Vec<T> {
        use rayon::prelude::*;
        if !self.many() {
            return self
                .0
                .into_iter()
                .flatten()
                .enumerate()
                .map(|(i, t)| f(i, t))
                .collect();
        }
        if let [run] = &mut self.0[..] {
            return std::mem::take(run)
                .into_par_iter()
                .enumerate()
                .map(|(i, t)| f(i, t))
                .collect();
        }
        let total = self.len();
        let mut out = Vec::with_capacity(total);
        out.par_extend(rayon::iter::repeat_n(place.clone(), total));
        let mut places: Vec<(usize, &mut [T])> = Vec::with_capacity(self.0.len());
        let mut left = &mut out[..];
        let mut first = 0;
        for run in &self.0 {
            let (these, after) = std::mem::take(&mut left).split_at_mut(run.len());
            places.push((first, these));
            first += run.len();
            left = after;
        }
        places
            .into_par_iter()
            .zip(self.0)
            .for_each(|((first, places), run)| {
                for (i, (place, turn)) in places.iter_mut().zip(run).enumerate() {
                    *place = f(first + i, turn);
                }
            });
        out
    }
}

/// Each label of `turns` as written and its number of turns, in order of
/// first turn.
fn tally(turns: &[RawTurn]) -> Vec<(&str, usize)> {
    counted_in_order(turns.iter().map(|t| (t.label.as_str(), 1)))
}

/// Each key of `items` once, in order of first appearance, with the sum
/// of its counts: one lookup per item.
pub(crate) fn counted_in_order<'a>(
    items: impl IntoIterator<Item = (&'a str, usize)>,
) -> Vec<(&'a str, usize)> {
    let mut out: Vec<(&str, usize)> = Vec::new();
    let mut at: foldhash::HashMap<&str, usize> = foldhash::HashMap::default();
    for (key, n) in items {
        let i = *at.entry(key).or_insert_with(|| {
            out.push((key, 0));
            out.len() - 1
        });
        out[i].1 += n;
    }
    out
}

#[cfg(test)]
/// Each of `items` once, in order of first appearance, with how many
/// times it appears: counted by searching, to check counts made by
/// lookups against.
pub(crate) fn counted_by_search<T: PartialEq>(
    items: impl IntoIterator<Item = T>,
) -> Vec<(T, usize)> {
    let mut out: Vec<(T, usize)> = Vec::new();
    for item in items {
        match out.iter_mut().find(|(seen, _)| *seen == item) {
            Some((_, n)) => *n += 1,
            None => out.push((item, 1)),
        }
    }
    out
}

#[cfg(test)]
impl RawTurn {
    /// Label, text, first and last line and start time: a turn as the
    /// readers' tests compare it.
    pub(crate) fn parts(self) -> (String, String, usize, usize, Option<u64>) {
        (
            self.label,
            self.text.into_string(),
            self.line_start,
            self.line_end,
            self.start_ms,
        )
    }
}

/// Split `body` (starting at line `first_line`) into turns. `known` labels
/// are accepted in any letter case; other labels must look like names
/// (each word starting with a capital letter or a digit).
pub fn split(body: &str, first_line: usize, known: &[String]) -> Body {
    split_with(body, first_line, known, None)
}

/// [`split`], with the project's own label rule if it has one: a regex with
/// a `label` group (and optionally a `text` group, else the rest of the
/// line) that replaces the built-in forms.
pub fn split_with(
    body: &str,
    first_line: usize,
    known: &[String],
    rule: Option<&regex::Regex>,
) -> Body {
    split_source(Source::own(body), first_line, known, rule).into_body()
}

/// [`split_with`] of the body of `source`, whose turns share its text if it
/// is shared.
pub(crate) fn split_source(
    source: Source<'_>,
    first_line: usize,
    known: &[String],
    rule: Option<&regex::Regex>,
) -> Parts {
    // A large body (one long recording) is split into windows of lines,
    // whose labels are found and whose turns are read on every worker; the
    // windows' turns are kept as runs in order (only a turn open across
    // windows is followed here), so the result is the same for any number
    // of threads.
    if source.body.len() > super::PARALLEL_BYTES {
        split_in_windows(source, first_line, known, rule, true, WINDOW_BYTES)
    } else {
        split_in_windows(source, first_line, known, rule, false, usize::MAX)
    }
}

/// Bytes of lines read together (on every worker, in a large body):
/// enough to share out, few enough to keep little memory.
const WINDOW_BYTES: usize = 1 << 20;

/// A turn being read, with the byte range of its text in the body.
type Open = (RawTurn, usize, usize);

/// A line's label, the rest of the line and the time written with it.
type Found<'a> = Option<(&'a str, &'a str, Option<u64>)>;

/// Lines before a window's first label, which continue the turn open
/// before the window: the last non-blank one, and the end of the last.
#[derive(Clone, Copy)]
struct Continued {
    line_end: Option<usize>,
    end: usize,
}

/// [`split_with`], in windows of whole lines of at least `window` bytes,
/// on every worker if `parallel`. The windows up to the first turn are read
/// in order (a header block before it is told apart by what follows); the
/// rest each on their own, every line before a window's first label
/// continuing the turn the windows before it left open. The turns stay in
/// runs ([`Runs`]), one or two per window.
fn split_in_windows(
    source: Source<'_>,
    first_line: usize,
    known: &[String],
    rule: Option<&regex::Regex>,
    parallel: bool,
    window: usize,
) -> Parts {
    use rayon::prelude::*;
    let windows = Windows::new(source, first_line, known, rule, parallel, window);
    let (mut out, mut current, w) = windows.up_to_first_turn();
    let rest: Vec<WindowTurns> = if parallel {
        // One window at a time, so the workers finish together.
        (w..windows.spans.len())
            .into_par_iter()
            .with_max_len(1)
            .map(|w| windows.turns_of(w))
            .collect()
    } else {
        (w..windows.spans.len())
            .map(|w| windows.turns_of(w))
            .collect()
    };
    // Each window's turns in order: the turn open before it, if it ends
    // there, then those it ends. Only the turns open across
    // windows are followed in order here.
    let share = source.share();
    let mut runs: Vec<Vec<RawTurn>> = Vec::with_capacity(rest.len() + 2);
    runs.push(std::mem::take(&mut out.turns));
    for WindowTurns {
        before,
        ended,
        last,
    } in rest
    {
        if let (Some(c), Some((turn, _, end))) = (before, current.as_mut()) {
            if let Some(line_end) = c.line_end {
                turn.line_end = line_end;
            }
            *end = c.end;
        }
        if last.is_some() {
            // The turn open before the window ends at its first label.
            runs.extend(
                current
                    .take()
                    .map(|t| vec![finish(t, &source, share.as_ref())]),
            );
            runs.push(ended);
            current = last;
        }
    }
    runs.push(
        current
            .map(|t| finish(t, &source, share.as_ref()))
            .into_iter()
            .collect(),
    );
    runs.retain(|r| !r.is_empty());
    Parts {
        preamble: out.preamble,
        turns: Runs(runs),
        interviewer_headers: out.interviewer_headers,
    }
}

/// A body's windows of lines, and what finding their labels needs.
struct Windows<'a, 'k> {
    source: Source<'a>,
    /// Each window's offset in `body` and text (its lines are found as
    /// they are read, not kept).
    spans: Vec<(usize, &'a str)>,
    /// Each window's first line number.
    firsts: Vec<usize>,
    known: &'k [String],
    rule: Option<&'k regex::Regex>,
    other_forms: OtherForms,
    parallel: bool,
}

/// What a window (after the first turn) holds: how its lines before its
/// first label continue the turn open before it, the turns it ends
/// (finished) and the one it leaves open.
struct WindowTurns {
    before: Option<Continued>,
    ended: Vec<RawTurn>,
    last: Option<Open>,
}

impl<'a, 'k> Windows<'a, 'k> {
    fn new(
        source: Source<'a>,
        first_line: usize,
        known: &'k [String],
        rule: Option<&'k regex::Regex>,
        parallel: bool,
        window: usize,
    ) -> Self {
        use rayon::prelude::*;
        let spans = windows_of(source.body, window);
        // Each window's lines counted as their forms are: one pass.
        let tally = |&(_, text): &(usize, &str)| {
            let mut lines = 0;
            let tally = FormTally::of(text.split_inclusive('\n').inspect(|_| lines += 1), known);
            (lines, tally)
        };
        let tallies: Vec<(usize, FormTally)> = if parallel {
            spans.par_iter().with_max_len(1).map(tally).collect()
        } else {
            spans.iter().map(tally).collect()
        };
        let firsts = tallies
            .iter()
            .scan(first_line, |next, (lines, _)| {
                let first = *next;
                *next += lines;
                Some(first)
            })
            .collect();
        let other_forms = OtherForms::of(
            tallies
                .into_iter()
                .map(|(_, tally)| tally)
                .fold(FormTally::default(), FormTally::merge),
            known,
        );
        Windows {
            source,
            spans,
            firsts,
            known,
            rule,
            other_forms,
            parallel,
        }
    }

    fn label_at(&self, raw: &'a str) -> Found<'a> {
        label_of_line(line_of(raw), self.rule, self.known, &self.other_forms)
    }

    /// Window `w`'s lines, with their line feeds.
    fn lines(&self, w: usize) -> std::str::SplitInclusive<'a, char> {
        self.spans[w].1.split_inclusive('\n')
    }

    /// The windows in order, up to the one in which the first turn starts:
    /// the body so far (preamble, header lines and the turns ended), the
    /// turn left open, and the next window.
    fn up_to_first_turn(&self) -> (Body, Option<Open>, usize) {
        use rayon::prelude::*;
        let mut out = Body::default();
        let mut current: Option<Open> = None;
        let mut pending: Vec<Open> = Vec::new();
        let mut w = 0;
        while w < self.spans.len() && current.is_none() {
            let lines: Vec<&str> = self.lines(w).collect();
            let found: Vec<Found<'a>> = if self.parallel {
                lines.par_iter().map(|raw| self.label_at(raw)).collect()
            } else {
                lines.iter().map(|raw| self.label_at(raw)).collect()
            };
            let mut offset = self.spans[w].0;
            for (j, (&raw, &found)) in lines.iter().zip(&found).enumerate() {
                let line_no = self.firsts[w] + j;
                let line = line_of(raw);
                let line_end = offset + line.len();
                let labelled = found.map(|(l, r, _)| (l, r));
                // The next non-blank line's label, for a header block's first line.
                let next_is_key = || {
                    lines[j + 1..]
                        .iter()
                        .copied()
                        .chain((w + 1..self.spans.len()).flat_map(|v| self.lines(v)))
                        .find(|r| !is_blank(line_of(r)))
                        .and_then(|r| self.label_at(r))
                        .is_some_and(|(label, _, _)| is_header_key(label))
                };
                if let Some((label, rest)) = labelled
                    && current.is_none()
                    && (is_header_key(label) || (names_interviewer(label, rest) && next_is_key()))
                {
                    // A header block (interviewer, date, place) before the
                    // first turn is not speech.
                    if !is_header_key(label) {
                        out.interviewer_headers.push(line.trim().to_owned());
                    }
                    let p = out.preamble.get_or_insert((line_no, line_no, 0));
                    p.1 = line_no;
                    p.2 += 1;
                } else if let Some(found) = found {
                    pending.extend(current.replace(open(found, line_no, line_end)));
                } else if let Some(turn) = current.as_mut() {
                    extend(turn, line, line_no, line_end);
                } else if !is_blank(line) {
                    let p = out.preamble.get_or_insert((line_no, line_no, 0));
                    p.1 = line_no;
                    p.2 += 1;
                }
                offset += raw.len();
            }
            w += 1;
        }
        out.turns = if self.parallel {
            pending
                .into_par_iter()
                .with_min_len(1024)
                .map_init(
                    || self.source.share(),
                    |share, turn| finish(turn, &self.source, share.as_ref()),
                )
                .collect()
        } else {
            let share = self.source.share();
            pending
                .into_iter()
                .map(|turn| finish(turn, &self.source, share.as_ref()))
                .collect()
        };
        (out, current, w)
    }

    /// Window `w`, after the first turn, read on its own.
    fn turns_of(&self, w: usize) -> WindowTurns {
        let share = self.source.share();
        let mut before: Option<Continued> = None;
        let mut ended: Vec<RawTurn> = Vec::new();
        let mut last: Option<Open> = None;
        let mut offset = self.spans[w].0;
        for (j, raw) in self.lines(w).enumerate() {
            let line_no = self.firsts[w] + j;
            let line = line_of(raw);
            let line_end = offset + line.len();
            if let Some(found) = self.label_at(raw) {
                let next = open(found, line_no, line_end);
                ended.extend(
                    last.replace(next)
                        .map(|t| finish(t, &self.source, share.as_ref())),
                );
            } else if let Some(turn) = last.as_mut() {
                extend(turn, line, line_no, line_end);
            } else {
                let c = before.get_or_insert(Continued {
                    line_end: None,
                    end: line_end,
                });
                if !is_blank(line) {
                    c.line_end = Some(line_no);
                }
                c.end = line_end;
            }
            offset += raw.len();
        }
        WindowTurns {
            before,
            ended,
            last,
        }
    }
}

/// `body` in windows of whole lines, each at least `window` bytes (the
/// last may be shorter), with the offset each starts at.
fn windows_of(body: &str, window: usize) -> Vec<(usize, &str)> {
    let mut spans = Vec::new();
    let mut start = 0;
    while start < body.len() {
        let from = start.saturating_add(window.max(1)).min(body.len()) - 1;
        let end =
            memchr::memchr(b'\n', &body.as_bytes()[from..]).map_or(body.len(), |i| from + i + 1);
        spans.push((start, &body[start..end]));
        start = end;
    }
    spans
}

/// A turn starting at line `line_no` with the label `found`, its text from
/// the rest of the line (which ends at `line_end`).
fn open(
    (label, rest, start_ms): (&str, &str, Option<u64>),
    line_no: usize,
    line_end: usize,
) -> Open {
    let turn = RawTurn {
        label: label.to_owned(),
        line_start: line_no,
        line_end: line_no,
        text: super::Text::default(),
        start_ms,
    };
    (turn, line_end - rest.len(), line_end)
}

/// Turn `open` continued by `line` (line `line_no`, ending at `line_end`).
fn extend((turn, _, end): &mut Open, line: &str, line_no: usize, line_end: usize) {
    if !is_blank(line) {
        turn.line_end = line_no;
    }
    *end = line_end;
}

/// A line without its line feed (and carriage return).
fn line_of(raw: &str) -> &str {
    let line = raw.strip_suffix('\n').unwrap_or(raw);
    line.strip_suffix('\r').unwrap_or(line)
}

/// A line's label by the project's `rule`, or else the built-in forms:
/// the label, the rest of the line and the time written with it.
fn label_of_line<'a>(
    line: &'a str,
    rule: Option<&regex::Regex>,
    known: &[String],
    other_forms: &OtherForms,
) -> Option<(&'a str, &'a str, Option<u64>)> {
    match rule {
        Some(rule) => custom_label(rule, line).map(|(l, r)| (l, r, None)),
        None => built_in(line, known, other_forms),
    }
}

/// The text turns are read from: a body, and, when the document's text is
/// shared by its turns (a large transcript), that text and where the body
/// starts in it.
#[derive(Clone, Copy)]
pub(crate) struct Source<'a> {
    body: &'a str,
    shared: Option<(&'a Arc<String>, usize)>,
}

impl<'a> Source<'a> {
    /// `body`, whose turns have text of their own.
    pub(crate) fn own(body: &'a str) -> Self {
        Source { body, shared: None }
    }

    /// The body of `text` from byte `start`, whose turns share `text`.
    pub(crate) fn shared(text: &'a Arc<String>, start: usize) -> Self {
        Source {
            body: &text[start..],
            shared: Some((text, start)),
        }
    }

    /// A new hold on the shared text, for turns made together (see
    /// [`super::text::Share`]), with where the body starts in it.
    fn share(&self) -> Option<(super::text::Share, usize)> {
        self.shared
            .map(|(text, start)| (super::text::Share::of(text), start))
    }
}

/// The turn with its text: the rest of its first line and its continuation
/// lines, joined by line feeds, without the blank lines and spaces that end
/// it; a range of the document's text, held by `share`, when its turns
/// share it and the text is as written there.
fn finish(
    (mut turn, start, end): (RawTurn, usize, usize),
    source: &Source<'_>,
    share: Option<&(super::text::Share, usize)>,
) -> RawTurn {
    // A label alone on its line (`Name:`, `Name  0:03`): the speech starts
    // on the next.
    let written = source.body[start..end].trim_end();
    let text = written.trim_start_matches(['\r', '\n']);
    let start = start + written.len() - text.len();
    let replaced = text.contains('\r').then(|| text.replace("\r\n", "\n"));
    let text = replaced.as_deref().unwrap_or(text);
    // Timestamp-only lines (`0:45`, `[00:01:23]`) are continuation headers,
    // not speech.
    turn.text = if text.lines().any(labels::is_time_only) {
        let kept: Vec<&str> = text.lines().filter(|l| !labels::is_time_only(l)).collect();
        kept.join("\n").trim().into()
    } else if let Some(replaced) = replaced {
        replaced.into()
    } else if let Some((share, at)) = share {
        super::Text::shared(share, at + start..at + start + text.len())
    } else {
        text.into()
    };
    turn
}

/// A line's label by the built-in forms, the rest of the line and the
/// time written with the label: `Label: text` (also after a leading time,
/// `[00:00:01] Name: text`), Zoom chat's `12:03:41<TAB>From Ann to
/// Everyone:<TAB>text`, and the forms a document must use twice to count
/// ([`OtherForms`]).
fn built_in<'a>(
    line: &'a str,
    known: &[String],
    other: &OtherForms,
) -> Option<(&'a str, &'a str, Option<u64>)> {
    if let Some(found) = label_time(line, known).or_else(|| bold_timed(line, known)) {
        return Some(found);
    }
    // A time first, perhaps in bold with the label (`**[02:14] Name:**`).
    let unbolded = line
        .trim_start_matches(is_space)
        .strip_prefix("**")
        .unwrap_or(line);
    let (stripped, time) = labels::strip_time_prefix(unbolded);
    if time.is_some() {
        if let Some((label, rest, at)) = label_time(stripped, known) {
            return Some((label, rest, at.or(time)));
        }
        if let Some(colon) = stripped.find(':')
            && let Some(sender) = labels::chat_sender(&stripped[..colon])
            && plausible(sender)
        {
            let rest = stripped[colon + 1..].trim_start_matches(is_space);
            return Some((sender, rest, time));
        }
        let timed = bracket_label(stripped)
            .or_else(|| dash_label(stripped))
            .filter(|_| other.timed);
        if let Some((label, rest)) = timed.or_else(|| other.label_of(stripped)) {
            return Some((label, rest, time));
        }
    }
    if let Some((label, rest)) = other.label_of(line).or_else(|| bracket_colon_label(line)) {
        return Some((label, rest, None));
    }
    if let Some(label) = other.heading_of(line) {
        return Some((label, &line[line.len()..], None));
    }
    other
        .header_of(line)
        .map(|(label, at)| (label, &line[line.len()..], Some(at)))
}

/// `**Name** [0:18] text` (a podcast's Markdown): a name in bold, then a
/// time, then the speech. Without the time, bold words are emphasis.
fn bold_timed<'a>(line: &'a str, known: &[String]) -> Option<(&'a str, &'a str, Option<u64>)> {
    let s = line.trim_start_matches(is_space).strip_prefix("**")?;
    let close = s.find("**").filter(|&i| i <= 80)?;
    let label = s[..close].trim_matches(is_space);
    let label = label.strip_suffix(':').unwrap_or(label);
    let after = &s[close + 2..];
    let after = after.strip_prefix(':').unwrap_or(after);
    if !after.starts_with(is_space) {
        return None;
    }
    let (rest, time) = labels::strip_time_prefix(after);
    let time = time?;
    let name = without_initials(label)?;
    let is_known = known
        .iter()
        .any(|k| crate::natural::eq_ignore_case(k, label));
    (plausible(name) && (capitalised(name) || is_known)).then_some((label, rest, Some(time)))
}

/// `### Name` alone on its line (Markdown), the name plausible and
/// capitalised, perhaps in bold or with a colon.
fn heading_label(line: &str) -> Option<&str> {
    let s = line.trim_start_matches(is_space);
    let after = s.trim_start_matches('#');
    if !(1..=6).contains(&(s.len() - after.len())) || !after.starts_with(' ') {
        return None;
    }
    let label = after.trim_matches(is_space).trim_matches('*');
    let label = label
        .strip_suffix(':')
        .unwrap_or(label)
        .trim_matches(is_space);
    let name = without_initials(label)?;
    (plausible(name) && capitalised(name)).then_some(label)
}

/// Labels written in the less common forms, `[Name] text` (`QualCoder`'s
/// `[id1]`) and `Name - text` (`Teacher 4-` then a tab): accepted only when
/// the same label is written that way on two lines or more of the document,
/// or is a known label, since a single `[Laughs] yes` or `Well - it was
/// hard` is speech, not a speaker.
struct OtherForms {
    labels: std::collections::HashSet<String>,
    /// Whether header lines (`Name  0:03`, speech below) are this
    /// document's form: two of them or more, or one of a known label.
    headers: bool,
    /// Whether bracket and dash labels after a leading time (`[0.00 -
    /// 3.21] SPEAKER_00 - text`) are this document's form: two lines or more.
    timed: bool,
    /// Markdown headings that name speakers (`### Interviewer`, speech
    /// below): those written on two heading lines or more, when two
    /// labels or more are (section headings are not repeated).
    headings: std::collections::HashSet<String>,
}

/// What [`OtherForms`] counts over the lines: each bracket or dash label
/// with the lines written with it, header lines (a known label's counting
/// twice) and such labels after a leading time.
#[derive(Default)]
struct FormTally {
    seen: std::collections::HashMap<String, usize>,
    headers: usize,
    timed: usize,
    headings: std::collections::HashMap<String, usize>,
}

impl FormTally {
    fn of<'a>(raws: impl Iterator<Item = &'a str>, known: &[String]) -> FormTally {
        let mut tally = FormTally::default();
        let is_known = |label: &str| {
            known
                .iter()
                .any(|k| crate::natural::eq_ignore_case(k, label))
        };
        for raw in raws {
            let (line, time) = labels::strip_time_prefix(line_of(raw));
            if let Some((label, _)) = bracket_label(line).or_else(|| dash_label(line)) {
                *tally.seen.entry(label.to_owned()).or_default() += 1;
                tally.timed += usize::from(time.is_some());
            }
            if let Some(label) = header_label(line) {
                tally.headers += if is_known(label) { 2 } else { 1 };
            }
            if let Some(label) = heading_label(line) {
                *tally.headings.entry(label.to_owned()).or_default() += 1;
            }
        }
        tally
    }

    fn merge(mut self, other: FormTally) -> FormTally {
        for (label, n) in other.seen {
            *self.seen.entry(label).or_default() += n;
        }
        self.headers += other.headers;
        self.timed += other.timed;
        for (label, n) in other.headings {
            *self.headings.entry(label).or_default() += n;
        }
        self
    }
}

/// Bracketed notes that are never speakers.
const NOTES: [&str; 12] = [
    "laughs",
    "laughter",
    "laughing",
    "inaudible",
    "unintelligible",
    "crosstalk",
    "cross talk",
    "pause",
    "silence",
    "coughs",
    "music",
    "overlapping",
];

impl OtherForms {
    /// The forms that `tally` (of a body's lines) shows the body uses.
    fn of(tally: FormTally, known: &[String]) -> OtherForms {
        let labels = tally
            .seen
            .into_iter()
            .filter(|(label, n)| {
                *n >= 2
                    || known
                        .iter()
                        .any(|k| crate::natural::eq_ignore_case(k, label))
            })
            .map(|(label, _)| label)
            .collect();
        let mut headings: std::collections::HashSet<String> = tally
            .headings
            .into_iter()
            .filter(|(_, n)| *n >= 2)
            .map(|(label, _)| label)
            .collect();
        if headings.len() < 2 {
            headings.clear();
        }
        OtherForms {
            labels,
            headers: tally.headers >= 2,
            timed: tally.timed >= 2,
            headings,
        }
    }

    fn heading_of<'a>(&self, line: &'a str) -> Option<&'a str> {
        heading_label(line).filter(|label| self.headings.contains(*label))
    }

    fn header_of<'a>(&self, line: &'a str) -> Option<(&'a str, u64)> {
        if !self.headers {
            return None;
        }
        let (label, at) = labels::header(line)?;
        header_label(line).map(|_| (label, at))
    }

    fn label_of<'a>(&self, line: &'a str) -> Option<(&'a str, &'a str)> {
        bracket_label(line)
            .or_else(|| dash_label(line))
            .filter(|(label, _)| self.labels.contains(*label))
    }
}

/// A line's label and text by the project's own rule.
fn custom_label<'a>(rule: &regex::Regex, line: &'a str) -> Option<(&'a str, &'a str)> {
    let caps = rule.captures(line)?;
    let label = caps.name("label")?.as_str().trim_matches(is_space);
    let text = match caps.name("text") {
        Some(text) => text.as_str(),
        None => &line[caps.get(0)?.end()..],
    };
    (!label.is_empty()).then(|| (label, text.trim_start_matches(is_space)))
}

/// `[Name] text`: a plausible label in brackets, then speech.
fn bracket_label(line: &str) -> Option<(&str, &str)> {
    let s = line.trim_start_matches(is_space).strip_prefix('[')?;
    let close = s.find(']')?;
    let label = s[..close].trim_matches(is_space);
    let after = &s[close + 1..];
    let rest = after
        .strip_prefix(':')
        .unwrap_or(after)
        .trim_start_matches(is_space);
    let note = NOTES.iter().any(|n| label.eq_ignore_ascii_case(n));
    (!rest.is_empty() && !note && plausible(label)).then_some((label, rest))
}

/// A cue's speaker label in a timed transcript: `Name: text` (Zoom) or
/// `[Name]: text` (`WhisperX`'s SRT and WebVTT).
pub fn cue_label<'a>(line: &'a str, known: &[String]) -> Option<(&'a str, &'a str)> {
    label_of(line, known).or_else(|| bracket_colon_label(line))
}

/// `[Name]: text` (`WhisperX` and pyannote write `[SPEAKER_00]: text`): a
/// bracket label with a colon is a label even on one line.
fn bracket_colon_label(line: &str) -> Option<(&str, &str)> {
    let s = line.trim_start_matches(is_space).strip_prefix('[')?;
    let close = s.find(']')?;
    if !s[close + 1..].starts_with(':') {
        return None;
    }
    bracket_label(line)
}

/// `Name - text` or `Name-` then a tab: a capitalised label, a hyphen and
/// white space.
fn dash_label(line: &str) -> Option<(&str, &str)> {
    let s = line.trim_start_matches(is_space);
    let dash = s.find('-')?;
    let after = &s[dash + 1..];
    if !after.starts_with(is_space) {
        return None;
    }
    let label = s[..dash].trim_matches(is_space);
    let capitalised = label
        .split(' ')
        .all(|w| w.starts_with(|c: char| c.is_uppercase() || c.is_numeric()));
    (plausible(label) && capitalised).then(|| (label, after.trim_start_matches(is_space)))
}

/// Whether `label`, before any turn, is a transcript header's key ("Date:
/// 16/10/2014", "Place: her office") rather than a speaker.
fn is_header_key(label: &str) -> bool {
    const KEYS: [&str; 29] = [
        "date",
        "time",
        "place",
        "location",
        "venue",
        "duration",
        "length",
        "interviewee",
        "narrator",
        "respondent",
        "transcriber",
        "transcribed",
        "transcription",
        "project",
        "recorded",
        "recording",
        "file",
        "audio",
        "study",
        "course",
        "prof",
        "professor",
        "supervisor",
        "topic",
        "subject",
        "language",
        "persons",
        "present",
        "attendees",
    ];
    let first = label
        .split(' ')
        .next()
        .unwrap_or("")
        .trim_end_matches('.')
        .to_lowercase();
    KEYS.contains(&first.as_str())
}

/// Whether `label: rest` is a header line naming an interviewer
/// (`Interviewer: Yasmine Hassan`).
pub(crate) fn names_interviewer(label: &str, rest: &str) -> bool {
    let words = rest.split_whitespace().count();
    matches!(
        label.to_lowercase().as_str(),
        "interviewer" | "moderator" | "facilitator"
    ) && (1..=4).contains(&words)
        && !rest.contains(['?', '!', '.'])
        && rest
            .split_whitespace()
            .all(|w| w.starts_with(char::is_uppercase))
}

fn is_blank(line: &str) -> bool {
    line.chars().all(is_space)
}

/// White space, including no-break spaces, and zero-width characters.
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
        )
}

/// If `line` starts a turn, its label and the rest of the line.
pub fn label_of<'a>(line: &'a str, known: &[String]) -> Option<(&'a str, &'a str)> {
    label_time(line, known).map(|(label, rest, _)| (label, rest))
}

/// [`label_of`], with the time written in the label (`Name (00:01):`) or
/// at the start of the text (`Name: [00:00:01] text`). What follows the
/// name in parentheses, attributes or a time, is not part of the label
/// (`P1 (female, 34):` is `P1`); an initialism is (`Jane Doe (SL)`).
fn label_time<'a>(line: &'a str, known: &[String]) -> Option<(&'a str, &'a str, Option<u64>)> {
    let start = line.len() - line.trim_start_matches(is_space).len();
    let mut s = &line[start..];
    let bold = s.starts_with("**");
    if bold {
        s = &s[2..];
    }
    let colon = label_colon(s)?;
    let raw = &s[..colon];
    let label = raw.strip_suffix("**").unwrap_or(raw).trim_matches(is_space);
    // `Name::` (a doubled colon) is `Name:`; a bold label may close after
    // its colon (`**Name:**`), or after a time before it (`**[02:14]
    // Name:**`).
    let mut rest = &s[colon + 1..];
    rest = rest.strip_prefix(':').unwrap_or(rest);
    rest = rest.strip_prefix("**").unwrap_or(rest);
    if !(rest.is_empty() || rest.starts_with(is_space)) {
        return None;
    }
    let (mut label, mut at) = labels::split_tail(label);
    // `MEL, TYPING:` is MEL: what follows the comma says how MEL speaks,
    // when it is a stage direction or MEL is a known label (a word or two
    // after it). A sentence after the comma is speech (`I, Terri Oda,
    // hereby release this work under …:`), a name is a name (`Smith, Jane`).
    if let Some((before, how)) = label.split_once(", ")
        && (labels::is_direction(how)
            || (how.split_whitespace().count() <= 2
                && how.chars().count() <= 24
                && known
                    .iter()
                    .any(|k| crate::natural::eq_ignore_case(k, before))))
    {
        label = before;
    }
    let name = without_initials(label)?;
    if !plausible(name) {
        return None;
    }
    let is_known = known.iter().any(|k| {
        crate::natural::eq_ignore_case(k, label) || crate::natural::eq_ignore_case(k, name)
    });
    // `Several participants:` is a group, written as a sentence is.
    let group = || name.starts_with(char::is_uppercase) && labels::is_group(name);
    if !is_known && !capitalised(name) && !group() {
        return None;
    }
    let mut rest = rest.trim_start_matches(is_space);
    if rest.starts_with(['[', '(']) {
        let (after, time) = labels::strip_time_prefix(rest);
        if time.is_some() {
            rest = after;
            at = at.or(time);
        } else if let Some(close) = rest.find(')')
            && labels::is_time_only(&rest[..=close])
        {
            at = at.or_else(|| labels::time_ms(&rest[1..close]));
            rest = rest[close + 1..].trim_start_matches(is_space);
        }
    }
    Some((label, rest, at))
}

/// The colon that ends a label: the first outside parentheses, within the
/// first 80 bytes.
fn label_colon(s: &str) -> Option<usize> {
    let mut depth = 0u32;
    for (i, b) in s.bytes().enumerate().take(80) {
        match b {
            b'(' => depth += 1,
            b')' => depth = depth.saturating_sub(1),
            b':' if depth == 0 => return Some(i),
            _ => {}
        }
    }
    None
}

/// Each word starts with a capital letter or a digit.
fn capitalised(label: &str) -> bool {
    label
        .split(' ')
        .all(|w| w.starts_with(|c: char| c.is_uppercase() || c.is_numeric()))
}

/// The name of a header line (`Speaker 1  0:03`), if it looks like one.
fn header_label(line: &str) -> Option<&str> {
    let (label, _) = labels::header(line)?;
    let name = without_initials(label)?;
    (plausible(name) && capitalised(name)).then_some(label)
}

/// The name of a label without its initials in parentheses (`Ann Lee
/// (AL)`); `None` if what follows ` (` is neither nothing nor initials
/// and a `)`.
fn without_initials(label: &str) -> Option<&str> {
    let (name, paren) = label.split_once(" (").unwrap_or((label, ""));
    (paren.is_empty() || paren.strip_suffix(')').is_some_and(labels::is_initialism)).then_some(name)
}

fn plausible(label: &str) -> bool {
    // More than 40 characters (the limit below) whatever they are: a
    // sentence, refused before its characters are looked at.
    if label.len() > 4 * 40 {
        return false;
    }
    let ok_chars = label.chars().all(|c| {
        c.is_alphanumeric() || matches!(c, ' ' | '.' | '\'' | '\u{2019}' | '-' | '_' | ',')
    });
    // A voice the transcriber did not know: `Speaker ?`, `Student ??`.
    let ok_chars = ok_chars
        || (label.contains('?')
            && labels::is_group(label)
            && label
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '?')));
    // A comma only as in `Smith, Jane` (once, then a space, then a name),
    // or before degrees and suffixes (`Richard Auchus, MD, PhD`).
    let credential = |p: &str| {
        let p = p.trim_end_matches('.');
        (1..=5).contains(&p.chars().count())
            && p.starts_with(char::is_uppercase)
            && p.chars().all(|c| c.is_alphabetic() || c == '.')
    };
    let parts: Vec<&str> = label.split(',').collect();
    let comma_ok = match parts.as_slice() {
        [] | [_] => true,
        [a, b] => !a.is_empty() && b.starts_with(' ') && b.len() > 1,
        [a, rest @ ..] => {
            !a.is_empty()
                && rest
                    .iter()
                    .all(|p| p.strip_prefix(' ').is_some_and(credential))
        }
    };
    ok_chars
        && comma_ok
        && label.chars().count() <= 40
        && label.starts_with(char::is_alphanumeric)
        && label.chars().any(char::is_alphabetic)
        && label.split(' ').filter(|w| !w.is_empty()).count() <= 4
        && !label.contains("  ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(label: &str, i: usize) -> RawTurn {
        RawTurn {
            label: label.to_owned(),
            line_start: i + 1,
            line_end: i + 1,
            text: super::super::Text::from(format!("turn {i}")),
            start_ms: None,
        }
    }

    /// `runs`, holding the turns `all`, counted, relabelled (`p1` to `P1`)
    /// and made one list as `all` is, in `pool`.
    #[track_caller]
    fn runs_are_one_list(all: &[RawTurn], mut runs: Runs, pool: &rayon::ThreadPool) {
        assert_eq!(runs.len(), all.len());
        assert_eq!(runs.first(), all.first());
        let want = counted_by_search(all.iter().map(|t| t.label.as_str()));
        assert_eq!(pool.install(|| runs.labels()), want);
        let changes: foldhash::HashMap<String, String> =
            [("p1".to_owned(), "P1".to_owned())].into_iter().collect();
        pool.install(|| runs.relabel(&changes));
        let place = (usize::MAX, String::new());
        let made = pool.install(|| runs.map_in_order(&place, |i, t| (i, t.label)));
        let want: Vec<(usize, String)> = all
            .iter()
            .enumerate()
            .map(|(i, t)| (i, changes.get(&t.label).unwrap_or(&t.label).clone()))
            .collect();
        assert!(made == want);
    }

    /// Turns in runs (as a large body's windows leave them: of any length,
    /// some empty) are counted, relabelled and made one list as if they
    /// were one list, on any number of threads; with enough of them to be
    /// shared among the workers, and in one run or several.
    #[test]
    fn turns_in_runs_are_counted_and_made_as_one_list() {
        const LABELS: [&str; 5] = ["Interviewer", "P1", "p1", "Audience", "P2"];
        let total = super::super::PARALLEL_TURNS + 5_000;
        let label = |i: usize| {
            if i.is_multiple_of(9_973) {
                format!("Person {i}")
            } else {
                LABELS[(i * 7 + i / 1_000) % LABELS.len()].to_owned()
            }
        };
        let all: Vec<RawTurn> = (0..total).map(|i| raw(&label(i), i)).collect();
        let lens = [0, 1, 2_999, 0, 17, 40_000, 1];
        let mut runs = Vec::new();
        let mut left = all.as_slice();
        for len in lens.iter().cycle() {
            if left.is_empty() {
                break;
            }
            let (these, after) = left.split_at((*len).min(left.len()));
            runs.push(these.to_vec());
            left = after;
        }
        for threads in [1, 2, 3] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            runs_are_one_list(&all, Runs::from(all.clone()), &pool);
            runs_are_one_list(&all, Runs(runs.clone()), &pool);
        }
    }

    #[track_caller]
    fn label(line: &str, want: Option<&str>) {
        let known = vec!["mel".to_owned()];
        assert_eq!(label_of(line, &known).map(|(l, _)| l), want, "{line:?}");
    }

    proptest::proptest! {
        /// Turns in runs of any lengths (some empty) are counted, relabelled
        /// and made one list as one list of them is: each label once, in
        /// order of first turn, with its turns.
        #[test]
        fn turns_in_any_runs_are_counted_as_one_list(
            picks in proptest::collection::vec((0usize..6, 0usize..4), 0..60),
        ) {
            const LABELS: [&str; 6] = ["Interviewer", "P1", "p1", "Ann", "Audience", "ann"];
            let all: Vec<RawTurn> = picks
                .iter()
                .enumerate()
                .map(|(i, &(l, _))| raw(LABELS[l], i))
                .collect();
            // A run ends after each turn whose second pick is 0.
            let mut runs = vec![Vec::new()];
            for (turn, &(_, cut)) in all.iter().zip(&picks) {
                runs.last_mut().unwrap().push(turn.clone());
                if cut == 0 {
                    runs.push(Vec::new());
                }
            }
            let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
            runs_are_one_list(&all, Runs(runs), &pool);
        }
    }

    proptest::proptest! {
        /// A large body, split on every worker in windows of lines (of a
        /// few bytes: a line to several each), gives the turns, preamble
        /// and headers of one pass.
        #[test]
        fn split_on_workers_in_windows_is_split_in_one_pass(
            picks in proptest::collection::vec(0usize..17, 0..60),
            window in 1usize..80,
        ) {
            const LINES: [&str; 17] = [
                "Interviewer: Yasmine Hassan",
                "Date: 16/10/2014",
                "Interviewer: So, how did it go?",
                "F4: money, mostly.",
                "and then the bus\r",
                "",
                "   ",
                "[Ann] text in brackets",
                "Bob - a dash label",
                "Bob - and again",
                "00:01:02",
                "Speaker 1  0:03",
                "[00:00:05] Ann: timed",
                "Several participants: yes",
                "### Ann",
                "## Cara Diaz",
                "**Bob** [0:18] bold and timed",
            ];
            let body: String = picks.iter().flat_map(|&i| [LINES[i], "\n"]).collect();
            let known = vec!["ann".to_owned()];
            let one = split_in_windows(Source::own(&body), 3, &known, None, false, usize::MAX).into_body();
            let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
            let windows = pool.install(|| split_in_windows(Source::own(&body), 3, &known, None, true, window)).into_body();
            proptest::prop_assert_eq!(&one, &windows);
            proptest::prop_assert_eq!(&one, &split(&body, 3, &known));
        }
    }

    #[test]
    fn a_parenthesis_ending_in_a_wide_character_is_not_a_label_nor_a_panic() {
        // Found by `any_bytes_read_to_a_document_or_an_error`: the text in
        // a label's parentheses lost its last byte, not its `)`.
        assert_eq!(header_label("Ann (female, 34): \u{fe}  0:03"), None);
        assert_eq!(header_label("Ann (AB\u{fe}  0:03"), None);
        assert_eq!(header_label("Ann (AB)  0:03"), Some("Ann (AB)"));
        label("Ann (female, 34\u{fe}: text", None);
    }

    #[test]
    fn labels_that_start_turns() {
        label("Interviewer: What made you?", Some("Interviewer"));
        label("F4: money", Some("F4"));
        label("MEL: Okay.", Some("MEL"));
        label("mel: lower case known label", Some("mel"));
        label("**NAOMI:** bold", Some("NAOMI"));
        label("**NAOMI**: bold label only", Some("NAOMI"));
        label("  Participant 2:   indented", Some("Participant 2"));
        label("\u{a0}Anna Smith:\u{a0}no-break space", Some("Anna Smith"));
        label("F4:", Some("F4"));
    }

    #[test]
    fn lines_that_do_not_start_turns() {
        label("So the first one is: this", None);
        label("> NAOMI: quoted excerpt", None);
        label("see http://example.org", None);
        label("12:30 we met", None);
        label("10: numbers only", None);
        label("I, Donald, hereby release: this", None);
        label("Note:continues without a space", None);
        label("A Very Long Label With Five: words", None);
    }

    #[test]
    fn a_header_block_before_the_first_turn_is_not_speech() {
        let body = "Interviewer: Yasmine Hassan\nNarrator: Ahmad Abd Rabou\nDate: 16/10/2014\n\
                    Place: Narrator's office\n\nHassan: Where were you born?\n\
                    Abd Rabou: In Cairo.\nDate: later, a date is speech\n";
        let b = split(body, 1, &["Hassan".to_owned()]);
        assert_eq!(b.preamble, Some((1, 4, 4)));
        let labels: Vec<&str> = b.turns.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, ["Hassan", "Abd Rabou", "Date"]);
        // An interviewer's question is a turn, not a header.
        let b = split("Interviewer: What made you apply?\nF4: Money.\n", 1, &[]);
        assert_eq!(b.turns.len(), 2);
    }

    #[test]
    fn bracket_and_dash_labels_count_when_a_document_uses_them() {
        let body = "[id1] hello, I like the course.\n\n[id2] I am struggling.\n\
                    [Laughs] and then\n[id1] yes.\n[id2] Hmm.\n";
        let labels: Vec<String> = split(body, 1, &[])
            .turns
            .into_iter()
            .map(|t| t.label)
            .collect();
        assert_eq!(labels, ["id1", "id2", "id1", "id2"]);
        let body = "Teacher 4-\tStudents, time to learn.\n[Cross Talk 3:00]\n\
                    Multiple Students-\tYes.\nTeacher 4-\tGood.\nWell - one more\n";
        let b = split(body, 1, &["Multiple Students".to_owned()]);
        let labels: Vec<&str> = b.turns.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, ["Teacher 4", "Multiple Students", "Teacher 4"]);
        assert_eq!(b.turns[2].text, "Good.\nWell - one more");
    }

    #[test]
    fn a_project_label_rule_replaces_the_built_in_forms() {
        let rule = regex::Regex::new(r"^(?P<label>[A-Z]+) > (?P<text>.*)$").unwrap();
        let body = "MEL > Hello.\nJO > Hi: there\nstill Jo\nMel: not a label now\n";
        let b = split_with(body, 1, &[], Some(&rule));
        let turns: Vec<(&str, &str)> = b
            .turns
            .iter()
            .map(|t| (t.label.as_str(), t.text.as_str()))
            .collect();
        assert_eq!(
            turns,
            [
                ("MEL", "Hello."),
                ("JO", "Hi: there\nstill Jo\nMel: not a label now")
            ]
        );
    }

    #[test]
    fn continuation_lines_and_preamble() {
        let body =
            "# Title\nlicence text\n\nI: Question?\nF4: First line\n\ncontinued\n\nI: Next\n";
        let b = split(body, 10, &["I".to_owned()]);
        assert_eq!(b.preamble, Some((10, 11, 2)));
        assert_eq!(b.turns.len(), 3);
        assert_eq!(b.turns[1].label, "F4");
        assert_eq!(b.turns[1].text, "First line\n\ncontinued");
        assert_eq!((b.turns[1].line_start, b.turns[1].line_end), (14, 16));
    }

    fn labelled(body: &str) -> Vec<(String, String, Option<u64>)> {
        split(body, 1, &["Interviewer".to_owned()])
            .turns
            .into_iter()
            .map(|t| (t.label, t.text.into_string(), t.start_ms))
            .collect()
    }

    #[track_caller]
    fn speakers(body: &str, want: &[&str]) {
        let got: Vec<String> = labelled(body).into_iter().map(|t| t.0).collect();
        assert_eq!(got, want, "{body:?}");
    }

    #[test]
    fn labels_with_punctuation_and_attributes() {
        label("Dr. A. Smith: Well.", Some("Dr. A. Smith"));
        label("Smith, Jane: Yes.", Some("Smith, Jane"));
        label("Jane Doe (SL): Yes.", Some("Jane Doe (SL)"));
        label("P1 (female, 34): I was.", Some("P1"));
        label("Well, yes, No: it was", None);
        label(
            "Onno Meijer, PhD: That is a good question.",
            Some("Onno Meijer, PhD"),
        );
        label(
            "Richard Auchus, MD, PhD: Rich from Ann Arbor.",
            Some("Richard Auchus, MD, PhD"),
        );
        label("Smith,Jane: no space", None);
        label(
            "Q (reading aloud): an id-like label, then a note",
            Some("Q"),
        );
        label("Well (I think): it was", None);
        label("Ann (age 34): yes", Some("Ann"));
        label("AMANDA (typed): yes", Some("AMANDA"));
        label("MEL, TYPING: known label, then how", Some("MEL"));
        label("ANN, TYPING: a stage direction after a comma", Some("ANN"));
        label("JOHN (laughing): a stage direction", Some("JOHN"));
        label("John (laughing): a stage direction", Some("John"));
        label("Jo Ann, reading aloud: a stage direction", Some("Jo Ann"));
        label(
            "Several participants: a group",
            Some("Several participants"),
        );
        label("Speaker ?: an unknown voice", Some("Speaker ?"));
        label("Really? Yes: speech", None);
        label("Several people said: speech", None);
        label(
            "I, Terri Oda, hereby release this work under the following open license: http://x",
            None,
        );
    }

    #[test]
    fn rev_temi_descript_and_happy_scribe_styles() {
        // Rev / Temi: `Name (MM:SS):` with the speech on the same or the next line.
        let rev = "Speaker 1 (00:01):\nHow did you hear of it?\n\nJo Bloggs (00:05):\n\
                   From a friend.\n\n(01:10)\nAnd then I applied.\n";
        assert_eq!(
            labelled(rev),
            [
                (
                    "Speaker 1".into(),
                    "How did you hear of it?".into(),
                    Some(1_000)
                ),
                (
                    "Jo Bloggs".into(),
                    "From a friend.\n\nAnd then I applied.".into(),
                    Some(5_000)
                ),
            ]
        );
        // Happy Scribe / Descript: a time before the label, or after it.
        speakers(
            "[00:00:01] Interviewer: Hi.\n[00:00:04] Ann Lee: Hello.\n",
            &["Interviewer", "Ann Lee"],
        );
        let after =
            labelled("Interviewer: [00:00:01] Hi.\nAnn: [00:00:04] Hello.\n[00:00:09]\nMore.\n");
        assert_eq!(
            after[1],
            ("Ann".into(), "Hello.\nMore.".into(), Some(4_000))
        );
    }

    #[test]
    fn otter_and_sonix_header_lines() {
        let otter = "Interviewer  0:03\nSo tell me.\n\nUnknown Speaker  0:09\nWell, it was \
                     hard at 10:30 each day.\n\n**Ann Lee** 1:02:03\nYes.\n";
        assert_eq!(
            labelled(otter),
            [
                ("Interviewer".into(), "So tell me.".into(), Some(3_000)),
                (
                    "Unknown Speaker".into(),
                    "Well, it was hard at 10:30 each day.".into(),
                    Some(9_000)
                ),
                ("Ann Lee".into(), "Yes.".into(), Some(3_723_000)),
            ]
        );
        speakers(
            "Jane Doe  00:00:01\nHi.\nJohn Roe  00:00:05\nHey.\n",
            &["Jane Doe", "John Roe"],
        );
        // One line that looks like a header is speech.
        speakers("Ann: I said\nSee You 10:30\nthen.\n", &["Ann"]);
    }

    /// Forms found in real exports the built-in forms missed, each of
    /// which had put an interviewer's speech in a participant's turn or a
    /// whole interview in one turn.
    #[test]
    fn markdown_and_doubled_colon_labels_of_real_exports() {
        // A doubled colon (`Interviewer::`, a Dutch thesis's transcripts).
        assert_eq!(
            labelled("Interviewer:: Klopt dat?\nBusiness Manager: Ja.\n"),
            [
                ("Interviewer".into(), "Klopt dat?".into(), None),
                ("Business Manager".into(), "Ja.".into(), None),
            ]
        );
        // Deepgram's Markdown: the time and label in bold.
        assert_eq!(
            labelled(
                "**[02:14] SPEAKER_00:** That little flub.\n\n**[02:16] SPEAKER_01:** Fine.\n"
            ),
            [
                (
                    "SPEAKER_00".into(),
                    "That little flub.".into(),
                    Some(134_000)
                ),
                ("SPEAKER_01".into(), "Fine.".into(), Some(136_000)),
            ]
        );
        // A podcast's Markdown: the name in bold, then the time, then speech.
        assert_eq!(
            labelled("**Emma** [0:00] Today we talk.\n\n**Kelly** [0:18] Welcome.\nMore.\n"),
            [
                ("Emma".into(), "Today we talk.".into(), Some(0)),
                ("Kelly".into(), "Welcome.\nMore.".into(), Some(18_000)),
            ]
        );
        // Bold words and a note number are not a speaker and a time.
        speakers(
            "Ann: Read this.\n**Note** [1] see the guide.\n**Note** that.\n",
            &["Ann"],
        );
        // Headings that name the speaker, each speaker's more than once.
        assert_eq!(
            labelled(
                "### Interviewer\nHoe ging het?\n\n### Systems Developer\nGoed.\nEcht.\n\n\
                 ### Interviewer\nEn toen?\n### Systems Developer\nNiets.\n"
            ),
            [
                ("Interviewer".into(), "Hoe ging het?".into(), None),
                ("Systems Developer".into(), "Goed.\nEcht.".into(), None),
                ("Interviewer".into(), "En toen?".into(), None),
                ("Systems Developer".into(), "Niets.".into(), None),
            ]
        );
        // Section headings, each once, are not speakers.
        speakers("## Introduction\nWe met.\n## Methods\nWe asked.\n", &[]);
        speakers(
            "Ann: Hi.\n## Summary\nShe said hi.\n## Summary\nAgain.\n",
            &["Ann"],
        );
    }

    #[test]
    fn diarisation_and_chat_lines() {
        speakers(
            "[0.00 - 3.21] SPEAKER_00 - Hello there.\n[3.21 - 5.00] SPEAKER_01 - Hi.\n\
             [5.00 - 7.10] SPEAKER_00 - How are you?\n",
            &["SPEAKER_00", "SPEAKER_01", "SPEAKER_00"],
        );
        speakers(
            "[SPEAKER_00]: Hello there.\n[SPEAKER_01]: Hi.\n[SPEAKER_00]: Well.\n",
            &["SPEAKER_00", "SPEAKER_01", "SPEAKER_00"],
        );
        let chat = "12:03:41\tFrom Ann Lee to Everyone:\tHello all\n\
                    12:04:02\tFrom Ben to Ann Lee(Direct Message):\tHi: you\n\
                    12:05:00\tCara:\tnew style\n";
        assert_eq!(
            labelled(chat),
            [
                ("Ann Lee".into(), "Hello all".into(), Some(43_421_000)),
                ("Ben".into(), "Hi: you".into(), Some(43_442_000)),
                ("Cara".into(), "new style".into(), Some(43_500_000)),
            ]
        );
        speakers(
            "Q: Why?\nA: Money.\nI: And?\nR: Time.\n",
            &["Q", "A", "I", "R"],
        );
    }
}
