//! Inline suppressions, applied by [`check`](crate::check) after the rules ran:
//! `# stowaway: ignore[rule, ...] reason` silences the named rules on the next line (the
//! whole next instruction of a Dockerfile) or, at the end of a YAML line, on that line;
//! `# stowaway: ignore-file[rule, ...]` in the leading comments silences them in the whole
//! file. A suppression that silences nothing is reported as `unused-suppression`.
//! Other tools' markers for secret-named ARG/ENV are handled in [`interop`].

mod comments;
mod interop;

use std::collections::HashMap;

use crate::analysis::Project;
use crate::diagnostic::{Confidence, Diagnostic, Location};
use crate::rules::Rule;
use crate::source::{FileId, FileKind, SourceFile};
use crate::text::TextRange;

use comments::Comment;

/// What a suppression covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scope {
    /// 0-based lines `first..=last` of its file.
    Lines { first: usize, last: usize },
    /// The whole file.
    File,
}

/// One rule named by a suppression.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Entry {
    rule: Rule,
    range: TextRange,
    used: bool,
}

/// A parsed `# stowaway:` comment.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Suppression {
    file: FileId,
    scope: Scope,
    entries: Vec<Entry>,
}

/// The suppressions of a check and the problems found while reading them.
#[derive(Debug, Default)]
struct Suppressions {
    active: Vec<Suppression>,
    problems: Vec<Diagnostic>,
    /// Indexes into `active` by file and first covered line (line scopes).
    by_first_line: HashMap<(FileId, usize), Vec<usize>>,
    /// Indexes into `active` by file (file scopes).
    by_file: HashMap<FileId, Vec<usize>>,
    /// Each file's Dockerfile instructions as 0-based first and last lines, in order.
    instructions: HashMap<FileId, Vec<(usize, usize)>>,
}

impl Suppressions {
    /// Adds `suppression` and indexes it.
    fn push(&mut self, suppression: Suppression) {
        let at = self.active.len();
        match suppression.scope {
            Scope::File => self.by_file.entry(suppression.file).or_default().push(at),
            Scope::Lines { first, .. } => self
                .by_first_line
                .entry((suppression.file, first))
                .or_default()
                .push(at),
        }
        self.active.push(suppression);
    }

    /// The suppressions that may cover `line` of `file`: a line scope starts on that line
    /// or on the first line of the instruction holding it; a file scope covers all.
    fn candidates(&self, file: FileId, line: usize) -> Vec<usize> {
        let mut found: Vec<usize> = self.by_file.get(&file).cloned().unwrap_or_default();
        let mut firsts = vec![line];
        if let Some(instructions) = self.instructions.get(&file) {
            let after = instructions.partition_point(|&(first, _)| first <= line);
            if let Some(&(first, last)) = after.checked_sub(1).and_then(|i| instructions.get(i))
                && first != line
                && line <= last
            {
                firsts.push(first);
            }
        }
        for first in firsts {
            found.extend(self.by_first_line.get(&(file, first)).into_iter().flatten());
        }
        found
    }
}

/// Applies other tools' markers, then the suppression comments, to `diagnostics`; adds an
/// `unused-suppression` finding for each suppression that silenced nothing.
pub(crate) fn apply(project: &Project<'_>, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let diagnostics = interop::apply(project, diagnostics);
    let mut suppressions = collect(project);
    let mut kept: Vec<Diagnostic> = diagnostics
        .into_iter()
        .filter(|diagnostic| !silence(&mut suppressions, diagnostic, project))
        .collect();
    let settings = project.settings;
    if settings.is_enabled(Rule::UnusedSuppression) {
        kept.extend(suppressions.problems);
        for suppression in &suppressions.active {
            let unused = suppression
                .entries
                .iter()
                .filter(|entry| !entry.used && settings.is_enabled(entry.rule));
            for entry in unused {
                let message = format!("suppression of `{}` silences nothing", entry.rule);
                kept.push(problem(suppression.file, entry.range, message));
            }
        }
    }
    kept
}

/// Whether a suppression covers `diagnostic`; marks every covering entry as used.
fn silence(all: &mut Suppressions, diagnostic: &Diagnostic, project: &Project<'_>) -> bool {
    if diagnostic.rule == Rule::UnusedSuppression {
        return false;
    }
    let locations = std::iter::once(diagnostic.primary)
        .chain(diagnostic.related.iter().map(|related| related.location));
    let mut silenced = false;
    for location in locations {
        let file = project.sources.get(location.file);
        let line = file.line_index.line_of(location.range.start);
        for at in all.candidates(location.file, line) {
            let Some(suppression) = all.active.get_mut(at) else {
                continue;
            };
            if !covers(suppression.scope, line) {
                continue;
            }
            for entry in &mut suppression.entries {
                if entry.rule == diagnostic.rule {
                    entry.used = true;
                    silenced = true;
                }
            }
        }
    }
    silenced
}

/// Whether `scope` covers the 0-based `line` of its file.
fn covers(scope: Scope, line: usize) -> bool {
    match scope {
        Scope::File => true,
        Scope::Lines { first, last } => (first..=last).contains(&line),
    }
}

/// Reads every `# stowaway:` comment of the project's files.
fn collect(project: &Project<'_>) -> Suppressions {
    let mut suppressions = Suppressions::default();
    for &id in project.files {
        let file = project.sources.get(id);
        // Every suppression holds this word: most files have none and are not scanned.
        if !file.text.contains(MARKER) {
            continue;
        }
        let ast = project.dockerfile(id).map(|model| &model.ast);
        let comments = comments::comments(file, ast);
        let layout = Layout::new(file, ast, &comments);
        for comment in comments {
            read_comment(id, file, &layout, comment, &mut suppressions);
        }
        suppressions.instructions.insert(id, layout.instructions);
    }
    suppressions
}

/// Parses one comment into a suppression or a problem; other comments are left alone.
fn read_comment(
    id: FileId,
    file: &SourceFile,
    layout: &Layout,
    comment: Comment,
    out: &mut Suppressions,
) {
    let parsed = match parse(file.slice(comment.range), comment.range.start) {
        None => return,
        Some(Err(message)) => {
            out.problems.push(problem(id, comment.range, message));
            return;
        }
        Some(Ok(parsed)) => parsed,
    };
    let scope = if parsed.whole_file {
        if !(comment.whole_line && layout.in_leading_comments(comment.line)) {
            let message = match file.kind {
                FileKind::Dockerfile => "`ignore-file` only works before the first instruction",
                FileKind::Pipeline => {
                    "`ignore-file` only works in the comments at the top of the file"
                }
            };
            out.problems.push(problem(id, comment.range, message));
            return;
        }
        Scope::File
    } else {
        layout.scope_of(&comment)
    };
    let mut entries = Vec::new();
    for (name, range) in parsed.names {
        match Rule::from_name(&name) {
            Some(rule) => entries.push(Entry {
                rule,
                range,
                used: false,
            }),
            None => out.problems.push(problem(
                id,
                range,
                format!("unknown rule `{name}` in suppression"),
            )),
        }
    }
    out.push(Suppression {
        file: id,
        scope,
        entries,
    });
}

/// An `unused-suppression` finding.
fn problem(file: FileId, range: TextRange, message: impl Into<String>) -> Diagnostic {
    Diagnostic::new(
        Rule::UnusedSuppression,
        Confidence::High,
        Location::new(file, range),
        message,
    )
    .with_severity(Rule::UnusedSuppression.default_severity())
}

/// A suppression comment as written.
#[derive(Debug, PartialEq, Eq)]
struct Parsed {
    whole_file: bool,
    /// Each rule name with its byte range in the file.
    names: Vec<(String, TextRange)>,
}

/// What every suppression comment says after its `#`.
const MARKER: &str = "stowaway:";

/// Parses the comment `text` starting at byte `start`: `None` when it is not a
/// `# stowaway:` comment, an error message when it is one that cannot be read.
fn parse(text: &str, start: usize) -> Option<Result<Parsed, String>> {
    let after_hash = text.strip_prefix('#')?.trim_start();
    let rest = after_hash.strip_prefix(MARKER)?.trim_start();
    const EXPECTED: &str =
        "cannot read this suppression: expected `ignore[rule, ...]` or `ignore-file[rule, ...]`";
    let (whole_file, list) = if let Some(list) = rest.strip_prefix("ignore-file[") {
        (true, list)
    } else if let Some(list) = rest.strip_prefix("ignore[") {
        (false, list)
    } else {
        return Some(Err(EXPECTED.to_owned()));
    };
    let Some(close) = list.find(']') else {
        return Some(Err(EXPECTED.to_owned()));
    };
    let list_start = start + (text.len() - list.len());
    let mut names = Vec::new();
    let mut offset = 0;
    for piece in list.get(..close).unwrap_or("").split(',') {
        let name = piece.trim();
        let lead = piece.len() - piece.trim_start().len();
        if !name.is_empty() {
            let at = list_start + offset + lead;
            names.push((name.to_owned(), TextRange::new(at, at + name.len())));
        }
        offset += piece.len() + 1;
    }
    if names.is_empty() {
        return Some(Err("this suppression names no rule".to_owned()));
    }
    Some(Ok(Parsed { whole_file, names }))
}

/// Where a file's comments, blank lines and instructions are, by 0-based line.
#[derive(Debug)]
struct Layout {
    /// Whether each line is blank or a whole-line comment.
    skippable: Vec<bool>,
    /// 0-based first and last line of each Dockerfile instruction.
    instructions: Vec<(usize, usize)>,
    /// The first line that is neither blank nor a comment (or the first instruction's).
    first_content: usize,
}

impl Layout {
    fn new(
        file: &SourceFile,
        ast: Option<&crate::dockerfile::Dockerfile>,
        comments: &[Comment],
    ) -> Layout {
        let skippable = comments::skippable_lines(file, comments);
        let line_of = |offset: usize| file.line_index.line_of(offset);
        let instructions: Vec<(usize, usize)> = ast
            .map(|ast| {
                ast.instructions
                    .iter()
                    .map(|i| {
                        (
                            line_of(i.range.start),
                            line_of(i.range.end.saturating_sub(1)),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        let first_content = match instructions.first() {
            Some(&(first, _)) => first,
            None if ast.is_some() => usize::MAX,
            None => skippable
                .iter()
                .position(|skip| !skip)
                .unwrap_or(usize::MAX),
        };
        Layout {
            skippable,
            instructions,
            first_content,
        }
    }

    /// Whether `line` comes before the file's first content line.
    fn in_leading_comments(&self, line: usize) -> bool {
        line < self.first_content
    }

    /// The lines a line suppression covers: its own line at the end of a YAML line, else
    /// the next line that is neither blank nor a comment (the whole instruction starting
    /// there, in a Dockerfile).
    fn scope_of(&self, comment: &Comment) -> Scope {
        if !comment.whole_line {
            return Scope::Lines {
                first: comment.line,
                last: comment.line,
            };
        }
        let target = (comment.line + 1..self.skippable.len())
            .find(|&line| !self.skippable.get(line).copied().unwrap_or(true));
        let Some(target) = target else {
            // Nothing follows: a scope past the end of the file covers nothing.
            return Scope::Lines {
                first: usize::MAX,
                last: usize::MAX,
            };
        };
        let last = self
            .instructions
            .iter()
            .find(|(first, _)| *first == target)
            .map_or(target, |&(_, last)| last.max(target));
        Scope::Lines {
            first: target,
            last,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_rule_names_with_their_ranges() {
        let text = "# stowaway: ignore[secret-env, hardcoded-secret] test value";
        let parsed = parse(text, 100).expect("ours").expect("valid");
        assert_eq!(
            parsed,
            Parsed {
                whole_file: false,
                names: vec![
                    ("secret-env".to_owned(), TextRange::new(119, 129)),
                    ("hardcoded-secret".to_owned(), TextRange::new(131, 147)),
                ],
            }
        );
    }

    #[test]
    fn parses_ignore_file_and_leaves_other_comments_alone() {
        let parsed = parse("#stowaway: ignore-file[syntax-error]", 0)
            .expect("ours")
            .expect("valid");
        assert!(parsed.whole_file);
        assert_eq!(
            parsed.names,
            vec![("syntax-error".to_owned(), TextRange::new(23, 35))]
        );
        assert_eq!(parse("# just a comment", 0), None);
        assert_eq!(parse("# stowaway is great", 0), None);
    }

    #[test]
    fn malformed_suppressions_are_errors() {
        let expected = "cannot read this suppression: expected `ignore[rule, ...]` or \
                        `ignore-file[rule, ...]`";
        assert_eq!(
            parse("# stowaway: ignore", 0),
            Some(Err(expected.to_owned()))
        );
        assert_eq!(
            parse("# stowaway: ignore[a", 0),
            Some(Err(expected.to_owned()))
        );
        assert_eq!(
            parse("# stowaway: ignore[ , ]", 0),
            Some(Err("this suppression names no rule".to_owned()))
        );
    }
}
