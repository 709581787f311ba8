//! The human format: each finding as a codespan-reporting snippet (primary label, a
//! secondary label per related location, confidence and fix notes), then a summary.

use std::io::{self, Write};
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as Snippet, Label, Severity as Level};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::termcolor::Ansi;
use codespan_reporting::term::{self, Config, Styles, StylesWriter};
use stowaway_lint_core::diagnostic::{Applicability, Diagnostic, Severity};
use stowaway_lint_core::source::{FileId, SourceSet};

use super::{FileTable, RenderOptions, plural};

/// Writes every finding, then the summary unless `options.quiet`.
pub fn render(
    sources: &SourceSet,
    diagnostics: &[Diagnostic],
    options: RenderOptions,
    mut out: impl Write,
) -> io::Result<()> {
    let files = FileTable::new(sources);
    let config = Config::default();
    let styles = Styles::default();
    for diagnostic in diagnostics {
        let snippet = snippet(&files, diagnostic);
        let result = if options.color {
            let mut writer = StylesWriter::new(Ansi::new(&mut out), &styles);
            term::emit_to_write_style(&mut writer, &config, &files, &snippet)
        } else {
            term::emit_to_io_write(&mut out, &config, &files, &snippet)
        };
        result.map_err(into_io)?;
    }
    if !options.quiet {
        writeln!(out, "{}", summary(sources.len(), diagnostics))?;
    }
    Ok(())
}

/// The codespan view of one finding.
fn snippet(files: &FileTable<'_>, diagnostic: &Diagnostic) -> Snippet<FileId> {
    let primary = diagnostic.primary;
    let mut labels = vec![Label::primary(primary.file, range(files.clamp(primary)))];
    labels.extend(diagnostic.related.iter().map(|related| {
        let location = related.location;
        Label::secondary(location.file, range(files.clamp(location))).with_message(&related.message)
    }));
    let mut notes = vec![format!("confidence: {}", diagnostic.confidence.as_str())];
    notes.extend(path_note(files, diagnostic));
    if let Some(fix) = &diagnostic.fix {
        notes.push(format!(
            "fix available: {} ({})",
            fix.title,
            fix.applicability.as_str()
        ));
    }
    Snippet::new(level(diagnostic.severity))
        .with_code(diagnostic.rule.name())
        .with_message(&diagnostic.message)
        .with_labels(labels)
        .with_notes(notes)
}

/// The secret's path in order, from its origin to this finding, for the rules whose
/// related locations are that path: codespan sorts labels by line, which loses the order.
fn path_note(files: &FileTable<'_>, diagnostic: &Diagnostic) -> Option<String> {
    use stowaway_lint_core::rules::Rule;
    let traced = matches!(
        diagnostic.rule,
        Rule::SecretBuildArg
            | Rule::SecretEnv
            | Rule::SecretFileInLayer
            | Rule::SecretInBuildCache
            | Rule::SecretInArtifact
    );
    if !traced || diagnostic.related.is_empty() {
        return None;
    }
    let at = |location| {
        let (start, _) = files.span(location);
        format!(
            "{}:{}:{}",
            files.path(location.file),
            start.line,
            start.column
        )
    };
    let mut note = String::from("secret path:");
    for (step, related) in diagnostic.related.iter().enumerate() {
        note.push_str(&format!(
            "\n{}. {}  {}",
            step + 1,
            at(related.location),
            related.message
        ));
    }
    note.push_str(&format!("\n=> {}  this finding", at(diagnostic.primary)));
    Some(note)
}

/// codespan has no `info`; its `note` stands for it.
fn level(severity: Severity) -> Level {
    match severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
        Severity::Info => Level::Note,
    }
}

fn range(range: stowaway_lint_core::text::TextRange) -> Range<usize> {
    range.start..range.end
}

/// `Found 3 problems (1 error, 1 warning, 1 info) in 2 files.` or `No problems found in
/// 2 files.`, then a line counting the fixes when some findings have one.
pub fn summary(files_checked: usize, diagnostics: &[Diagnostic]) -> String {
    let files = plural(files_checked, "file");
    if diagnostics.is_empty() {
        return format!("No problems found in {files}.");
    }
    let count = |severity: Severity| {
        diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    };
    let parts: Vec<String> = [(Severity::Error, "error"), (Severity::Warning, "warning")]
        .into_iter()
        .map(|(severity, noun)| plural(count(severity), noun))
        .chain(std::iter::once(format!("{} info", count(Severity::Info))))
        .filter(|part| !part.starts_with("0 "))
        .collect();
    let problems = plural(diagnostics.len(), "problem");
    let mut text = format!("Found {problems} ({}) in {files}.", parts.join(", "));
    text.push_str(&fixable(diagnostics));
    text
}

/// `\nN fixable with --fix (M more with --unsafe-fixes).`, or "" without fixes.
fn fixable(diagnostics: &[Diagnostic]) -> String {
    let count = |applicability: Applicability| {
        let has = |d: &&Diagnostic| {
            d.fix
                .as_ref()
                .is_some_and(|f| f.applicability == applicability)
        };
        diagnostics.iter().filter(has).count()
    };
    let (safe, unsafe_) = (count(Applicability::Safe), count(Applicability::Unsafe));
    match (safe, unsafe_) {
        (0, 0) => String::new(),
        (0, more) => format!("\n{more} fixable with --fix --unsafe-fixes."),
        (safe, 0) => format!("\n{safe} fixable with --fix."),
        (safe, more) => format!("\n{safe} fixable with --fix ({more} more with --unsafe-fixes)."),
    }
}

fn into_io(error: FilesError) -> io::Error {
    match error {
        FilesError::Io(error) => error,
        other => io::Error::other(other.to_string()),
    }
}

impl<'a> Files<'a> for FileTable<'a> {
    type FileId = FileId;
    type Name = String;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<String, FilesError> {
        self.get(id)
            .map(|_| self.path(id))
            .ok_or(FilesError::FileMissing)
    }

    fn source(&'a self, id: FileId) -> Result<&'a str, FilesError> {
        self.get(id)
            .map(|file| file.text.as_str())
            .ok_or(FilesError::FileMissing)
    }

    fn line_index(&'a self, id: FileId, byte_index: usize) -> Result<usize, FilesError> {
        let file = self.get(id).ok_or(FilesError::FileMissing)?;
        Ok(file.line_index.line_of(byte_index.min(file.text.len())))
    }

    fn line_range(&'a self, id: FileId, line_index: usize) -> Result<Range<usize>, FilesError> {
        let file = self.get(id).ok_or(FilesError::FileMissing)?;
        let max = file.line_index.line_count().saturating_sub(1);
        let start = file
            .line_index
            .line_start(line_index)
            .ok_or(FilesError::LineTooLarge {
                given: line_index,
                max,
            })?;
        let end = file
            .line_index
            .line_start(line_index + 1)
            .unwrap_or(file.text.len());
        Ok(start..end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::args::FailOn;
    use crate::render::fixtures;

    fn rendered(options: RenderOptions) -> String {
        let (sources, diagnostics) = fixtures::two_files_three_findings();
        let mut out = Vec::new();
        render(&sources, &diagnostics, options, &mut out).expect("writes to a Vec");
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn snippets_with_related_labels_notes_and_summary() {
        insta::assert_snapshot!(rendered(RenderOptions {
            color: false,
            quiet: false,
            fail_on: FailOn::Warning,
        }));
    }

    /// `text` without its ANSI escape sequences (`ESC [ ... m`).
    fn strip_ansi(text: &str) -> String {
        let mut plain = String::new();
        let mut rest = text;
        while let Some(at) = rest.find('\u{1b}') {
            plain.push_str(&rest[..at]);
            rest = rest[at..].split_once('m').map_or("", |(_, after)| after);
        }
        plain.push_str(rest);
        plain
    }

    #[test]
    fn colour_only_adds_ansi_escapes() {
        let plain = rendered(RenderOptions {
            color: false,
            quiet: true,
            fail_on: FailOn::Warning,
        });
        let coloured = rendered(RenderOptions {
            color: true,
            quiet: true,
            fail_on: FailOn::Warning,
        });
        assert!(!plain.contains('\u{1b}'));
        assert_eq!(
            coloured.lines().next(),
            Some(
                "\u{1b}[0m\u{1b}[1m\u{1b}[38;5;11mwarning[buildkit-required]\u{1b}[0m\u{1b}[1m: \
                 this build passes no --secret yet runs without BuildKit\u{1b}[0m"
            )
        );
        assert_eq!(strip_ansi(&coloured), plain);
    }

    #[test]
    fn summary_without_findings() {
        assert_eq!(summary(0, &[]), "No problems found in 0 files.");
        assert_eq!(summary(1, &[]), "No problems found in 1 file.");
    }

    #[test]
    fn summary_counts_severities_and_fixes() {
        let (_, diagnostics) = fixtures::two_files_three_findings();
        assert_eq!(
            summary(2, &diagnostics),
            "Found 3 problems (1 error, 1 warning, 1 info) in 2 files.\n\
             1 fixable with --fix (1 more with --unsafe-fixes)."
        );
        assert_eq!(
            summary(1, &diagnostics[..1]),
            "Found 1 problem (1 warning) in 1 file."
        );
    }
}
