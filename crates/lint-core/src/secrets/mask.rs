//! Source text made safe to show: reports that quote source lines (code snippets) quote
//! a masked copy in which every literal secret is overwritten with `*`.
//!
//! Masking keeps every byte offset and line break, so the ranges of diagnostics and the
//! line index of the original text stay valid on the copy. It is deliberately generous:
//! besides the credential shapes of [`find_credentials`], any literal value assigned to a
//! secret-looking name (`NAME=value`, `NAME: value`, `ENV NAME value`) is masked, whatever
//! the rules would say about it. Masking a harmless value only hides it from a snippet.

use std::collections::HashSet;

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::secrets::{NameRules, classify, find_credentials};
use crate::source::{FileId, SourceFile, SourceSet};
use crate::text::TextRange;

/// The copy of `sources` that a report may quote: the files that `diagnostics` point at
/// (primary, related or fix locations) masked with [`mask_secrets`], every other file
/// with an empty text (a report quotes no line of it). Ids, paths and kinds are those of
/// the originals, and so are the line indexes of the masked files.
pub fn masked_sources(
    sources: &SourceSet,
    names: &NameRules,
    diagnostics: &[Diagnostic],
) -> SourceSet {
    let mut quoted: HashSet<FileId> = HashSet::new();
    for diagnostic in diagnostics {
        quoted.insert(diagnostic.primary.file);
        quoted.extend(
            diagnostic
                .related
                .iter()
                .map(|related| related.location.file),
        );
        let edits = diagnostic.fix.iter().flat_map(|fix| &fix.edits);
        quoted.extend(edits.map(|edit| edit.file));
    }
    let files: Vec<(FileId, &SourceFile)> = sources.iter().collect();
    let texts: Vec<String> = files
        .par_iter()
        .map(|&(id, file)| {
            if quoted.contains(&id) {
                mask_secrets(&file.text, names)
            } else {
                String::new()
            }
        })
        .collect();
    let mut masked = SourceSet::new();
    for ((_, file), text) in files.into_iter().zip(texts) {
        masked.add(SourceFile::new(file.path.clone(), text, file.kind));
    }
    masked
}

/// `text` with every literal secret overwritten byte for byte with `*`; blanks and line
/// breaks inside a secret (a private key block's indentation) are kept.
pub fn mask_secrets(text: &str, names: &NameRules) -> String {
    let mut ranges: Vec<TextRange> = find_credentials(text).iter().map(|m| m.range).collect();
    ranges.extend(named_values(text, names));
    let mut bytes = text.as_bytes().to_vec();
    for range in ranges {
        let end = range.end.min(bytes.len());
        for byte in bytes.get_mut(range.start.min(end)..end).unwrap_or_default() {
            if !byte.is_ascii_whitespace() {
                *byte = b'*';
            }
        }
    }
    // Whole UTF-8 sequences are replaced or kept, except where a range cuts one: repair
    // such a cut losslessly in length by masking the rest of the character too.
    String::from_utf8(bytes).unwrap_or_else(|error| mask_broken_chars(error.into_bytes()))
}

/// Replaces the bytes of every invalid UTF-8 sequence with `*` (same length).
fn mask_broken_chars(mut bytes: Vec<u8>) -> String {
    loop {
        match std::str::from_utf8(&bytes) {
            Ok(_) => break,
            Err(error) => {
                let start = error.valid_up_to();
                let len = error.error_len().unwrap_or(bytes.len() - start).max(1);
                for byte in bytes.iter_mut().skip(start).take(len) {
                    *byte = b'*';
                }
            }
        }
    }
    String::from_utf8(bytes).unwrap_or_default()
}

/// The value ranges of literal assignments to secret-looking names, line by line.
fn named_values(text: &str, names: &NameRules) -> Vec<TextRange> {
    let mut found = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        scan_line(line, line_start, names, &mut found);
        line_start += line.len();
    }
    found
}

/// Finds `NAME=value`, `NAME: value`, `ENV NAME value` and `login -p value` in one line.
fn scan_line(line: &str, offset: usize, names: &NameRules, found: &mut Vec<TextRange>) {
    if line.contains("login") {
        found.extend(login_passwords(line, offset));
    }
    let bytes = line.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let starts_name = is_name_byte(bytes[at]) && (at == 0 || !is_name_byte(bytes[at - 1]));
        if !starts_name {
            at += 1;
            continue;
        }
        let name_end = at + bytes[at..].iter().take_while(|&&b| is_name_byte(b)).count();
        let name = line.get(at..name_end).unwrap_or_default();
        let value = value_start(line, at, name_end);
        if let Some((start, to_eol)) = value.filter(|_| classify(name, names).is_secret()) {
            let end = value_end(line, start, to_eol);
            if is_literal(line.get(start..end).unwrap_or_default()) {
                found.push(TextRange::new(offset + start, offset + end));
            }
        }
        at = name_end;
    }
}

/// The words after `-p` and `--password` in a line that logs in (`docker login`).
fn login_passwords(line: &str, offset: usize) -> Vec<TextRange> {
    let mut found = Vec::new();
    let mut words = line.split_ascii_whitespace().map(|word| {
        // `split_ascii_whitespace` yields sub-slices of `line`: their offsets are exact.
        let start = word.as_ptr() as usize - line.as_ptr() as usize;
        (start, word)
    });
    while let Some((_, word)) = words.next() {
        if !matches!(word, "-p" | "--password") {
            continue;
        }
        if let Some((start, value)) = words.next().filter(|(_, value)| is_literal(value)) {
            found.push(TextRange::new(offset + start, offset + start + value.len()));
        }
    }
    found
}

/// Where the value assigned to the name at `start..end` begins, when it is assigned, and
/// whether it runs to the end of the line (YAML and legacy ENV) rather than to a blank.
fn value_start(line: &str, start: usize, end: usize) -> Option<(usize, bool)> {
    let rest = line.get(end..)?;
    if rest.starts_with('=') {
        return Some((end + 1, false));
    }
    if rest.starts_with(": ") || rest.starts_with(":\t") {
        return Some((end + 1 + spaces(rest.get(1..)?), true));
    }
    // `ENV NAME value`, the legacy form of ENV.
    let before = line.get(..start)?.trim_end();
    let legacy = before.len() >= 3
        && before
            .get(before.len() - 3..)
            .is_some_and(|kw| kw.eq_ignore_ascii_case("env"));
    let gap = spaces(rest);
    (legacy && gap > 0 && !rest.get(gap..)?.trim().is_empty()).then_some((end + gap, true))
}

/// The end of a value starting at `start`: its closing quote, else the end of the line
/// (trailing blanks excluded) when `to_eol`, else the first blank or shell separator.
fn value_end(line: &str, start: usize, to_eol: bool) -> usize {
    let rest = line.get(start..).unwrap_or_default();
    let trimmed_len = rest.trim_end().len();
    if let Some(quote @ ('"' | '\'')) = rest.chars().next() {
        let close = rest.get(1..).and_then(|inner| inner.find(quote));
        return start + close.map_or(trimmed_len, |at| at + 2);
    }
    if to_eol {
        return start + trimmed_len;
    }
    let len = rest
        .char_indices()
        .find(|&(_, ch)| ch.is_whitespace() || matches!(ch, ';' | '&' | '|' | ')' | '`'))
        .map_or(trimmed_len, |(at, _)| at);
    start + len
}

/// Whether a value is written out rather than referenced (`$VAR`, `${VAR}`, `$(...)`).
fn is_literal(value: &str) -> bool {
    let inner = value.trim_matches(['"', '\'']);
    !inner.is_empty() && !inner.starts_with('$')
}

fn is_name_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'-'
}

fn spaces(text: &str) -> usize {
    text.bytes()
        .take_while(|b| *b == b' ' || *b == b'\t')
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mask(text: &str) -> String {
        mask_secrets(text, &NameRules::default())
    }

    #[test]
    fn credential_shapes_are_masked_in_place() {
        let text = "RUN echo ghp_R7mK2pX9vL4qT8nW3sZ6yB1cF5hJ0dG2aE4u > f\n";
        assert_eq!(mask(text), format!("RUN echo {} > f\n", "*".repeat(40)));
    }

    #[test]
    fn secret_named_values_are_masked_in_every_assignment_form() {
        assert_eq!(
            mask("ENV DB_PASSWORD=hunter2 X=1\n"),
            "ENV DB_PASSWORD=******* X=1\n"
        );
        assert_eq!(mask("ENV API_TOKEN abc def\n"), "ENV API_TOKEN *** ***\n");
        assert_eq!(mask("  NPM_TOKEN: 'abc'  \n"), "  NPM_TOKEN: *****  \n");
        assert_eq!(
            mask("docker build --build-arg TOKEN=\"a b\" .\n"),
            "docker build --build-arg TOKEN=** ** .\n"
        );
        assert_eq!(
            mask("docker login --password=pw1\n"),
            "docker login --password=***\n"
        );
    }

    #[test]
    fn references_and_neutral_names_stay_visible() {
        let text = "ENV NPM_TOKEN=$NPM_TOKEN APP=x\nARG GITHUB_TOKEN\nAPI_KEY_FILE=/run/k\n";
        assert_eq!(mask(text), text);
    }

    #[test]
    fn length_and_line_breaks_are_kept_with_multibyte_values() {
        let text = "PASSWORD=\"pässwörd\"\r\nnext é\n";
        let masked = mask(text);
        assert_eq!(masked.len(), text.len());
        assert_eq!(masked, "PASSWORD=************\r\nnext é\n");
    }
}
