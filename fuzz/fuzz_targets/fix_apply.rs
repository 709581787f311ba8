//! Fuzz target: the fix engine (`fix::fix_all` with unsafe fixes) on a Dockerfile and a
//! pipeline that builds it, split at the input's first NUL byte as in `check_pair`.
//!
//! Invariants, each from the contract written in `fix/mod.rs` and `fix/apply.rs`:
//! - the files come back with the same ids, paths and kinds, and `changed` names exactly
//!   the files whose text differs, in id order (every text is a `String`, so UTF-8);
//! - a failure keeps the originals (`changed` empty, nothing counted as applied), and no
//!   failure happens at all: both kinds are documented as "always a bug of stowaway";
//! - a changed file has no syntax error its original did not have (re-parsed here, the
//!   engine's own check is what is being verified);
//! - no fix of the wanted applicability is left pending in the outcome's findings (the
//!   loop runs "until none is left", else it reports `NoConvergence`), so fixing the fixed
//!   files again is a no-op: nothing applied, nothing changed, the same findings.
#![no_main]

mod pair;

use libfuzzer_sys::fuzz_target;
use stowaway_lint_core::diagnostic::{Applicability, Diagnostic};
use stowaway_lint_core::fix::{FixOutcome, fix_all};
use stowaway_lint_core::settings::Settings;
use stowaway_lint_core::source::{FileKind, SourceFile, SourceSet};

fuzz_target!(|text: &str| {
    let sources = pair::sources(text);
    let settings = Settings::default();
    let outcome = fix_all(&sources, &settings, Applicability::Unsafe);

    assert_same_files(&sources, &outcome);
    assert!(outcome.failure.is_none(), "fix failure: {:?}", outcome.failure);
    for &id in &outcome.changed {
        let (before, after) = (sources.get(id), outcome.sources.get(id));
        let old = syntax_errors(before);
        for error in syntax_errors(after) {
            assert!(old.contains(&error), "new syntax error: {error}");
        }
    }
    assert!(pending(&outcome.diagnostics).is_empty());

    // Fixing the fixed files again changes nothing.
    let again = fix_all(&outcome.sources, &settings, Applicability::Unsafe);
    assert!(again.failure.is_none(), "second run: {:?}", again.failure);
    assert_eq!(again.applied, 0);
    assert!(again.changed.is_empty());
    assert_eq!(again.diagnostics, outcome.diagnostics);
});

/// Same files in, same files out; `changed` lists exactly the differing ones.
fn assert_same_files(sources: &SourceSet, outcome: &FixOutcome) {
    assert_eq!(outcome.sources.len(), sources.len());
    let mut differing = Vec::new();
    for ((id, before), (out_id, after)) in sources.iter().zip(outcome.sources.iter()) {
        assert_eq!(id, out_id);
        assert_eq!(before.path, after.path);
        assert_eq!(before.kind, after.kind);
        assert!(std::str::from_utf8(after.text.as_bytes()).is_ok());
        if before.text != after.text {
            differing.push(id);
        }
    }
    assert_eq!(outcome.changed, differing);
    if outcome.failure.is_some() {
        assert!(outcome.changed.is_empty());
        assert_eq!(outcome.applied, 0);
    }
    if !outcome.changed.is_empty() {
        assert!(outcome.applied > 0);
    }
}

/// The fixes `fix_all` with unsafe fixes would still apply.
fn pending(diagnostics: &[Diagnostic]) -> Vec<&Diagnostic> {
    diagnostics
        .iter()
        .filter(|d| {
            d.fix.as_ref().is_some_and(|fix| {
                fix.applicability != Applicability::DisplayOnly && !fix.edits.is_empty()
            })
        })
        .collect()
}

/// The messages of a file's syntax errors, as the fix engine compares them.
fn syntax_errors(file: &SourceFile) -> Vec<String> {
    match file.kind {
        FileKind::Dockerfile => stowaway_lint_core::dockerfile::parse(&file.text)
            .errors
            .into_iter()
            .map(|e| e.message)
            .collect(),
        FileKind::Pipeline => stowaway_lint_core::pipeline::parse(&file.text)
            .errors
            .into_iter()
            .map(|e| e.message)
            .collect(),
    }
}
