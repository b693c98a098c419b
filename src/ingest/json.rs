//! Diarised transcripts as JSON: `WhisperX` (`{"segments": [{"start",
//! "end", "text", "speaker"}]}`), the same segments as a bare array, and
//! `utterances` lists. Each segment is one "line" (numbered from 1);
//! consecutive segments of one speaker are one turn, and a segment without
//! a speaker continues the one before. `serde_json` bounds nesting; the
//! segment count is bounded here.

use std::path::Path;

use serde_json::Value;

use super::turns::RawTurn;
use crate::{Error, Location, Result};

/// Most segments read from one file.
const MAX_SEGMENTS: usize = 1_000_000;

/// The turns of a diarised JSON transcript.
pub fn parse(text: &str, display: &Path) -> Result<Vec<RawTurn>> {
    let bad = |why: String| {
        Error::invalid(format!(
            "{why}: qualcode reads JSON transcripts with a list of segments, each with \
             `text` and optionally `speaker` and `start` (WhisperX: \
             {{\"segments\": [{{\"start\": 0.0, \"end\": 3.2, \"text\": \"…\", \"speaker\": \"SPEAKER_00\"}}]}})"
        ))
        .at(Location::file(display))
    };
    let value: Value = serde_json::from_str(text).map_err(|e| {
        Error::invalid(format!("not valid JSON: {e}")).at(Location::at(
            display,
            e.line(),
            e.column(),
        ))
    })?;
    let segments = match &value {
        Value::Array(items) => items,
        Value::Object(map) => match ["segments", "utterances"]
            .iter()
            .find_map(|k| map.get(*k).and_then(Value::as_array))
        {
            Some(items) => items,
            None => return Err(bad("no `segments` list".to_owned())),
        },
        _ => return Err(bad("not a list of segments".to_owned())),
    };
    if segments.len() > MAX_SEGMENTS {
        return Err(bad(format!("more than {MAX_SEGMENTS} segments")));
    }
    let mut turns: Vec<RawTurn> = Vec::new();
    for (i, segment) in segments.iter().enumerate() {
        let line = i + 1;
        let Some(said) = segment.get("text").and_then(Value::as_str) else {
            return Err(bad(format!("segment {line} has no `text`")));
        };
        let said = said.trim();
        if said.is_empty() {
            continue;
        }
        let who = match segment.get("speaker") {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_owned()),
            Some(Value::Number(n)) => Some(format!("Speaker {n}")),
            _ => None,
        };
        let start_ms = segment
            .get("start")
            .and_then(Value::as_f64)
            .filter(|s| s.is_finite() && *s >= 0.0 && *s < 1e9)
            .map(|s| {
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let ms = (s * 1000.0).round() as u64; // bounded above
                ms
            });
        if let Some(last) = turns.last_mut()
            && who.as_ref().is_none_or(|w| *w == last.label)
        {
            last.text.push('\n');
            last.text.push_str(said);
            last.line_end = line;
            continue;
        }
        turns.push(RawTurn {
            label: who.unwrap_or_else(|| super::timed::UNNAMED.to_owned()),
            line_start: line,
            line_end: line,
            text: said.into(),
            start_ms,
        });
    }
    Ok(turns)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn turns(text: &str) -> Vec<(String, String, usize, usize, Option<u64>)> {
        parse(text, Path::new("t.json"))
            .unwrap()
            .into_iter()
            .map(crate::ingest::turns::RawTurn::parts)
            .collect()
    }

    #[test]
    fn whisperx_segments_merge_by_speaker() {
        let json = r#"{"segments": [
            {"start": 0.0, "end": 3.21, "text": " Hello there.", "speaker": "SPEAKER_00"},
            {"start": 3.21, "end": 5.0, "text": " How are you?", "speaker": "SPEAKER_00"},
            {"start": 5.0, "end": 7.5, "text": " Fine.", "speaker": "SPEAKER_01", "words": []},
            {"start": 7.5, "end": 8.0, "text": " Good."}
        ], "word_segments": []}"#;
        assert_eq!(
            turns(json),
            [
                (
                    "SPEAKER_00".into(),
                    "Hello there.\nHow are you?".into(),
                    1,
                    2,
                    Some(0)
                ),
                (
                    "SPEAKER_01".into(),
                    "Fine.\nGood.".into(),
                    3,
                    4,
                    Some(5_000)
                ),
            ]
        );
        let bare = r#"[{"text": "one"}, {"text": "two", "speaker": 1, "start": 1.5}]"#;
        assert_eq!(
            turns(bare),
            [
                ("(unnamed)".into(), "one".into(), 1, 1, None),
                ("Speaker 1".into(), "two".into(), 2, 2, Some(1_500)),
            ]
        );
    }

    #[test]
    fn other_json_is_refused_with_the_shape_expected() {
        let err = |t: &str| parse(t, Path::new("t.json")).unwrap_err().to_string();
        assert!(err(r#"{"a": 1}"#).contains("no `segments` list"));
        assert!(err(r#"[{"start": 1}]"#).contains("segment 1 has no `text`"));
        assert!(err("{\n  oops").starts_with("t.json:2:3: not valid JSON"));
        let deep = "[".repeat(10_000);
        assert!(err(&deep).contains("not valid JSON"));
    }
}
