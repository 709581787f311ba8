//! The JSON format, version 1, exactly as DESIGN.md specifies: 1-based lines, character
//! columns, exclusive ends, paths relative with `/`, `fix` null when there is none.

use std::io::{self, Write};

use serde::Serialize;
use stowaway_lint_core::diagnostic::{
    Applicability, Confidence, Diagnostic, Edit, Fix, Location, Related, Severity,
};
use stowaway_lint_core::rules::Rule;
use stowaway_lint_core::source::SourceSet;
use stowaway_lint_core::text::LineColumn;

use super::FileTable;

/// The version of the JSON schema.
const SCHEMA_VERSION: u32 = 1;

/// The whole report.
#[derive(Debug, Serialize)]
struct Report<'a> {
    version: u32,
    tool: Tool,
    files_checked: usize,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

/// Which program wrote the report.
#[derive(Debug, Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

/// One finding.
#[derive(Debug, Serialize)]
struct JsonDiagnostic<'a> {
    rule: Rule,
    severity: Severity,
    confidence: Confidence,
    message: &'a str,
    path: String,
    range: JsonRange,
    related: Vec<JsonRelated<'a>>,
    fix: Option<JsonFix<'a>>,
}

/// A start and an exclusive end.
#[derive(Debug, Serialize)]
struct JsonRange {
    start: LineColumn,
    end: LineColumn,
}

/// A related location.
#[derive(Debug, Serialize)]
struct JsonRelated<'a> {
    path: String,
    range: JsonRange,
    message: &'a str,
}

/// A fix and its edits.
#[derive(Debug, Serialize)]
struct JsonFix<'a> {
    title: &'a str,
    applicability: Applicability,
    edits: Vec<JsonEdit<'a>>,
}

/// One edit of a fix.
#[derive(Debug, Serialize)]
struct JsonEdit<'a> {
    path: String,
    range: JsonRange,
    replacement: &'a str,
}

/// Writes the report, pretty-printed with two spaces and a final newline.
pub fn render(
    sources: &SourceSet,
    diagnostics: &[Diagnostic],
    mut out: impl Write,
) -> io::Result<()> {
    let files = FileTable::new(sources);
    let report = Report {
        version: SCHEMA_VERSION,
        tool: Tool {
            name: "stowaway",
            version: env!("CARGO_PKG_VERSION"),
        },
        files_checked: sources.len(),
        diagnostics: diagnostics.iter().map(|d| diagnostic(&files, d)).collect(),
    };
    serde_json::to_writer_pretty(&mut out, &report)?;
    writeln!(out)
}

fn diagnostic<'a>(files: &FileTable<'_>, diagnostic: &'a Diagnostic) -> JsonDiagnostic<'a> {
    JsonDiagnostic {
        rule: diagnostic.rule,
        severity: diagnostic.severity,
        confidence: diagnostic.confidence,
        message: &diagnostic.message,
        path: files.path(diagnostic.primary.file),
        range: range(files, diagnostic.primary),
        related: diagnostic
            .related
            .iter()
            .map(|r| related(files, r))
            .collect(),
        fix: diagnostic.fix.as_ref().map(|f| fix(files, f)),
    }
}

fn range(files: &FileTable<'_>, location: Location) -> JsonRange {
    let (start, end) = files.span(location);
    JsonRange { start, end }
}

fn related<'a>(files: &FileTable<'_>, related: &'a Related) -> JsonRelated<'a> {
    JsonRelated {
        path: files.path(related.location.file),
        range: range(files, related.location),
        message: &related.message,
    }
}

fn fix<'a>(files: &FileTable<'_>, fix: &'a Fix) -> JsonFix<'a> {
    JsonFix {
        title: &fix.title,
        applicability: fix.applicability,
        edits: fix.edits.iter().map(|e| edit(files, e)).collect(),
    }
}

fn edit<'a>(files: &FileTable<'_>, edit: &'a Edit) -> JsonEdit<'a> {
    JsonEdit {
        path: files.path(edit.file),
        range: range(files, Location::new(edit.file, edit.range)),
        replacement: &edit.replacement,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::fixtures;

    #[test]
    fn report_matches_the_schema_with_character_columns() {
        let (sources, diagnostics) = fixtures::two_files_three_findings();
        let mut out = Vec::new();
        render(&sources, &diagnostics, &mut out).expect("writes to a Vec");
        insta::assert_snapshot!(String::from_utf8(out).expect("UTF-8"));
    }

    #[test]
    fn empty_report_has_no_diagnostics() {
        let mut out = Vec::new();
        render(&SourceSet::new(), &[], &mut out).expect("writes to a Vec");
        let expected = "{\n  \"version\": 1,\n  \"tool\": {\n    \"name\": \"stowaway\",\n    \
            \"version\": \"0.1.0\"\n  },\n  \"files_checked\": 0,\n  \"diagnostics\": []\n}\n";
        assert_eq!(String::from_utf8(out).expect("UTF-8"), expected);
    }
}
