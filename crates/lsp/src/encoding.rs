//! The position encoding agreed with the client (UTF-8 when offered, else UTF-16) and the
//! conversion between LSP positions and the byte offsets that lint-core reports.

use lsp_types::{ClientCapabilities, Position, PositionEncodingKind, Range};
use stowaway_lint_core::text::{LineIndex, TextRange};

/// What an LSP `character` counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PositionEncoding {
    /// Bytes of UTF-8.
    Utf8,
    /// UTF-16 code units, the protocol's default.
    #[default]
    Utf16,
}

impl PositionEncoding {
    /// UTF-8 when the client lists it in `general.positionEncodings`, else UTF-16.
    pub fn negotiate(capabilities: &ClientCapabilities) -> Self {
        let offered = capabilities
            .general
            .as_ref()
            .and_then(|general| general.position_encodings.as_ref());
        match offered {
            Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Self::Utf8,
            _ => Self::Utf16,
        }
    }

    /// The kind announced in the server capabilities.
    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Self::Utf8 => PositionEncodingKind::UTF8,
            Self::Utf16 => PositionEncodingKind::UTF16,
        }
    }

    /// Code units of `c` in this encoding.
    fn units(self, c: char) -> usize {
        match self {
            Self::Utf8 => c.len_utf8(),
            Self::Utf16 => c.len_utf16(),
        }
    }

    /// The position of byte `offset` in `text`. An offset past the end, or inside a
    /// character, is moved back to the nearest character start.
    pub fn position(self, text: &str, index: &LineIndex, offset: usize) -> Position {
        let offset = floor_char_boundary(text, offset);
        let line = index.line_of(offset);
        let start = index.line_start(line).unwrap_or(0).min(offset);
        let character: usize = text
            .get(start..offset)
            .map_or(0, |before| before.chars().map(|c| self.units(c)).sum());
        Position::new(to_u32(line), to_u32(character))
    }

    /// The byte offset of `position` in `text`. A line past the end maps to the end of
    /// the text; a character past the end of its line maps to the end of the line (before
    /// its line break); a character inside a multi-unit character maps to its start.
    pub fn offset(self, text: &str, index: &LineIndex, position: Position) -> usize {
        let Some(start) = index.line_start(position.line as usize) else {
            return text.len();
        };
        let end = index
            .line_start(position.line as usize + 1)
            .unwrap_or(text.len());
        let line = text.get(start..end).unwrap_or("");
        let line = line.strip_suffix('\n').unwrap_or(line);
        let line = line.strip_suffix('\r').unwrap_or(line);
        let wanted = position.character as usize;
        let mut counted = 0;
        for (at, c) in line.char_indices() {
            let next = counted + self.units(c);
            if next > wanted {
                return start + at;
            }
            counted = next;
        }
        start + line.len()
    }

    /// The LSP range of a byte range.
    pub fn range(self, text: &str, index: &LineIndex, range: TextRange) -> Range {
        Range::new(
            self.position(text, index, range.start),
            self.position(text, index, range.end.max(range.start)),
        )
    }

    /// The byte range of an LSP range; a reversed range is made empty at its start.
    pub fn text_range(self, text: &str, index: &LineIndex, range: Range) -> TextRange {
        let start = self.offset(text, index, range.start);
        let end = self.offset(text, index, range.end);
        TextRange::new(start, end.max(start))
    }
}

/// `offset` clamped to `text` and moved back to a character boundary.
fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// `value` as the protocol's `u32`, saturating.
fn to_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::GeneralClientCapabilities;

    const TEXT: &str = "é😀 ARG X\r\nsecond\n";

    fn index() -> LineIndex {
        LineIndex::new(TEXT)
    }

    #[test]
    fn utf16_counts_surrogate_pairs_and_utf8_counts_bytes() {
        // "ARG" starts at byte 7: é (2 bytes, 1 unit) + 😀 (4 bytes, 2 units) + space.
        assert_eq!(
            PositionEncoding::Utf16.position(TEXT, &index(), 7),
            Position::new(0, 4)
        );
        assert_eq!(
            PositionEncoding::Utf8.position(TEXT, &index(), 7),
            Position::new(0, 7)
        );
        assert_eq!(
            PositionEncoding::Utf16.offset(TEXT, &index(), Position::new(0, 4)),
            7
        );
        assert_eq!(
            PositionEncoding::Utf8.offset(TEXT, &index(), Position::new(0, 7)),
            7
        );
    }

    #[test]
    fn positions_inside_a_character_snap_to_its_start() {
        // UTF-16 unit 2 is the second half of the emoji, which starts at byte 2.
        assert_eq!(
            PositionEncoding::Utf16.offset(TEXT, &index(), Position::new(0, 2)),
            2
        );
        assert_eq!(
            PositionEncoding::Utf8.offset(TEXT, &index(), Position::new(0, 1)),
            0
        );
        assert_eq!(
            PositionEncoding::Utf8.position(TEXT, &index(), 1),
            Position::new(0, 0)
        );
    }

    #[test]
    fn out_of_range_positions_clamp_to_line_and_text_ends() {
        // Line 0 ends before "\r\n" at byte 12.
        assert_eq!(
            PositionEncoding::Utf16.offset(TEXT, &index(), Position::new(0, 99)),
            12
        );
        assert_eq!(
            PositionEncoding::Utf16.offset(TEXT, &index(), Position::new(9, 0)),
            TEXT.len()
        );
        assert_eq!(
            PositionEncoding::Utf16.position(TEXT, &index(), 999),
            Position::new(2, 0)
        );
    }

    #[test]
    fn utf8_is_chosen_only_when_offered() {
        let with = |kinds: Vec<PositionEncodingKind>| ClientCapabilities {
            general: Some(GeneralClientCapabilities {
                position_encodings: Some(kinds),
                ..GeneralClientCapabilities::default()
            }),
            ..ClientCapabilities::default()
        };
        let utf8 = with(vec![
            PositionEncodingKind::UTF16,
            PositionEncodingKind::UTF8,
        ]);
        assert_eq!(PositionEncoding::negotiate(&utf8), PositionEncoding::Utf8);
        let utf16 = with(vec![PositionEncodingKind::UTF32]);
        assert_eq!(PositionEncoding::negotiate(&utf16), PositionEncoding::Utf16);
        let none = ClientCapabilities::default();
        assert_eq!(PositionEncoding::negotiate(&none), PositionEncoding::Utf16);
    }
}
