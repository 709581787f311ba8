//! How many rounds the fix loop needs when many fixes touch one place: fixes that share an
//! edit (the `# syntax=` line, one build's BuildKit prefix) or insert at one point (a
//! secret mount each after one `RUN`) apply together, so more secrets than
//! [`fix::apply::MAX_ROUNDS`] in one RUN still converge (found by the `fix_apply` fuzz
//! target as `NoConvergence`).

use stowaway_lint_core::diagnostic::Applicability;
use stowaway_lint_core::fix::{self, FixOutcome};
use stowaway_lint_core::settings::Settings;
use stowaway_lint_core::source::{FileId, FileKind, SourceFile, SourceSet};

const NAMES: [&str; 9] = [
    "TOKEN_A", "TOKEN_B", "TOKEN_C", "TOKEN_D", "TOKEN_E", "TOKEN_F", "TOKEN_G", "TOKEN_H",
    "TOKEN_I",
];

fn fix_pair(dockerfile: &str, pipeline: &str) -> (SourceSet, FixOutcome) {
    let mut sources = SourceSet::new();
    sources.add(SourceFile::new(
        "Dockerfile",
        dockerfile,
        FileKind::Dockerfile,
    ));
    sources.add(SourceFile::new(
        "bitbucket-pipelines.yml",
        pipeline,
        FileKind::Pipeline,
    ));
    let outcome = fix::fix_all(&sources, &Settings::default(), Applicability::Unsafe);
    (sources, outcome)
}

fn words(format: impl Fn(&str) -> String) -> String {
    NAMES
        .iter()
        .map(|n| format(n))
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn nine_secrets_read_by_one_run_are_mounted_in_one_round() {
    let args: String = NAMES.iter().map(|n| format!("ARG {n}\n")).collect();
    let reads = words(|n| format!("${n}"));
    let dockerfile = format!("FROM node:20\n{args}RUN x {reads}\n");
    let build_args = words(|n| format!("--build-arg {n}"));
    let pipeline = format!(
        "pipelines:\n  default:\n    - step:\n        script:\n          - docker build \
         {build_args} .\n"
    );

    let (_, outcome) = fix_pair(&dockerfile, &pipeline);

    assert_eq!(outcome.failure, None);
    assert_eq!(outcome.applied, 9);
    assert_eq!(outcome.changed, vec![FileId(0), FileId(1)]);
    let mounts = words(|n| {
        let id = n.to_ascii_lowercase();
        format!("--mount=type=secret,id={id},env={n}")
    });
    assert_eq!(
        outcome.sources.get(FileId(0)).text,
        format!("# syntax=docker/dockerfile:1\nFROM node:20\nRUN {mounts} x {reads}\n")
    );
    let secrets = words(|n| {
        let id = n.to_ascii_lowercase();
        format!("--secret id={id},env={n}")
    });
    assert_eq!(
        outcome.sources.get(FileId(1)).text,
        format!(
            "pipelines:\n  default:\n    - step:\n        script:\n          - \
             DOCKER_BUILDKIT=1 docker build {secrets} .\n"
        )
    );

    // Nothing is left to fix.
    let again = fix::fix_all(
        &outcome.sources,
        &Settings::default(),
        Applicability::Unsafe,
    );
    assert_eq!((again.applied, again.changed.len()), (0, 0));
}

#[test]
fn an_outdated_syntax_line_is_upgraded_once_for_two_secrets() {
    let dockerfile = "# syntax=docker/dockerfile:1.4\nFROM node:20\nARG NPM_TOKEN\nRUN a \
                      $NPM_TOKEN\nARG GH_TOKEN\nRUN b $GH_TOKEN\n";
    let pipeline = "pipelines:\n  default:\n    - step:\n        script:\n          - \
                    docker build --build-arg NPM_TOKEN --build-arg GH_TOKEN .\n";

    let (_, outcome) = fix_pair(dockerfile, pipeline);

    assert_eq!(outcome.failure, None);
    assert_eq!(outcome.applied, 2);
    assert_eq!(
        outcome.sources.get(FileId(0)).text,
        "# syntax=docker/dockerfile:1\nFROM node:20\nRUN \
         --mount=type=secret,id=npm_token,env=NPM_TOKEN a $NPM_TOKEN\nRUN \
         --mount=type=secret,id=gh_token,env=GH_TOKEN b $GH_TOKEN\n"
    );
    assert_eq!(
        outcome.sources.get(FileId(1)).text,
        "pipelines:\n  default:\n    - step:\n        script:\n          - \
         DOCKER_BUILDKIT=1 docker build --secret id=npm_token,env=NPM_TOKEN --secret \
         id=gh_token,env=GH_TOKEN .\n"
    );
}
