//! The connection's life: the `initialize` handshake, the synchronous main loop that
//! coalesces bursts of changes, request and notification dispatch, and shutdown per spec.

use std::path::PathBuf;

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{Notification as _, PublishDiagnostics};
use lsp_types::{InitializeParams, InitializeResult, ServerInfo};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::encoding::PositionEncoding;
use crate::handlers;
use crate::options::InitializationOptions;
use crate::session::Session;
use crate::{ServerError, uri};

/// A running server: the connection and the session state.
pub struct Server {
    connection: Connection,
    session: Session,
    watch_files: bool,
    shutdown_requested: bool,
    next_request: i32,
}

impl Server {
    /// Completes the `initialize` handshake and builds the session.
    pub fn initialize(connection: Connection) -> Result<Self, ServerError> {
        let (id, params) = connection.initialize_start()?;
        let params: InitializeParams = serde_json::from_value(params).unwrap_or_else(|error| {
            // The error's text may quote a value from the params: log its category only.
            tracing::warn!(category = ?error.classify(), "malformed initialize params; using defaults");
            InitializeParams::default()
        });
        let encoding = PositionEncoding::negotiate(&params.capabilities);
        let result = InitializeResult {
            capabilities: handlers::capabilities(encoding),
            server_info: Some(ServerInfo {
                name: "stowaway".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
        };
        connection.initialize_finish(id, to_value(&result))?;
        let watch_files = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|workspace| workspace.did_change_watched_files)
            .and_then(|watched| watched.dynamic_registration)
            .unwrap_or(false);
        let folders = workspace_folders(&params);
        let settings = InitializationOptions::from_value(params.initialization_options).settings();
        let session = Session::new(encoding, settings, folders);
        tracing::info!(?encoding, "initialized");
        Ok(Self {
            connection,
            session,
            watch_files,
            shutdown_requested: false,
            next_request: 0,
        })
    }

    /// Handles messages until `exit`. Analysis runs when no message is waiting, or before
    /// a request, so a burst of `didChange` is checked once, at its latest version.
    pub fn main_loop(mut self) -> Result<(), ServerError> {
        if self.watch_files {
            self.register_file_watchers();
        }
        self.flush();
        while let Ok(message) = self.connection.receiver.recv() {
            match message {
                Message::Request(request) => {
                    self.flush();
                    self.on_request(request);
                }
                Message::Notification(notification) if notification.method == "exit" => {
                    return self.on_exit();
                }
                Message::Notification(notification) => self.on_notification(notification),
                Message::Response(response) => tracing::debug!(id = ?response.id, "response"),
            }
            if self.connection.receiver.is_empty() {
                self.flush();
            }
        }
        tracing::warn!("client disconnected without exit");
        Ok(())
    }

    /// Re-checks what changed and publishes the differences.
    fn flush(&mut self) {
        if !self.session.is_dirty() {
            return;
        }
        for params in self.session.flush() {
            self.send(Notification::new(
                PublishDiagnostics::METHOD.to_string(),
                params,
            ));
        }
    }

    /// Answers one request.
    fn on_request(&mut self, request: Request) {
        let id = request.id.clone();
        let response = if self.shutdown_requested {
            error(id, ErrorCode::InvalidRequest, "the server is shutting down")
        } else if request.method == "shutdown" {
            self.shutdown_requested = true;
            Response::new_ok(id, ())
        } else {
            handlers::request(&self.session, request)
        };
        self.send(response);
    }

    /// Handles one notification; malformed ones are logged and dropped.
    fn on_notification(&mut self, notification: Notification) {
        if self.shutdown_requested {
            tracing::warn!(method = %notification.method, "notification after shutdown ignored");
            return;
        }
        handlers::notification(&mut self.session, notification);
    }

    /// `exit`: clean after `shutdown`, an error (exit status 1) before it.
    fn on_exit(&self) -> Result<(), ServerError> {
        if self.shutdown_requested {
            Ok(())
        } else {
            Err(ServerError::ExitWithoutShutdown)
        }
    }

    /// Asks the client to report changes to Dockerfiles, pipelines and config files.
    fn register_file_watchers(&mut self) {
        self.next_request += 1;
        let id = RequestId::from(format!("stowaway-{}", self.next_request));
        let request = Request::new(
            id,
            "client/registerCapability".to_string(),
            handlers::watched_files_registration(),
        );
        self.send(request);
    }

    /// Sends `message`; a closed channel is logged (the loop ends on its own).
    fn send(&self, message: impl Into<Message>) {
        if let Err(error) = self.connection.sender.send(message.into()) {
            tracing::warn!(%error, "could not send to the client");
        }
    }
}

/// The folders to analyze: `workspaceFolders`, else the deprecated `rootUri`.
#[allow(deprecated)]
fn workspace_folders(params: &InitializeParams) -> Vec<PathBuf> {
    let from_folders = params
        .workspace_folders
        .iter()
        .flatten()
        .filter_map(|folder| uri::to_path(&folder.uri));
    let mut folders: Vec<PathBuf> = from_folders.collect();
    if folders.is_empty()
        && let Some(root) = params.root_uri.as_ref().and_then(uri::to_path)
    {
        folders.push(root);
    }
    folders
}

/// Parses a request's or notification's params. The error's text may quote a value from
/// the params (document text included): send it to the client, never log it.
pub fn parse<P: DeserializeOwned>(params: serde_json::Value) -> Result<P, serde_json::Error> {
    serde_json::from_value(params)
}

/// An error response.
pub fn error(id: RequestId, code: ErrorCode, message: &str) -> Response {
    Response::new_err(id, code as i32, message.to_string())
}

/// `value` as JSON; our own types always serialize.
fn to_value(value: &impl Serialize) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}
