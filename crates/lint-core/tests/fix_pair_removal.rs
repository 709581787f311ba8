//! Removing one name from an ARG or ENV that declares several must not change how the
//! rest parses: a `--` word left first would read as a flag (found by the `fix_apply` fuzz
//! target: `ARG TOKEN --` became `ARG --`, "ARG requires at least one argument").

use stowaway_lint_core::diagnostic::{Applicability, Diagnostic};
use stowaway_lint_core::fix;
use stowaway_lint_core::rules::Rule;
use stowaway_lint_core::settings::Settings;
use stowaway_lint_core::source::{FileId, FileKind, SourceFile, SourceSet};

fn dockerfile(text: &str) -> SourceSet {
    let mut sources = SourceSet::new();
    sources.add(SourceFile::new("Dockerfile", text, FileKind::Dockerfile));
    sources
}

fn rules_with_fix(diagnostics: &[Diagnostic]) -> Vec<(Rule, bool)> {
    diagnostics
        .iter()
        .map(|d| (d.rule, d.fix.as_ref().is_some_and(|f| !f.edits.is_empty())))
        .collect()
}

#[test]
fn a_secret_arg_before_a_double_dash_word_keeps_no_fix() {
    let sources = dockerfile("FROM a\nARG TOKEN --\n");

    let outcome = fix::fix_all(&sources, &Settings::default(), Applicability::Unsafe);

    assert_eq!(outcome.failure, None);
    assert_eq!(outcome.applied, 0);
    assert_eq!(outcome.changed, Vec::<FileId>::new());
    assert_eq!(
        rules_with_fix(&outcome.diagnostics),
        vec![(Rule::SecretBuildArg, false)]
    );
}

#[test]
fn a_secret_arg_after_the_first_name_is_still_removed() {
    let sources = dockerfile("FROM a\nARG B TOKEN --y\n");

    let outcome = fix::fix_all(&sources, &Settings::default(), Applicability::Unsafe);

    assert_eq!(outcome.failure, None);
    assert_eq!(outcome.applied, 1);
    assert_eq!(outcome.sources.get(FileId(0)).text, "FROM a\nARG B --y\n");
}
