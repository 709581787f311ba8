//! `textDocument/didChange`: apply full or incremental changes; the check runs later,
//! once the burst of changes is drained.

use lsp_types::DidChangeTextDocumentParams;

use crate::session::Session;
use crate::uri::document_key;

/// Applies the changes to the open document and marks its unit dirty.
pub fn handle(session: &mut Session, params: DidChangeTextDocumentParams) {
    let key = document_key(&params.text_document.uri);
    let encoding = session.encoding;
    let Some(document) = session.documents.get_mut(&key) else {
        tracing::debug!(
            uri = params.text_document.uri.as_str(),
            "change to a document not open"
        );
        return;
    };
    document.apply_changes(
        params.content_changes,
        params.text_document.version,
        encoding,
    );
    session.mark_dirty(&key);
}
