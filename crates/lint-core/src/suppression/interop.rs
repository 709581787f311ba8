//! Other tools' markers that judge a Dockerfile ARG/ENV "not secret": Docker's
//! `# check=skip=SecretsUsedInArgOrEnv` (or `skip=all`) and hadolint's `DL3064` ignore
//! pragmas. As a file-wide form (the `check` parser directive, `# hadolint global
//! ignore=DL3064`) they mark every ARG and ENV of the file; as a comment line right above
//! an ARG or ENV (other comments may sit between) they mark that instruction.
//!
//! A marked instruction drops the medium- and low-confidence findings that pass through it
//! (a name-only guess that the other tool's user has already judged); a high-confidence
//! finding (a proven flow) stays, with a related note pointing at the marker.

use std::collections::HashMap;

use crate::analysis::Project;
use crate::diagnostic::{Confidence, Diagnostic, Location};
use crate::dockerfile::{Dockerfile, InstructionKind};
use crate::rules::Rule;
use crate::source::{FileId, SourceFile};
use crate::text::TextRange;

use super::comments::{self, Comment};

/// Docker's build check about secret-named ARG/ENV.
const DOCKER_CHECK: &str = "SecretsUsedInArgOrEnv";
/// hadolint's rule about secret-named ARG/ENV ("ARG or ENV with sensitive data").
const HADOLINT_RULE: &str = "DL3064";

/// Which tool's marker was seen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tool {
    Docker,
    Hadolint,
}

impl Tool {
    /// The marker as the note names it.
    const fn label(self) -> &'static str {
        match self {
            Tool::Docker => "check=skip=SecretsUsedInArgOrEnv",
            Tool::Hadolint => "hadolint ignore=DL3064",
        }
    }
}

/// An ARG or ENV judged not secret by another tool.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Marked {
    instruction: Location,
    marker: Location,
    tool: Tool,
}

/// Drops the medium- and low-confidence findings through marked ARG/ENV instructions and
/// annotates the high-confidence ones.
pub(super) fn apply(project: &Project<'_>, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut marked: HashMap<FileId, Vec<Marked>> = HashMap::new();
    for model in project.dockerfiles {
        let file = project.sources.get(model.file);
        if !may_carry_markers(&file.text) {
            continue;
        }
        let mut marks = marked_in(model.file, file, &model.ast);
        if !marks.is_empty() {
            marks.sort_by_key(|mark| mark.instruction.range.start);
            marked.insert(model.file, marks);
        }
    }
    if marked.is_empty() {
        return diagnostics;
    }
    diagnostics
        .into_iter()
        .filter_map(|diagnostic| judge(diagnostic, &marked))
        .collect()
}

/// Whether `text` holds the words every marker has (`hadolint`, or `check=` in any case):
/// most files have none, and are not scanned for comments.
fn may_carry_markers(text: &str) -> bool {
    text.contains("hadolint")
        || text.match_indices('=').any(|(at, _)| {
            at.checked_sub(5)
                .and_then(|start| text.as_bytes().get(start..at))
                .is_some_and(|key| key.eq_ignore_ascii_case(b"check"))
        })
}

/// The marks whose instruction holds the start of `location`.
fn marks_at(marked: &HashMap<FileId, Vec<Marked>>, location: Location) -> &[Marked] {
    let Some(marks) = marked.get(&location.file) else {
        return &[];
    };
    // Instructions never overlap: the candidates all share the last start at or before it.
    let offset = location.range.start;
    let end = marks.partition_point(|mark| mark.instruction.range.start <= offset);
    let Some(last) = end.checked_sub(1).and_then(|i| marks.get(i)) else {
        return &[];
    };
    let start =
        marks.partition_point(|mark| mark.instruction.range.start < last.instruction.range.start);
    let same = marks.get(start..end).unwrap_or(&[]);
    if same.iter().any(|mark| inside(location, mark.instruction)) {
        same
    } else {
        &[]
    }
}

/// `diagnostic` as the markers leave it: dropped, annotated or unchanged.
fn judge(mut diagnostic: Diagnostic, marked: &HashMap<FileId, Vec<Marked>>) -> Option<Diagnostic> {
    if matches!(diagnostic.rule, Rule::SyntaxError | Rule::UnusedSuppression) {
        return Some(diagnostic);
    }
    let hits: Vec<Marked> = std::iter::once(diagnostic.primary)
        .chain(diagnostic.related.iter().map(|related| related.location))
        .flat_map(|location| marks_at(marked, location).iter().copied())
        .collect();
    if hits.is_empty() {
        return Some(diagnostic);
    }
    if diagnostic.confidence < Confidence::High {
        return None;
    }
    for mark in hits {
        let message = format!("the `{}` marker was seen here", mark.tool.label());
        let already = diagnostic
            .related
            .iter()
            .any(|related| related.location == mark.marker && related.message == message);
        if !already {
            diagnostic = diagnostic.with_related(mark.marker, message);
        }
    }
    Some(diagnostic)
}

/// Whether `location` starts inside `instruction`.
fn inside(location: Location, instruction: Location) -> bool {
    location.file == instruction.file
        && (instruction.range.contains(location.range.start)
            || location.range.start == instruction.range.start)
}

/// The marked ARG/ENV instructions of one Dockerfile.
fn marked_in(id: FileId, file: &SourceFile, ast: &Dockerfile) -> Vec<Marked> {
    let declarations: Vec<TextRange> = ast
        .instructions
        .iter()
        .filter(|i| matches!(i.kind, InstructionKind::Arg(_) | InstructionKind::Env(_)))
        .map(|i| i.range)
        .collect();
    let comments: Vec<Comment> = comments::comments(file, Some(ast))
        .into_iter()
        .filter(|comment| comment.whole_line)
        .collect();
    let skippable = comments::skippable_lines(file, &comments);
    let by_line: HashMap<usize, TextRange> = declarations
        .iter()
        .map(|range| (file.line_index.line_of(range.start), *range))
        .collect();
    let mut marked = Vec::new();
    for (marker, tool) in file_wide_markers(ast, file, &comments) {
        marked.extend(declarations.iter().map(|range| Marked {
            instruction: Location::new(id, *range),
            marker: Location::new(id, marker),
            tool,
        }));
    }
    for comment in &comments {
        let Some(tool) = instruction_marker(file.slice(comment.range)) else {
            continue;
        };
        if let Some(range) = next_declaration(&skippable, comment, &by_line) {
            marked.push(Marked {
                instruction: Location::new(id, range),
                marker: Location::new(id, comment.range),
                tool,
            });
        }
    }
    marked
}

/// File-wide markers: the `check` parser directive and `# hadolint global ignore=`.
fn file_wide_markers(
    ast: &Dockerfile,
    file: &SourceFile,
    comments: &[Comment],
) -> Vec<(TextRange, Tool)> {
    let directive = ast
        .directives
        .iter()
        .filter(|d| d.name.value == "check" && check_skips_secrets(&d.value.value))
        .map(|d| (d.range, Tool::Docker));
    let global = comments
        .iter()
        .filter(|c| hadolint_codes(file.slice(c.range), "global ignore=").is_some_and(names_dl3064))
        .map(|c| (c.range, Tool::Hadolint));
    directive.chain(global).collect()
}

/// The tool whose per-instruction marker `comment` is, if any.
fn instruction_marker(comment: &str) -> Option<Tool> {
    let body = comment.strip_prefix('#')?.trim();
    let is_check = body
        .get(..6)
        .is_some_and(|key| key.eq_ignore_ascii_case("check="));
    if is_check && body.get(6..).is_some_and(check_skips_secrets) {
        return Some(Tool::Docker);
    }
    hadolint_codes(comment, "ignore=")
        .is_some_and(names_dl3064)
        .then_some(Tool::Hadolint)
}

/// Whether a `check` directive value (`skip=A,B;error=true`) skips the secrets check.
fn check_skips_secrets(value: &str) -> bool {
    value.split(';').any(|part| {
        part.trim().strip_prefix("skip=").is_some_and(|list| {
            list.split(',')
                .map(str::trim)
                .any(|name| name == DOCKER_CHECK || name == "all")
        })
    })
}

/// The code list of a `# hadolint <form>CODES` pragma.
fn hadolint_codes<'a>(comment: &'a str, form: &str) -> Option<&'a str> {
    let body = comment.strip_prefix('#')?.trim_start();
    body.strip_prefix("hadolint")?
        .trim_start()
        .strip_prefix(form)
}

/// Whether a hadolint code list names DL3064.
fn names_dl3064(codes: &str) -> bool {
    codes
        .split(',')
        .any(|code| code.split_whitespace().next() == Some(HADOLINT_RULE))
}

/// The ARG/ENV starting on the next line after `comment` that is neither blank nor a
/// comment, if that line starts one; `declarations` are keyed by their first line.
fn next_declaration(
    skippable: &[bool],
    comment: &Comment,
    declarations: &HashMap<usize, TextRange>,
) -> Option<TextRange> {
    let target = (comment.line + 1..skippable.len()).find(|&line| !skippable[line])?;
    declarations.get(&target).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_files_naming_a_marker_word_are_scanned() {
        assert!(may_carry_markers("# hadolint ignore=DL3064\n"));
        assert!(may_carry_markers(
            "# syntax=docker/dockerfile:1\n# CHECK=skip=all\n"
        ));
        assert!(may_carry_markers("x\n# check=skip=SecretsUsedInArgOrEnv"));
        assert!(!may_carry_markers("FROM alpine\nARG A=b\n# checks=none\n"));
        assert!(!may_carry_markers("=check\n"));
    }

    #[test]
    fn check_values_that_skip_the_secrets_check() {
        assert!(check_skips_secrets("skip=SecretsUsedInArgOrEnv"));
        assert!(check_skips_secrets(
            "skip=JSONArgsRecommended, SecretsUsedInArgOrEnv;error=true"
        ));
        assert!(check_skips_secrets("error=true;skip=all"));
        assert!(!check_skips_secrets("skip=JSONArgsRecommended"));
        assert!(!check_skips_secrets("error=true"));
    }

    #[test]
    fn instruction_markers_of_both_tools() {
        assert_eq!(
            instruction_marker("# check=skip=SecretsUsedInArgOrEnv"),
            Some(Tool::Docker)
        );
        assert_eq!(
            instruction_marker("# hadolint ignore=DL3008, DL3064"),
            Some(Tool::Hadolint)
        );
        assert_eq!(instruction_marker("# hadolint ignore=DL3008"), None);
        assert_eq!(instruction_marker("# hadolint global ignore=DL3064"), None);
        assert_eq!(instruction_marker("# a comment"), None);
    }
}
