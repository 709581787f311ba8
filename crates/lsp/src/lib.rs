//! The language server that `stowaway server` runs: LSP over stdio, publishing
//! stowaway's diagnostics for Dockerfiles and `bitbucket-pipelines.yml`, and offering its
//! fixes, an "ignore" comment and a fix-all as code actions.
//!
//! One loop reads messages, keeps a [`document`] store and a [`workspace`] cache, and
//! re-checks a whole workspace folder after a burst of changes, so that editing a pipeline
//! republishes the diagnostics of the Dockerfiles it builds. Checks run on [`checker`]
//! threads; the loop keeps answering requests meanwhile and publishes only the results
//! of the latest inputs.

mod analysis;
mod checker;
mod convert;
mod document;
mod encoding;
mod handlers;
mod options;
mod server;
mod session;
pub mod transport;
mod uri;
mod workspace;

use std::io::{self, BufRead, BufReader, Write};

use crossbeam_channel::{Receiver, Sender};
use lsp_server::Connection;

/// The page documenting a rule is this prefix, the rule's name and `.md`.
pub const RULE_DOCS_BASE: &str = "https://github.com/stowaway-dev/stowaway/blob/main/rules/";

/// The `source` of every published diagnostic.
pub const DIAGNOSTIC_SOURCE: &str = "stowaway";

/// The code action kind that applies every safe fix of a document.
pub const FIX_ALL_KIND: &str = "source.fixAll.stowaway";

/// Why the server stopped other than by a clean `shutdown` then `exit`.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The client did not complete the `initialize` handshake. The cause is kept short:
    /// `lsp_server`'s own message quotes the offending message, params and all.
    #[error("initialize handshake failed: {0}")]
    Handshake(HandshakeFailure),
    /// The client sent `exit` without `shutdown` first (the process should exit with 1).
    #[error("exit notification received before shutdown")]
    ExitWithoutShutdown,
    /// The transport threads failed.
    #[error("transport failed: {0}")]
    Transport(#[from] std::io::Error),
}

/// Why the `initialize` handshake failed, without the message that made it fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum HandshakeFailure {
    /// The client went away.
    #[error("the client disconnected")]
    Disconnected,
    /// The client sent `exit`, or something other than `initialized` after `initialize`.
    #[error("unexpected message during the handshake")]
    UnexpectedMessage,
}

impl From<lsp_server::ProtocolError> for ServerError {
    fn from(error: lsp_server::ProtocolError) -> Self {
        Self::Handshake(if error.channel_is_disconnected() {
            HandshakeFailure::Disconnected
        } else {
            HandshakeFailure::UnexpectedMessage
        })
    }
}

/// Runs the server over standard input and output until the client exits.
pub fn run_stdio() -> Result<(), ServerError> {
    run_streams(BufReader::new(io::stdin()), io::stdout())
}

/// Runs the server over `input` and `output` with stowaway's [`transport`]: bad frames
/// get error replies and are skipped; the server ends at `exit` or the end of input.
pub fn run_streams(
    input: impl BufRead + Send + 'static,
    output: impl Write + Send + 'static,
) -> Result<(), ServerError> {
    let (connection, io_threads) = transport::spawn(input, output)?;
    let result = run(connection);
    // After `exit` or the end of input the reader has ended; otherwise (a failed
    // handshake, `exit` before `shutdown`) it may still wait on input: do not join it.
    let written = if result.is_ok() {
        io_threads.join()
    } else {
        io_threads.join_writer()
    };
    result.and(written.map_err(ServerError::from))
}

/// Runs the server over `connection` (stdio, or [`Connection::memory`] in tests) until the
/// client sends `exit` or disconnects.
pub fn run(connection: Connection) -> Result<(), ServerError> {
    server::Server::initialize(connection, None)?.main_loop()
}

/// Like [`run`], with every workspace check held by `hook` (for tests of what the server
/// does while a check is in flight).
#[doc(hidden)]
pub fn run_with_check_hook(connection: Connection, hook: CheckHook) -> Result<(), ServerError> {
    server::Server::initialize(connection, Some(hook))?.main_loop()
}

/// A hold on background checks, for tests: before a check runs, its thread sends `()` on
/// `started` and then waits for one `()` on `release` (or for `release` to close).
#[doc(hidden)]
#[derive(Clone, Debug)]
pub struct CheckHook {
    /// Told when a check is about to run.
    pub started: Sender<()>,
    /// Waited on before the check runs.
    pub release: Receiver<()>,
}

impl CheckHook {
    /// Says a check started and waits until the test lets it run.
    fn hold(&self) {
        let _ = self.started.send(());
        let _ = self.release.recv();
    }
}
