//! Heredoc markers (`<<EOF`, `<<-"EOF"`, `2<<EOF`) as BuildKit recognizes them on a RUN, COPY
//! or ADD line: a whole shell word matching `^[0-9]*<<-?[^<]+$`. Bodies are read by the parser.

use super::words::{char_at, parse_words, process_word};

/// A heredoc marker found in a logical line (offsets into the logical line).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Marker {
    /// The delimiter, quotes removed.
    pub name: String,
    /// The whole marker word.
    pub word: (usize, usize),
    /// Whether part of the delimiter was quoted.
    pub quoted: bool,
    /// `<<-`.
    pub strip_tabs: bool,
}

/// Why a marker-shaped word is not a usable heredoc.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct MarkerError {
    /// The word.
    pub word: (usize, usize),
    /// What is wrong.
    pub message: String,
}

/// Every heredoc marker of `s[start..end]`, in order.
pub(crate) fn find_markers(s: &str, start: usize, end: usize) -> (Vec<Marker>, Vec<MarkerError>) {
    let mut markers = Vec::new();
    let mut errors = Vec::new();
    let piece = s.get(start..end).unwrap_or("").as_bytes();
    if !memchr::memchr_iter(b'<', piece).any(|at| piece.get(at + 1) == Some(&b'<')) {
        return (markers, errors);
    }
    for (a, b) in parse_words(s, start, end, '\\') {
        match parse_marker(s, a, b) {
            Some(Ok(marker)) => markers.push(marker),
            Some(Err(message)) => errors.push(MarkerError {
                word: (a, b),
                message,
            }),
            None => {}
        }
    }
    (markers, errors)
}

/// Whether the word `text` is a heredoc marker (used to tell COPY sources from heredocs).
pub(crate) fn is_marker(text: &str) -> bool {
    matches!(parse_marker(text, 0, text.len()), Some(Ok(_)))
}

/// Parses the word `s[a..b]` as a marker: `None` when it is not one.
fn parse_marker(s: &str, a: usize, b: usize) -> Option<Result<Marker, String>> {
    let word = s.get(a..b)?;
    let after_fd = word.trim_start_matches(|c: char| c.is_ascii_digit());
    let after_angles = after_fd.strip_prefix("<<")?;
    let (strip_tabs, rest) = match after_angles.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, after_angles),
    };
    if rest.is_empty() || rest.contains('<') {
        return None;
    }
    let rest_start = b - rest.len();
    if let Some(quote) = unbalanced_quote(rest) {
        return Some(Err(format!(
            "unterminated {quote} quote in heredoc delimiter `{rest}`"
        )));
    }
    let processed = process_word(s, rest_start, b, '\\');
    if processed.value.is_empty() {
        return None;
    }
    let count = |t: &str| t.chars().filter(|c| *c == '\'' || *c == '"').count();
    let quoted = count(rest) != count(&processed.value);
    Some(Ok(Marker {
        name: processed.value,
        word: (a, b),
        quoted,
        strip_tabs,
    }))
}

/// The quote left open in `text`, if any.
fn unbalanced_quote(text: &str) -> Option<char> {
    let mut quote = None;
    let mut i = 0;
    while let Some(c) = char_at(text, i) {
        match quote {
            Some(q) if c == q => quote = None,
            Some('"') if c == '\\' => i += 1,
            Some(_) => {}
            None if c == '\\' => i += 1,
            None if c == '\'' || c == '"' => quote = Some(c),
            None => {}
        }
        i += c.len_utf8();
    }
    quote
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(line: &str) -> Vec<(String, bool, bool)> {
        let (markers, _) = find_markers(line, 0, line.len());
        markers
            .into_iter()
            .map(|m| (m.name, m.quoted, m.strip_tabs))
            .collect()
    }

    #[test]
    fn markers_match_buildkit_examples() {
        let eof = |q, t| ("EOF".to_owned(), q, t);
        assert_eq!(names("RUN <<EOF"), vec![eof(false, false)]);
        assert_eq!(names("RUN <<-EOF"), vec![eof(false, true)]);
        assert_eq!(names("RUN <<'EOF'"), vec![eof(true, false)]);
        assert_eq!(names("RUN 4<<EOF"), vec![eof(false, false)]);
        assert_eq!(names("RUN '<<EOF'"), vec![]);
        assert_eq!(names(r#"RUN "<<EOF""#), vec![]);
        assert_eq!(names("RUN cat > f << 'EOF'"), vec![]);
        assert_eq!(names("RUN <<<EOF"), vec![]);
    }

    #[test]
    fn unterminated_quote_is_an_error() {
        let line = "RUN <<'EOF";
        let (markers, errors) = find_markers(line, 0, line.len());
        assert!(markers.is_empty());
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].word, (4, 10));
    }
}
