//! The fix loop: check, take the fixes of the wanted applicability whose edits do not
//! overlap edits already taken (all the edits of a fix, across files, or none), apply
//! them to the text in place, and check again, for at most [`MAX_ROUNDS`] rounds.
//!
//! Fixes computed on one text often share an edit (the `# syntax=` line, the BuildKit
//! prefix of one `docker build`) or insert at one point (a secret mount each, after one
//! `RUN`): an edit equal to a taken one is shared, and insertions at one point are applied
//! in the order their fixes were taken, so the number of rounds does not grow with the
//! number of such fixes.
//!
//! When a fixed file has a syntax error its original did not have, or fixes are still
//! pending after the last round, the original files are kept and the outcome names the
//! failure: either is a bug of stowaway, never of the user's files.

use std::collections::HashMap;

use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::settings::Settings;
use crate::source::{FileId, FileKind, SourceFile, SourceSet};

/// The most rounds of apply-and-recheck before giving up.
pub const MAX_ROUNDS: usize = 8;

/// Why fixing gave up and kept the original files. Always a bug of stowaway.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FixFailure {
    /// A fixed file has a syntax error that its original did not have.
    #[error("the fixed `{path}` would no longer parse ({message})")]
    Unparsable {
        /// The file, as reported.
        path: String,
        /// The new syntax error.
        message: String,
    },
    /// Fixes were still pending after [`MAX_ROUNDS`] rounds.
    #[error("fixes did not converge after {rounds} rounds")]
    NoConvergence {
        /// Rounds run.
        rounds: usize,
    },
}

/// What the fix loop did.
#[derive(Debug)]
pub struct FixOutcome {
    /// The files after fixing (the originals when `failure` is set), with the same ids.
    pub sources: SourceSet,
    /// Files whose text changed, in id order.
    pub changed: Vec<FileId>,
    /// Fixes applied over every round.
    pub applied: usize,
    /// The findings of `sources`.
    pub diagnostics: Vec<Diagnostic>,
    /// Set when fixing gave up and kept the originals.
    pub failure: Option<FixFailure>,
}

/// Applies every fix at least as sure as `minimum` (`Safe`, or `Unsafe` to add unsafe
/// fixes; display-only fixes are never applied) until none is left.
pub fn fix_all(sources: &SourceSet, settings: &Settings, minimum: Applicability) -> FixOutcome {
    let mut current = sources.clone();
    let mut applied = 0;
    for _ in 0..MAX_ROUNDS {
        let diagnostics = crate::check(&current, settings);
        let (next, count) = apply_round(&current, &selected(&diagnostics, minimum));
        if count == 0 {
            return finish(sources, current, diagnostics, applied, settings);
        }
        applied += count;
        current = next;
    }
    let diagnostics = crate::check(&current, settings);
    if selected(&diagnostics, minimum).is_empty() {
        return finish(sources, current, diagnostics, applied, settings);
    }
    let failure = FixFailure::NoConvergence { rounds: MAX_ROUNDS };
    give_up(sources, settings, failure)
}

/// The fixes of `diagnostics` to apply, in report order, each once.
fn selected(diagnostics: &[Diagnostic], minimum: Applicability) -> Vec<&Fix> {
    let mut fixes: Vec<&Fix> = Vec::new();
    for fix in diagnostics.iter().filter_map(|d| d.fix.as_ref()) {
        let wanted = fix.applicability != Applicability::DisplayOnly
            && fix.applicability >= minimum
            && !fix.edits.is_empty();
        if wanted && !fixes.contains(&fix) {
            fixes.push(fix);
        }
    }
    fixes
}

/// The files with every fix applied whose edits are valid and overlap none taken before,
/// and how many fixes that is.
fn apply_round(sources: &SourceSet, fixes: &[&Fix]) -> (SourceSet, usize) {
    let mut taken: HashMap<FileId, Vec<Edit>> = HashMap::new();
    let mut count = 0;
    for fix in fixes {
        let mut edits = fix.edits.clone();
        edits.sort();
        edits.dedup();
        let valid = edits.iter().all(|e| fits(sources, e)) && !overlap_within(&edits);
        let free = edits.iter().all(|edit| {
            taken
                .get(&edit.file)
                .is_none_or(|done| done.iter().all(|d| d == edit || !conflict(d, edit)))
        });
        if valid && free {
            for edit in edits {
                let done = taken.entry(edit.file).or_default();
                if !done.contains(&edit) {
                    done.push(edit);
                }
            }
            count += 1;
        }
    }
    let mut next = SourceSet::new();
    for (id, file) in sources.iter() {
        let text = match taken.get_mut(&id) {
            Some(edits) => splice(&file.text, edits),
            None => file.text.clone(),
        };
        next.add(SourceFile::new(file.path.clone(), text, file.kind));
    }
    (next, count)
}

/// Whether `edit` names a file of `sources` and a range on its character boundaries.
fn fits(sources: &SourceSet, edit: &Edit) -> bool {
    let Some((_, file)) = sources.iter().find(|(id, _)| *id == edit.file) else {
        return false;
    };
    let range = edit.range;
    range.start <= range.end && file.text.get(range.start..range.end).is_some()
}

/// Whether two edits of one fix (sorted) overlap; an insertion may stand at the start of a
/// removal, and several insertions at one point apply in order.
fn overlap_within(edits: &[Edit]) -> bool {
    edits
        .windows(2)
        .any(|pair| pair[0].file == pair[1].file && pair[1].range.start < pair[0].range.end)
}

/// Whether different edits of two different fixes would interfere: overlapping ranges, or
/// an insertion at the start, inside or at the end of the other's (non-empty) range. Two
/// insertions at one point do not interfere: they apply in the order they were taken.
fn conflict(a: &Edit, b: &Edit) -> bool {
    let (a, b) = (a.range, b.range);
    if a.is_empty() && b.is_empty() {
        return false;
    }
    if a.is_empty() || b.is_empty() {
        let (point, range) = if a.is_empty() {
            (a.start, b)
        } else {
            (b.start, a)
        };
        return range.start <= point && point <= range.end;
    }
    a.start < b.end && b.start < a.end
}

/// `text` with `edits` (non-overlapping) applied; insertions at one point keep their order.
fn splice(text: &str, edits: &mut [Edit]) -> String {
    // A stable sort: edits with one range stay in the order they were taken.
    edits.sort_by_key(|edit| (edit.range.start, edit.range.end));
    let mut out = String::with_capacity(text.len());
    let mut cursor = 0;
    for edit in edits.iter() {
        out.push_str(text.get(cursor..edit.range.start).unwrap_or(""));
        out.push_str(&edit.replacement);
        cursor = cursor.max(edit.range.end);
    }
    out.push_str(text.get(cursor..).unwrap_or(""));
    out
}

/// The outcome once no fix is left: refused when a changed file gained a syntax error.
fn finish(
    original: &SourceSet,
    fixed: SourceSet,
    diagnostics: Vec<Diagnostic>,
    applied: usize,
    settings: &Settings,
) -> FixOutcome {
    let mut changed = Vec::new();
    for ((id, before), (_, after)) in original.iter().zip(fixed.iter()) {
        if before.text == after.text {
            continue;
        }
        let old = syntax_errors(before);
        if let Some(new) = syntax_errors(after).into_iter().find(|e| !old.contains(e)) {
            let path = after.path.to_string_lossy().replace('\\', "/");
            let failure = FixFailure::Unparsable { path, message: new };
            return give_up(original, settings, failure);
        }
        changed.push(id);
    }
    FixOutcome {
        sources: fixed,
        changed,
        applied,
        diagnostics,
        failure: None,
    }
}

fn give_up(original: &SourceSet, settings: &Settings, failure: FixFailure) -> FixOutcome {
    tracing::error!(%failure, "fixes abandoned, original files kept");
    FixOutcome {
        sources: original.clone(),
        changed: Vec::new(),
        applied: 0,
        diagnostics: crate::check(original, settings),
        failure: Some(failure),
    }
}

/// The messages of a file's syntax errors.
fn syntax_errors(file: &SourceFile) -> Vec<String> {
    match file.kind {
        FileKind::Dockerfile => crate::dockerfile::parse(&file.text)
            .errors
            .into_iter()
            .map(|e| e.message)
            .collect(),
        FileKind::Pipeline => crate::pipeline::parse(&file.text)
            .errors
            .into_iter()
            .map(|e| e.message)
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::TextRange;

    fn edit(start: usize, end: usize, replacement: &str) -> Edit {
        Edit {
            file: FileId(0),
            range: TextRange::new(start, end),
            replacement: replacement.to_string(),
        }
    }

    #[test]
    fn splice_applies_insertions_before_removals_at_one_point() {
        let mut edits = vec![edit(0, 6, ""), edit(0, 0, "# s\n")];
        assert_eq!(splice("ARG T\nRUN x\n", &mut edits), "# s\nRUN x\n");
    }

    #[test]
    fn insertions_touching_another_fix_conflict() {
        let clash = |a: (usize, usize), b: (usize, usize)| {
            conflict(&edit(a.0, a.1, "a"), &edit(b.0, b.1, "b"))
        };
        assert!(!clash((3, 3), (3, 3)));
        assert!(clash((3, 3), (3, 5)));
        assert!(clash((1, 3), (3, 3)));
        assert!(!clash((6, 6), (3, 5)));
        assert!(!clash((1, 3), (3, 5)));
        assert!(clash((1, 4), (3, 5)));
    }

    #[test]
    fn fixes_sharing_an_edit_and_inserting_at_one_point_apply_in_one_round() {
        let mut sources = SourceSet::new();
        sources.add(SourceFile::new("Dockerfile", "RUN x", FileKind::Dockerfile));
        let fix = |title: &str, mount: &str| Fix {
            title: title.into(),
            applicability: Applicability::Safe,
            edits: vec![edit(0, 0, "# s\n"), edit(3, 3, mount)],
        };
        let (first, second) = (fix("a", " --a"), fix("b", " --b"));
        let (next, count) = apply_round(&sources, &[&first, &second]);
        assert_eq!(count, 2);
        assert_eq!(next.get(FileId(0)).text, "# s\nRUN --a --b x");
    }

    #[test]
    fn a_fix_with_an_edit_overlapping_a_taken_one_is_left_whole() {
        let mut sources = SourceSet::new();
        sources.add(SourceFile::new(
            "Dockerfile",
            "abcdef",
            FileKind::Dockerfile,
        ));
        let first = Fix {
            title: "a".into(),
            applicability: Applicability::Safe,
            edits: vec![edit(0, 2, "X")],
        };
        let second = Fix {
            title: "b".into(),
            applicability: Applicability::Safe,
            edits: vec![edit(4, 5, "Y"), edit(1, 3, "Z")],
        };
        let (next, count) = apply_round(&sources, &[&first, &second]);
        assert_eq!(count, 1);
        assert_eq!(next.get(FileId(0)).text, "Xcdef");
    }
}
