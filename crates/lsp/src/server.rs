//! The connection's life: the `initialize` handshake, the main loop that coalesces bursts
//! of changes, starts background checks and publishes their results, request and
//! notification dispatch, and shutdown per spec.

use std::path::PathBuf;

use crossbeam_channel::select;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{Notification as _, PublishDiagnostics};
use lsp_types::{InitializeParams, InitializeResult, ServerInfo};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::checker::{CheckDone, Checker};
use crate::encoding::PositionEncoding;
use crate::handlers;
use crate::options::InitializationOptions;
use crate::session::Session;
use crate::{CheckHook, ServerError, uri};

/// A running server: the connection and the session state.
pub struct Server {
    connection: Connection,
    session: Session,
    checker: Checker,
    watch_files: bool,
    shutdown_requested: bool,
    next_request: i32,
}

impl Server {
    /// Completes the `initialize` handshake and builds the session; `hook` holds checks.
    pub fn initialize(
        connection: Connection,
        hook: Option<CheckHook>,
    ) -> Result<Self, ServerError> {
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
            checker: Checker::new(hook),
            watch_files,
            shutdown_requested: false,
            next_request: 0,
        })
    }

    /// Handles messages and finished checks until `exit`. Checks start only when no
    /// message is waiting, so a burst of `didChange` is checked once, at its latest
    /// version; requests are answered from the latest kept analysis meanwhile.
    pub fn main_loop(mut self) -> Result<(), ServerError> {
        if self.watch_files {
            self.register_file_watchers();
        }
        let messages = self.connection.receiver.clone();
        let results = self.checker.results();
        loop {
            if messages.is_empty() {
                self.start_checks();
            }
            select! {
                recv(messages) -> message => {
                    let Ok(message) = message else { break };
                    if let Some(end) = self.on_message(message) {
                        return end;
                    }
                }
                recv(results) -> done => {
                    if let Ok(done) = done {
                        self.publish(done);
                    }
                }
            }
        }
        tracing::warn!("client disconnected without exit");
        Ok(())
    }

    /// Handles one message; `Some` with the server's end at `exit`.
    fn on_message(&mut self, message: Message) -> Option<Result<(), ServerError>> {
        match message {
            Message::Request(request) => self.on_request(request),
            Message::Notification(notification) if notification.method == "exit" => {
                return Some(self.on_exit());
            }
            Message::Notification(notification) => self.on_notification(notification),
            Message::Response(response) => tracing::debug!(id = ?response.id, "response"),
        }
        None
    }

    /// Starts a background check of every unit whose latest inputs are unchecked.
    fn start_checks(&mut self) {
        for job in self.session.due_checks() {
            self.checker.start(job);
        }
    }

    /// Publishes what changed with a finished check, unless the check is stale.
    fn publish(&mut self, done: CheckDone) {
        for params in self.session.finish_check(done) {
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
