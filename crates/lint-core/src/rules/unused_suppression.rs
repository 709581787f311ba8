//! `unused-suppression`: a `# stowaway: ignore[...]` comment that silences nothing.
//!
//! ## What it flags
//! A rule named in a `# stowaway: ignore[...]` or `# stowaway: ignore-file[...]` comment
//! when no finding of that rule is on the lines the comment covers; a rule name that does
//! not exist; a `# stowaway:` comment that cannot be read; an `ignore-file` comment placed
//! after the first instruction (Dockerfile) or below the leading comments (YAML). Rules
//! that the configuration turns off are not reported as unused.
//!
//! ## Why it matters
//! A suppression outlives the finding it was written for: once the leak is fixed or the
//! line moves, a stale comment would silently hide the next real leak on that line.
//! Reporting it keeps every suppression honest.
//!
//! ## Example
//! ```dockerfile
//! FROM alpine:3.20
//! # stowaway: ignore[secret-env] the value is a placeholder
//! ENV LOG_LEVEL=debug
//! ```
//!
//! ## Fixed example
//! ```dockerfile
//! FROM alpine:3.20
//! ENV LOG_LEVEL=debug
//! ```
//!
//! ## Fix
//! Remove the comment, or the rule names in it that no longer apply; move a misplaced
//! comment right above the flagged line.
//!
//! ## References
//! - <https://docs.astral.sh/ruff/rules/unused-noqa/>

use crate::analysis::Project;
use crate::diagnostic::Diagnostic;

/// Nothing: `unused-suppression` findings are made while suppressions are applied, after
/// every other rule ran (see [`crate::suppression`]).
pub fn check(_project: &Project<'_>) -> Vec<Diagnostic> {
    Vec::new()
}
