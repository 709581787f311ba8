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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::CheckInput;
    use crate::document::DocumentStore;
    use crate::encoding::PositionEncoding;
    use crate::workspace::UnitSources;
    use serde_json::json;
    use std::path::PathBuf;
    use stowaway_lint_core::diagnostic::{Confidence, Fix, Location};
    use stowaway_lint_core::rules::Rule;
    use stowaway_lint_core::source::{FileKind, SourceFile, SourceSet};

    const DOCKERFILE: &str = "FROM a\n  ARG NPM_TOKEN\r\nRUN x\n";
    const PIPELINE: &str = "script:\n  - docker build --build-arg NPM_TOKEN=$NPM_TOKEN .\n";

    /// An analysis of two files holding `diagnostics` (made by hand: no rule fixes yet).
    fn analysis(diagnostics: Vec<Diagnostic>) -> Analysis {
        let mut sources = SourceSet::new();
        sources.add(SourceFile::new(
            "Dockerfile",
            DOCKERFILE,
            FileKind::Dockerfile,
        ));
        sources.add(SourceFile::new(
            "bitbucket-pipelines.yml",
            PIPELINE,
            FileKind::Pipeline,
        ));
        let keys = vec![
            PathBuf::from("/w/Dockerfile"),
            PathBuf::from("/w/bitbucket-pipelines.yml"),
        ];
        let mut analysis = Analysis::check(CheckInput::snapshot(
            UnitSources { sources, keys },
            &stowaway_lint_core::settings::Settings::default(),
            &DocumentStore::new(),
            PositionEncoding::Utf16,
        ));
        analysis.diagnostics = diagnostics;
        analysis
    }

    fn edit(file: u32, start: usize, end: usize, text: &str) -> Edit {
        Edit {
            file: FileId(file),
            range: TextRange::new(start, end),
            replacement: text.to_string(),
        }
    }

    fn finding(at: usize, applicability: Applicability, edits: Vec<Edit>) -> Diagnostic {
        let primary = Location::new(FileId(0), TextRange::new(at, at + 3));
        let fix = Fix {
            title: "Pass NPM_TOKEN as a secret mount".to_string(),
            applicability,
            edits,
        };
        Diagnostic::new(Rule::SecretBuildArg, Confidence::High, primary, "leak").with_fix(fix)
    }

    fn to_json(value: &impl serde::Serialize) -> serde_json::Value {
        serde_json::to_value(value).expect("serializes")
    }

    /// Both files' edits: the Dockerfile ARG line and the pipeline's `--build-arg`.
    fn two_file_edits() -> Vec<Edit> {
        vec![
            edit(0, 9, 22, "# secret mount"),
            edit(1, 25, 57, "--secret id=NPM_TOKEN,env=NPM_TOKEN"),
        ]
    }

    #[test]
    fn quick_fix_edits_every_file_the_fix_touches() {
        let analysis = analysis(vec![finding(13, Applicability::Safe, two_file_edits())]);
        let action = quick_fix(&analysis, &analysis.diagnostics[0]).expect("a fix");
        assert_eq!(action.title, "Pass NPM_TOKEN as a secret mount");
        assert_eq!(action.is_preferred, Some(true));
        assert_eq!(
            to_json(&action.edit),
            json!({ "changes": {
                "file:///w/Dockerfile": [{
                    "range": { "start": { "line": 1, "character": 2 },
                               "end": { "line": 1, "character": 15 } },
                    "newText": "# secret mount" }],
                "file:///w/bitbucket-pipelines.yml": [{
                    "range": { "start": { "line": 1, "character": 17 },
                               "end": { "line": 1, "character": 49 } },
                    "newText": "--secret id=NPM_TOKEN,env=NPM_TOKEN" }],
            }})
        );
    }

    #[test]
    fn unsafe_fixes_say_so_and_display_only_fixes_are_not_offered() {
        let analysis = analysis(vec![
            finding(13, Applicability::Unsafe, two_file_edits()),
            finding(13, Applicability::DisplayOnly, two_file_edits()),
        ]);
        let unsafe_fix = quick_fix(&analysis, &analysis.diagnostics[0]).expect("a fix");
        assert_eq!(
            unsafe_fix.title,
            "Pass NPM_TOKEN as a secret mount (unsafe fix)"
        );
        assert_eq!(unsafe_fix.is_preferred, Some(false));
        assert_eq!(quick_fix(&analysis, &analysis.diagnostics[1]), None);
    }

    #[test]
    fn fix_data_is_stable_json_with_lsp_ranges() {
        let analysis = analysis(vec![finding(13, Applicability::Safe, two_file_edits())]);
        let published = crate::convert::diagnostic(&analysis, &analysis.diagnostics[0]);
        assert_eq!(
            published.data,
            Some(json!({ "fix": {
                "title": "Pass NPM_TOKEN as a secret mount",
                "applicability": "safe",
                "edits": [
                    { "uri": "file:///w/Dockerfile",
                      "range": { "start": { "line": 1, "character": 2 },
                                 "end": { "line": 1, "character": 15 } },
                      "newText": "# secret mount" },
                    { "uri": "file:///w/bitbucket-pipelines.yml",
                      "range": { "start": { "line": 1, "character": 17 },
                                 "end": { "line": 1, "character": 49 } },
                      "newText": "--secret id=NPM_TOKEN,env=NPM_TOKEN" },
                ],
            }}))
        );
    }

    #[test]
    fn fix_all_takes_safe_non_overlapping_fixes_only() {
        let analysis = analysis(vec![
            finding(13, Applicability::Safe, vec![edit(0, 9, 22, "A")]),
            finding(13, Applicability::Safe, vec![edit(0, 15, 24, "clash")]),
            finding(13, Applicability::Unsafe, vec![edit(0, 0, 4, "unsafe")]),
            finding(13, Applicability::Safe, vec![edit(0, 25, 28, "B")]),
        ]);
        let action = fix_all(&analysis, FileId(0)).expect("safe fixes");
        assert_eq!(
            action.kind.as_ref().map(CodeActionKind::as_str),
            Some(FIX_ALL_KIND)
        );
        let changes = to_json(&action.edit)["changes"]["file:///w/Dockerfile"].clone();
        let texts: Vec<&str> = changes
            .as_array()
            .expect("edits")
            .iter()
            .filter_map(|edit| edit["newText"].as_str())
            .collect();
        assert_eq!(texts, vec!["A", "B"]);
        assert_eq!(fix_all(&analysis, FileId(1)), None);
    }

    #[test]
    fn ignore_comment_keeps_indentation_and_crlf() {
        let analysis = analysis(vec![finding(13, Applicability::Safe, Vec::new())]);
        let action = ignore_finding(&analysis, &analysis.diagnostics[0]);
        assert_eq!(
            to_json(&action.edit)["changes"]["file:///w/Dockerfile"],
            json!([{ "range": { "start": { "line": 1, "character": 0 },
                                "end": { "line": 1, "character": 0 } },
                     "newText": "  # stowaway: ignore[secret-build-arg]\r\n" }])
        );
    }

    #[test]
    fn only_filters_by_kind_prefix() {
        let fix_all_kind = [CodeActionKind::from("source.fixAll".to_string())];
        assert!(wants(None, FIX_ALL_KIND));
        assert!(wants(Some(&fix_all_kind), FIX_ALL_KIND));
        assert!(!wants(Some(&fix_all_kind), "quickfix"));
        assert!(!wants(
            Some(&[CodeActionKind::from("source.fix".to_string())]),
            FIX_ALL_KIND
        ));
    }
}
