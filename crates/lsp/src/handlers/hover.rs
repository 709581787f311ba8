//! `textDocument/hover`: on a flagged range, the rule (linked to its page), the message,
//! and the related locations as a list.

use std::fmt::Write as _;

use lsp_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};
use stowaway_lint_core::diagnostic::Diagnostic;

use crate::analysis::Analysis;
use crate::convert::rule_url;
use crate::session::Session;
use crate::uri::document_key;

/// The findings under the cursor, or `None` where there is none.
pub fn handle(session: &Session, params: HoverParams) -> Option<Hover> {
    let at = params.text_document_position_params;
    let key = document_key(&at.text_document.uri);
    let (analysis, file) = session.analysis_of(&key)?;
    let source = analysis.unit.sources.get(file);
    let offset = session
        .encoding
        .offset(&source.text, &source.line_index, at.position);
    let found: Vec<&Diagnostic> = analysis
        .diagnostics_in(file)
        .filter(|d| d.primary.range.start <= offset && offset <= d.primary.range.end)
        .collect();
    let first = found.first()?;
    let sections: Vec<String> = found.iter().map(|d| describe(analysis, d)).collect();
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: sections.join("\n---\n"),
        }),
        range: Some(analysis.range(first.primary)),
    })
}

/// One finding as Markdown.
fn describe(analysis: &Analysis, diagnostic: &Diagnostic) -> String {
    let rule = diagnostic.rule;
    let mut text = format!(
        "**stowaway: [{rule}]({url})** ({severity}, {confidence} confidence)\n\n{message}\n",
        url = rule_url(rule),
        severity = diagnostic.severity.as_str(),
        confidence = diagnostic.confidence.as_str(),
        message = diagnostic.message,
    );
    if !diagnostic.related.is_empty() {
        text.push_str("\nRelated:\n");
    }
    for related in &diagnostic.related {
        let file = analysis.unit.sources.get(related.location.file);
        let at = file.line_column(related.location.range.start);
        let path = file.path.display();
        let _ = writeln!(
            text,
            "- `{path}:{}:{}` {}",
            at.line, at.column, related.message
        );
    }
    if let Some(fix) = &diagnostic.fix {
        let _ = write!(
            text,
            "\nFix ({}): {}\n",
            fix.applicability.as_str(),
            fix.title
        );
    }
    text
}
