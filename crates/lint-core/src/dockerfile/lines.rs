//! Physical lines of a Dockerfile: where each starts and where its content ends (the `\n`
//! or `\r\n` excluded), after a leading UTF-8 byte-order mark.

/// One physical line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Line {
    /// First byte of the line.
    pub start: usize,
    /// End of its content: the line ending is excluded.
    pub end: usize,
    /// End of the line ending: where the next line starts.
    pub next: usize,
}

/// Splits `text` into lines; a BOM at the start is skipped.
pub(crate) fn split_lines(text: &str) -> Vec<Line> {
    let mut lines = Vec::with_capacity(text.len() / 32 + 1);
    let mut start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let bytes = text.as_bytes();
    while start < text.len() {
        let newline = memchr_newline(text, start);
        let next = newline.map_or(text.len(), |n| n + 1);
        let mut end = newline.unwrap_or(text.len());
        if end > start && bytes.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        lines.push(Line { start, end, next });
        start = next;
    }
    lines
}

/// Position of the next `\n` at or after `from`. `str::find` with a `char` runs the
/// standard library's word-at-a-time memchr, several times faster than a byte loop.
fn memchr_newline(text: &str, from: usize) -> Option<usize> {
    text.get(from..)?.find('\n').map(|at| from + at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_and_bom_are_outside_line_content() {
        let lines = split_lines("\u{feff}A\r\nB\n\nC");
        let spans: Vec<_> = lines.iter().map(|l| (l.start, l.end, l.next)).collect();
        assert_eq!(spans, vec![(3, 4, 6), (6, 7, 8), (8, 8, 9), (9, 10, 10)]);
    }
}
