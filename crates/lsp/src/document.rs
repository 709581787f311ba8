//! The open documents: text, version and line index, kept in step with the client by
//! full and incremental `didChange` notifications.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use lsp_types::{TextDocumentContentChangeEvent, Uri};
use stowaway_lint_core::source::FileKind;
use stowaway_lint_core::text::LineIndex;

use crate::encoding::PositionEncoding;

/// One open document.
#[derive(Clone, Debug)]
pub struct Document {
    /// The URI the client knows the document by.
    pub uri: Uri,
    /// The current text.
    pub text: String,
    /// The client's version of `text`.
    pub version: i32,
    /// Which parser the document goes to.
    pub kind: FileKind,
    /// Line starts of `text`.
    pub line_index: LineIndex,
}

impl Document {
    /// A document opened with `text` at `version`.
    pub fn new(uri: Uri, text: String, version: i32, kind: FileKind) -> Self {
        let line_index = LineIndex::new(&text);
        Self {
            uri,
            text,
            version,
            kind,
            line_index,
        }
    }

    /// Applies `changes` in order and moves to `version`. A change without a range
    /// replaces the whole text.
    pub fn apply_changes(
        &mut self,
        changes: Vec<TextDocumentContentChangeEvent>,
        version: i32,
        encoding: PositionEncoding,
    ) {
        for change in changes {
            match change.range {
                Some(range) => {
                    let bytes = encoding.text_range(&self.text, &self.line_index, range);
                    self.text
                        .replace_range(bytes.start..bytes.end, &change.text);
                }
                None => self.text = change.text,
            }
            self.line_index = LineIndex::new(&self.text);
        }
        self.version = version;
    }
}

/// The kind of a document from its language id (`dockerfile`) or, failing that, its name.
pub fn document_kind(language_id: &str, path: &Path) -> Option<FileKind> {
    if language_id.eq_ignore_ascii_case("dockerfile") {
        return Some(FileKind::Dockerfile);
    }
    FileKind::from_path(path)
}

/// The open documents, keyed by path (or by URI string for non-file URIs).
pub type DocumentStore = HashMap<PathBuf, Document>;

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::{Position, Range};
    use std::str::FromStr;

    fn document(text: &str) -> Document {
        let uri = Uri::from_str("file:///w/Dockerfile").expect("valid uri");
        Document::new(uri, text.to_string(), 1, FileKind::Dockerfile)
    }

    fn change(range: Option<Range>, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range,
            range_length: None,
            text: text.to_string(),
        }
    }

    #[test]
    fn incremental_changes_apply_in_order_after_non_ascii_text() {
        let mut doc = document("# é😀\nARG A\n");
        let first = Range::new(Position::new(1, 4), Position::new(1, 5));
        let second = Range::new(Position::new(0, 2), Position::new(0, 5));
        doc.apply_changes(
            vec![change(Some(first), "TOKEN"), change(Some(second), "x")],
            2,
            PositionEncoding::Utf16,
        );
        assert_eq!(doc.text, "# x\nARG TOKEN\n");
        assert_eq!(doc.version, 2);
        assert_eq!(doc.line_index.line_start(1), Some(4));
    }

    #[test]
    fn full_change_replaces_the_text() {
        let mut doc = document("FROM a\n");
        doc.apply_changes(vec![change(None, "FROM b\n")], 7, PositionEncoding::Utf8);
        assert_eq!(doc.text, "FROM b\n");
        assert_eq!(doc.version, 7);
    }

    #[test]
    fn language_id_or_name_decides_the_kind() {
        let kind = |id: &str, p: &str| document_kind(id, Path::new(p));
        assert_eq!(
            kind("dockerfile", "/w/build.txt"),
            Some(FileKind::Dockerfile)
        );
        assert_eq!(
            kind("yaml", "/w/bitbucket-pipelines.yml"),
            Some(FileKind::Pipeline)
        );
        assert_eq!(kind("yaml", "/w/docker-compose.yml"), None);
    }
}
