//! One logical line turned into an [`Instruction`]: keyword, `--flags`, and the arguments
//! of each instruction split the way BuildKit's dispatch table splits them.

use super::ast::{
    CommandForm, CommandLine, CopyArgs, Flag, Instruction, InstructionKind, KeyValue, SyntaxError,
    VarRef, Word,
};
use super::heredoc::is_marker;
use super::words::{
    char_at, is_space, parse_json_array, parse_words, process_word, split_ws, trim,
};
use crate::text::{MappedText, Segment, Spanned, TextRange};

/// A logical line: continuation lines joined, every byte mapped to the source the way a
/// [`MappedText`] of the same pieces maps it.
///
/// Most instructions fit on one physical line; that line is borrowed from the source rather
/// than copied, and its offsets map to the source by one addition. Joined lines are copied
/// once into a text of the exact size.
pub(crate) enum Logical<'a> {
    /// One non-empty physical line's text, which starts at `base` in the source.
    Line {
        /// The line's text.
        text: &'a str,
        /// Its source offset.
        base: usize,
    },
    /// Several lines joined (or an empty text).
    Joined {
        /// The joined text.
        text: String,
        /// The runs copied from the source, merged as [`MappedText::push_source`] merges.
        segments: Vec<Segment>,
    },
}

impl<'a> Logical<'a> {
    /// The pieces `start..end` of `source`, joined.
    pub(crate) fn joined(source: &str, pieces: &[(usize, usize)]) -> Self {
        let piece = |&(a, b): &(usize, usize)| source.get(a..b).unwrap_or("");
        let mut text = String::with_capacity(pieces.iter().map(|p| piece(p).len()).sum());
        let mut segments: Vec<Segment> = Vec::with_capacity(pieces.len());
        for p in pieces {
            let piece = piece(p);
            if piece.is_empty() {
                continue;
            }
            let text_start = text.len();
            match segments.last_mut() {
                Some(last)
                    if last.text_start + last.len == text_start
                        && last.source_start + last.len == p.0 =>
                {
                    last.len += piece.len();
                }
                _ => segments.push(Segment {
                    text_start,
                    source_start: p.0,
                    len: piece.len(),
                }),
            }
            text.push_str(piece);
        }
        Logical::Joined { text, segments }
    }

    /// The text of one physical line standing at `base` in the source.
    pub(crate) fn line(text: &'a str, base: usize) -> Self {
        if text.is_empty() {
            // A mapped text without segments maps everything to 0: keep that behaviour.
            return Logical::joined("", &[]);
        }
        Logical::Line { text, base }
    }

    /// The joined text.
    pub(crate) fn text(&self) -> &str {
        match self {
            Logical::Line { text, .. } => text,
            Logical::Joined { text, .. } => text,
        }
    }

    /// The source offset of logical offset `at`, as [`MappedText::source_offset`] maps it.
    pub(crate) fn source_offset(&self, at: usize) -> usize {
        match self {
            Logical::Line { text, base } => base + at.min(text.len()),
            Logical::Joined { segments, .. } => {
                let index = segments.partition_point(|s| s.text_start <= at);
                match index.checked_sub(1).and_then(|i| segments.get(i)) {
                    Some(s) if at < s.text_start + s.len => s.source_start + (at - s.text_start),
                    Some(s) => s.source_start + s.len,
                    None => segments.first().map_or(0, |s| s.source_start),
                }
            }
        }
    }

    /// The source range of logical range `a..b`, as [`MappedText::source_range`] maps it.
    pub(crate) fn range(&self, a: usize, b: usize) -> TextRange {
        let start = self.source_offset(a);
        let end = if b <= a {
            start
        } else {
            self.source_offset(b - 1) + 1
        };
        TextRange::new(start, end.max(start))
    }

    /// The logical text `a..b` with its source range.
    fn spanned(&self, a: usize, b: usize) -> Spanned<String> {
        Spanned::new(
            self.text().get(a..b).unwrap_or("").to_owned(),
            self.range(a, b),
        )
    }

    /// The logical text `a..b` as its own mapped text.
    fn sub_mapped(&self, a: usize, b: usize) -> MappedText {
        let (text, segments) = match self {
            Logical::Line { text, base } => {
                let mut out = MappedText::new();
                if a < text.len() {
                    out.push_source(text.get(a..b.min(text.len())).unwrap_or(""), base + a);
                }
                return out;
            }
            Logical::Joined { text, segments } => (text, segments),
        };
        let mut out = MappedText::new();
        let first = segments.partition_point(|s| s.text_start + s.len <= a);
        for seg in segments.get(first..).unwrap_or(&[]) {
            if seg.text_start >= b {
                break;
            }
            let from = seg.text_start.max(a);
            let to = (seg.text_start + seg.len).min(b);
            let piece = text.get(from..to).unwrap_or("");
            out.push_source(piece, seg.source_start + (from - seg.text_start));
        }
        out
    }
}

/// What parsing one logical line needs, and what it learns for the heredoc pass.
pub(crate) struct Ctx<'l> {
    lg: &'l Logical<'l>,
    escape: char,
    errors: &'l mut Vec<SyntaxError>,
    /// Whether the instruction (or its ONBUILD trigger) may take heredocs.
    pub(crate) heredoc_capable: bool,
}

impl<'l> Ctx<'l> {
    /// A context over `lg` with escape character `escape`.
    pub(crate) fn new(lg: &'l Logical<'l>, escape: char, errors: &'l mut Vec<SyntaxError>) -> Self {
        Ctx {
            lg,
            escape,
            errors,
            heredoc_capable: false,
        }
    }

    fn text(&self) -> &'l str {
        self.lg.text()
    }

    fn error(&mut self, a: usize, b: usize, message: impl Into<String>) {
        let range = self.lg.range(a, b);
        self.errors.push(SyntaxError {
            range,
            message: message.into(),
        });
    }

    /// A [`Word`] from logical range `a..b`.
    fn word(&self, a: usize, b: usize) -> Word {
        let processed = process_word(self.text(), a, b, self.escape);
        let vars = processed
            .vars
            .iter()
            .map(|v| VarRef {
                name: self.lg.spanned(v.name.0, v.name.1),
                range: self.lg.range(v.whole.0, v.whole.1),
            })
            .collect();
        Word {
            raw: self.lg.spanned(a, b),
            value: processed.value,
            vars,
        }
    }
}

/// Parses the instruction in logical range `start..end`; `None` for a blank or unknown one
/// (the latter recorded as an error).
pub(crate) fn parse_instruction(
    ctx: &mut Ctx<'_>,
    start: usize,
    end: usize,
    depth: usize,
) -> Option<Instruction> {
    let s = ctx.text();
    let (a, b) = trim(s, start, end);
    if a >= b {
        return None;
    }
    let k = s.get(a..b)?.find(is_space).map_or(b, |i| a + i);
    let keyword = Spanned::new(s.get(a..k)?.to_ascii_uppercase(), ctx.lg.range(a, k));
    let (flags, args) = extract_flags(ctx, k, b);
    let kind = parse_kind(ctx, &keyword.value, (a, k), args, b, depth)?;
    Some(Instruction {
        range: ctx.lg.range(a, b),
        keyword,
        flags,
        kind,
    })
}

/// Dispatches on the keyword; `kw` is the keyword's logical range.
fn parse_kind(
    ctx: &mut Ctx<'_>,
    keyword: &str,
    kw: (usize, usize),
    args: usize,
    end: usize,
    depth: usize,
) -> Option<InstructionKind> {
    let kind = match keyword {
        "FROM" => from_kind(ctx, kw, args, end),
        "ARG" => InstructionKind::Arg(arg_pairs(ctx, kw, args, end)),
        "ENV" => InstructionKind::Env(env_pairs(ctx, kw, args, end)),
        "RUN" => InstructionKind::Run(command_line(ctx, args, end, true)),
        "CMD" => InstructionKind::Cmd(command_line(ctx, args, end, false)),
        "ENTRYPOINT" => InstructionKind::Entrypoint(command_line(ctx, args, end, false)),
        "COPY" => InstructionKind::Copy(copy_args(ctx, "COPY", kw, args, end)),
        "ADD" => InstructionKind::Add(copy_args(ctx, "ADD", kw, args, end)),
        "HEALTHCHECK" => healthcheck(ctx, kw, args, end),
        "ONBUILD" => onbuild(ctx, kw, args, end, depth),
        "LABEL" | "EXPOSE" | "VOLUME" | "SHELL" | "WORKDIR" | "USER" | "STOPSIGNAL"
        | "MAINTAINER" => other_kind(ctx, keyword, kw, args, end),
        _ => {
            ctx.error(kw.0, kw.1, format!("unknown instruction: {keyword}"));
            return None;
        }
    };
    Some(kind)
}

/// Reads leading `--flag[=value]` words (BuildKit's `extractBuilderFlags`); returns the
/// flags and where the arguments start.
fn extract_flags(ctx: &Ctx<'_>, from: usize, end: usize) -> (Vec<Flag>, usize) {
    let s = ctx.text();
    let mut flags = Vec::new();
    let mut i = from;
    loop {
        while let Some(c) = char_at(s, i).filter(|c| i < end && is_space(*c)) {
            i += c.len_utf8();
        }
        if i >= end || !s.get(i..end).unwrap_or("").starts_with("--") {
            return (flags, i.min(end));
        }
        let (word_end, chars) = read_flag_word(s, i, end);
        if chars.len() == 2 {
            return (flags, word_end);
        }
        flags.push(make_flag(ctx, i, word_end, &chars));
        i = word_end;
    }
}

/// One flag word: its end and its processed characters with their logical positions.
fn read_flag_word(s: &str, start: usize, end: usize) -> (usize, Vec<(char, usize)>) {
    // Flag words are short: one allocation instead of a few growth steps.
    let mut out = Vec::with_capacity(32);
    let mut quote: Option<char> = None;
    let mut i = start;
    while let Some(c) = char_at(s, i).filter(|_| i < end) {
        let width = c.len_utf8();
        match quote {
            None if is_space(c) => break,
            None if c == '\'' || c == '"' => quote = Some(c),
            Some(q) if c == q => quote = None,
            _ if c == '\\' => {
                if let Some(next) = char_at(s, i + width).filter(|_| i + width < end) {
                    out.push((next, i + width));
                    i += next.len_utf8();
                }
            }
            _ => out.push((c, i)),
        }
        i += width;
    }
    (i.min(end), out)
}

/// A [`Flag`] from its processed characters (the first two are `--`).
fn make_flag(ctx: &Ctx<'_>, start: usize, end: usize, chars: &[(char, usize)]) -> Flag {
    let lg = ctx.lg;
    let eq = chars
        .iter()
        .skip(2)
        .position(|(c, _)| *c == '=')
        .map(|p| p + 2);
    let name_chars = chars.get(2..eq.unwrap_or(chars.len())).unwrap_or(&[]);
    let name = located(lg, name_chars, chars.get(1).map_or(start, |(_, p)| p + 1));
    let value_chars = eq.and_then(|e| chars.get(e + 1..));
    let value = value_chars.map(|vc| {
        located(
            lg,
            vc,
            eq.and_then(|e| chars.get(e)).map_or(end, |(_, p)| p + 1),
        )
    });
    let value_map = value_chars.map(|vc| {
        let mut map = MappedText::new();
        let mut buf = [0u8; 4];
        for (c, pos) in vc {
            map.push_source(c.encode_utf8(&mut buf), lg.source_offset(*pos));
        }
        map
    });
    Flag {
        name,
        value,
        range: lg.range(start, end),
        value_map,
    }
}

/// Processed characters as a string with the source range from the first to the last;
/// an empty range at logical `empty_at` when there are none.
fn located(lg: &Logical<'_>, chars: &[(char, usize)], empty_at: usize) -> Spanned<String> {
    let value: String = chars.iter().map(|(c, _)| *c).collect();
    let range = match (chars.first(), chars.last()) {
        (Some((_, a)), Some((c, b))) => lg.range(*a, b + c.len_utf8()),
        _ => lg.range(empty_at, empty_at),
    };
    Spanned::new(value, range)
}

/// `FROM image [AS name]`.
fn from_kind(ctx: &mut Ctx<'_>, kw: (usize, usize), args: usize, end: usize) -> InstructionKind {
    let words = split_ws(ctx.text(), args, end);
    if words.len() != 1 && words.len() != 3 {
        ctx.error(kw.0, end, "FROM requires either one or three arguments");
    }
    let image = match words.first() {
        Some(&(a, b)) => ctx.word(a, b),
        None => ctx.word(kw.1, kw.1),
    };
    let stage_name = match (words.get(1), words.get(2)) {
        (Some(&(a, b)), Some(&(x, y))) => {
            if !ctx
                .text()
                .get(a..b)
                .unwrap_or("")
                .eq_ignore_ascii_case("AS")
            {
                ctx.error(
                    a,
                    b,
                    "when using FROM with 3 arguments, the second argument must be \"AS\"",
                );
            }
            let name = ctx.lg.spanned(x, y);
            if !valid_stage_name(&name.value) {
                let message = format!(
                    "invalid name for build stage: \"{}\", name can't start with a number or contain symbols",
                    name.value
                );
                ctx.error(x, y, message);
            }
            Some(Spanned::new(name.value.to_ascii_lowercase(), name.range))
        }
        _ => None,
    };
    InstructionKind::From { image, stage_name }
}

/// BuildKit's `^[a-z][a-z0-9-_.]*$`, case-insensitively.
fn valid_stage_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// `key=value` (or bare `key`) in logical range `a..b`.
fn key_value(ctx: &Ctx<'_>, a: usize, b: usize) -> KeyValue {
    let s = ctx.text();
    let eq = s.get(a..b).and_then(|w| w.find('=')).map(|e| a + e);
    let key_end = eq.unwrap_or(b);
    let key_value = process_word(s, a, key_end, ctx.escape).value;
    KeyValue {
        key: Spanned::new(key_value, ctx.lg.range(a, key_end)),
        value: eq.map(|e| ctx.word(e + 1, b)),
        range: ctx.lg.range(a, b),
    }
}

/// `ARG NAME[=value] ...`.
fn arg_pairs(ctx: &mut Ctx<'_>, kw: (usize, usize), args: usize, end: usize) -> Vec<KeyValue> {
    let words = parse_words(ctx.text(), args, end, ctx.escape);
    if words.is_empty() {
        ctx.error(kw.0, kw.1, "ARG requires at least one argument");
    }
    words
        .into_iter()
        .map(|(a, b)| key_value(ctx, a, b))
        .collect()
}

/// `ENV k=v ...`, or the legacy `ENV key value with spaces`.
fn env_pairs(ctx: &mut Ctx<'_>, kw: (usize, usize), args: usize, end: usize) -> Vec<KeyValue> {
    let s = ctx.text();
    let words = parse_words(s, args, end, ctx.escape);
    let Some(&(first_a, first_b)) = words.first() else {
        ctx.error(kw.0, kw.1, "ENV must have two arguments");
        return Vec::new();
    };
    if !s.get(first_a..first_b).unwrap_or("").contains('=') {
        return legacy_env(ctx, kw, args, end);
    }
    let mut pairs = Vec::new();
    for (a, b) in words {
        let word = s.get(a..b).unwrap_or("");
        if word.contains('=') {
            pairs.push(key_value(ctx, a, b));
        } else {
            let message = format!(
                "Syntax error - can't find = in \"{word}\". Must be of the form: name=value"
            );
            ctx.error(a, b, message);
        }
    }
    pairs
}

/// `ENV key value with spaces`: the value is the rest of the line.
fn legacy_env(ctx: &mut Ctx<'_>, kw: (usize, usize), args: usize, end: usize) -> Vec<KeyValue> {
    let words = split_ws(ctx.text(), args, end);
    let (Some(&(ka, kb)), Some(&(va, _))) = (words.first(), words.get(1)) else {
        ctx.error(kw.0, end, "ENV must have two arguments");
        return Vec::new();
    };
    let key = process_word(ctx.text(), ka, kb, ctx.escape).value;
    vec![KeyValue {
        key: Spanned::new(key, ctx.lg.range(ka, kb)),
        value: Some(ctx.word(va, end)),
        range: ctx.lg.range(ka, end),
    }]
}

/// Exec form for a JSON array of strings, shell form otherwise.
fn command_line(ctx: &mut Ctx<'_>, args: usize, end: usize, heredocs: bool) -> CommandLine {
    let form = match parse_json_array(ctx.text(), args, end) {
        Ok(Some(elements)) => CommandForm::Exec(
            elements
                .into_iter()
                .map(|(value, a, b)| Spanned::new(value, ctx.lg.range(a, b)))
                .collect(),
        ),
        Ok(None) => {
            ctx.heredoc_capable = heredocs;
            CommandForm::Shell(ctx.lg.sub_mapped(args, end))
        }
        Err(message) => {
            ctx.error(args, end, message);
            CommandForm::Shell(ctx.lg.sub_mapped(args, end))
        }
    };
    CommandLine {
        form,
        heredocs: Vec::new(),
    }
}

/// Arguments that may be a JSON array (COPY, ADD, VOLUME): its strings, else the
/// whitespace-separated words; the flag says whether JSON was used.
fn list_words(ctx: &mut Ctx<'_>, args: usize, end: usize) -> (Vec<Word>, bool) {
    match parse_json_array(ctx.text(), args, end) {
        Ok(Some(elements)) => {
            let words = elements
                .into_iter()
                .map(|(value, a, b)| Word {
                    raw: ctx.lg.spanned(a, b),
                    value,
                    vars: Vec::new(),
                })
                .collect();
            (words, true)
        }
        Ok(None) => (
            split_ws(ctx.text(), args, end)
                .into_iter()
                .map(|(a, b)| ctx.word(a, b))
                .collect(),
            false,
        ),
        Err(message) => {
            ctx.error(args, end, message);
            (Vec::new(), true)
        }
    }
}

/// `COPY`/`ADD` sources and destination.
fn copy_args(
    ctx: &mut Ctx<'_>,
    name: &str,
    kw: (usize, usize),
    args: usize,
    end: usize,
) -> CopyArgs {
    let (mut words, json) = list_words(ctx, args, end);
    ctx.heredoc_capable = !json;
    let dest = if words.len() >= 2 { words.pop() } else { None };
    if dest.is_none() {
        let message = format!(
            "{name} requires at least two arguments, but only one was provided. Destination could not be determined"
        );
        ctx.error(kw.0, end, message);
    }
    if !json {
        words.retain(|w| !is_marker(&w.raw.value));
    }
    CopyArgs {
        sources: words,
        dest,
        heredocs: Vec::new(),
    }
}

/// `HEALTHCHECK [flags] CMD ...` or `HEALTHCHECK NONE`.
fn healthcheck(ctx: &mut Ctx<'_>, kw: (usize, usize), args: usize, end: usize) -> InstructionKind {
    let s = ctx.text();
    if args >= end {
        ctx.error(kw.0, kw.1, "HEALTHCHECK requires at least one argument");
        return InstructionKind::Healthcheck { command: None };
    }
    let typ_end = s
        .get(args..end)
        .and_then(|t| t.find(is_space))
        .map_or(end, |i| args + i);
    let (rest, _) = trim(s, typ_end, end);
    let typ = s.get(args..typ_end).unwrap_or("").to_ascii_uppercase();
    let command = match typ.as_str() {
        "CMD" => Some(command_line(ctx, rest, end, false)),
        "NONE" => {
            if rest < end {
                ctx.error(rest, end, "HEALTHCHECK NONE takes no arguments");
            }
            None
        }
        _ => {
            ctx.error(
                args,
                typ_end,
                format!("Unknown type \"{typ}\" in HEALTHCHECK (try CMD)"),
            );
            None
        }
    };
    InstructionKind::Healthcheck { command }
}

/// `ONBUILD <instruction>`, the trigger parsed as an instruction of its own.
fn onbuild(
    ctx: &mut Ctx<'_>,
    kw: (usize, usize),
    args: usize,
    end: usize,
    depth: usize,
) -> InstructionKind {
    let s = ctx.text();
    if args >= end {
        ctx.error(kw.0, kw.1, "ONBUILD requires at least one argument");
        return InstructionKind::Other { words: Vec::new() };
    }
    let trigger_end = s
        .get(args..end)
        .and_then(|t| t.find(is_space))
        .map_or(end, |i| args + i);
    let trigger = s.get(args..trigger_end).unwrap_or("").to_ascii_uppercase();
    let refused = match trigger.as_str() {
        "ONBUILD" => Some("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed".to_owned()),
        "FROM" | "MAINTAINER" => Some(format!("{trigger} isn't allowed as an ONBUILD trigger")),
        _ => None,
    };
    if let Some(message) = refused {
        ctx.error(args, trigger_end, message);
        return InstructionKind::Other {
            words: vec![ctx.word(args, end)],
        };
    }
    match parse_instruction(ctx, args, end, depth + 1) {
        Some(nested) => InstructionKind::Onbuild(Box::new(nested)),
        None => InstructionKind::Other { words: Vec::new() },
    }
}

/// LABEL, EXPOSE, VOLUME, SHELL, WORKDIR, USER, STOPSIGNAL, MAINTAINER.
fn other_kind(
    ctx: &mut Ctx<'_>,
    keyword: &str,
    kw: (usize, usize),
    args: usize,
    end: usize,
) -> InstructionKind {
    let words = match keyword {
        "LABEL" => parse_words(ctx.text(), args, end, ctx.escape)
            .into_iter()
            .map(|(a, b)| ctx.word(a, b))
            .collect(),
        "EXPOSE" => split_ws(ctx.text(), args, end)
            .into_iter()
            .map(|(a, b)| ctx.word(a, b))
            .collect(),
        "VOLUME" => list_words(ctx, args, end).0,
        "SHELL" => {
            let (words, json) = list_words(ctx, args, end);
            if !json && args < end {
                ctx.error(args, end, "SHELL requires the arguments to be in JSON form");
            }
            words
        }
        _ if args < end => vec![ctx.word(args, end)],
        _ => Vec::new(),
    };
    if words.is_empty() {
        ctx.error(
            kw.0,
            kw.1,
            format!("{keyword} requires at least one argument"),
        );
    }
    InstructionKind::Other { words }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `pieces` of `source` as a mapped text, the way the parser used to join lines.
    fn mapped(source: &str, pieces: &[(usize, usize)]) -> MappedText {
        let mut map = MappedText::new();
        for &(a, b) in pieces {
            map.push_source(&source[a..b], a);
        }
        map
    }

    /// Checks every offset and range of `logical` against `map`.
    fn assert_maps_like(logical: &Logical<'_>, map: &MappedText) {
        let len = map.as_str().len();
        assert_eq!(logical.text(), map.as_str());
        for a in 0..=len + 1 {
            assert_eq!(logical.source_offset(a), map.source_offset(a), "offset {a}");
            for b in a..=len + 1 {
                let range = TextRange::new(a, b);
                assert_eq!(logical.range(a, b), map.source_range(range), "{a}..{b}");
            }
        }
    }

    #[test]
    fn a_borrowed_line_maps_like_the_mapped_text_it_replaces() {
        let text = "ENV é=1 x";
        let line = Logical::line(text, 7);
        let joined = Logical::joined(&format!("{:7}{text}", ""), &[(7, 7 + text.len())]);
        assert_maps_like(&line, &MappedText::verbatim(text, 7));
        for a in 0..=text.len() + 1 {
            for b in a..=text.len() + 1 {
                assert_eq!(line.sub_mapped(a, b), joined.sub_mapped(a, b), "{a}..{b}");
            }
        }
        assert_eq!(line.range(4, 6), TextRange::new(11, 13));
        assert_eq!(line.range(9, 20), TextRange::new(16, 18));
    }

    #[test]
    fn joined_lines_map_like_the_mapped_text_they_replace() {
        let source = "RUN a \\\n  # c\n  bé \\\n\nc\n";
        let pieces = [(0, 6), (14, 20), (23, 24), (24, 24)];
        let joined = Logical::joined(source, &pieces);
        let map = mapped(source, &pieces);
        assert_eq!(joined.text(), "RUN a   bé c");
        assert_maps_like(&joined, &map);
        assert_eq!(joined.sub_mapped(0, map.as_str().len()), map);
        let sub = joined.sub_mapped(4, 9);
        assert_eq!(sub.as_str(), "a   b");
        let runs: Vec<_> = sub
            .segments()
            .iter()
            .map(|s| (s.text_start, s.source_start, s.len))
            .collect();
        assert_eq!(runs, vec![(0, 4, 2), (2, 14, 3)]);
        // Pieces that touch in the source merge into one run, as `push_source` merges them.
        let touching = Logical::joined("abcd", &[(0, 2), (2, 4)]);
        assert_maps_like(&touching, &mapped("abcd", &[(0, 2), (2, 4)]));
    }

    #[test]
    fn an_empty_line_maps_to_zero_as_an_empty_mapped_text_does() {
        let line = Logical::line("", 40);
        assert_eq!(line.text(), "");
        assert_eq!(line.range(0, 0), TextRange::new(0, 0));
    }
}
