//! The language server that `stowaway server` runs: LSP over stdio, publishing
//! stowaway's diagnostics for Dockerfiles and `bitbucket-pipelines.yml`, and offering its
//! fixes, an "ignore" comment and a fix-all as code actions.
//!
//! The server is synchronous: one loop reads messages, keeps a [`document`] store and a
//! [`workspace`] cache, and re-checks a whole workspace folder after a burst of changes, so
//! that editing a pipeline republishes the diagnostics of the Dockerfiles it builds.

mod analysis;
mod convert;
mod document;
mod encoding;
mod handlers;
mod options;
mod server;
mod session;
mod uri;
mod workspace;

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
    /// The client did not complete the `initialize` handshake.
    #[error("initialize handshake failed: {0}")]
    Handshake(#[from] lsp_server::ProtocolError),
    /// The client sent `exit` without `shutdown` first (the process should exit with 1).
    #[error("exit notification received before shutdown")]
    ExitWithoutShutdown,
    /// The stdio transport threads failed.
    #[error("transport failed: {0}")]
    Transport(#[from] std::io::Error),
}

/// Runs the server over standard input and output until the client exits.
pub fn run_stdio() -> Result<(), ServerError> {
    let (connection, io_threads) = Connection::stdio();
    let result = run(connection);
    // After a failed handshake the reader thread may still wait on stdin: do not join it.
    if result.is_ok() {
        io_threads.join()?;
    }
    result
}

/// Runs the server over `connection` (stdio, or [`Connection::memory`] in tests) until the
/// client sends `exit` or disconnects.
pub fn run(connection: Connection) -> Result<(), ServerError> {
    server::Server::initialize(connection)?.main_loop()
}
