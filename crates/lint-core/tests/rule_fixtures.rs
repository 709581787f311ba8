//! Runs every case under `tests/rules/<rule>/<case>/` at the repository root: the case's
//! Dockerfiles and pipelines are checked together and the findings must equal the case's
//! `expected.out` exactly. A case with a `stowaway.toml` is checked with the settings it
//! asks for. `STOWAWAY_BLESS=1 cargo test` rewrites the expectations (review the diff
//! before committing).

use std::fmt::Write as _;
mod support;

use std::fs;
use std::path::{Path, PathBuf};

use stowaway_lint_core::config::Config;
use stowaway_lint_core::diagnostic::Diagnostic;
use stowaway_lint_core::rules::Rule;
use stowaway_lint_core::settings::Settings;
use stowaway_lint_core::source::SourceSet;
use support::load_case;

fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/rules")
}

/// The files of a case, with paths relative to the case folder.
/// One line per finding, then one indented line per related location.
fn render(sources: &SourceSet, diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    let at = |location: &stowaway_lint_core::diagnostic::Location| {
        let file = sources.get(location.file);
        let start = file.line_column(location.range.start);
        let end = file.line_column(location.range.end);
        format!(
            "{}:{}:{}-{}:{}",
            file.path.display(),
            start.line,
            start.column,
            end.line,
            end.column
        )
    };
    for d in diagnostics {
        let _ = writeln!(
            out,
            "{}: {}[{}] {}: {}",
            at(&d.primary),
            d.severity.as_str(),
            d.rule,
            d.confidence.as_str(),
            d.message
        );
        for related in &d.related {
            let _ = writeln!(out, "    {}: {}", at(&related.location), related.message);
        }
    }
    out
}

/// The settings of a case: its `stowaway.toml`, else the defaults.
fn case_settings(dir: &Path) -> Settings {
    let path = dir.join("stowaway.toml");
    if !path.exists() {
        return Settings::default();
    }
    Config::load(&path)
        .expect("the case's stowaway.toml is valid")
        .settings()
}

fn cases() -> Vec<(String, PathBuf)> {
    let mut cases = Vec::new();
    for rule_dir in fs::read_dir(fixtures_root()).expect("tests/rules exists") {
        let rule_dir = rule_dir.expect("entry").path();
        let rule = rule_dir
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        for case in fs::read_dir(&rule_dir).expect("rule folder") {
            cases.push((rule.clone(), case.expect("entry").path()));
        }
    }
    cases.sort();
    cases
}

#[test]
fn every_case_matches_its_expected_findings() {
    let bless = std::env::var_os("STOWAWAY_BLESS").is_some();
    let mut failures = Vec::new();
    for (_, case) in cases() {
        let sources = load_case(&case);
        let actual = render(
            &sources,
            &stowaway_lint_core::check(&sources, &case_settings(&case)),
        );
        let expected_path = case.join("expected.out");
        if bless {
            fs::write(&expected_path, &actual).expect("writable");
            continue;
        }
        let expected = fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != actual {
            failures.push(format!(
                "{}\n--- expected\n{expected}--- actual\n{actual}",
                case.display()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} case(s) differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_rule_has_cases_that_fire_and_cases_that_stay_silent() {
    for rule in Rule::ALL {
        let rule_cases: Vec<_> = cases()
            .into_iter()
            .filter(|(r, _)| r == rule.name())
            .collect();
        let outputs: Vec<String> = rule_cases
            .iter()
            .map(|(_, case)| fs::read_to_string(case.join("expected.out")).unwrap_or_default())
            .collect();
        let tag = format!("[{}]", rule.name());
        assert!(
            outputs.iter().any(|o| o.contains(&tag)),
            "{rule}: no case fires it"
        );
        assert!(
            outputs.iter().any(|o| !o.contains(&tag)),
            "{rule}: no case stays silent"
        );
    }
}
