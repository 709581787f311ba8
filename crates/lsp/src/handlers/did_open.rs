//! `textDocument/didOpen`: store a Dockerfile or pipeline and check its unit.

use lsp_types::DidOpenTextDocumentParams;

use crate::document::{Document, document_kind};
use crate::session::Session;
use crate::uri::document_key;

/// Stores the document when stowaway checks its kind; other documents are ignored.
pub fn handle(session: &mut Session, params: DidOpenTextDocumentParams) {
    let item = params.text_document;
    let key = document_key(&item.uri);
    let Some(kind) = document_kind(&item.language_id, &key) else {
        tracing::debug!(uri = item.uri.as_str(), "not a Dockerfile or pipeline");
        return;
    };
    let document = Document::new(item.uri, item.text, item.version, kind);
    session.documents.insert(key.clone(), document);
    session.mark_dirty(&key);
}
