//! Report rendering: each format takes the files and the findings and writes the report
//! to any [`Write`]. Shared here: safe lookups of files and locations, and the order
//! findings are reported in.

pub mod bitbucket;
pub mod checkstyle;
pub mod concise;
pub mod fingerprint;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod sarif;

use std::ffi::OsStr;
use std::io::{self, Write};

use stowaway_lint_core::diagnostic::{Diagnostic, Location};
use stowaway_lint_core::rules::Rule;
use stowaway_lint_core::source::{FileId, SourceFile, SourceSet};
use stowaway_lint_core::text::{LineColumn, TextRange};

use crate::args::{ColorChoice, FailOn, Format};
use crate::problem::report_path;

/// Choices that only affect how a report looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RenderOptions {
    /// Colour the human output.
    pub color: bool,
    /// Leave out the summary line of the human output.
    pub quiet: bool,
    /// The `--fail-on` threshold, for formats that say whether the run passed.
    pub fail_on: FailOn,
}

/// Where the rule pages live; a rule's page is `<base>/<rule>.md`.
const RULE_PAGES: &str = "https://github.com/stowaway-dev/stowaway/blob/main/rules";

/// The project's home page, for formats that name the tool.
pub const HOME_PAGE: &str = "https://github.com/stowaway-dev/stowaway";

/// The URL of `rule`'s documentation page.
pub fn rule_url(rule: Rule) -> String {
    format!("{RULE_PAGES}/{}.md", rule.name())
}

/// Writes the report in `format`.
pub fn render(
    format: Format,
    sources: &SourceSet,
    diagnostics: &[Diagnostic],
    options: RenderOptions,
    out: impl Write,
) -> io::Result<()> {
    match format {
        Format::Human => human::render(sources, diagnostics, options, out),
        Format::Concise => concise::render(sources, diagnostics, out),
        Format::Json => json::render(sources, diagnostics, out),
        Format::Sarif => sarif::render(sources, diagnostics, out),
        Format::Github => github::render(sources, diagnostics, out),
        Format::Gitlab => gitlab::render(sources, diagnostics, out),
        Format::Checkstyle => checkstyle::render(sources, diagnostics, out),
        Format::Bitbucket => bitbucket::render(sources, diagnostics, options.fail_on, out),
    }
}

/// Whether `--color choice` colours the output, given whether stdout is a terminal and
/// the value of `NO_COLOR`.
pub fn use_color(choice: ColorChoice, stdout_is_terminal: bool, no_color: Option<&OsStr>) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => stdout_is_terminal && no_color.is_none_or(OsStr::is_empty),
    }
}

/// Sorts findings by reported path, then position, rule and message.
pub fn sort_diagnostics(sources: &SourceSet, diagnostics: &mut [Diagnostic]) {
    let files = FileTable::new(sources);
    diagnostics.sort_by(|a, b| {
        let path = |d: &Diagnostic| files.get(d.primary.file).map(|file| file.path.as_path());
        path(a)
            .cmp(&path(b))
            .then_with(|| a.sort_key().cmp(&b.sort_key()))
    });
}

/// The files of a [`SourceSet`] by id, with lookups that never panic: a location in an
/// unknown file or past the end of its text is clamped rather than trusted.
pub struct FileTable<'a> {
    files: Vec<&'a SourceFile>,
}

impl<'a> FileTable<'a> {
    /// Indexes the files of `sources`.
    pub fn new(sources: &'a SourceSet) -> Self {
        Self {
            files: sources.iter().map(|(_, file)| file).collect(),
        }
    }

    /// The file with id `id`, if there is one.
    pub fn get(&self, id: FileId) -> Option<&'a SourceFile> {
        self.files.get(usize::try_from(id.0).ok()?).copied()
    }

    /// The reported path of file `id` (`/` separators), or `<unknown>`.
    pub fn path(&self, id: FileId) -> String {
        self.get(id)
            .map_or_else(|| "<unknown>".to_owned(), |file| report_path(&file.path))
    }

    /// The 1-based start and exclusive end of `location`, in characters.
    pub fn span(&self, location: Location) -> (LineColumn, LineColumn) {
        let start = LineColumn { line: 1, column: 1 };
        let Some(file) = self.get(location.file) else {
            return (start, start);
        };
        (
            file.line_column(location.range.start),
            file.line_column(location.range.end),
        )
    }

    /// `location`'s range clamped into its file's text and onto character boundaries.
    pub fn clamp(&self, location: Location) -> TextRange {
        let Some(file) = self.get(location.file) else {
            return TextRange::empty(0);
        };
        let boundary = |offset: usize| {
            let mut offset = offset.min(file.text.len());
            while !file.text.is_char_boundary(offset) {
                offset -= 1;
            }
            offset
        };
        let start = boundary(location.range.start);
        TextRange::new(start, boundary(location.range.end).max(start))
    }
}

/// `count` followed by `noun`, with an `s` unless the count is one.
pub fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

#[cfg(test)]
pub(crate) mod fixtures;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_colour_needs_a_terminal_and_no_no_color() {
        let set = Some(OsStr::new("1"));
        let empty = Some(OsStr::new(""));
        assert!(use_color(ColorChoice::Auto, true, None));
        assert!(use_color(ColorChoice::Auto, true, empty));
        assert!(!use_color(ColorChoice::Auto, true, set));
        assert!(!use_color(ColorChoice::Auto, false, None));
        assert!(use_color(ColorChoice::Always, false, set));
        assert!(!use_color(ColorChoice::Never, true, None));
    }

    #[test]
    fn rule_url_points_at_the_rule_page() {
        assert_eq!(
            rule_url(Rule::SecretEnv),
            "https://github.com/stowaway-dev/stowaway/blob/main/rules/secret-env.md"
        );
    }

    #[test]
    fn findings_sort_by_reported_path_then_position() {
        let (sources, expected) = fixtures::two_files_three_findings();
        let mut shuffled = vec![
            expected[2].clone(),
            expected[0].clone(),
            expected[1].clone(),
        ];
        sort_diagnostics(&sources, &mut shuffled);
        assert_eq!(shuffled, expected);
    }
}
