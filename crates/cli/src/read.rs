//! Reading: loads every discovered file in parallel, refusing files that are too large,
//! binary or not UTF-8. A refused file is not analyzed; it is reported as a
//! `syntax-error` at its first bad byte (or at 1:1 when it is too large).

use std::fs::File;
use std::io::{self, Read};

use rayon::prelude::*;
use stowaway_lint_core::diagnostic::{Confidence, Diagnostic, Location};
use stowaway_lint_core::rules::Rule;
use stowaway_lint_core::settings::Settings;
use stowaway_lint_core::source::{SourceFile, SourceSet};
use stowaway_lint_core::text::TextRange;

use crate::discover::{Candidate, Input};
use crate::problem::{Level, Problem};

/// A file kept out of the analysis, with the reason to report.
#[derive(Debug)]
pub struct Refused {
    /// The file as stored for rendering (lossy text, or empty when too large).
    pub file: SourceFile,
    /// Where the problem is.
    pub range: TextRange,
    /// Why the file was refused.
    pub message: String,
}

/// Everything reading produced.
#[derive(Debug, Default)]
pub struct ReadFiles {
    /// The files to analyze, in discovery order.
    pub sources: SourceSet,
    /// The files that are not analyzed.
    pub refused: Vec<Refused>,
    /// Files that could not be read at all.
    pub problems: Vec<Problem>,
}

/// The outcome of loading one file.
enum Loaded {
    Text(SourceFile),
    Refused(Refused),
    Failed(Problem),
}

/// Reads `files` in parallel; files over `max_size` bytes are refused unread.
pub fn read_all(files: &[Candidate], max_size: u64) -> ReadFiles {
    let loaded: Vec<Loaded> = files.par_iter().map(|file| load(file, max_size)).collect();
    let mut read = ReadFiles::default();
    for outcome in loaded {
        match outcome {
            Loaded::Text(file) => {
                read.sources.add(file);
            }
            Loaded::Refused(refused) => read.refused.push(refused),
            Loaded::Failed(problem) => read.problems.push(problem),
        }
    }
    read
}

/// Adds the refused files to `sources` (after the analysis, so that it never sees them)
/// and reports each as a `syntax-error` when that rule is enabled.
pub fn add_refused(
    sources: &mut SourceSet,
    refused: Vec<Refused>,
    settings: &Settings,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for Refused {
        file,
        range,
        message,
    } in refused
    {
        let id = sources.add(file);
        if settings.is_enabled(Rule::SyntaxError) {
            let location = Location::new(id, range);
            diagnostics.push(Diagnostic::new(
                Rule::SyntaxError,
                Confidence::High,
                location,
                message,
            ));
        }
    }
}

/// Loads one file.
fn load(candidate: &Candidate, max_size: u64) -> Loaded {
    let bytes = match read_bytes(&candidate.input, max_size) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => return Loaded::Refused(too_large(candidate, max_size)),
        Err(error) => {
            let path = &candidate.reported;
            return Loaded::Failed(Problem::from_io(Level::Error, path, &error));
        }
    };
    match decode(bytes) {
        Ok(text) => Loaded::Text(SourceFile::new(&candidate.reported, text, candidate.kind)),
        Err(bad) => {
            let file = SourceFile::new(&candidate.reported, bad.text, candidate.kind);
            Loaded::Refused(Refused {
                file,
                range: bad.range,
                message: bad.message,
            })
        }
    }
}

/// The bytes of `input`, or `None` when there are more than `max_size`.
fn read_bytes(input: &Input, max_size: u64) -> io::Result<Option<Vec<u8>>> {
    let (reader, expected): (Box<dyn Read>, u64) = match input {
        Input::Disk(path) => {
            // Opening a FIFO blocks until a writer comes, and a device never ends: only
            // regular files are read. (A walk only yields regular files; this guards the
            // paths named on the command line.)
            let meta = std::fs::metadata(path)?;
            if !meta.is_file() {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    "not a regular file",
                ));
            }
            if meta.len() > max_size {
                return Ok(None);
            }
            (Box::new(File::open(path)?), meta.len())
        }
        Input::Stdin => (Box::new(io::stdin().lock()), 0),
    };
    // The size on disk may be wrong (a growing file, a pipe): read one byte past the limit.
    // Room for that byte too, so that a file of the expected size takes one read and the
    // read that finds its end.
    let capacity = usize::try_from(expected.saturating_add(1)).unwrap_or(0);
    let mut bytes = Vec::with_capacity(capacity);
    reader
        .take(max_size.saturating_add(1))
        .read_to_end(&mut bytes)?;
    let over = u64::try_from(bytes.len()).map_or(true, |len| len > max_size);
    Ok((!over).then_some(bytes))
}

/// The refusal of a file over the size limit, located at 1:1 of an empty text.
fn too_large(candidate: &Candidate, max_size: u64) -> Refused {
    Refused {
        file: SourceFile::new(&candidate.reported, "", candidate.kind),
        range: TextRange::empty(0),
        message: format!(
            "file too large: more than {max_size} bytes (raise the limit with --max-file-size)"
        ),
    }
}

/// A file that is not text: what to store, where the first bad byte is, and why.
#[derive(Debug, PartialEq, Eq)]
struct NotText {
    text: String,
    range: TextRange,
    message: String,
}

/// The text of `bytes`, or why it is not a text file. The stored lossy text replaces
/// invalid sequences and NUL bytes with U+FFFD, so lines and columns stay those of the
/// file; the range covers the replacement character at the first bad byte.
fn decode(bytes: Vec<u8>) -> Result<String, NotText> {
    let nul = bytes.iter().position(|&byte| byte == 0);
    let invalid = std::str::from_utf8(&bytes)
        .err()
        .map(|error| error.valid_up_to());
    let Some((at, message)) = first_bad_byte(nul, invalid) else {
        return Ok(String::from_utf8(bytes)
            .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned()));
    };
    let text = String::from_utf8_lossy(&bytes).replace('\0', "\u{FFFD}");
    let width = text
        .get(at..)
        .and_then(|rest| rest.chars().next())
        .map_or(0, char::len_utf8);
    Err(NotText {
        text,
        range: TextRange::new(at, at + width),
        message,
    })
}

/// The earlier of the first NUL byte and the first invalid UTF-8 byte, with its message.
fn first_bad_byte(nul: Option<usize>, invalid: Option<usize>) -> Option<(usize, String)> {
    match (nul, invalid) {
        (Some(nul), invalid) if invalid.is_none_or(|bad| nul < bad) => {
            Some((nul, format!("binary file (NUL byte at {nul})")))
        }
        (_, Some(bad)) => Some((bad, format!("not a text file: invalid UTF-8 at byte {bad}"))),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_utf8_is_kept_as_is() {
        assert_eq!(
            decode("FROM é\n".as_bytes().to_vec()),
            Ok("FROM é\n".to_owned())
        );
    }

    #[test]
    fn invalid_utf8_is_located_at_its_first_bad_byte() {
        let bad = decode(b"FROM a\n\xff\xfeRUN".to_vec()).expect_err("not UTF-8");
        assert_eq!(bad.text, "FROM a\n\u{FFFD}\u{FFFD}RUN");
        assert_eq!(bad.range, TextRange::new(7, 10));
        assert_eq!(bad.message, "not a text file: invalid UTF-8 at byte 7");
    }

    #[test]
    fn nul_byte_makes_a_binary_file() {
        let bad = decode(b"ab\0c\xff".to_vec()).expect_err("binary");
        assert_eq!(bad.text, "ab\u{FFFD}c\u{FFFD}");
        assert_eq!(bad.range, TextRange::new(2, 5));
        assert_eq!(bad.message, "binary file (NUL byte at 2)");
    }

    #[test]
    fn invalid_byte_before_nul_wins() {
        let bad = decode(b"a\xffb\0".to_vec()).expect_err("not UTF-8");
        assert_eq!(bad.range, TextRange::new(1, 4));
        assert_eq!(bad.message, "not a text file: invalid UTF-8 at byte 1");
    }
}
