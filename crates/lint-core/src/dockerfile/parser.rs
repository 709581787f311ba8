//! The line-level parser: directives, comments, continuations, logical lines and heredoc
//! bodies, following BuildKit's `parser.Parse` line by line. Instruction arguments are
//! parsed by [`super::instruction`].

use super::ast::{Directive, Dockerfile, Heredoc, Instruction, InstructionKind, SyntaxError};
use super::heredoc::{Marker, find_markers};
use super::instruction::{Ctx, Logical, parse_instruction};
use super::lines::{Line, split_lines};
use super::words::trim_start_ws;
use crate::text::{MappedText, Spanned, TextRange};

/// Parses a Dockerfile. Never fails: problems are collected in [`Dockerfile::errors`].
pub fn parse(text: &str) -> Dockerfile {
    let mut parser = Parser::new(text);
    parser.run();
    parser.finish()
}

/// Parsing state over the physical lines of one file.
struct Parser<'a> {
    text: &'a str,
    lines: Vec<Line>,
    /// Scratch list of the source pieces of a logical line, reused from line to line.
    pieces: Vec<(usize, usize)>,
    next: usize,
    escape: char,
    directives_done: bool,
    saw_instruction: bool,
    directives: Vec<Directive>,
    instructions: Vec<Instruction>,
    errors: Vec<SyntaxError>,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Self {
        let lines = split_lines(text);
        // Instructions are large: growing the vector from empty copied them over and over.
        // Most files have an instruction on every second or third line.
        let instructions = Vec::with_capacity(lines.len() / 2 + 1);
        Parser {
            text,
            lines,
            pieces: Vec::with_capacity(16),
            next: 0,
            escape: '\\',
            directives_done: false,
            saw_instruction: false,
            directives: Vec::new(),
            instructions,
            errors: Vec::new(),
        }
    }

    fn error(&mut self, range: TextRange, message: impl Into<String>) {
        self.errors.push(SyntaxError {
            range,
            message: message.into(),
        });
    }

    fn slice(&self, start: usize, end: usize) -> &'a str {
        self.text.get(start..end).unwrap_or("")
    }

    /// Reads every logical line and turns it into an instruction.
    fn run(&mut self) {
        while let Some(line) = self.lines.get(self.next).copied() {
            self.next += 1;
            let content = trim_start_ws(self.slice(line.start, line.end));
            let trimmed_start = line.end - content.len();
            self.directive(line, trimmed_start);
            if content.starts_with('#') {
                continue;
            }
            let (body_end, continues) = self.trim_continuation(trimmed_start, line.end);
            if !continues && body_end == trimmed_start {
                continue;
            }
            let first = self.slice(trimmed_start, body_end);
            self.saw_instruction = true;
            if !continues {
                self.instruction(Logical::line(first, trimmed_start), line.end);
                continue;
            }
            let mut pieces = std::mem::take(&mut self.pieces);
            pieces.clear();
            pieces.push((trimmed_start, body_end));
            let last_end = self.continuation(&mut pieces);
            let logical = Logical::joined(self.text, &pieces);
            self.pieces = pieces;
            self.instruction(logical, last_end.unwrap_or(line.end));
        }
    }

    /// Appends the source ranges of continuation lines to `pieces`, skipping comment and
    /// blank lines; returns the end of the last line appended.
    fn continuation(&mut self, pieces: &mut Vec<(usize, usize)>) -> Option<usize> {
        let mut last_end = None;
        while let Some(line) = self.lines.get(self.next).copied() {
            self.next += 1;
            let content = trim_start_ws(self.slice(line.start, line.end));
            if content.starts_with('#') || content.is_empty() {
                continue;
            }
            let (body_end, continues) = self.trim_continuation(line.start, line.end);
            pieces.push((line.start, body_end));
            last_end = Some(line.end);
            if !continues {
                break;
            }
        }
        last_end
    }

    /// Where the line's text ends once a trailing escape (plus spaces and tabs) is removed,
    /// and whether there was one.
    fn trim_continuation(&self, start: usize, end: usize) -> (usize, bool) {
        let bytes = self.slice(start, end).as_bytes();
        let escape = if self.escape == '`' { b'`' } else { b'\\' };
        let mut len = bytes.len();
        while let Some(b' ' | b'\t') = len.checked_sub(1).and_then(|i| bytes.get(i)) {
            len -= 1;
        }
        match len.checked_sub(1).and_then(|i| bytes.get(i)) {
            Some(&last) if last == escape => (start + len - 1, true),
            _ => (end, false),
        }
    }

    /// Records a parser directive at the top of the file; any other line ends them.
    fn directive(&mut self, line: Line, trimmed_start: usize) {
        if self.directives_done {
            return;
        }
        let text = self.slice(trimmed_start, line.end);
        let Some((name, value)) = match_directive(text, trimmed_start) else {
            self.directives_done = true;
            return;
        };
        if !matches!(name.value.as_str(), "syntax" | "escape" | "check") {
            self.directives_done = true;
            return;
        }
        if self.directives.iter().any(|d| d.name.value == name.value) {
            let message = format!("only one {} parser directive can be used", name.value);
            self.error(name.range, message);
            return;
        }
        if name.value == "escape" {
            match value.value.as_str() {
                "`" => self.escape = '`',
                "\\" => self.escape = '\\',
                other => {
                    let message = format!("invalid escape token '{other}' does not match ` or \\");
                    self.error(value.range, message);
                }
            }
        }
        let range = TextRange::new(line.start, line.end);
        self.directives.push(Directive { name, value, range });
    }

    /// Parses one logical line, then reads the bodies of its heredocs.
    fn instruction(&mut self, logical: Logical<'_>, last_end: usize) {
        let mut ctx = Ctx::new(&logical, self.escape, &mut self.errors);
        let text_len = logical.text().len();
        let Some(mut instruction) = parse_instruction(&mut ctx, 0, text_len, 0) else {
            return;
        };
        let heredoc_ok = ctx.heredoc_capable;
        let mut end = last_end;
        if heredoc_ok {
            let (markers, marker_errors) = find_markers(logical.text(), 0, text_len);
            for bad in marker_errors {
                self.error(logical.range(bad.word.0, bad.word.1), bad.message);
            }
            let docs: Vec<Heredoc> = markers.iter().map(|m| self.heredoc(&logical, m)).collect();
            end = docs.iter().map(|d| d.terminator.end).fold(end, usize::max);
            attach_heredocs(&mut instruction, docs);
        }
        instruction.range.end = end;
        if let InstructionKind::Onbuild(nested) = &mut instruction.kind {
            nested.range.end = end;
        }
        self.instructions.push(instruction);
    }

    /// Reads the body of one heredoc, up to its terminator line or the end of the file.
    fn heredoc(&mut self, logical: &Logical<'_>, marker: &Marker) -> Heredoc {
        let mut body = MappedText::new();
        let marker_range = logical.range(marker.word.0, marker.word.1);
        while let Some(line) = self.lines.get(self.next).copied() {
            self.next += 1;
            let content = self.slice(line.start, line.end);
            let candidate = if marker.strip_tabs {
                content.trim_start_matches('\t')
            } else {
                content
            };
            let candidate_start = line.end - candidate.len();
            if candidate == marker.name {
                let terminator = TextRange::new(candidate_start, line.end);
                return make_heredoc(marker, marker_range, body, terminator);
            }
            body.push_source(candidate, candidate_start);
            if line.next > line.end {
                body.push_source("\n", line.next - 1);
            }
        }
        self.error(
            marker_range,
            format!("unterminated heredoc `{}`", marker.name),
        );
        let terminator = TextRange::empty(self.text.len());
        make_heredoc(marker, marker_range, body, terminator)
    }

    /// The parsed file, with whole-file errors added and errors in file order.
    fn finish(mut self) -> Dockerfile {
        if !self.saw_instruction {
            let at = if self.text.starts_with('\u{feff}') {
                3
            } else {
                0
            };
            self.error(TextRange::empty(at), "file with no instructions");
        }
        self.check_first_stage();
        self.errors.sort_by_key(|e| (e.range.start, e.range.end));
        // Every parsed file stays in memory until the rules have run, and an instruction
        // is large: the spare capacity of the growing vector was a quarter of peak memory.
        self.instructions.shrink_to_fit();
        Dockerfile {
            directives: self.directives,
            escape: self.escape,
            instructions: self.instructions,
            errors: self.errors,
        }
    }

    /// BuildKit accepts only ARG before the first FROM, and needs at least one FROM.
    fn check_first_stage(&mut self) {
        let first_from = self
            .instructions
            .iter()
            .position(|i| i.keyword.value == "FROM");
        let before = &self.instructions[..first_from.unwrap_or(self.instructions.len())];
        let misplaced: Vec<(TextRange, String)> = before
            .iter()
            .filter(|i| i.keyword.value != "ARG")
            .map(|i| (i.keyword.range, i.keyword.value.clone()))
            .collect();
        let only_args = misplaced.is_empty();
        for (range, keyword) in misplaced {
            self.error(
                range,
                format!("no build stage in current context: {keyword} before FROM"),
            );
        }
        if first_from.is_none()
            && only_args
            && let Some(first) = self.instructions.first().map(|i| i.keyword.range)
        {
            self.error(first, "dockerfile contains no stages to build");
        }
    }
}

/// Assembles a [`Heredoc`].
fn make_heredoc(marker: &Marker, range: TextRange, body: MappedText, end: TextRange) -> Heredoc {
    Heredoc {
        name: marker.name.clone(),
        marker: range,
        quoted: marker.quoted,
        strip_tabs: marker.strip_tabs,
        body,
        terminator: end,
    }
}

/// Gives the heredocs to the command or copy arguments of `instruction`.
fn attach_heredocs(instruction: &mut Instruction, docs: Vec<Heredoc>) {
    match &mut instruction.kind {
        InstructionKind::Run(command) => command.heredocs = docs,
        InstructionKind::Copy(args) | InstructionKind::Add(args) => args.heredocs = docs,
        InstructionKind::Onbuild(nested) => attach_heredocs(nested, docs),
        _ => {}
    }
}

/// Matches `#\s*name\s*=\s*value\s*` at `base`; the name is lower-cased.
fn match_directive(text: &str, base: usize) -> Option<(Spanned<String>, Spanned<String>)> {
    let is_ws = |c: char| matches!(c, ' ' | '\t' | '\n' | '\u{c}' | '\r');
    let after_hash = text.strip_prefix('#')?;
    let name_text = after_hash.trim_start_matches(is_ws);
    let name_start = text.len() - name_text.len();
    let first = name_text.chars().next()?;
    if !first.is_ascii_alphabetic() {
        return None;
    }
    let name_len = name_text
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(name_text.len());
    let after_name = name_text.get(name_len..)?.trim_start_matches(is_ws);
    let value_text = after_name.strip_prefix('=')?.trim_start_matches(is_ws);
    let value = value_text.trim_end_matches(is_ws);
    if value.is_empty() {
        return None;
    }
    let value_start = base + text.len() - value_text.len();
    let name = name_text.get(..name_len)?.to_ascii_lowercase();
    Some((
        Spanned::new(
            name,
            TextRange::new(base + name_start, base + name_start + name_len),
        ),
        Spanned::new(
            value.to_owned(),
            TextRange::new(value_start, value_start + value.len()),
        ),
    ))
}
