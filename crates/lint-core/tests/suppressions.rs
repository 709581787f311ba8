//! Suppression comments on odd input: CRLF line endings, non-ASCII text, comments at the
//! end of the file, large files. Each case pins the exact findings.

use stowaway_lint_core::diagnostic::Diagnostic;
use stowaway_lint_core::settings::Settings;
use stowaway_lint_core::source::{FileKind, SourceFile, SourceSet};

fn findings(kind: FileKind, text: &str) -> Vec<String> {
    let mut sources = SourceSet::new();
    let path = match kind {
        FileKind::Dockerfile => "Dockerfile",
        FileKind::Pipeline => "bitbucket-pipelines.yml",
    };
    sources.add(SourceFile::new(path, text, kind));
    let file = sources.get(stowaway_lint_core::source::FileId(0));
    stowaway_lint_core::check(&sources, &Settings::default())
        .iter()
        .map(|d: &Diagnostic| {
            let at = file.line_column(d.primary.range.start);
            format!("{}:{}: {} {}", at.line, at.column, d.rule, d.message)
        })
        .collect()
}

#[test]
fn crlf_files_suppress_like_lf_files() {
    let text =
        "FROM alpine:3.20\r\n# stowaway: ignore[secret-build-arg] ok\r\nARG GITHUB_TOKEN\r\n";
    assert_eq!(findings(FileKind::Dockerfile, text), Vec::<String>::new());
}

#[test]
fn non_ascii_text_keeps_character_columns() {
    let text = "FROM alpine:3.20\n# stowaway: ignore[sécret-env] é\nRUN true\n";
    assert_eq!(
        findings(FileKind::Dockerfile, text),
        vec!["2:20: unused-suppression unknown rule `sécret-env` in suppression".to_owned()]
    );
}

#[test]
fn a_suppression_on_the_last_line_covers_nothing() {
    let text = "FROM alpine:3.20\n# stowaway: ignore[secret-env]";
    assert_eq!(
        findings(FileKind::Dockerfile, text),
        vec!["2:20: unused-suppression suppression of `secret-env` silences nothing".to_owned()]
    );
}

#[test]
fn unterminated_list_and_bare_hash_do_not_panic() {
    let text = "#\n# stowaway:\n# stowaway: ignore[\npipelines: {}\n";
    let expected = "cannot read this suppression: expected `ignore[rule, ...]` or \
                    `ignore-file[rule, ...]`";
    assert_eq!(
        findings(FileKind::Pipeline, text),
        vec![
            format!("2:1: unused-suppression {expected}"),
            format!("3:1: unused-suppression {expected}"),
        ]
    );
}

#[test]
fn many_markers_and_suppressions_each_cover_their_own_instruction() {
    // Markers and suppressions are indexed by line: thousands of them stay fast.
    let mut text = String::from("FROM alpine:3.20\n");
    for _ in 0..5_000 {
        text.push_str("# hadolint ignore=DL3064\n# a comment\nARG GITHUB_TOKEN\n");
        text.push_str("# stowaway: ignore[secret-build-arg]\nARG GITLAB_TOKEN\n");
    }
    text.push_str("ARG LAST_TOKEN\n");
    assert_eq!(
        findings(FileKind::Dockerfile, &text),
        vec![
            "25002:5: secret-build-arg build arg `LAST_TOKEN` in stage 0 looks like a secret (its \
             name contains TOKEN) and is recorded in the exported image's history: readable by \
             anyone who can pull the image"
                .to_owned()
        ]
    );
}
