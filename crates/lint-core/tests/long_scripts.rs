//! Scripts longer than the shell parser is given (a hostile input could otherwise make it
//! take gigabytes) are reported where they stand, and the rest of the file is analyzed.

use stowaway_lint_core::settings::Settings;
use stowaway_lint_core::shell::MAX_SCRIPT_BYTES;
use stowaway_lint_core::source::{FileKind, SourceFile, SourceSet};

fn findings(path: &str, text: String, kind: FileKind) -> Vec<String> {
    let mut sources = SourceSet::new();
    sources.add(SourceFile::new(path, text, kind));
    let file = sources
        .iter()
        .next()
        .map(|(_, f)| f.clone())
        .expect("one file");
    stowaway_lint_core::check(&sources, &Settings::default())
        .iter()
        .map(|d| {
            let at = file.line_column(d.primary.range.start);
            format!("{}:{}: {} {}", at.line, at.column, d.rule, d.message)
        })
        .collect()
}

#[test]
fn run_longer_than_the_limit_is_reported_and_the_file_still_checked() {
    let words = "x ".repeat(MAX_SCRIPT_BYTES / 2 + 1);
    let text = format!("FROM alpine\nRUN echo {words}\nARG GITHUB_TOKEN\n");
    let size = "echo ".len() + words.trim_end().len();
    assert_eq!(
        findings("Dockerfile", text, FileKind::Dockerfile),
        vec![
            format!(
                "2:1: syntax-error script of {size} bytes is longer than stowaway analyzes \
                 (256 KiB); it was not checked"
            ),
            "3:5: secret-build-arg build arg `GITHUB_TOKEN` in stage 0 looks like a secret (its \
             name contains TOKEN) and is recorded in the exported image's history: readable by \
             anyone who can pull the image"
                .to_string(),
        ]
    );
}

#[test]
fn pipeline_script_longer_than_the_limit_is_reported_at_its_step() {
    let words = "x ".repeat(MAX_SCRIPT_BYTES / 2 + 1);
    let text =
        format!("pipelines:\n  default:\n    - step:\n        script:\n          - echo {words}\n");
    let size = "echo ".len() + words.trim_end().len();
    assert_eq!(
        findings("bitbucket-pipelines.yml", text, FileKind::Pipeline),
        vec![format!(
            "4:9: syntax-error script of {size} bytes is longer than stowaway analyzes (256 KiB); \
             it was not checked"
        )]
    );
}
