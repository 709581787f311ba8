//! The rule pages under `rules/` at the repository root are generated from each rule's
//! documentation and must be up to date (`STOWAWAY_BLESS=1` regenerates them); every page
//! has a bad and a fixed example, and the bad one fires the rule while the fixed one does
//! not.

use std::fs;
use std::path::{Path, PathBuf};

use stowaway_lint_core::rule_docs::{self, Example};
use stowaway_lint_core::rules::Rule;
use stowaway_lint_core::settings::Settings;
use stowaway_lint_core::source::{FileKind, SourceFile, SourceSet};

fn pages_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules")
}

#[test]
fn committed_pages_are_up_to_date() {
    let mut expected: Vec<(String, String)> = Rule::ALL
        .iter()
        .map(|rule| (format!("{}.md", rule.name()), rule_docs::page(*rule)))
        .collect();
    expected.push(("README.md".to_owned(), rule_docs::index()));
    if std::env::var_os("STOWAWAY_BLESS").is_some() {
        fs::create_dir_all(pages_dir()).expect("rules/ is writable");
        for (name, text) in &expected {
            fs::write(pages_dir().join(name), text).expect("writable");
        }
    }
    let mut stale = Vec::new();
    for (name, text) in &expected {
        if fs::read_to_string(pages_dir().join(name)).ok().as_ref() != Some(text) {
            stale.push(name.clone());
        }
    }
    let mut committed: Vec<String> = fs::read_dir(pages_dir())
        .expect("rules/ exists")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    committed.sort();
    let mut names: Vec<String> = expected.into_iter().map(|(name, _)| name).collect();
    names.sort();
    assert_eq!(
        committed, names,
        "rules/ holds exactly one page per rule and the index"
    );
    assert!(
        stale.is_empty(),
        "out-of-date pages {stale:?}: run `STOWAWAY_BLESS=1 cargo test -p stowaway-lint-core \
         --test rule_pages` and commit rules/"
    );
}

/// The rules that `examples` trigger.
fn rules_fired(examples: &[Example]) -> Vec<Rule> {
    let mut sources = SourceSet::new();
    for example in examples {
        let path = match example.kind {
            FileKind::Dockerfile => "Dockerfile",
            FileKind::Pipeline => "bitbucket-pipelines.yml",
        };
        sources.add(SourceFile::new(path, example.code.clone(), example.kind));
    }
    let mut rules: Vec<Rule> = stowaway_lint_core::check(&sources, &Settings::default())
        .into_iter()
        .map(|d| d.rule)
        .collect();
    rules.dedup();
    rules
}

#[test]
fn every_bad_example_fires_its_rule_and_every_fixed_example_does_not() {
    let mut failures = Vec::new();
    for rule in Rule::ALL {
        let bad = rule_docs::examples(rule, "Example");
        let fixed = rule_docs::examples(rule, "Fixed example");
        if bad.is_empty() || fixed.is_empty() {
            failures.push(format!(
                "{rule}: needs `## Example` and `## Fixed example` blocks"
            ));
            continue;
        }
        if !rules_fired(&bad).contains(&rule) {
            failures.push(format!("{rule}: the example does not fire the rule"));
        }
        if rules_fired(&fixed).contains(&rule) {
            failures.push(format!("{rule}: the fixed example still fires the rule"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_page_has_the_house_headings_in_order() {
    let headings = [
        "## What it flags",
        "## Why it matters",
        "## Example",
        "## Fixed example",
        "## Fix",
        "## References",
    ];
    for rule in Rule::ALL {
        let doc = rule.documentation();
        let found: Vec<&str> = doc
            .lines()
            .filter(|line| line.starts_with("## ") && *line != "## Fix safety")
            .collect();
        assert_eq!(found, headings, "{rule}");
    }
}
