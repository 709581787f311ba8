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
    let first = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let bytes = text.as_bytes();
    let mut start = first;
    // One vectorized search over the whole file: lines average a few dozen bytes, where a
    // search started afresh for each line spends most of its time getting aligned.
    for at in memchr::memchr_iter(b'\n', bytes.get(first..).unwrap_or(&[])) {
        let newline = first + at;
        lines.push(line(bytes, start, newline, newline + 1));
        start = newline + 1;
    }
    if start < text.len() {
        lines.push(line(bytes, start, text.len(), text.len()));
    }
    lines
}

/// The line from `start` whose ending starts at `ending` (a `\r` before a `\n` included).
fn line(bytes: &[u8], start: usize, ending: usize, next: usize) -> Line {
    let mut end = ending;
    if end > start && bytes.get(end - 1) == Some(&b'\r') {
        end -= 1;
    }
    Line { start, end, next }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(text: &str) -> Vec<(usize, usize, usize)> {
        split_lines(text)
            .iter()
            .map(|l| (l.start, l.end, l.next))
            .collect()
    }

    #[test]
    fn a_final_line_ending_adds_no_empty_line() {
        assert_eq!(spans("A\n"), vec![(0, 1, 2)]);
        assert_eq!(spans("A\n\n"), vec![(0, 1, 2), (2, 2, 3)]);
        assert_eq!(spans("\u{feff}"), vec![]);
        assert_eq!(spans("\u{feff}\n"), vec![(3, 3, 4)]);
        assert_eq!(spans("\r"), vec![(0, 0, 1)]);
        assert_eq!(spans("\r\r\n"), vec![(0, 1, 3)]);
    }

    #[test]
    fn crlf_and_bom_are_outside_line_content() {
        let lines = split_lines("\u{feff}A\r\nB\n\nC");
        let spans: Vec<_> = lines.iter().map(|l| (l.start, l.end, l.next)).collect();
        assert_eq!(spans, vec![(3, 4, 6), (6, 7, 8), (8, 8, 9), (9, 10, 10)]);
    }
}
