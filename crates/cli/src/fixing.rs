//! `--fix`, `--unsafe-fixes` and `--diff`: runs the library's fix loop on the files read,
//! then writes the changed files (see [`crate::write`]) or prints their unified diff.

use std::io::{self, Write};
use std::path::PathBuf;

use stowaway_lint_core::diagnostic::Applicability;
use stowaway_lint_core::fix::{self, FixOutcome};
use stowaway_lint_core::secrets::{NameRules, mask_secrets};
use stowaway_lint_core::settings::Settings;
use stowaway_lint_core::source::SourceSet;

use crate::args::CheckArgs;
use crate::discover::{Candidate, Input};
use crate::write::{self, Change};

/// What a fixing run leaves to report.
#[derive(Debug)]
pub struct Fixed {
    /// The files as they are now (fixed, or the originals when nothing was written).
    pub sources: SourceSet,
    /// Lines for stderr that make the exit status 2 (a tool bug, a refused write).
    pub errors: Vec<String>,
    /// With `--diff`: whether a file would change (the report is the diff alone).
    pub diff_changes: Option<bool>,
}

/// Fixes `sources`; with `--diff` prints the diff on `out` and writes nothing, else
/// writes the changed files.
pub fn run(
    args: &CheckArgs,
    files: &[Candidate],
    sources: SourceSet,
    settings: &Settings,
    out: impl Write,
) -> io::Result<Fixed> {
    let minimum = if args.unsafe_fixes {
        Applicability::Unsafe
    } else {
        Applicability::Safe
    };
    let outcome = fix::fix_all(&sources, settings, minimum);
    let mut errors: Vec<String> = outcome
        .failure
        .iter()
        .map(|failure| {
            format!(
                "error: stowaway bug: {failure}; every file was left as it was (please report \
                 this with the files involved)"
            )
        })
        .collect();
    if args.diff {
        let names = NameRules::new(
            &settings.secret_names,
            &settings.not_secret_names,
            &settings.secret_nouns,
        );
        let changed = print_diff(&sources, &outcome, &names, out)?;
        summary(&outcome, ("Would apply", "would change"), args.quiet)?;
        return Ok(Fixed {
            sources,
            errors,
            diff_changes: Some(changed),
        });
    }
    match write_changes(files, &sources, &outcome) {
        Ok(()) => summary(&outcome, ("Applied", "changed"), args.quiet)?,
        Err(error) => {
            errors.push(format!("error: {error}"));
            return Ok(Fixed {
                sources,
                errors,
                diff_changes: None,
            });
        }
    }
    Ok(Fixed {
        sources: outcome.sources,
        errors,
        diff_changes: None,
    })
}

/// Prints the diff of every changed file, in path order; whether there was one.
fn print_diff(
    original: &SourceSet,
    outcome: &FixOutcome,
    names: &NameRules,
    mut out: impl Write,
) -> io::Result<bool> {
    let mut diffs: Vec<(String, String)> = outcome
        .changed
        .iter()
        .map(|&id| {
            let (before, after) = (original.get(id), outcome.sources.get(id));
            let path = crate::problem::report_path(&before.path);
            // The diff quotes context lines: literal secrets in them are masked.
            let (old, new) = (
                mask_secrets(&before.text, names),
                mask_secrets(&after.text, names),
            );
            let diff = fix::diff::unified(&path, &old, &new);
            (path, diff)
        })
        .collect();
    diffs.sort();
    for (_, diff) in &diffs {
        out.write_all(diff.as_bytes())?;
    }
    Ok(!diffs.is_empty())
}

/// Writes the changed files back where they were read from.
fn write_changes(
    files: &[Candidate],
    original: &SourceSet,
    outcome: &FixOutcome,
) -> Result<(), write::WriteError> {
    let mut changes = Vec::new();
    for &id in &outcome.changed {
        let before = original.get(id);
        let input = files
            .iter()
            .find(|c| c.reported == before.path)
            .map(|c| &c.input);
        let Some(Input::Disk(path)) = input else {
            let name = crate::problem::report_path(&before.path);
            return Err(write::WriteError::Io(
                name,
                "standard input cannot be fixed in place; use --diff".to_string(),
            ));
        };
        changes.push(Change {
            path: PathBuf::from(path),
            original: &before.text,
            fixed: &outcome.sources.get(id).text,
        });
    }
    write::write_all(&changes)
}

/// `Applied 3 fixes (2 files changed).` on stderr, unless quiet or nothing was fixed.
fn summary(outcome: &FixOutcome, (done, verb): (&str, &str), quiet: bool) -> io::Result<()> {
    if quiet || outcome.applied == 0 {
        return Ok(());
    }
    let fixes = match outcome.applied {
        1 => "1 fix".to_string(),
        n => format!("{n} fixes"),
    };
    let files = crate::render::plural(outcome.changed.len(), "file");
    writeln!(io::stderr().lock(), "{done} {fixes} ({files} {verb}).")
}
