//! Finds the comments of a file that may carry a suppression or another tool's marker:
//! whole-line comments of Dockerfiles (outside heredoc bodies) and of YAML, and end-of-line
//! comments of YAML. A `#` in the middle of a Dockerfile line is not a comment.

use crate::dockerfile::Dockerfile;
use crate::source::{FileKind, SourceFile};
use crate::text::TextRange;

/// A comment: from its `#` to the end of its line (a `\r` excluded).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Comment {
    /// From the `#` to the end of the line.
    pub range: TextRange,
    /// 0-based line of the comment.
    pub line: usize,
    /// Whether nothing but blanks comes before the `#` on its line.
    pub whole_line: bool,
}

/// The lines of `text`, each as the range of its content (line ending excluded).
pub fn line_ranges(text: &str) -> Vec<TextRange> {
    let mut lines = Vec::new();
    let mut start = 0;
    for piece in text.split_inclusive('\n') {
        let content = piece.trim_end_matches('\n').trim_end_matches('\r');
        lines.push(TextRange::new(start, start + content.len()));
        start += piece.len();
    }
    lines
}

/// For each 0-based line of `file`: whether it is blank or a whole-line comment.
pub fn skippable_lines(file: &SourceFile, comments: &[Comment]) -> Vec<bool> {
    let mut skippable: Vec<bool> = line_ranges(&file.text)
        .iter()
        .map(|range| file.slice(*range).trim().is_empty())
        .collect();
    for comment in comments.iter().filter(|comment| comment.whole_line) {
        if let Some(line) = skippable.get_mut(comment.line) {
            *line = true;
        }
    }
    skippable
}

/// The comments of `file`; `dockerfile` is its syntax tree when it is a Dockerfile.
pub fn comments(file: &SourceFile, dockerfile: Option<&Dockerfile>) -> Vec<Comment> {
    let heredoc_bodies = dockerfile
        .map(|ast| heredoc_bodies(file, ast))
        .unwrap_or_default();
    let mut found = Vec::new();
    for (line, range) in line_ranges(&file.text).into_iter().enumerate() {
        if heredoc_bodies.iter().any(|body| body.contains(range.start)) {
            continue;
        }
        let content = file.slice(range);
        let indent = content.len() - content.trim_start().len();
        if content.trim_start().starts_with('#') {
            found.push(Comment {
                range: TextRange::new(range.start + indent, range.end),
                line,
                whole_line: true,
            });
        } else if file.kind == FileKind::Pipeline
            && let Some(at) = yaml_trailing_comment(content)
        {
            found.push(Comment {
                range: TextRange::new(range.start + at, range.end),
                line,
                whole_line: false,
            });
        }
    }
    found
}

/// Where the trailing comment of a YAML line starts: the first `#` that follows a blank and
/// lies outside double quotes.
fn yaml_trailing_comment(content: &str) -> Option<usize> {
    let mut in_double = false;
    let mut previous = ' ';
    for (at, ch) in content.char_indices() {
        match ch {
            '"' if previous != '\\' => in_double = !in_double,
            '#' if !in_double && (previous == ' ' || previous == '\t') => return Some(at),
            _ => {}
        }
        previous = ch;
    }
    None
}

/// The byte ranges of every heredoc body and terminator: lines there are content, never
/// comments.
fn heredoc_bodies(file: &SourceFile, ast: &Dockerfile) -> Vec<TextRange> {
    ast.instructions
        .iter()
        .flat_map(|instruction| instruction.heredocs())
        .filter_map(|heredoc| {
            let marker_line = file.line_index.line_of(heredoc.marker.end);
            let start = file.line_index.line_start(marker_line + 1)?;
            Some(TextRange::new(start, heredoc.terminator.end.max(start)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dockerfile;

    fn comment_texts(kind: FileKind, text: &str) -> Vec<(usize, bool, String)> {
        let file = SourceFile::new("x", text, kind);
        let ast = (kind == FileKind::Dockerfile).then(|| dockerfile::parse(text));
        comments(&file, ast.as_ref())
            .into_iter()
            .map(|c| (c.line, c.whole_line, file.slice(c.range).to_owned()))
            .collect()
    }

    #[test]
    fn dockerfile_comments_are_whole_lines_outside_heredocs() {
        let text = "# a\nFROM x\nRUN echo 1 # not a comment\nRUN <<EOF\n# body\nEOF\n  # b\r\n";
        assert_eq!(
            comment_texts(FileKind::Dockerfile, text),
            vec![(0, true, "# a".to_owned()), (6, true, "# b".to_owned())]
        );
    }

    #[test]
    fn yaml_trailing_comments_follow_a_blank_outside_double_quotes() {
        let text = "a: \"x # y\" # c\nb: x#y\n  # d\nc: 'q' # e\n";
        assert_eq!(
            comment_texts(FileKind::Pipeline, text),
            vec![
                (0, false, "# c".to_owned()),
                (2, true, "# d".to_owned()),
                (3, false, "# e".to_owned())
            ]
        );
    }
}
