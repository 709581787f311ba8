//! SARIF 2.1.0: one run whose driver describes each rule that fired, and one result per
//! finding with its related locations, the secret's path as a code flow, and its fix.
//! Columns count Unicode code points, as the run's `columnKind` declares.

use std::io::{self, Write};

use serde::Serialize;
use stowaway_lint_core::diagnostic::{Diagnostic, Edit, Fix, Location, Severity};
use stowaway_lint_core::rules::Rule;
use stowaway_lint_core::source::{FileId, SourceSet};

use super::fingerprint::fingerprints;
use super::{FileTable, HOME_PAGE, rule_url};

/// The schema that the log declares.
const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The whole log.
#[derive(Debug, Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

/// The single run.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

/// The tool: its driver only.
#[derive(Debug, Serialize)]
struct Tool {
    driver: Driver,
}

/// stowaway itself and the rules that fired.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    information_uri: &'static str,
    rules: Vec<Descriptor>,
}

/// A `reportingDescriptor` for one rule.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor {
    id: &'static str,
    name: String,
    short_description: Text<String>,
    full_description: Text<String>,
    help_uri: String,
    default_configuration: Configuration,
}

/// A `defaultConfiguration`.
#[derive(Debug, Serialize)]
struct Configuration {
    level: &'static str,
}

/// A message or multiformat string with plain text only.
#[derive(Debug, Serialize)]
struct Text<T> {
    text: T,
}

/// One finding.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Text<&'a str>,
    locations: [SarifLocation<'a>; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<SarifLocation<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    code_flows: Vec<CodeFlow<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix<'a>>,
    partial_fingerprints: Fingerprints,
    properties: ResultProperties,
}

/// `partialFingerprints`: stowaway's fingerprint under the key `stowaway/v1`.
#[derive(Debug, Serialize)]
struct Fingerprints {
    #[serde(rename = "stowaway/v1")]
    stowaway: String,
}

/// The result's property bag.
#[derive(Debug, Serialize)]
struct ResultProperties {
    confidence: &'static str,
}

/// A `location`: an id (related locations only), a place and a message.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifLocation<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text<&'a str>>,
}

/// A file and a region in it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

/// A relative URI.
#[derive(Debug, Serialize)]
struct ArtifactLocation {
    uri: String,
}

/// 1-based lines and code-point columns; the end column is exclusive.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

/// A code flow with a single thread flow.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct CodeFlow<'a> {
    thread_flows: [ThreadFlow<'a>; 1],
}

/// The steps of the secret's path, in order.
#[derive(Debug, Serialize)]
struct ThreadFlow<'a> {
    locations: Vec<ThreadFlowLocation<'a>>,
}

/// One step.
#[derive(Debug, Serialize)]
struct ThreadFlowLocation<'a> {
    location: SarifLocation<'a>,
}

/// A fix: its title and one change per file.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix<'a> {
    description: Text<&'a str>,
    artifact_changes: Vec<ArtifactChange<'a>>,
    properties: FixProperties,
}

/// The fix's property bag.
#[derive(Debug, Serialize)]
struct FixProperties {
    applicability: &'static str,
}

/// The replacements in one file.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange<'a> {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement<'a>>,
}

/// Delete a region, insert text.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement<'a> {
    deleted_region: Region,
    inserted_content: Text<&'a str>,
}

/// Writes the log, pretty-printed with two spaces and a final newline.
pub fn render(
    sources: &SourceSet,
    diagnostics: &[Diagnostic],
    mut out: impl Write,
) -> io::Result<()> {
    let files = FileTable::new(sources);
    let rules = fired_rules(diagnostics);
    let prints = fingerprints(&files, diagnostics);
    let results = diagnostics
        .iter()
        .zip(prints)
        .map(|(d, print)| result(&files, &rules, d, print))
        .collect();
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "stowaway",
                    version: env!("CARGO_PKG_VERSION"),
                    information_uri: HOME_PAGE,
                    rules: rules.iter().map(|&rule| descriptor(rule)).collect(),
                },
            },
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    serde_json::to_writer_pretty(&mut out, &log)?;
    writeln!(out)
}

/// The rules that fired, in catalogue order.
fn fired_rules(diagnostics: &[Diagnostic]) -> Vec<Rule> {
    Rule::ALL
        .into_iter()
        .filter(|rule| diagnostics.iter().any(|d| d.rule == *rule))
        .collect()
}

fn descriptor(rule: Rule) -> Descriptor {
    Descriptor {
        id: rule.name(),
        name: pascal_case(rule.name()),
        short_description: Text {
            text: rule.summary().to_owned(),
        },
        full_description: Text {
            text: format!("{} Documentation: {}", rule.summary(), rule_url(rule)),
        },
        help_uri: rule_url(rule),
        default_configuration: Configuration {
            level: level(rule.default_severity()),
        },
    }
}

/// `secret-build-arg` as `SecretBuildArg`.
fn pascal_case(name: &str) -> String {
    name.split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect::<String>()
            })
        })
        .collect()
}

/// SARIF's name for a severity.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn result<'a>(
    files: &FileTable<'_>,
    rules: &[Rule],
    diagnostic: &'a Diagnostic,
    fingerprint: String,
) -> SarifResult<'a> {
    let related = diagnostic
        .related
        .iter()
        .zip(1..)
        .map(|(r, id)| location(files, r.location, Some(id), Some(&r.message)))
        .collect();
    SarifResult {
        rule_id: diagnostic.rule.name(),
        rule_index: rules
            .iter()
            .position(|r| *r == diagnostic.rule)
            .unwrap_or_default(),
        level: level(diagnostic.severity),
        message: Text {
            text: &diagnostic.message,
        },
        locations: [location(files, diagnostic.primary, None, None)],
        related_locations: related,
        code_flows: code_flow(files, diagnostic).into_iter().collect(),
        fixes: diagnostic.fix.iter().map(|f| fix(files, f)).collect(),
        partial_fingerprints: Fingerprints {
            stowaway: fingerprint,
        },
        properties: ResultProperties {
            confidence: diagnostic.confidence.as_str(),
        },
    }
}

fn location<'a>(
    files: &FileTable<'_>,
    at: Location,
    id: Option<usize>,
    message: Option<&'a str>,
) -> SarifLocation<'a> {
    SarifLocation {
        id,
        physical_location: PhysicalLocation {
            artifact_location: artifact(files, at.file),
            region: region(files, at),
        },
        message: message.map(|text| Text { text }),
    }
}

fn artifact(files: &FileTable<'_>, file: FileId) -> ArtifactLocation {
    ArtifactLocation {
        uri: files.path(file),
    }
}

fn region(files: &FileTable<'_>, at: Location) -> Region {
    let (start, end) = files.span(at);
    Region {
        start_line: start.line,
        start_column: start.column,
        end_line: end.line,
        end_column: end.column,
    }
}

/// The secret's path: each related location in order, then the primary one. None when
/// the finding has no related location.
fn code_flow<'a>(files: &FileTable<'_>, diagnostic: &'a Diagnostic) -> Option<CodeFlow<'a>> {
    if diagnostic.related.is_empty() {
        return None;
    }
    let steps = diagnostic.related.iter().map(|r| (r.location, &*r.message));
    let last = std::iter::once((diagnostic.primary, &*diagnostic.message));
    let locations = steps
        .chain(last)
        .map(|(at, message)| ThreadFlowLocation {
            location: location(files, at, None, Some(message)),
        })
        .collect();
    Some(CodeFlow {
        thread_flows: [ThreadFlow { locations }],
    })
}

fn fix<'a>(files: &FileTable<'_>, fix: &'a Fix) -> SarifFix<'a> {
    // One artifactChange per file, in the order the files first appear in the edits.
    let mut order: Vec<FileId> = Vec::new();
    for edit in &fix.edits {
        if !order.contains(&edit.file) {
            order.push(edit.file);
        }
    }
    let changes = order
        .into_iter()
        .map(|file| ArtifactChange {
            artifact_location: artifact(files, file),
            replacements: fix
                .edits
                .iter()
                .filter(|e| e.file == file)
                .map(|e| replacement(files, e))
                .collect(),
        })
        .collect();
    SarifFix {
        description: Text { text: &fix.title },
        artifact_changes: changes,
        properties: FixProperties {
            applicability: fix.applicability.as_str(),
        },
    }
}

fn replacement<'a>(files: &FileTable<'_>, edit: &'a Edit) -> Replacement<'a> {
    Replacement {
        deleted_region: region(files, Location::new(edit.file, edit.range)),
        inserted_content: Text {
            text: &edit.replacement,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::fixtures;

    fn rendered() -> String {
        let (sources, diagnostics) = fixtures::two_files_three_findings();
        let mut out = Vec::new();
        render(&sources, &diagnostics, &mut out).expect("writes to a Vec");
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn log_with_rules_code_flow_and_fixes() {
        insta::assert_snapshot!(rendered());
    }

    #[test]
    fn log_is_valid_against_the_official_schema() {
        let schema_text = include_str!("../../tests/data/sarif-schema-2.1.0.json");
        let schema: serde_json::Value = serde_json::from_str(schema_text).expect("schema JSON");
        let validator = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft4)
            .should_validate_formats(true)
            .build(&schema)
            .expect("the schema compiles");
        let log: serde_json::Value = serde_json::from_str(&rendered()).expect("log JSON");
        let errors: Vec<String> = validator
            .iter_errors(&log)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect();
        assert_eq!(errors, Vec::<String>::new());

        // The schema rejects what it should: a result without a message.
        let mut broken = log;
        broken["runs"][0]["results"][0]
            .as_object_mut()
            .expect("result object")
            .remove("message");
        assert!(!validator.is_valid(&broken));
    }

    #[test]
    fn empty_log_still_has_a_run_and_no_rules() {
        let mut out = Vec::new();
        render(&SourceSet::new(), &[], &mut out).expect("writes to a Vec");
        let log: serde_json::Value = serde_json::from_slice(&out).expect("JSON");
        assert_eq!(
            log["runs"][0]["tool"]["driver"]["rules"],
            serde_json::json!([])
        );
        assert_eq!(log["runs"][0]["results"], serde_json::json!([]));
    }

    #[test]
    fn rule_names_are_pascal_case() {
        assert_eq!(
            pascal_case("docker-login-password-arg"),
            "DockerLoginPasswordArg"
        );
        assert_eq!(pascal_case(""), "");
    }
}
