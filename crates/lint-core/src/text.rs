//! Byte ranges into source text, line/column conversion, and [`MappedText`]: text derived
//! from a source (a Dockerfile logical line, a YAML scalar) that remembers where each of
//! its bytes came from.

use serde::Serialize;

/// A half-open byte range `start..end` into one file's original text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct TextRange {
    /// First byte of the range.
    pub start: usize,
    /// One past the last byte of the range.
    pub end: usize,
}

impl TextRange {
    /// A range from `start` to `end` (exclusive).
    pub const fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    /// An empty range at `offset`.
    pub const fn empty(offset: usize) -> Self {
        Self::new(offset, offset)
    }

    /// Number of bytes covered.
    pub const fn len(self) -> usize {
        self.end - self.start
    }

    /// Whether the range covers no bytes.
    pub const fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// Whether `offset` lies inside the range (the end excluded).
    pub const fn contains(self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }

    /// The smallest range covering both.
    pub fn cover(self, other: TextRange) -> TextRange {
        TextRange::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// This range moved right by `delta` bytes.
    pub const fn shift(self, delta: usize) -> TextRange {
        TextRange::new(self.start + delta, self.end + delta)
    }
}

/// A value with the byte range it was read from.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub range: TextRange,
}

impl<T> Spanned<T> {
    /// Pairs `value` with `range`.
    pub const fn new(value: T, range: TextRange) -> Self {
        Self { value, range }
    }
}

/// A 1-based line and column; the column counts characters (Unicode scalar values).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct LineColumn {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// Start offsets of every line of a text, for offset to line/column conversion. Offsets
/// are stored in 32 bits (half the memory of a check's biggest index): texts are far
/// smaller than 4 GiB, and an offset beyond is clamped.
#[derive(Clone, Debug)]
pub struct LineIndex {
    line_starts: Vec<u32>,
}

impl LineIndex {
    /// Indexes `text`. Lines end at `\n`; a `\r` before it belongs to the line.
    pub fn new(text: &str) -> Self {
        let newlines = memchr::memchr_iter(b'\n', text.as_bytes());
        let mut line_starts = Vec::with_capacity(newlines.clone().count() + 1);
        line_starts.push(0);
        line_starts.extend(newlines.map(|at| u32::try_from(at + 1).unwrap_or(u32::MAX)));
        Self { line_starts }
    }

    /// The 0-based line holding `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.line_starts
            .partition_point(|&start| start as usize <= offset)
            - 1
    }

    /// Byte offset where 0-based `line` starts, if the text has that line.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.line_starts.get(line).map(|&start| start as usize)
    }

    /// Number of lines (a text ending in `\n` has an empty last line).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// 1-based line and character column of `offset` in `text`. An offset inside a
    /// multi-byte character counts as that character.
    pub fn line_column(&self, text: &str, offset: usize) -> LineColumn {
        let offset = offset.min(text.len());
        let line = self.line_of(offset);
        let start = self.line_start(line).unwrap_or(0);
        let column = text
            .get(start..)
            .map(|rest| {
                rest.char_indices()
                    .take_while(|(i, _)| start + i < offset)
                    .count()
            })
            .unwrap_or(0);
        LineColumn {
            line: line + 1,
            column: column + 1,
        }
    }
}

/// One run of bytes copied unchanged from the source into a [`MappedText`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Segment {
    /// Offset of the run in the derived text.
    pub text_start: usize,
    /// Offset of the run in the original source.
    pub source_start: usize,
    /// Length of the run in bytes.
    pub len: usize,
}

/// Text derived from a source file by dropping or replacing some bytes (line
/// continuations, YAML indentation, folded newlines). Every byte copied from the source
/// belongs to a [`Segment`]; bytes the derivation inserted map to the nearest source byte.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MappedText {
    text: String,
    segments: Vec<Segment>,
}

impl MappedText {
    /// An empty mapped text.
    pub fn new() -> Self {
        Self::default()
    }

    /// Text copied verbatim from `source_start` in the source.
    pub fn verbatim(text: &str, source_start: usize) -> Self {
        let mut mapped = Self::new();
        mapped.push_source(text, source_start);
        mapped
    }

    /// Appends `piece`, which stands at `source_start` in the source.
    pub fn push_source(&mut self, piece: &str, source_start: usize) {
        if piece.is_empty() {
            return;
        }
        let text_start = self.text.len();
        if let Some(last) = self.segments.last_mut()
            && last.text_start + last.len == text_start
            && last.source_start + last.len == source_start
        {
            last.len += piece.len();
        } else {
            self.segments.push(Segment {
                text_start,
                source_start,
                len: piece.len(),
            });
        }
        self.text.push_str(piece);
    }

    /// Appends another mapped text of the same source, keeping its mapping.
    pub fn push_mapped(&mut self, other: &MappedText) {
        let mut copied = 0;
        for segment in &other.segments {
            let start = segment.text_start;
            self.push_synthetic(&other.text[copied..start]);
            self.push_source(
                &other.text[start..start + segment.len],
                segment.source_start,
            );
            copied = start + segment.len;
        }
        self.push_synthetic(&other.text[copied..]);
    }

    /// Appends `piece`, which has no counterpart in the source (a folded newline, say).
    pub fn push_synthetic(&mut self, piece: &str) {
        self.text.push_str(piece);
    }

    /// The derived text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The runs copied from the source, in text order.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// The source offset of text offset `offset`. Synthetic bytes map to the end of the
    /// run before them (or the start of the first run).
    pub fn source_offset(&self, offset: usize) -> usize {
        let index = self.segments.partition_point(|s| s.text_start <= offset);
        match index.checked_sub(1).map(|i| self.segments[i]) {
            Some(s) if offset < s.text_start + s.len => s.source_start + (offset - s.text_start),
            Some(s) => s.source_start + s.len,
            None => self.segments.first().map_or(0, |s| s.source_start),
        }
    }

    /// The source range of text range `range`. The end maps to just past the last byte.
    pub fn source_range(&self, range: TextRange) -> TextRange {
        let start = self.source_offset(range.start);
        let end = if range.is_empty() {
            start
        } else {
            self.source_offset(range.end - 1) + 1
        };
        TextRange::new(start, end.max(start))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_characters_not_bytes() {
        let text = "ab\néé x\n";
        let index = LineIndex::new(text);
        assert_eq!(
            index.line_column(text, 0),
            LineColumn { line: 1, column: 1 }
        );
        assert_eq!(
            index.line_column(text, 3),
            LineColumn { line: 2, column: 1 }
        );
        assert_eq!(
            index.line_column(text, 8),
            LineColumn { line: 2, column: 4 }
        );
        assert_eq!(
            index.line_column(text, text.len()),
            LineColumn { line: 3, column: 1 }
        );
    }

    #[test]
    fn mapped_text_maps_across_dropped_bytes() {
        // "RUN a \\\n  b" with the continuation dropped: "a   b"
        let mut mapped = MappedText::new();
        mapped.push_source("a ", 4);
        mapped.push_source("  b", 8);
        assert_eq!(mapped.as_str(), "a   b");
        assert_eq!(mapped.source_offset(0), 4);
        assert_eq!(mapped.source_offset(4), 10);
        assert_eq!(
            mapped.source_range(TextRange::new(4, 5)),
            TextRange::new(10, 11)
        );
    }

    #[test]
    fn mapped_text_maps_synthetic_bytes_to_previous_run_end() {
        let mut mapped = MappedText::new();
        mapped.push_source("echo a", 10);
        mapped.push_synthetic(" ");
        mapped.push_source("b", 30);
        assert_eq!(mapped.as_str(), "echo a b");
        assert_eq!(mapped.source_offset(6), 16);
        assert_eq!(mapped.source_offset(7), 30);
    }
}
