//! The language server that `stowaway server` runs: LSP over stdio, publishing
//! stowaway's diagnostics and offering its fixes as code actions.
// TODO(#4): the server itself; this crate only reserves its place in the workspace.
