//! lint-core findings and fixes as LSP values: diagnostics with rule code, rule page,
//! related information and the fix in `data`, and fixes as workspace edits.

use std::collections::HashMap;
use std::str::FromStr;

use lsp_types::{
    CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, NumberOrString, TextEdit,
    Uri, WorkspaceEdit,
};
use serde_json::{Value, json};
use stowaway_lint_core::diagnostic::{Diagnostic, Edit, Fix, Location, Severity};
use stowaway_lint_core::rules::Rule;

use crate::analysis::Analysis;
use crate::{DIAGNOSTIC_SOURCE, RULE_DOCS_BASE};

/// The URL of `rule`'s documentation page.
pub fn rule_url(rule: Rule) -> String {
    format!("{RULE_DOCS_BASE}{}.md", rule.name())
}

/// The LSP severity of a lint-core severity.
pub fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// `diagnostic` as published: range in its file, rule as code with its page, related
/// locations as related information, and its fix (if any) in `data`.
pub fn diagnostic(analysis: &Analysis, diagnostic: &Diagnostic) -> lsp_types::Diagnostic {
    let related: Vec<DiagnosticRelatedInformation> = diagnostic
        .related
        .iter()
        .filter_map(|related| {
            Some(DiagnosticRelatedInformation {
                location: location(analysis, related.location)?,
                message: related.message.clone(),
            })
        })
        .collect();
    lsp_types::Diagnostic {
        range: analysis.range(diagnostic.primary),
        severity: Some(severity(diagnostic.severity)),
        code: Some(NumberOrString::String(diagnostic.rule.name().to_string())),
        code_description: Uri::from_str(&rule_url(diagnostic.rule))
            .ok()
            .map(|href| CodeDescription { href }),
        source: Some(DIAGNOSTIC_SOURCE.to_string()),
        message: diagnostic.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: diagnostic.fix.as_ref().map(|fix| fix_data(analysis, fix)),
    }
}

/// The LSP location of a byte location; `None` when its file has no URI.
pub fn location(analysis: &Analysis, location: Location) -> Option<lsp_types::Location> {
    let uri = analysis.uri(location.file)?.clone();
    Some(lsp_types::Location::new(uri, analysis.range(location)))
}

/// A fix in the stable JSON form carried in a diagnostic's `data`:
/// `{"fix": {"title", "applicability", "edits": [{"uri", "range", "newText"}]}}`, edits in
/// the fix's order, ranges in the negotiated encoding.
pub fn fix_data(analysis: &Analysis, fix: &Fix) -> Value {
    let edits: Vec<Value> = fix
        .edits
        .iter()
        .filter_map(|edit| {
            let uri = analysis.uri(edit.file)?;
            Some(json!({
                "uri": uri.as_str(),
                "range": analysis.range(Location::new(edit.file, edit.range)),
                "newText": edit.replacement,
            }))
        })
        .collect();
    json!({
        "fix": {
            "title": fix.title,
            "applicability": fix.applicability.as_str(),
            "edits": edits,
        }
    })
}

/// `edits` as a workspace edit with `changes` for every file they touch.
// `lsp_types::Uri` hashes and compares its string only; its cached parts are not keys.
#[allow(clippy::mutable_key_type)]
pub fn workspace_edit<'a>(
    analysis: &Analysis,
    edits: impl IntoIterator<Item = &'a Edit>,
) -> WorkspaceEdit {
    let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
    for edit in edits {
        let Some(uri) = analysis.uri(edit.file) else {
            continue;
        };
        let range = analysis.range(Location::new(edit.file, edit.range));
        changes
            .entry(uri.clone())
            .or_default()
            .push(TextEdit::new(range, edit.replacement.clone()));
    }
    WorkspaceEdit::new(changes)
}
