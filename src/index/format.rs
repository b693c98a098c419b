//! The index file's bytes: a small versioned binary format written and read
//! by hand (see docs/INDEX.md). Reading is bounded: the file's size is
//! capped, every count and length is checked against the bytes left, and
//! a damaged or hostile file is an error, never a panic or a huge
//! allocation.

use crate::ingest::roles::{Detected, Rule};
use crate::ingest::{Outline, SegmentInfo, Speaker, Stamp};
use crate::project::Recurring;

/// The first bytes of every index file.
pub(super) const MAGIC: &[u8; 8] = b"QCINDEX\x1a";

/// The format's version: a reader refuses (and `code` rewrites) any other.
pub(super) const VERSION: u32 = 3;

/// Largest index file read: 1 GB, some hundred times the index of the
/// largest corpus qualcode reads at speed.
pub(super) const MAX_INDEX_BYTES: u64 = 1 << 30;

/// Longest string stored (a path, a label, a notice): a transcript's size.
const MAX_STRING: u64 = crate::ingest::MAX_TRANSCRIPT_BYTES;

/// Entry tags.
const END: u8 = 0;
const DOCUMENT: u8 = 1;
const SKIPPED: u8 = 2;

/// A transcript that could not be read when the index was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SkippedEntry {
    /// The transcript, as the project names it.
    pub path: String,
    /// The hash of its bytes, if they could be read.
    pub hash: Option<u64>,
    /// Why it was skipped: kind, message, place.
    pub kind: crate::ErrorKind,
    pub message: String,
    pub location: Option<crate::Location>,
}

impl SkippedEntry {
    /// The error it was skipped for, as it was.
    pub(crate) fn error(&self) -> crate::Error {
        let e = crate::Error::new(self.kind, self.message.clone());
        match &self.location {
            Some(l) => e.at(l.clone()),
            None => e,
        }
    }
}

/// A whole index, as read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Index {
    /// The settings that decide how transcripts are read (see
    /// [`super::fingerprint`]).
    pub fingerprint: u64,
    /// When the run that wrote it started (nanoseconds since 1970).
    pub started_ns: u64,
    /// The project's recurring speakers, when they were looked for.
    pub recurring: Option<Vec<Recurring>>,
    /// Every transcript read, with its stamp and outline.
    pub documents: Vec<(Stamp, Outline)>,
    /// Every transcript skipped.
    pub skipped: Vec<SkippedEntry>,
}

/// Writes an index: the header first, then each document as it comes, then
/// the end with a checksum.
pub(crate) struct Encoder {
    buf: Vec<u8>,
    /// The content hash ([`crate::fsutil::hash64`]) of the body so far.
    checksum: crate::fsutil::Hasher64,
    documents: u64,
}

impl Encoder {
    /// Start an index with this header.
    pub(crate) fn new(
        fingerprint: u64,
        started_ns: u64,
        recurring: Option<&[Recurring]>,
    ) -> Encoder {
        let mut e = Encoder {
            buf: Vec::with_capacity(1 << 16),
            checksum: crate::fsutil::Hasher64::new(),
            documents: 0,
        };
        e.buf.extend_from_slice(MAGIC);
        e.buf.extend_from_slice(&VERSION.to_le_bytes());
        e.buf.extend_from_slice(&fingerprint.to_le_bytes());
        e.uint(started_ns);
        match recurring {
            None => e.buf.push(0),
            Some(r) => {
                e.buf.push(1);
                e.count(r.len());
                for r in r {
                    e.str(&r.label);
                    e.str(&r.reason);
                }
            }
        }
        e
    }

    /// Bytes encoded so far, to write out (and forget).
    pub(crate) fn take(&mut self) -> Vec<u8> {
        self.checksum.update(&self.buf);
        std::mem::take(&mut self.buf)
    }

    /// Add one document read.
    pub(crate) fn document(&mut self, stamp: &Stamp, o: &Outline) {
        self.documents += 1;
        self.buf.push(DOCUMENT);
        self.str(&o.path);
        self.uint(stamp.size);
        self.uint(stamp.modified_ns);
        self.uint(stamp.inode);
        self.buf.extend_from_slice(&stamp.hash.to_le_bytes());
        self.count(o.cases.len());
        for c in &o.cases {
            self.str(c);
        }
        self.count(o.attributes.len());
        for (name, value, line) in &o.attributes {
            self.str(name);
            self.str(value);
            self.count(*line);
        }
        self.count(o.segments.len());
        let positions: foldhash::HashMap<&str, usize> = o
            .cases
            .iter()
            .enumerate()
            .map(|(i, c)| (c.as_str(), i))
            .collect();
        // Segments come in runs of one case: each run's is looked up once.
        let mut last: Option<(&str, Option<usize>)> = None;
        for s in &o.segments {
            self.count(s.ordinal);
            let position = match last {
                Some((case, position)) if case == s.case => position,
                _ => positions.get(s.case.as_str()).copied(),
            };
            last = Some((&s.case, position));
            // Cases by their position in `cases` (every segment's case is there).
            if let Some(i) = position {
                self.count(i + 1);
            } else {
                self.count(0);
                self.str(&s.case);
            }
            self.count(s.line_start);
            self.count(s.line_end.saturating_sub(s.line_start));
        }
        match o.preamble {
            None => self.buf.push(0),
            Some((a, b, n)) => {
                self.buf.push(1);
                self.count(a);
                self.count(b);
                self.count(n);
            }
        }
        self.count(o.speakers.len());
        for (label, speaker, turns) in &o.speakers {
            self.str(label);
            match speaker {
                Speaker::Interviewer => self.buf.push(0),
                Speaker::Group => self.buf.push(2),
                Speaker::Case(id) => {
                    self.buf.push(1);
                    self.str(id);
                }
            }
            self.count(*turns);
        }
        self.count(o.notices.len());
        for n in &o.notices {
            self.str(n);
        }
        self.count(o.detected.len());
        for d in &o.detected {
            self.str(&d.label);
            self.buf.push(rule_tag(d.rule));
            self.str(&d.reason);
        }
        self.str(o.encoding);
        self.buf.extend_from_slice(&o.turns_hash.to_le_bytes());
    }

    /// Add one transcript skipped.
    pub(crate) fn skipped(&mut self, s: &SkippedEntry) {
        self.buf.push(SKIPPED);
        self.str(&s.path);
        match s.hash {
            None => self.buf.push(0),
            Some(h) => {
                self.buf.push(1);
                self.buf.extend_from_slice(&h.to_le_bytes());
            }
        }
        self.buf.push(kind_tag(s.kind));
        self.str(&s.message);
        match &s.location {
            None => self.buf.push(0),
            Some(l) => {
                self.buf.push(1);
                self.str(&l.path.to_string_lossy());
                self.count(l.line.unwrap_or(0));
                self.count(l.column.unwrap_or(0));
            }
        }
    }

    /// The end: the number of documents and the checksum of all before it.
    pub(crate) fn finish(mut self) -> Vec<u8> {
        self.buf.push(END);
        self.uint(self.documents);
        let mut tail = self.take();
        tail.extend_from_slice(&self.checksum.finish().to_le_bytes());
        tail
    }

    fn uint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.buf.push((v & 0x7f) as u8 | 0x80); // seven bits: no truncation
            v >>= 7;
        }
        self.buf.push(u8::try_from(v).expect("under 0x80"));
    }

    fn count(&mut self, n: usize) {
        self.uint(n as u64);
    }

    fn str(&mut self, s: &str) {
        self.count(s.len());
        self.buf.extend_from_slice(s.as_bytes());
    }
}

fn rule_tag(rule: Rule) -> u8 {
    match rule {
        Rule::RoleWord => 0,
        Rule::Header => 1,
        Rule::Recurring => 2,
        Rule::Introduction => 3,
        Rule::Questions => 4,
        Rule::Moderator => 5,
    }
}

fn rule_of(tag: u8) -> Option<Rule> {
    Some(match tag {
        0 => Rule::RoleWord,
        1 => Rule::Header,
        2 => Rule::Recurring,
        3 => Rule::Introduction,
        4 => Rule::Questions,
        5 => Rule::Moderator,
        _ => return None,
    })
}

fn kind_tag(kind: crate::ErrorKind) -> u8 {
    use crate::ErrorKind as K;
    match kind {
        K::Usage => 0,
        K::Invalid => 1,
        K::Io => 2,
        K::NoProject => 3,
        K::BrokenPipe => 4,
        K::Read => 5,
    }
}

fn kind_of(tag: u8) -> Option<crate::ErrorKind> {
    use crate::ErrorKind as K;
    Some(match tag {
        0 => K::Usage,
        1 => K::Invalid,
        2 => K::Io,
        3 => K::NoProject,
        4 => K::BrokenPipe,
        5 => K::Read,
        _ => return None,
    })
}

/// Why an index file cannot be used, in words.
pub(crate) type Damage = String;

/// Parse an index file's `bytes`.
pub(crate) fn decode(bytes: &[u8]) -> Result<Index, Damage> {
    if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
        return Err("not a qualcode index".to_owned());
    }
    let version = bytes
        .get(8..12)
        .and_then(|b| b.try_into().ok())
        .map(u32::from_le_bytes)
        .ok_or("cut short")?;
    if version != VERSION {
        return Err(format!(
            "written in index format {version}; this qualcode reads format {VERSION}"
        ));
    }
    let Some(body_len) = bytes.len().checked_sub(8) else {
        return Err("cut short".to_owned());
    };
    let (body, sum) = bytes.split_at(body_len);
    let sum = u64::from_le_bytes(sum.try_into().map_err(|_| "cut short")?);
    if crate::fsutil::hash64(body) != sum {
        return Err("its checksum does not match (cut short or altered)".to_owned());
    }
    let mut r = Reader {
        bytes: body,
        at: 12,
    };
    r.index().map_err(|why| format!("{why} at byte {}", r.at))
}

/// A cursor over the body, every read checked.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

type Read<T> = Result<T, &'static str>;

impl Reader<'_> {
    fn index(&mut self) -> Read<Index> {
        let fingerprint = self.fixed()?;
        let started_ns = self.uint()?;
        let recurring = match self.byte()? {
            0 => None,
            1 => {
                let n = self.count()?;
                let mut out = Vec::with_capacity(n);
                for _ in 0..n {
                    out.push(Recurring {
                        label: self.str()?,
                        reason: self.str()?,
                    });
                }
                Some(out)
            }
            _ => return Err("bad recurring-speakers flag"),
        };
        let mut index = Index {
            fingerprint,
            started_ns,
            recurring,
            ..Index::default()
        };
        loop {
            match self.byte()? {
                END => break,
                DOCUMENT => {
                    let doc = self.document()?;
                    index.documents.push(doc);
                }
                SKIPPED => {
                    let s = self.skipped()?;
                    index.skipped.push(s);
                }
                _ => return Err("unknown entry"),
            }
        }
        if self.uint()? != index.documents.len() as u64 {
            return Err("the number of documents does not match");
        }
        if self.at != self.bytes.len() {
            return Err("bytes after the end");
        }
        Ok(index)
    }

    fn document(&mut self) -> Read<(Stamp, Outline)> {
        let path = self.str()?;
        let stamp = Stamp {
            size: self.uint()?,
            modified_ns: self.uint()?,
            inode: self.uint()?,
            hash: self.fixed()?,
        };
        let n = self.count()?;
        let mut cases = Vec::with_capacity(n);
        for _ in 0..n {
            cases.push(self.str()?);
        }
        let n = self.count()?;
        let mut attributes = Vec::with_capacity(n);
        for _ in 0..n {
            attributes.push((self.str()?, self.str()?, self.num()?));
        }
        let n = self.count()?;
        let mut segments = Vec::with_capacity(n);
        for _ in 0..n {
            let ordinal = self.num()?;
            let case = match self.num()? {
                0 => self.str()?,
                i => cases.get(i - 1).ok_or("case out of range")?.clone(),
            };
            let line_start = self.num()?;
            let line_end = line_start
                .checked_add(self.num()?)
                .ok_or("line out of range")?;
            segments.push(SegmentInfo {
                ordinal,
                case,
                line_start,
                line_end,
            });
        }
        let preamble = match self.byte()? {
            0 => None,
            1 => Some((self.num()?, self.num()?, self.num()?)),
            _ => return Err("bad preamble flag"),
        };
        let n = self.count()?;
        let mut speakers = Vec::with_capacity(n);
        for _ in 0..n {
            let label = self.str()?;
            let speaker = match self.byte()? {
                0 => Speaker::Interviewer,
                1 => Speaker::Case(self.str()?),
                2 => Speaker::Group,
                _ => return Err("bad speaker"),
            };
            speakers.push((label, speaker, self.num()?));
        }
        let n = self.count()?;
        let mut notices = Vec::with_capacity(n);
        for _ in 0..n {
            notices.push(self.str()?);
        }
        let n = self.count()?;
        let mut detected = Vec::with_capacity(n);
        for _ in 0..n {
            let label = self.str()?;
            let rule = rule_of(self.byte()?).ok_or("unknown detection rule")?;
            detected.push(Detected {
                label,
                rule,
                reason: self.str()?,
            });
        }
        let encoding = self.str()?;
        let encoding = encoding_rs::Encoding::for_label(encoding.as_bytes())
            .filter(|e| e.name() == encoding)
            .ok_or("unknown encoding")?
            .name();
        let turns_hash = self.fixed()?;
        Ok((
            stamp,
            Outline {
                path,
                cases,
                attributes,
                segments,
                preamble,
                speakers,
                notices,
                detected,
                encoding,
                turns_hash,
            },
        ))
    }

    fn skipped(&mut self) -> Read<SkippedEntry> {
        let path = self.str()?;
        let hash = match self.byte()? {
            0 => None,
            1 => Some(self.fixed()?),
            _ => return Err("bad hash flag"),
        };
        let kind = kind_of(self.byte()?).ok_or("unknown error kind")?;
        let message = self.str()?;
        let location = match self.byte()? {
            0 => None,
            1 => {
                let path = self.str()?;
                let line = self.num()?;
                let column = self.num()?;
                Some(crate::Location {
                    path: path.into(),
                    line: (line > 0).then_some(line),
                    column: (column > 0).then_some(column),
                })
            }
            _ => return Err("bad location flag"),
        };
        Ok(SkippedEntry {
            path,
            hash,
            kind,
            message,
            location,
        })
    }

    fn byte(&mut self) -> Read<u8> {
        let b = *self.bytes.get(self.at).ok_or("cut short")?;
        self.at += 1;
        Ok(b)
    }

    fn fixed(&mut self) -> Read<u64> {
        let end = self.at.checked_add(8).ok_or("cut short")?;
        let b = self.bytes.get(self.at..end).ok_or("cut short")?;
        self.at = end;
        Ok(u64::from_le_bytes(b.try_into().map_err(|_| "cut short")?))
    }

    fn uint(&mut self) -> Read<u64> {
        let mut v: u64 = 0;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            let part = u64::from(b & 0x7f);
            if shift == 63 && part > 1 {
                return Err("number too large");
            }
            v |= part << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err("number too long")
    }

    /// A count or a length: at most the bytes left (each item takes one at
    /// least), so no count makes a large allocation.
    fn count(&mut self) -> Read<usize> {
        let n = self.num()?;
        if n > self.bytes.len() - self.at {
            return Err("count larger than the file");
        }
        Ok(n)
    }

    /// A number (a line, an ordinal).
    fn num(&mut self) -> Read<usize> {
        usize::try_from(self.uint()?).map_err(|_| "number too large")
    }

    fn str(&mut self) -> Read<String> {
        let n = self.count()?;
        if n as u64 > MAX_STRING {
            return Err("string too long");
        }
        let end = self.at.checked_add(n).ok_or("cut short")?;
        let b = self.bytes.get(self.at..end).ok_or("cut short")?;
        self.at = end;
        String::from_utf8(b.to_vec()).map_err(|_| "not UTF-8")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outline() -> Outline {
        Outline {
            path: "t/a b.txt".into(),
            cases: vec!["F1".into(), "F2".into()],
            attributes: vec![("site".into(), "Kent".into(), 2)],
            segments: vec![
                SegmentInfo {
                    ordinal: 2,
                    case: "F1".into(),
                    line_start: 5,
                    line_end: 7,
                },
                SegmentInfo {
                    ordinal: 4,
                    case: "F2".into(),
                    line_start: 9,
                    line_end: 9,
                },
            ],
            preamble: Some((1, 3, 2)),
            speakers: vec![
                ("I".into(), Speaker::Interviewer, 2),
                ("Ann".into(), Speaker::Case("F1".into()), 1),
                ("Audience".into(), Speaker::Group, 1),
            ],
            notices: vec!["a notice".into()],
            detected: vec![
                Detected {
                    label: "I".into(),
                    rule: Rule::Questions,
                    reason: "asks".into(),
                },
                Detected {
                    label: "Mo".into(),
                    rule: Rule::Moderator,
                    reason: "moderates".into(),
                },
            ],
            encoding: "windows-1252",
            turns_hash: 42,
        }
    }

    fn sample() -> (Index, Vec<u8>) {
        let stamp = Stamp {
            size: 300,
            modified_ns: 1_700_000_000_000_000_000,
            inode: 77,
            hash: 0xdead_beef,
        };
        let recurring = vec![Recurring {
            label: "MEL".into(),
            reason: "in 3 interviews".into(),
        }];
        let skipped = SkippedEntry {
            path: "t/bad.docx".into(),
            hash: Some(9),
            kind: crate::ErrorKind::Invalid,
            message: "not a Word file".into(),
            location: Some(crate::Location::line("t/bad.docx", 3)),
        };
        let mut e = Encoder::new(5, 123, Some(&recurring));
        let mut bytes = e.take();
        e.document(&stamp, &outline());
        bytes.extend(e.take());
        e.skipped(&skipped);
        bytes.extend(e.finish());
        let index = Index {
            fingerprint: 5,
            started_ns: 123,
            recurring: Some(recurring),
            documents: vec![(stamp, outline())],
            skipped: vec![skipped],
        };
        (index, bytes)
    }

    #[test]
    fn an_index_round_trips() {
        let (index, bytes) = sample();
        assert_eq!(decode(&bytes).unwrap(), index);
        assert_eq!(
            index.skipped[0].error().to_string(),
            "t/bad.docx:3: not a Word file"
        );
    }

    #[test]
    fn every_cut_and_every_flipped_byte_is_an_error_not_a_panic() {
        let (_, bytes) = sample();
        for n in 0..bytes.len() {
            assert!(decode(&bytes[..n]).is_err(), "cut at {n}");
        }
        for i in 0..bytes.len() {
            let mut b = bytes.clone();
            b[i] ^= 0x55;
            assert!(decode(&b).is_err(), "byte {i} flipped");
        }
        let mut other = bytes.clone();
        other[8] = 9;
        assert_eq!(
            decode(&other).unwrap_err(),
            format!("written in index format 9; this qualcode reads format {VERSION}")
        );
    }

    /// A body with a valid checksum, as a hostile file would have.
    fn signed(body: &[u8]) -> Vec<u8> {
        let mut b = body.to_vec();
        b.extend(crate::fsutil::hash64(body).to_le_bytes());
        b
    }

    #[test]
    fn hostile_counts_and_lengths_are_refused_without_allocating() {
        let mut head = MAGIC.to_vec();
        head.extend(VERSION.to_le_bytes());
        head.extend(0u64.to_le_bytes());
        head.push(0); // started
        // A recurring list claiming 2^62 entries.
        let mut b = head.clone();
        b.push(1);
        b.extend([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40]);
        assert!(decode(&signed(&b)).is_err());
        // A string claiming 2^40 bytes.
        let mut b = head.clone();
        b.extend([0, DOCUMENT, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20]);
        assert!(decode(&signed(&b)).is_err());
        // A varint that never ends, and one past 64 bits.
        let mut b = head.clone();
        b.extend([0, DOCUMENT]);
        b.extend([0xff; 20]);
        assert!(decode(&signed(&b)).is_err());
        // A segment whose case is out of range.
        let (_, good) = sample();
        assert!(decode(&good).is_ok());
    }

    proptest::proptest! {
        #[test]
        fn any_signed_bytes_decode_or_fail_without_panic(
            body in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..200)
        ) {
            let mut b = MAGIC.to_vec();
            b.extend(VERSION.to_le_bytes());
            b.extend(body);
            let _ = decode(&signed(&b));
        }
    }
}
