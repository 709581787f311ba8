//! Dispatch of requests and notifications to one small handler per method, and the
//! capabilities and registrations that announce them.

mod code_action;
mod did_change;
mod did_change_watched_files;
mod did_close;
mod did_open;
mod hover;

use lsp_server::{ErrorCode, Notification, Request, Response};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability,
    DidChangeWatchedFilesRegistrationOptions, FileSystemWatcher, GlobPattern,
    HoverProviderCapability, Registration, RegistrationParams, ServerCapabilities,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::FIX_ALL_KIND;
use crate::encoding::PositionEncoding;
use crate::server::{error, parse};
use crate::session::Session;

/// The globs of files whose changes on disk matter.
const WATCHED_GLOBS: [&str; 10] = [
    "**/Dockerfile",
    "**/Dockerfile.*",
    "**/*.Dockerfile",
    "**/*.dockerfile",
    "**/Containerfile",
    "**/Containerfile.*",
    "**/bitbucket-pipelines.yml",
    "**/bitbucket-pipelines.yaml",
    "**/stowaway.toml",
    "**/.stowaway.toml",
];

/// What the server offers.
pub fn capabilities(encoding: PositionEncoding) -> ServerCapabilities {
    let sync = TextDocumentSyncOptions {
        open_close: Some(true),
        change: Some(TextDocumentSyncKind::INCREMENTAL),
        ..TextDocumentSyncOptions::default()
    };
    let code_actions = CodeActionOptions {
        code_action_kinds: Some(vec![
            CodeActionKind::QUICKFIX,
            CodeActionKind::from(FIX_ALL_KIND.to_string()),
        ]),
        ..CodeActionOptions::default()
    };
    ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(sync)),
        code_action_provider: Some(CodeActionProviderCapability::Options(code_actions)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        ..ServerCapabilities::default()
    }
}

/// The `client/registerCapability` params that ask for file-change notifications.
pub fn watched_files_registration() -> RegistrationParams {
    let watchers = WATCHED_GLOBS
        .iter()
        .map(|glob| FileSystemWatcher {
            glob_pattern: GlobPattern::String((*glob).to_string()),
            kind: None,
        })
        .collect();
    let options = DidChangeWatchedFilesRegistrationOptions { watchers };
    RegistrationParams {
        registrations: vec![Registration {
            id: "stowaway-watched-files".to_string(),
            method: "workspace/didChangeWatchedFiles".to_string(),
            register_options: serde_json::to_value(options).ok(),
        }],
    }
}

/// Answers a request other than `shutdown`.
pub fn request(session: &Session, request: Request) -> Response {
    let Request { id, method, params } = request;
    match method.as_str() {
        "textDocument/codeAction" => respond(id, params, |p| code_action::handle(session, p)),
        "textDocument/hover" => respond(id, params, |p| hover::handle(session, p)),
        _ => {
            tracing::debug!(%method, "unknown request");
            error(
                id,
                ErrorCode::MethodNotFound,
                &format!("unknown method {method}"),
            )
        }
    }
}

/// Parses `params`, runs `handler` and wraps its result; bad params get `InvalidParams`.
fn respond<P: DeserializeOwned, R: Serialize>(
    id: lsp_server::RequestId,
    params: serde_json::Value,
    handler: impl FnOnce(P) -> R,
) -> Response {
    match parse::<P>(params) {
        Ok(params) => Response::new_ok(id, handler(params)),
        Err(parse_error) => {
            tracing::warn!(%id, category = ?parse_error.classify(), "malformed request params");
            error(id, ErrorCode::InvalidParams, &parse_error.to_string())
        }
    }
}

/// Handles a notification other than `exit`.
pub fn notification(session: &mut Session, notification: Notification) {
    let Notification { method, params } = notification;
    let result = match method.as_str() {
        "textDocument/didOpen" => parse(params).map(|p| did_open::handle(session, p)),
        "textDocument/didChange" => parse(params).map(|p| did_change::handle(session, p)),
        "textDocument/didClose" => parse(params).map(|p| did_close::handle(session, p)),
        "workspace/didChangeWatchedFiles" => {
            parse(params).map(|p| did_change_watched_files::handle(session, p))
        }
        _ => {
            tracing::debug!(%method, "notification ignored");
            Ok(())
        }
    };
    if let Err(parse_error) = result {
        let category = parse_error.classify();
        tracing::warn!(%method, ?category, "malformed notification ignored");
    }
}
