//! The Bitbucket format: a Code Insights report and its annotations as one JSON document,
//! `{ "report": {...}, "annotations": [...] }`. `stowaway report bitbucket` publishes the
//! same document, so its types are public and read back with serde.

use std::io::{self, Write};

use serde::{Deserialize, Serialize};
use stowaway_lint_core::diagnostic::{Confidence, Diagnostic, Severity};
use stowaway_lint_core::source::SourceSet;

use super::fingerprint::fingerprints;
use super::{FileTable, plural, rule_url};
use crate::args::FailOn;
use crate::exit;

/// Bitbucket keeps at most this many annotations per report.
pub const MAX_ANNOTATIONS: usize = 1000;
/// Longest annotation summary Bitbucket accepts, in characters.
const MAX_SUMMARY: usize = 450;
/// Longest report or annotation details Bitbucket accepts, in characters.
const MAX_DETAILS: usize = 2000;

/// The report and its annotations.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// The report, sent with `PUT .../reports/{id}`.
    pub report: Report,
    /// The annotations, sent with `POST .../reports/{id}/annotations` in batches.
    pub annotations: Vec<Annotation>,
}

/// A Code Insights report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// Shown as the report's name.
    pub title: String,
    /// One paragraph: what was checked and found.
    pub details: String,
    /// Always `SECURITY`.
    pub report_type: String,
    /// Always `stowaway`.
    pub reporter: String,
    /// `FAILED` when a finding reaches the `--fail-on` threshold, else `PASSED`.
    pub result: String,
    /// Counts shown beside the report.
    pub data: Vec<DataField>,
}

/// One field of a report's `data`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataField {
    /// The label.
    pub title: String,
    /// Bitbucket's value type (`NUMBER` here).
    #[serde(rename = "type")]
    pub kind: String,
    /// The value.
    pub value: u64,
}

/// A Code Insights annotation: one finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Annotation {
    /// `stowaway-` and the finding's fingerprint: stable across runs.
    pub external_id: String,
    /// Always `VULNERABILITY`.
    pub annotation_type: String,
    /// The message, cut to 450 characters.
    pub summary: String,
    /// The message, the secret's path, confidence and fix.
    pub details: String,
    /// `CRITICAL`, `HIGH`, `MEDIUM` or `LOW`.
    pub severity: String,
    /// The file, relative with `/`.
    pub path: String,
    /// The 1-based line.
    pub line: usize,
    /// Always `FAILED`.
    pub result: String,
    /// The rule's page.
    pub link: String,
}

/// Writes the document, pretty-printed with two spaces and a final newline.
pub fn render(
    sources: &SourceSet,
    diagnostics: &[Diagnostic],
    fail_on: FailOn,
    mut out: impl Write,
) -> io::Result<()> {
    let document = document(sources, diagnostics, fail_on);
    serde_json::to_writer_pretty(&mut out, &document)?;
    writeln!(out)
}

/// The document for these findings: at most [`MAX_ANNOTATIONS`] annotations, the first
/// ones in report order.
pub fn document(sources: &SourceSet, diagnostics: &[Diagnostic], fail_on: FailOn) -> Document {
    let files = FileTable::new(sources);
    let annotations = diagnostics
        .iter()
        .zip(fingerprints(&files, diagnostics))
        .take(MAX_ANNOTATIONS)
        .map(|(d, print)| annotation(&files, d, &print))
        .collect();
    Document {
        report: report(sources.len(), diagnostics, fail_on),
        annotations,
    }
}

fn report(files_checked: usize, diagnostics: &[Diagnostic], fail_on: FailOn) -> Report {
    let count = |severity| {
        diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    };
    let (errors, warnings, infos) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    );
    let mut details = format!(
        "stowaway checked {} for build secrets: {}, {}, {}.",
        plural(files_checked, "file"),
        plural(errors, "error"),
        plural(warnings, "warning"),
        plural(infos, "info"),
    );
    if diagnostics.len() > MAX_ANNOTATIONS {
        details.push_str(&format!(
            " Only the first {MAX_ANNOTATIONS} of {} findings are annotated.",
            diagnostics.len()
        ));
    }
    let number = |title: &str, value: usize| DataField {
        title: title.to_owned(),
        kind: "NUMBER".to_owned(),
        value: u64::try_from(value).unwrap_or(u64::MAX),
    };
    let failed = exit::fails(diagnostics, fail_on);
    Report {
        title: "stowaway".to_owned(),
        details: truncate(&details, MAX_DETAILS),
        report_type: "SECURITY".to_owned(),
        reporter: "stowaway".to_owned(),
        result: if failed { "FAILED" } else { "PASSED" }.to_owned(),
        data: vec![
            number("Errors", errors),
            number("Warnings", warnings),
            number("Infos", infos),
            number("Files checked", files_checked),
        ],
    }
}

fn annotation(files: &FileTable<'_>, diagnostic: &Diagnostic, fingerprint: &str) -> Annotation {
    Annotation {
        external_id: format!("stowaway-{fingerprint}"),
        annotation_type: "VULNERABILITY".to_owned(),
        summary: truncate(&diagnostic.message, MAX_SUMMARY),
        details: truncate(&details(files, diagnostic), MAX_DETAILS),
        severity: severity(diagnostic).to_owned(),
        path: files.path(diagnostic.primary.file),
        line: files.span(diagnostic.primary).0.line,
        result: "FAILED".to_owned(),
        link: rule_url(diagnostic.rule),
    }
}

/// The message, then the secret's path when there is one, the confidence and the fix.
fn details(files: &FileTable<'_>, diagnostic: &Diagnostic) -> String {
    let mut text = format!("{} [{}]", diagnostic.message, diagnostic.rule);
    if !diagnostic.related.is_empty() {
        let step = |location, message: &str| {
            let line = files.span(location).0.line;
            format!("{}:{line} {message}", files.path(location.file))
        };
        let steps: Vec<String> = diagnostic
            .related
            .iter()
            .map(|r| step(r.location, &r.message))
            .chain([step(diagnostic.primary, "(this finding)")])
            .collect();
        text.push_str(&format!("\nPath of the secret: {}.", steps.join(" -> ")));
    }
    text.push_str(&format!(
        "\nConfidence: {}.",
        diagnostic.confidence.as_str()
    ));
    if let Some(fix) = &diagnostic.fix {
        text.push_str(&format!(
            "\nFix ({}): {}.",
            fix.applicability.as_str(),
            fix.title
        ));
    }
    text
}

/// Bitbucket's four levels: a proven leak of a confidently secret value is critical, any
/// other error high, a warning medium, an info low.
fn severity(diagnostic: &Diagnostic) -> &'static str {
    match (diagnostic.severity, diagnostic.confidence) {
        (Severity::Error, Confidence::High) => "CRITICAL",
        (Severity::Error, _) => "HIGH",
        (Severity::Warning, _) => "MEDIUM",
        (Severity::Info, _) => "LOW",
    }
}

/// `text` cut to at most `max` characters, ending with `…` when cut.
fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let kept: String = text.chars().take(max.saturating_sub(1)).collect();
    format!("{kept}…")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::fixtures;
    use stowaway_lint_core::diagnostic::Location;
    use stowaway_lint_core::rules::Rule;
    use stowaway_lint_core::source::FileId;
    use stowaway_lint_core::text::TextRange;

    #[test]
    fn report_and_annotations_in_one_document() {
        let (sources, diagnostics) = fixtures::two_files_three_findings();
        let mut out = Vec::new();
        render(&sources, &diagnostics, FailOn::Warning, &mut out).expect("writes to a Vec");
        insta::assert_snapshot!(String::from_utf8(out).expect("UTF-8"));
    }

    #[test]
    fn result_follows_the_fail_on_threshold() {
        let (sources, diagnostics) = fixtures::two_files_three_findings();
        let result = |fail_on| document(&sources, &diagnostics, fail_on).report.result;
        assert_eq!(result(FailOn::Error), "FAILED");
        assert_eq!(result(FailOn::Never), "PASSED");
        let infos_only = &diagnostics[1..2];
        assert_eq!(
            document(&sources, infos_only, FailOn::Warning)
                .report
                .result,
            "PASSED"
        );
        assert_eq!(
            document(&sources, infos_only, FailOn::Info).report.result,
            "FAILED"
        );
    }

    #[test]
    fn summary_is_cut_on_a_character_boundary() {
        let message = "é".repeat(500);
        let summary = truncate(&message, MAX_SUMMARY);
        assert_eq!(summary.chars().count(), 450);
        assert_eq!(summary, format!("{}…", "é".repeat(449)));
        assert_eq!(truncate("short", MAX_SUMMARY), "short");
    }

    #[test]
    fn annotations_stop_at_one_thousand() {
        let mut sources = SourceSet::new();
        sources.add(stowaway_lint_core::source::SourceFile::new(
            "Dockerfile",
            "ENV A=1\n",
            stowaway_lint_core::source::FileKind::Dockerfile,
        ));
        let one = Diagnostic::new(
            Rule::SecretEnv,
            Confidence::Medium,
            Location::new(FileId(0), TextRange::new(4, 7)),
            "m",
        );
        let many = vec![one; 1001];
        let document = document(&sources, &many, FailOn::Warning);
        assert_eq!(document.annotations.len(), 1000);
        assert_eq!(
            document.report.details,
            "stowaway checked 1 file for build secrets: 0 errors, 1001 warnings, 0 infos. \
             Only the first 1000 of 1001 findings are annotated."
        );
    }
}
