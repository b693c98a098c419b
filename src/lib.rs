//! qualcode: reproducible qualitative interview coding.
//!
//! Transcripts are ingested into documents, turns and segments; codebooks
//! compile into one matcher; auto and manual codings merge into the effective
//! codings; tables and quote sets are computed from those and rendered.
//! The library never prints: output goes to a passed writer.

pub mod agree;
pub mod check;
pub mod cli;
pub mod codebook;
pub mod coding;
pub mod dictionary;
pub mod error;
pub mod fsutil;
pub mod id;
pub mod index;
pub mod ingest;
pub mod matcher;
pub mod message;
pub mod model;
pub mod natural;
pub mod persona;
pub mod project;
pub mod quote;
pub mod redact;
pub mod refi;
pub mod render;
pub mod report;
pub mod review;
pub mod sample;
pub mod suggest;
pub mod survey;
pub mod table;

pub use error::{Error, ErrorKind, Location, Result};
