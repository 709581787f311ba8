//! `textDocument/didClose`: forget the buffer, re-read the file from disk, re-check.

use lsp_types::DidCloseTextDocumentParams;

use crate::session::Session;
use crate::uri::document_key;

/// Drops the open document; its disk text (if any) takes its place.
pub fn handle(session: &mut Session, params: DidCloseTextDocumentParams) {
    let key = document_key(&params.text_document.uri);
    if session.documents.remove(&key).is_none() {
        return;
    }
    session.workspace.refresh(&key);
    session.mark_dirty(&key);
}
