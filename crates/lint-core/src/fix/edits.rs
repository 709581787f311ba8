//! Text helpers shared by the fixes: line endings, whole-line and list-item removal
//! ranges, and whether a text reads a variable. Every range is a byte range of the
//! original text; nothing is re-serialised.

use crate::text::TextRange;

/// The line ending the file uses: `\r\n` when it has any, else `\n`.
pub fn line_ending(text: &str) -> &'static str {
    if text.contains("\r\n") { "\r\n" } else { "\n" }
}

/// The offset where the line holding `offset` starts.
pub fn line_start(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .and_then(|before| before.rfind('\n'))
        .map_or(0, |at| at + 1)
}

/// The offset just past the line ending of the line holding `offset` (the text's end
/// on the last line).
pub fn next_line_start(text: &str, offset: usize) -> usize {
    text.get(offset..)
        .and_then(|after| after.find('\n'))
        .map_or(text.len(), |at| offset + at + 1)
}

/// The lines `range` spans, from the first line's start through the last line's ending,
/// when only blanks stand before `range` on its first line.
pub fn whole_lines(text: &str, range: TextRange) -> Option<TextRange> {
    let start = line_start(text, range.start);
    let before = text.get(start..range.start)?;
    if !before.trim().is_empty() {
        return None;
    }
    let last = range.end.saturating_sub(1).max(range.start);
    Some(TextRange::new(start, next_line_start(text, last)))
}

/// The range that removes element `index` of `items` (ranges in source order, separated by
/// blanks or continuations): the element and the separator before it, or after it for the
/// first element.
pub fn list_element(items: &[TextRange], index: usize) -> Option<TextRange> {
    let item = items.get(index)?;
    match index.checked_sub(1).and_then(|i| items.get(i)) {
        Some(previous) => Some(TextRange::new(previous.end, item.end)),
        None => Some(TextRange::new(item.start, items.get(1)?.start)),
    }
}

/// `range` extended backwards over the blanks, newlines and `\` line continuations that
/// separate it from the previous word.
pub fn with_leading_separator(text: &str, range: TextRange) -> TextRange {
    let bytes = text.as_bytes();
    let mut start = range.start.min(bytes.len());
    while start > 0 {
        let byte = bytes[start - 1];
        let continuation = byte == b'\\' && matches!(bytes.get(start), Some(b'\n' | b'\r'));
        if matches!(byte, b' ' | b'\t' | b'\n' | b'\r') || continuation {
            start -= 1;
        } else {
            break;
        }
    }
    TextRange::new(start, range.end)
}

/// Whether `text` reads the variable `name` as `$name` or `${name...}`.
pub fn mentions(text: &str, name: &str) -> bool {
    let mut rest = text;
    while let Some(at) = rest.find('$') {
        rest = &rest[at + 1..];
        let (braced, tail) = match rest.strip_prefix('{') {
            Some(tail) => (true, tail),
            None => (false, rest),
        };
        if let Some(after) = tail.strip_prefix(name) {
            let next = after.chars().next();
            let ends = match next {
                None => !braced,
                Some(c) if braced => matches!(c, '}' | ':' | '-' | '+' | '?' | '=' | '#' | '%'),
                Some(c) => !(c.is_ascii_alphanumeric() || c == '_'),
            };
            if ends {
                return true;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_needs_the_whole_name() {
        assert!(mentions("echo $NPM_TOKEN", "NPM_TOKEN"));
        assert!(mentions("a=${NPM_TOKEN:-x}", "NPM_TOKEN"));
        assert!(mentions("\"${NPM_TOKEN}\"", "NPM_TOKEN"));
        assert!(!mentions("echo $NPM_TOKENS", "NPM_TOKEN"));
        assert!(!mentions("echo NPM_TOKEN", "NPM_TOKEN"));
        assert!(!mentions("echo ${NPM_TOKENX}", "NPM_TOKEN"));
    }

    #[test]
    fn whole_lines_cover_the_line_ending() {
        let text = "FROM a\r\nARG T\r\nRUN x\r\n";
        assert_eq!(
            whole_lines(text, TextRange::new(8, 13)),
            Some(TextRange::new(8, 15))
        );
        assert_eq!(
            whole_lines("FROM a\nARG T", TextRange::new(7, 12)),
            Some(TextRange::new(7, 12))
        );
        assert_eq!(whole_lines("x ARG T\n", TextRange::new(2, 7)), None);
    }

    #[test]
    fn list_element_takes_the_separator_before_or_after() {
        let items = [
            TextRange::new(4, 7),
            TextRange::new(8, 15),
            TextRange::new(20, 23),
        ];
        assert_eq!(list_element(&items, 0), Some(TextRange::new(4, 8)));
        assert_eq!(list_element(&items, 1), Some(TextRange::new(7, 15)));
        assert_eq!(list_element(&items, 2), Some(TextRange::new(15, 23)));
        assert_eq!(list_element(&items[..1], 0), None);
    }

    #[test]
    fn leading_separator_includes_continuations() {
        let text = "docker build \\\r\n  --build-arg T \\\n  .";
        let flag = TextRange::new(18, 31);
        assert_eq!(&text[18..31], "--build-arg T");
        assert_eq!(with_leading_separator(text, flag), TextRange::new(12, 31));
    }
}
