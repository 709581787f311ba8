//! Word splitting and word processing over a logical line, as BuildKit's parser and shell
//! lexer do them: whitespace splitting, quote-aware splitting, quote removal, escapes, and
//! `$VAR` references (recorded, never expanded). Offsets are into the logical line.

/// Deepest `${A:-${B:-...}}` nesting that is searched for references.
const MAX_VAR_DEPTH: usize = 8;

/// Whether `c` is whitespace as Go's `unicode.IsSpace` sees it.
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// Whether `c` separates words for BuildKit's `[\t\v\f\r ]+` splitter.
fn is_split_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{b}' | '\u{c}' | '\r')
}

/// The character at byte `at` of `s`, if `at` is a boundary inside `s`.
pub(crate) fn char_at(s: &str, at: usize) -> Option<char> {
    s.get(at..).and_then(|rest| rest.chars().next())
}

/// The character at byte `at` of `s` with its width, like [`char_at`] but without decoding
/// when the byte is ASCII (an ASCII byte is always a character boundary).
pub(crate) fn char_width_at(s: &str, at: usize) -> Option<(char, usize)> {
    let byte = *s.as_bytes().get(at)?;
    if byte.is_ascii() {
        return Some((char::from(byte), 1));
    }
    char_at(s, at).map(|c| (c, c.len_utf8()))
}

/// `s` without leading whitespace, exactly as [`str::trim_start`] trims it, without decoding
/// the ASCII bytes it passes.
pub(crate) fn trim_start_ws(s: &str) -> &str {
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if !b.is_ascii() {
            return s.get(i..).map_or("", str::trim_start);
        }
        if !matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ') {
            break;
        }
        i += 1;
    }
    s.get(i..).unwrap_or("")
}

/// `start..end` without leading and trailing whitespace.
pub(crate) fn trim(s: &str, start: usize, end: usize) -> (usize, usize) {
    let piece = s.get(start..end).unwrap_or("");
    let lead = piece.len() - piece.trim_start_matches(is_space).len();
    let kept = piece.trim_end_matches(is_space).len();
    if kept <= lead {
        return (end, end);
    }
    (start + lead, start + kept)
}

/// Splits on runs of spaces and tabs, ignoring quotes (FROM, EXPOSE, COPY).
pub(crate) fn split_ws(s: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    // Room for the usual handful of words from the start, without growth steps.
    let mut words = Vec::with_capacity(4);
    let mut word_start = None;
    // Every separator is ASCII, so a word starts and ends on character boundaries.
    for (i, &b) in s
        .get(start..end)
        .unwrap_or("")
        .as_bytes()
        .iter()
        .enumerate()
    {
        match (is_split_space(char::from(b)), word_start) {
            (true, Some(ws)) => {
                words.push((ws, start + i));
                word_start = None;
            }
            (false, None) => word_start = Some(start + i),
            _ => {}
        }
    }
    if let Some(ws) = word_start {
        words.push((ws, end));
    }
    words
}

/// Splits on whitespace outside quotes; `escape` protects the next character outside
/// single quotes (BuildKit's `parseWords`, used by ARG, ENV and LABEL).
pub(crate) fn parse_words(s: &str, start: usize, end: usize, escape: char) -> Vec<(usize, usize)> {
    let piece = s.get(start..end).unwrap_or("");
    let mut words = Vec::with_capacity(4);
    let mut word_start: Option<usize> = None;
    let mut quote: Option<char> = None;
    let mut i = 0;
    while let Some((c, width)) = char_width_at(piece, i) {
        let at = i;
        i += width;
        if word_start.is_none() {
            if is_space(c) {
                continue;
            }
            word_start = Some(start + at);
        }
        match quote {
            None if is_space(c) => {
                if let Some(ws) = word_start.take() {
                    words.push((ws, start + at));
                }
            }
            None if c == '\'' || c == '"' => quote = Some(c),
            Some(q) if c == q => quote = None,
            Some('\'') => {}
            _ if c == escape => {
                i += char_width_at(piece, i).map_or(0, |(_, w)| w);
            }
            _ => {}
        }
    }
    if let Some(ws) = word_start {
        words.push((ws, end));
    }
    words
}

/// A variable reference found in a word: the name's range and the whole reference's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct RawVar {
    pub name: (usize, usize),
    pub whole: (usize, usize),
}

/// A processed word: quotes removed, escapes applied, references kept verbatim.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Processed {
    pub value: String,
    pub vars: Vec<RawVar>,
}

/// Processes `s[start..end]` as BuildKit's shell lexer processes one word, without
/// expanding anything.
///
/// Works on bytes: every character it reacts to is ASCII, so it stops only on character
/// boundaries and copies the text between them as whole slices.
pub(crate) fn process_word(s: &str, start: usize, end: usize, escape: char) -> Processed {
    let end = end.min(s.len());
    let mut out = Processed {
        value: String::with_capacity(end.saturating_sub(start)),
        vars: Vec::new(),
    };
    if !s.is_char_boundary(start) {
        return out;
    }
    let bytes = s.as_bytes();
    let mut run = start;
    let mut i = start;
    while let Some(&b) = bytes.get(i).filter(|_| i < end) {
        match b {
            b'\'' => {
                push_slice(&mut out.value, s, run, i);
                let close = find_char(s, i + 1, end, '\'');
                push_slice(&mut out.value, s, i + 1, close);
                i = (close + 1).min(end);
                run = i;
            }
            b'"' => {
                push_slice(&mut out.value, s, run, i);
                i = double_quoted(s, i + 1, end, escape, &mut out);
                run = i;
            }
            b'$' => i = scan_dollar(s, i, end, escape, 0, &mut out.vars),
            _ if char::from(b) == escape => {
                push_slice(&mut out.value, s, run, i);
                // The escaped character starts the next run; none of it is interpreted.
                match char_width_at(s, i + 1).filter(|_| i + 1 < end) {
                    Some((_, width)) => {
                        run = i + 1;
                        i += 1 + width;
                    }
                    None => {
                        i = end;
                        run = end;
                    }
                }
            }
            _ => i += 1,
        }
    }
    push_slice(&mut out.value, s, run, i.min(end));
    out
}

/// Appends `s[a..b]` to `out` (nothing when it is not a valid slice).
fn push_slice(out: &mut String, s: &str, a: usize, b: usize) {
    out.push_str(s.get(a..b).unwrap_or(""));
}

/// Position of the first `want` at or after `from`, or `end`.
fn find_char(s: &str, from: usize, end: usize, want: char) -> usize {
    s.get(from..end)
        .and_then(|rest| rest.find(want))
        .map_or(end, |at| from + at)
}

/// Processes a double-quoted section starting after its opening quote; returns the
/// position after the closing quote.
fn double_quoted(s: &str, mut i: usize, end: usize, escape: char, out: &mut Processed) -> usize {
    let bytes = s.as_bytes();
    let mut run = i;
    while let Some(&b) = bytes.get(i).filter(|_| i < end) {
        if b == b'"' {
            push_slice(&mut out.value, s, run, i);
            return i + 1;
        }
        if b == b'$' {
            i = scan_dollar(s, i, end, escape, 0, &mut out.vars);
            continue;
        }
        if char::from(b) == escape
            && let Some(&next) = bytes.get(i + 1).filter(|_| i + 1 < end)
            && (next == b'"' || next == b'$' || char::from(next) == escape)
        {
            push_slice(&mut out.value, s, run, i);
            run = i + 1;
            i += 2;
            continue;
        }
        i += 1;
    }
    push_slice(&mut out.value, s, run, end);
    end
}

/// Scans the reference starting at the `$` at `at`; records it when it names a variable and
/// returns the position after it (just after the `$` when it is a literal dollar).
fn scan_dollar(
    s: &str,
    at: usize,
    end: usize,
    escape: char,
    depth: usize,
    vars: &mut Vec<RawVar>,
) -> usize {
    let first = match char_at(s, at + 1).filter(|_| at + 1 < end) {
        Some(c) => c,
        None => return at + 1,
    };
    if first == '{' {
        let name_start = at + 2;
        let name_end = scan_name(s, name_start, end);
        let mut nested = Vec::new();
        let close = find_close_brace(s, name_end, end, escape, depth, &mut nested);
        let whole_end = close.map_or(end, |c| c + 1);
        if name_end > name_start {
            vars.push(RawVar {
                name: (name_start, name_end),
                whole: (at, whole_end),
            });
        }
        vars.extend(nested);
        return whole_end;
    }
    if first.is_ascii_digit() {
        let digits = s.get(at + 1..end).unwrap_or("");
        return at + 1 + digits.len()
            - digits
                .trim_start_matches(|c: char| c.is_ascii_digit())
                .len();
    }
    if "@*#?-$!".contains(first) {
        return at + 2;
    }
    let name_end = scan_name(s, at + 1, end);
    if name_end > at + 1 {
        vars.push(RawVar {
            name: (at + 1, name_end),
            whole: (at, name_end),
        });
    }
    name_end.max(at + 1)
}

/// End of an identifier (`[A-Za-z_][A-Za-z0-9_]*`, Unicode letters allowed) at `from`.
fn scan_name(s: &str, from: usize, end: usize) -> usize {
    let mut i = from;
    while let Some((c, width)) = char_width_at(s, i).filter(|_| i < end) {
        let ok = c == '_' || c.is_alphabetic() || (i > from && c.is_numeric());
        if !ok {
            break;
        }
        i += width;
    }
    i
}

/// Finds the `}` closing a `${...}` whose name ends at `from`, recording nested references.
fn find_close_brace(
    s: &str,
    from: usize,
    end: usize,
    escape: char,
    depth: usize,
    nested: &mut Vec<RawVar>,
) -> Option<usize> {
    let mut i = from;
    let mut quote: Option<char> = None;
    while let Some(c) = char_at(s, i).filter(|_| i < end) {
        let width = c.len_utf8();
        match quote {
            Some(q) if c == q => quote = None,
            Some('\'') => {}
            None if c == '}' => return Some(i),
            None if c == '\'' || c == '"' => quote = Some(c),
            _ if c == escape => {
                i += width + char_at(s, i + width).map_or(0, char::len_utf8);
                continue;
            }
            _ if c == '$' && depth < MAX_VAR_DEPTH => {
                i = scan_dollar(s, i, end, escape, depth + 1, nested);
                continue;
            }
            _ => {}
        }
        i += width;
    }
    None
}

/// A JSON array of strings: each decoded element with the range of its JSON string.
pub(crate) type JsonStrings = Vec<(String, usize, usize)>;

/// Parses `s[start..end]` as BuildKit's exec form: `Ok(None)` when it is not JSON (shell
/// form), `Err` when it is a JSON array with a non-string element.
pub(crate) fn parse_json_array(
    s: &str,
    start: usize,
    end: usize,
) -> Result<Option<JsonStrings>, String> {
    let (a, _) = trim(s, start, end);
    let body = s.get(a..end).unwrap_or("");
    if !body.starts_with('[') {
        return Ok(None);
    }
    let Ok(values) = serde_json::from_str::<Vec<serde_json::Value>>(body) else {
        return Ok(None);
    };
    let mut strings = Vec::with_capacity(values.len());
    for value in values {
        match value {
            serde_json::Value::String(text) => strings.push(text),
            _ => {
                return Err(
                    "when using JSON array syntax, arrays must be comprised of strings only"
                        .to_owned(),
                );
            }
        }
    }
    let spans = json_string_spans(s, a, end);
    Ok(Some(
        strings
            .into_iter()
            .zip(spans)
            .map(|(v, (x, y))| (v, x, y))
            .collect(),
    ))
}

/// The ranges of the top-level strings of a valid JSON array of strings.
fn json_string_spans(s: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let bytes = s.as_bytes();
    let mut spans = Vec::new();
    let mut i = start;
    while i < end {
        if bytes.get(i) == Some(&b'"') {
            let open = i;
            i += 1;
            while i < end && bytes.get(i) != Some(&b'"') {
                i += if bytes.get(i) == Some(&b'\\') { 2 } else { 1 };
            }
            spans.push((open, (i + 1).min(end)));
        }
        i += 1;
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(s: &str) -> (String, Vec<RawVar>) {
        let p = process_word(s, 0, s.len(), '\\');
        (p.value, p.vars)
    }

    #[test]
    fn quotes_are_removed_and_single_quotes_hide_references() {
        assert_eq!(value(r#""a b"'$X'"#).0, "a b$X");
        assert!(value("'$X'").1.is_empty());
        assert_eq!(value(r"\$X"), ("$X".to_owned(), vec![]));
    }

    #[test]
    fn references_of_every_form_are_located() {
        let (v, vars) = value("$A${B}${C:-${D}}x");
        assert_eq!(v, "$A${B}${C:-${D}}x");
        let found: Vec<_> = vars.iter().map(|r| (r.name, r.whole)).collect();
        assert_eq!(
            found,
            vec![
                ((1, 2), (0, 2)),
                ((4, 5), (2, 6)),
                ((8, 9), (6, 16)),
                ((13, 14), (11, 15))
            ]
        );
    }

    #[test]
    fn trim_start_ws_trims_as_str_trim_start_does() {
        for text in [
            "",
            " ",
            "a",
            " \t\n\u{b}\u{c}\rx y ",
            "\u{a0}\u{2003} z",
            " \u{85}é",
            "é ",
            "\u{1c}x",
        ] {
            assert_eq!(trim_start_ws(text), text.trim_start(), "{text:?}");
        }
    }

    #[test]
    fn parse_words_keeps_quoted_spaces() {
        let s = r#"A=1 B="two words" C"#;
        assert_eq!(
            parse_words(s, 0, s.len(), '\\'),
            vec![(0, 3), (4, 17), (18, 19)]
        );
    }

    #[test]
    fn json_needs_a_string_array() {
        assert_eq!(parse_json_array("['a']", 0, 5), Ok(None));
        assert_eq!(parse_json_array(r#"["a", ]"#, 0, 7), Ok(None));
        assert!(parse_json_array("[1]", 0, 3).is_err());
        let s = r#" ["a\"b", "c"] "#;
        assert_eq!(
            parse_json_array(s, 0, s.len()),
            Ok(Some(vec![
                ("a\"b".to_owned(), 2, 8),
                ("c".to_owned(), 10, 13)
            ]))
        );
    }
}
