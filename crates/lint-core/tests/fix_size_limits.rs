//! The secret-mount rewrite is bounded: every finding on a secret carries the whole
//! rewrite, so a secret promoted or read in thousands of places made the report (and the
//! memory holding it) grow with the square of the file: 100 KB of `ENV Ai=$NPM_TOKEN`
//! lines took 21 GB. Past the limits, the findings stay and no fix is offered.

use stowaway_lint_core::diagnostic::Diagnostic;
use stowaway_lint_core::fix::{MAX_EDITS, MAX_PROMOTIONS};
use stowaway_lint_core::rules::Rule;
use stowaway_lint_core::settings::Settings;
use stowaway_lint_core::source::{FileKind, SourceFile, SourceSet};

/// `ARG NPM_TOKEN`, then `promotions` times `ENV Ai=$NPM_TOKEN` and a RUN reading it.
fn promoted(promotions: usize) -> Vec<Diagnostic> {
    let mut text = String::from("FROM node:20\nARG NPM_TOKEN\n");
    for i in 0..promotions {
        text.push_str(&format!("ENV A{i}=$NPM_TOKEN\nRUN echo $A{i}\n"));
    }
    let mut sources = SourceSet::new();
    sources.add(SourceFile::new("Dockerfile", text, FileKind::Dockerfile));
    stowaway_lint_core::check(&sources, &Settings::default())
}

/// (findings of `rule`, how many of them carry a fix).
fn with_fix(diagnostics: &[Diagnostic], rule: Rule) -> (usize, usize) {
    let of_rule: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.rule == rule).collect();
    let fixed = of_rule.iter().filter(|d| d.fix.is_some()).count();
    (of_rule.len(), fixed)
}

#[test]
fn a_few_promotions_are_rewritten_in_one_fix_per_finding() {
    let diagnostics = promoted(3);
    assert_eq!(with_fix(&diagnostics, Rule::SecretEnv), (3, 3));
    let edits = diagnostics[1].fix.as_ref().map(|fix| fix.edits.len());
    // The ARG, three ENVs, three RUN mounts and the syntax directive.
    assert_eq!(edits, Some(8));
    assert_eq!(MAX_EDITS, 256);
}

#[test]
fn thousands_of_promotions_are_reported_without_a_fix() {
    let diagnostics = promoted(2_000);
    assert_eq!(MAX_PROMOTIONS, 64);
    assert_eq!(with_fix(&diagnostics, Rule::SecretEnv), (2_000, 0));
    assert_eq!(with_fix(&diagnostics, Rule::SecretBuildArg), (1, 0));
}
