//! Runs every case under `tests/fixes/<rule>/<case>/` at the repository root: the case's
//! files are fixed together and the unified diff of the changed files must equal the
//! case's `expected.diff` exactly. A case holding a file named `unsafe-fixes` applies unsafe
//! fixes too (and then must not change with safe fixes alone). After fixing, a re-check
//! finds nothing of the case's rule, and a second fix run changes nothing. A case whose
//! `expected.diff` is empty pins a finding that keeps no applicable fix.
//! `STOWAWAY_BLESS=1 cargo test` rewrites the expectations (review the diff before
//! committing).

mod support;

use std::fs;
use std::path::{Path, PathBuf};

use stowaway_lint_core::diagnostic::{Applicability, Diagnostic};
use stowaway_lint_core::fix::{self, FixOutcome};
use stowaway_lint_core::rules::Rule;
use stowaway_lint_core::settings::Settings;
use stowaway_lint_core::source::SourceSet;
use support::load_case;

fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixes")
}

/// The files of a case, with paths relative to the case folder, in path order.
fn cases() -> Vec<(Rule, PathBuf)> {
    let mut cases = Vec::new();
    for rule_dir in fs::read_dir(fixtures_root()).expect("tests/fixes exists") {
        let rule_dir = rule_dir.expect("entry").path();
        let name = rule_dir
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let rule = Rule::from_name(&name).expect("folder named after a rule");
        for case in fs::read_dir(&rule_dir).expect("rule folder") {
            cases.push((rule, case.expect("entry").path()));
        }
    }
    cases.sort();
    cases
}

/// The diff of every changed file, in path order.
fn diff(before: &SourceSet, outcome: &FixOutcome) -> String {
    outcome
        .changed
        .iter()
        .map(|&id| {
            let (old, new) = (before.get(id), outcome.sources.get(id));
            let path = old.path.to_string_lossy().replace('\\', "/");
            fix::diff::unified(&path, &old.text, &new.text)
        })
        .collect()
}

fn of_rule(diagnostics: &[Diagnostic], rule: Rule) -> Vec<&Diagnostic> {
    diagnostics.iter().filter(|d| d.rule == rule).collect()
}

/// Checks one case; the failures found, if any.
fn run_case(rule: Rule, case: &Path, bless: bool) -> Vec<String> {
    let mut failures = Vec::new();
    let settings = Settings::default();
    let sources = load_case(case);
    let minimum = if case.join("unsafe-fixes").exists() {
        Applicability::Unsafe
    } else {
        Applicability::Safe
    };
    let before = stowaway_lint_core::check(&sources, &settings);
    if of_rule(&before, rule).is_empty() {
        failures.push(format!("{rule} does not fire"));
    }
    let outcome = fix::fix_all(&sources, &settings, minimum);
    if let Some(failure) = &outcome.failure {
        failures.push(format!("fixing failed: {failure}"));
    }
    let actual = diff(&sources, &outcome);
    let expected_path = case.join("expected.diff");
    if bless {
        fs::write(&expected_path, &actual).expect("writable");
    }
    let expected = fs::read_to_string(&expected_path).unwrap_or_default();
    if expected != actual {
        failures.push(format!(
            "--- expected diff\n{expected}--- actual diff\n{actual}"
        ));
    }
    if actual.is_empty() {
        let fixable = of_rule(&before, rule).into_iter().any(|d| {
            d.fix.as_ref().is_some_and(|f| {
                f.applicability >= minimum && f.applicability != Applicability::DisplayOnly
            })
        });
        if fixable {
            failures.push("an empty diff, but the rule offers an applicable fix".into());
        }
        return failures;
    }
    let left = of_rule(&outcome.diagnostics, rule);
    if !left.is_empty() {
        let messages: Vec<&str> = left.iter().map(|d| d.message.as_str()).collect();
        failures.push(format!("still found after fixing: {messages:#?}"));
    }
    let again = fix::fix_all(&outcome.sources, &settings, minimum);
    if !again.changed.is_empty() {
        failures.push(format!(
            "a second run changes more:\n{}",
            diff(&outcome.sources, &again)
        ));
    }
    if minimum == Applicability::Unsafe {
        let safe_only = fix::fix_all(&sources, &settings, Applicability::Safe);
        if !safe_only.changed.is_empty() {
            failures.push("safe fixes alone change an unsafe-fixes case".into());
        }
    }
    failures
}

#[test]
fn every_fix_case_matches_its_expected_diff_and_converges() {
    let bless = std::env::var_os("STOWAWAY_BLESS").is_some();
    let mut failures = Vec::new();
    for (rule, case) in cases() {
        let found = run_case(rule, &case, bless);
        if !found.is_empty() {
            failures.push(format!("{}:\n{}", case.display(), found.join("\n")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} case(s) fail:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn every_rule_with_a_fix_has_a_fix_case() {
    let cases = cases();
    for rule in Rule::ALL.into_iter().filter(|rule| rule.has_fix()) {
        assert!(
            cases.iter().any(|(r, _)| *r == rule),
            "{rule}: no case under tests/fixes"
        );
    }
}
