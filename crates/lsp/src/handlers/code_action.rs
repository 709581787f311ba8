//! `textDocument/codeAction`: a quick fix per finding with a fix, an "ignore this finding"
//! comment per finding, and `source.fixAll.stowaway` applying every safe fix of the file.

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionResponse,
};
use stowaway_lint_core::diagnostic::{Applicability, Diagnostic, Edit};
use stowaway_lint_core::source::FileId;
use stowaway_lint_core::text::TextRange;

use crate::FIX_ALL_KIND;
use crate::analysis::Analysis;
use crate::convert;
use crate::session::Session;
use crate::uri::document_key;

/// The actions for the findings overlapping the requested range, filtered by `only`.
pub fn handle(session: &Session, params: CodeActionParams) -> Option<CodeActionResponse> {
    let key = document_key(&params.text_document.uri);
    let (analysis, file) = session.analysis_of(&key)?;
    let source = analysis.unit.sources.get(file);
    let range = session
        .encoding
        .text_range(&source.text, &source.line_index, params.range);
    let only = params.context.only.as_deref();
    let mut actions = Vec::new();
    if wants(only, CodeActionKind::QUICKFIX.as_str()) {
        for diagnostic in analysis.diagnostics_in(file) {
            if overlaps(diagnostic.primary.range, range) {
                actions.extend(quick_fix(analysis, diagnostic));
                actions.push(ignore_finding(analysis, diagnostic));
            }
        }
    }
    if wants(only, FIX_ALL_KIND) {
        actions.extend(fix_all(analysis, file));
    }
    Some(
        actions
            .into_iter()
            .map(CodeActionOrCommand::CodeAction)
            .collect(),
    )
}

/// Whether `kind` is asked for: no filter, or a filter entry that is `kind` or a parent.
fn wants(only: Option<&[CodeActionKind]>, kind: &str) -> bool {
    only.is_none_or(|kinds| {
        kinds.iter().any(|asked| {
            let asked = asked.as_str();
            kind == asked || kind.strip_prefix(asked).is_some_and(|r| r.starts_with('.'))
        })
    })
}

/// Whether two ranges touch (a cursor at either end of a finding counts).
fn overlaps(a: TextRange, b: TextRange) -> bool {
    a.start <= b.end && b.start <= a.end
}

/// The finding's own fix, unless it is display-only; unsafe fixes say so in the title.
fn quick_fix(analysis: &Analysis, diagnostic: &Diagnostic) -> Option<CodeAction> {
    let fix = diagnostic.fix.as_ref()?;
    let title = match fix.applicability {
        Applicability::Safe => fix.title.clone(),
        Applicability::Unsafe => format!("{} (unsafe fix)", fix.title),
        Applicability::DisplayOnly => return None,
    };
    Some(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![convert::diagnostic(analysis, diagnostic)]),
        edit: Some(convert::workspace_edit(analysis, &fix.edits)),
        is_preferred: Some(fix.applicability == Applicability::Safe),
        ..CodeAction::default()
    })
}

/// Inserts `# stowaway: ignore[rule]` on a new line above the flagged line, indented like it.
fn ignore_finding(analysis: &Analysis, diagnostic: &Diagnostic) -> CodeAction {
    let file = diagnostic.primary.file;
    let source = analysis.unit.sources.get(file);
    let line = source
        .line_index
        .line_of(diagnostic.primary.range.start.min(source.text.len()));
    let start = source.line_index.line_start(line).unwrap_or(0);
    let rest = source.text.get(start..).unwrap_or("");
    let indent_len = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    let indent = rest.get(..indent_len).unwrap_or("");
    let line_text = rest.split('\n').next().unwrap_or("");
    let newline = if line_text.ends_with('\r') {
        "\r\n"
    } else {
        "\n"
    };
    let rule = diagnostic.rule.name();
    let edit = Edit {
        file,
        range: TextRange::empty(start),
        replacement: format!("{indent}# stowaway: ignore[{rule}]{newline}"),
    };
    CodeAction {
        title: format!("Ignore this finding ({rule})"),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![convert::diagnostic(analysis, diagnostic)]),
        edit: Some(convert::workspace_edit(analysis, [&edit])),
        ..CodeAction::default()
    }
}

/// Every safe fix of findings in `file`, in order, skipping one whose edits overlap an
/// edit already taken; `None` when there is no safe fix.
fn fix_all(analysis: &Analysis, file: FileId) -> Option<CodeAction> {
    let mut taken: Vec<&Edit> = Vec::new();
    for diagnostic in analysis.diagnostics_in(file) {
        let Some(fix) = diagnostic.fix.as_ref() else {
            continue;
        };
        let clashes = fix
            .edits
            .iter()
            .any(|edit| taken.iter().any(|other| edits_clash(edit, other)));
        if fix.applicability == Applicability::Safe && !clashes {
            taken.extend(&fix.edits);
        }
    }
    if taken.is_empty() {
        return None;
    }
    Some(CodeAction {
        title: "Fix all safe stowaway findings".to_string(),
        kind: Some(CodeActionKind::from(FIX_ALL_KIND.to_string())),
        edit: Some(convert::workspace_edit(analysis, taken)),
        ..CodeAction::default()
    })
}

/// Whether two edits of the same file overlap, or insert at the same point.
fn edits_clash(a: &Edit, b: &Edit) -> bool {
    let (a_range, b_range) = (a.range, b.range);
    a.file == b.file
        && (a_range.start < b_range.end && b_range.start < a_range.end
            || a_range.start == b_range.start)
}
