//! The analysis behind stowaway: parsers for Dockerfiles and `bitbucket-pipelines.yml`,
//! the secret-flow analysis that links them, the rules, and the fixes.
//!
//! [`check`] is the single entry point used by the CLI and the language server alike.

pub mod analysis;
mod check;
pub mod config;
pub mod diagnostic;
pub mod dockerfile;
pub mod fix;
pub mod flow;
pub mod pipeline;
pub mod rule_docs;
pub mod rules;
pub mod secrets;
pub mod settings;
pub mod shell;
pub mod source;
mod suppression;
pub mod text;

pub use check::{check, check_scoped};
