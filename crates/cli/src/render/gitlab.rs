//! The GitLab Code Quality format: a JSON array of issues, each with a description, the
//! rule as `check_name`, a fingerprint that survives line moves, a severity and a line.

use std::io::{self, Write};

use serde::Serialize;
use stowaway_lint_core::diagnostic::{Diagnostic, Severity};
use stowaway_lint_core::source::SourceSet;

use super::FileTable;
use super::fingerprint::fingerprints;

/// One Code Quality issue.
#[derive(Debug, Serialize)]
struct Issue<'a> {
    description: &'a str,
    check_name: &'static str,
    fingerprint: String,
    severity: &'static str,
    location: IssueLocation,
}

/// Where an issue is.
#[derive(Debug, Serialize)]
struct IssueLocation {
    path: String,
    lines: Lines,
}

/// The first line of the finding.
#[derive(Debug, Serialize)]
struct Lines {
    begin: usize,
}

/// Writes the array, pretty-printed with two spaces and a final newline.
pub fn render(
    sources: &SourceSet,
    diagnostics: &[Diagnostic],
    mut out: impl Write,
) -> io::Result<()> {
    let files = FileTable::new(sources);
    let issues: Vec<Issue<'_>> = diagnostics
        .iter()
        .zip(fingerprints(&files, diagnostics))
        .map(|(diagnostic, fingerprint)| Issue {
            description: &diagnostic.message,
            check_name: diagnostic.rule.name(),
            fingerprint,
            severity: severity(diagnostic.severity),
            location: IssueLocation {
                path: files.path(diagnostic.primary.file),
                lines: Lines {
                    begin: files.span(diagnostic.primary).0.line,
                },
            },
        })
        .collect();
    serde_json::to_writer_pretty(&mut out, &issues)?;
    writeln!(out)
}

/// Code Quality's scale is info, minor, major, critical, blocker; a proven leak is
/// critical, a name-only guess major, a weak one info. Nothing is a blocker: that level
/// is left for a team's own policy.
fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "critical",
        Severity::Warning => "major",
        Severity::Info => "info",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::fixtures;

    #[test]
    fn issues_with_fingerprints_and_severities() {
        let (sources, diagnostics) = fixtures::two_files_three_findings();
        let mut out = Vec::new();
        render(&sources, &diagnostics, &mut out).expect("writes to a Vec");
        insta::assert_snapshot!(String::from_utf8(out).expect("UTF-8"));
    }

    #[test]
    fn no_findings_is_an_empty_array() {
        let mut out = Vec::new();
        render(&SourceSet::new(), &[], &mut out).expect("writes to a Vec");
        assert_eq!(String::from_utf8(out).expect("UTF-8"), "[]\n");
    }
}
