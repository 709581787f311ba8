//! Source maps for YAML scalars: the value YAML gives a scalar, as a [`MappedText`] whose
//! copied bytes point at the exact source bytes they came from, for every scalar style
//! (plain, quoted, literal `|` and folded `>`).
//!
//! The value is rebuilt from the source and checked against the parser's value, so a
//! style this module gets wrong yields `None` rather than a wrong map.

use crate::pipeline::yaml::{YamlNode, YamlValue};
use crate::text::MappedText;

/// The value of scalar `node` mapped back to `source`; `None` for null and collection
/// nodes, or when the source bytes do not rebuild the parsed value.
pub fn scalar_text(source: &str, node: &YamlNode) -> Option<MappedText> {
    let start = node.defined.start;
    let token = source.get(start..node.defined.end)?;
    let value = match &node.value {
        YamlValue::String(text) => text.as_str(),
        YamlValue::Number(_) | YamlValue::Bool(_) if !token.is_empty() => {
            return Some(MappedText::verbatim(token, start));
        }
        _ => return None,
    };
    if token == value || value.is_empty() {
        return Some(MappedText::verbatim(value, start));
    }
    let rebuilds = |mapped: Option<MappedText>| mapped.filter(|m| m.as_str() == value);
    // A block scalar's content may start with a quote, so fall back to the other styles.
    let quoted = match token.as_bytes().first() {
        Some(b'"') => rebuilds(quoted(start, token, true)),
        Some(b'\'') => rebuilds(quoted(start, token, false)),
        _ => None,
    };
    quoted
        .or_else(|| rebuilds(block(source, start)))
        .or_else(|| rebuilds(Some(plain(token, start))))
}

/// Maps a plain scalar: its lines trimmed and folded.
fn plain(token: &str, start: usize) -> MappedText {
    fold_lines(&lines_of(token, start), &mut plain_piece, false)
}

/// One source line of a scalar: its text (no line break) and where it starts.
#[derive(Clone, Copy)]
struct Line<'a> {
    text: &'a str,
    start: usize,
}

/// Splits `token` (at `start` in the source) into lines, dropping `\n` and a `\r` before it.
fn lines_of(token: &str, start: usize) -> Vec<Line<'_>> {
    let mut lines = Vec::new();
    let mut at = 0;
    for piece in token.split('\n') {
        let text = piece.strip_suffix('\r').unwrap_or(piece);
        lines.push(Line {
            text,
            start: start + at,
        });
        at += piece.len() + 1;
    }
    lines
}

/// Trims spaces and tabs (and a stray `\r`) at both ends, keeping the start offset right.
fn trim_line(line: Line<'_>, left: bool, right: bool) -> Line<'_> {
    let blank = [' ', '\t', '\r'];
    let mut text = line.text;
    let mut start = line.start;
    if left {
        let trimmed = text.trim_start_matches(blank);
        start += text.len() - trimmed.len();
        text = trimmed;
    }
    if right {
        text = text.trim_end_matches(blank);
    }
    Line { text, start }
}

/// Writes one line's content of a plain or single-quoted scalar.
fn plain_piece(mapped: &mut MappedText, line: Line<'_>) {
    mapped.push_source(line.text, line.start);
}

/// Folds flow-scalar lines the YAML way: outer whitespace trimmed, one line break becomes
/// a space, `n` empty lines become `n` newlines. A line that `write` reports as ending in
/// an escaped line break joins the next without a space.
fn fold_lines<'a>(
    lines: &[Line<'a>],
    write: &mut dyn FnMut(&mut MappedText, Line<'a>),
    escapes: bool,
) -> MappedText {
    let mut mapped = MappedText::new();
    let last = lines.len().saturating_sub(1);
    let mut empty_run = 0;
    let mut joined = false;
    let mut first = true;
    for (i, line) in lines.iter().enumerate() {
        let mut line = trim_line(*line, i > 0, i < last);
        if i < last && escapes && ends_with_escaped_break(line.text) {
            line.text = line.text.get(..line.text.len() - 1).unwrap_or("");
            write_separator(&mut mapped, first, joined, empty_run);
            write(&mut mapped, line);
            (first, joined, empty_run) = (false, true, 0);
            continue;
        }
        if line.text.is_empty() && i > 0 && i < last {
            empty_run += 1;
            continue;
        }
        write_separator(&mut mapped, first, joined, empty_run);
        write(&mut mapped, line);
        (first, joined, empty_run) = (false, false, 0);
    }
    mapped
}

/// The break between two folded lines: nothing after an escaped break, else a space or
/// one newline per empty line.
fn write_separator(mapped: &mut MappedText, first: bool, joined: bool, empty_run: usize) {
    if first || joined && empty_run == 0 {
        return;
    }
    if empty_run == 0 {
        mapped.push_synthetic(" ");
    } else {
        mapped.push_synthetic(&"\n".repeat(empty_run));
    }
}

/// The character a one-letter escape such as `\t` stands for.
fn simple_escape(ch: char) -> Option<char> {
    match ch {
        '0' => Some('\0'),
        'a' => Some('\u{7}'),
        'b' => Some('\u{8}'),
        't' | '\t' => Some('\t'),
        'n' => Some('\n'),
        'v' => Some('\u{b}'),
        'f' => Some('\u{c}'),
        'r' => Some('\r'),
        'e' => Some('\u{1b}'),
        ' ' => Some(' '),
        '"' => Some('"'),
        '/' => Some('/'),
        '\\' => Some('\\'),
        'N' => Some('\u{85}'),
        '_' => Some('\u{a0}'),
        'L' => Some('\u{2028}'),
        'P' => Some('\u{2029}'),
        _ => None,
    }
}

/// Whether a double-quoted line ends with an unescaped `\` (an escaped line break).
fn ends_with_escaped_break(text: &str) -> bool {
    let backslashes = text.bytes().rev().take_while(|b| *b == b'\\').count();
    backslashes % 2 == 1
}

/// Maps a single- or double-quoted scalar; `token` includes both quotes.
fn quoted(start: usize, token: &str, double: bool) -> Option<MappedText> {
    let inner = token.get(1..token.len().checked_sub(1)?)?;
    let lines = lines_of(inner, start + 1);
    if double {
        Some(fold_lines(&lines, &mut double_piece, true))
    } else {
        Some(fold_lines(&lines, &mut single_piece, false))
    }
}

/// Writes one line of a single-quoted scalar: `''` stands for the second `'`.
fn single_piece(mapped: &mut MappedText, line: Line<'_>) {
    let mut rest = line.text;
    let mut at = line.start;
    while let Some(pos) = rest.find("''") {
        mapped.push_source(rest.get(..=pos).unwrap_or(""), at);
        let skip = pos + 2;
        at += skip;
        rest = rest.get(skip..).unwrap_or("");
    }
    mapped.push_source(rest, at);
}

/// Writes one line of a double-quoted scalar: copied runs map to the source; an escape's
/// decoded text is synthetic, so it maps to the end of the run before it (its backslash).
fn double_piece(mapped: &mut MappedText, line: Line<'_>) {
    let mut rest = line.text;
    let mut at = line.start;
    while let Some(pos) = rest.find('\\') {
        mapped.push_source(rest.get(..pos).unwrap_or(""), at);
        let escape = rest.get(pos + 1..).unwrap_or("");
        let (decoded, used) = decode_escape(escape);
        mapped.push_synthetic(&decoded);
        let skip = pos + 1 + used;
        at += skip;
        rest = rest.get(skip..).unwrap_or("");
    }
    mapped.push_source(rest, at);
}

/// Decodes the escape after a `\`: its text and how many bytes it used.
fn decode_escape(escape: &str) -> (String, usize) {
    let Some(ch) = escape.chars().next() else {
        return (String::new(), 0);
    };
    let simple = simple_escape(ch);
    if let Some(decoded) = simple {
        return (decoded.to_string(), ch.len_utf8());
    }
    let digits = match ch {
        'x' => 2,
        'u' => 4,
        'U' => 8,
        _ => return (ch.to_string(), ch.len_utf8()),
    };
    let decoded = escape
        .get(1..=digits)
        .and_then(|hex| u32::from_str_radix(hex, 16).ok())
        .and_then(char::from_u32)
        .map(String::from)
        .unwrap_or_default();
    (decoded, 1 + digits)
}

/// A block scalar header: `|` or `>`, and its chomping indicator.
#[derive(Clone, Copy)]
struct Header {
    folded: bool,
    chomp: Chomp,
    /// Byte offset just past the header line's line break.
    content_start: usize,
}

/// Block chomping: `-` strip, default clip, `+` keep.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Chomp {
    Strip,
    Clip,
    Keep,
}

/// Finds the header of the block scalar whose first content character is at `start`.
fn block_header(source: &str, start: usize) -> Option<Header> {
    let line_start = source.get(..start)?.rfind('\n').map_or(0, |at| at + 1);
    let mut end = line_start.checked_sub(1)?;
    loop {
        let above = source.get(..end)?;
        let begin = above.rfind('\n').map_or(0, |at| at + 1);
        let line = above.get(begin..)?.trim_end_matches([' ', '\t', '\r']);
        if !line.is_empty() {
            return parse_header(line, end + 1);
        }
        end = begin.checked_sub(1)?;
    }
}

/// Parses the last token of a header line, such as `|`, `>-`, `|2+`, after an optional
/// trailing comment.
fn parse_header(line: &str, content_start: usize) -> Option<Header> {
    let line = match line.find(" #") {
        Some(at) => line.get(..at)?.trim_end(),
        None => line,
    };
    let token = line.rsplit([' ', '\t']).next()?;
    let mut chars = token.chars();
    let folded = match chars.next()? {
        '|' => false,
        '>' => true,
        _ => return None,
    };
    let mut chomp = Chomp::Clip;
    for ch in chars {
        match ch {
            '-' => chomp = Chomp::Strip,
            '+' => chomp = Chomp::Keep,
            '1'..='9' => {}
            _ => return None,
        }
    }
    Some(Header {
        folded,
        chomp,
        content_start,
    })
}

/// One content line of a block scalar, indentation removed.
#[derive(Clone, Copy)]
struct BlockLine<'a> {
    line: Line<'a>,
    /// Offset of the `\n` ending the line, if any.
    newline: Option<usize>,
}

/// Maps a block scalar whose first content character (at its indentation) is at `start`.
fn block(source: &str, start: usize) -> Option<MappedText> {
    let header = block_header(source, start)?;
    let line_start = source.get(..start)?.rfind('\n').map_or(0, |at| at + 1);
    let indent = start - line_start;
    let lines = block_lines(source, header.content_start, indent);
    let last_content = lines.iter().rposition(|l| !l.line.text.is_empty());
    let mut mapped = MappedText::new();
    let Some(last_content) = last_content else {
        if header.chomp == Chomp::Keep {
            lines
                .iter()
                .for_each(|l| push_break(&mut mapped, l.newline));
        }
        return Some(mapped);
    };
    let body = lines.get(..=last_content)?;
    if header.folded {
        write_folded(&mut mapped, body);
    } else {
        write_literal(&mut mapped, body);
    }
    let tail = lines.get(last_content..).unwrap_or_default();
    write_chomped(&mut mapped, header.chomp, tail);
    Some(mapped)
}

/// The content lines of a block scalar at `indent`, from `from` to the first non-blank
/// line indented less.
fn block_lines(source: &str, from: usize, indent: usize) -> Vec<BlockLine<'_>> {
    let mut lines = Vec::new();
    let rest = source.get(from..).unwrap_or("");
    let mut at = from;
    for raw in rest.split_inclusive('\n') {
        let newline = raw.ends_with('\n').then(|| at + raw.len() - 1);
        let text = raw.strip_suffix('\n').unwrap_or(raw);
        let text = text.strip_suffix('\r').unwrap_or(text);
        let spaces = text.len() - text.trim_start_matches(' ').len();
        let blank = text.trim_start_matches(' ').is_empty();
        if !blank && spaces < indent {
            break;
        }
        let cut = indent.min(text.len());
        let content = text.get(cut..).unwrap_or("");
        lines.push(BlockLine {
            line: Line {
                text: content,
                start: at + cut,
            },
            newline,
        });
        at += raw.len();
    }
    lines
}

/// A line break of the value: the source `\n` when there is one, else synthetic.
fn push_break(mapped: &mut MappedText, newline: Option<usize>) {
    match newline {
        Some(at) => mapped.push_source("\n", at),
        None => mapped.push_synthetic("\n"),
    }
}

/// Literal style: lines joined by their own line breaks.
fn write_literal(mapped: &mut MappedText, body: &[BlockLine<'_>]) {
    for (i, line) in body.iter().enumerate() {
        if i > 0 {
            let previous = body.get(i - 1).and_then(|l| l.newline);
            push_break(mapped, previous);
        }
        mapped.push_source(line.line.text, line.line.start);
    }
}

/// Folded style: a break between two normal lines becomes a space, or is dropped before
/// empty lines; breaks next to more-indented lines are kept.
fn write_folded(mapped: &mut MappedText, body: &[BlockLine<'_>]) {
    let mut previous: Option<&BlockLine<'_>> = None;
    let mut empty_run = 0;
    for line in body {
        if line.line.text.is_empty() {
            empty_run += 1;
            continue;
        }
        match previous {
            None => (0..empty_run).for_each(|_| mapped.push_synthetic("\n")),
            Some(before) if !more_indented(before) && !more_indented(line) => {
                let fold = if empty_run == 0 {
                    " ".to_owned()
                } else {
                    "\n".repeat(empty_run)
                };
                mapped.push_synthetic(&fold);
            }
            Some(_) => mapped.push_synthetic(&"\n".repeat(empty_run + 1)),
        }
        mapped.push_source(line.line.text, line.line.start);
        previous = Some(line);
        empty_run = 0;
    }
}

/// Whether a folded line starts with white space, which keeps its line breaks.
fn more_indented(line: &BlockLine<'_>) -> bool {
    line.line.text.starts_with([' ', '\t'])
}

/// The final line break and trailing empty lines, per chomping; `tail` starts with the
/// last content line.
fn write_chomped(mapped: &mut MappedText, chomp: Chomp, tail: &[BlockLine<'_>]) {
    let Some((last, trailing)) = tail.split_first() else {
        return;
    };
    match chomp {
        Chomp::Strip => {}
        Chomp::Clip => push_break(mapped, last.newline),
        Chomp::Keep => {
            push_break(mapped, last.newline);
            // A last blank line without a line break (at the end of the file) adds none.
            let breaks = trailing.iter().filter_map(|l| l.newline);
            breaks.for_each(|at| mapped.push_source("\n", at));
        }
    }
}
