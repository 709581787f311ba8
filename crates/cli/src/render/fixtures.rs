//! Test fixtures shared by the renderer tests: a Dockerfile and a pipeline with
//! non-ASCII text before every flagged range, and hand-made findings across both files.

use stowaway_lint_core::diagnostic::{Applicability, Confidence, Diagnostic, Edit, Fix, Location};
use stowaway_lint_core::rules::Rule;
use stowaway_lint_core::source::{FileId, FileKind, SourceFile, SourceSet};
use stowaway_lint_core::text::TextRange;

/// The Dockerfile: `é` and `☕` (2 and 3 bytes) precede the flagged ENV pair.
pub const DOCKERFILE: &str = "FROM node:20 AS build\n\
ARG NPM_TOKEN\n\
ENV LABEL=\"café ☕\" NPM_TOKEN=$NPM_TOKEN\n\
RUN npm ci\n";

/// The pipeline: `é` and `…` precede the flagged build arg.
pub const PIPELINE: &str = "pipelines:\n  default:\n    - step:\n        script:\n          \
- echo \"déploiement…\" && docker build --build-arg NPM_TOKEN=$NPM_TOKEN docker\n";

/// The byte range of the first `needle` in `text`.
pub fn find(text: &str, needle: &str) -> TextRange {
    let start = text.find(needle).expect("fixture text holds the needle");
    TextRange::new(start, start + needle.len())
}

/// The two files (Dockerfile id 0, pipeline id 1) and three findings, in report order:
/// a warning in the pipeline, an info with an unsafe fix and an error with a safe fix
/// and related locations in both files.
pub fn two_files_three_findings() -> (SourceSet, Vec<Diagnostic>) {
    let mut sources = SourceSet::new();
    let docker = sources.add(SourceFile::new(
        "docker/Dockerfile",
        DOCKERFILE,
        FileKind::Dockerfile,
    ));
    let pipeline = sources.add(SourceFile::new(
        "bitbucket-pipelines.yml",
        PIPELINE,
        FileKind::Pipeline,
    ));
    let at = |file: FileId, needle: &str| {
        let text = if file == docker { DOCKERFILE } else { PIPELINE };
        Location::new(file, find(text, needle))
    };

    let buildkit = Diagnostic::new(
        Rule::BuildkitRequired,
        Confidence::Medium,
        at(pipeline, "docker build"),
        "this build passes no --secret yet runs without BuildKit",
    );
    let arg = Diagnostic::new(
        Rule::SecretBuildArg,
        Confidence::Low,
        at(docker, "ARG NPM_TOKEN"),
        "NPM_TOKEN may be a secret and is recorded in the image history",
    )
    .with_fix(Fix {
        title: "Remove the ARG".to_owned(),
        applicability: Applicability::Unsafe,
        edits: vec![Edit {
            file: docker,
            range: find(DOCKERFILE, "ARG NPM_TOKEN\n"),
            replacement: String::new(),
        }],
    });
    let env = Diagnostic::new(
        Rule::SecretEnv,
        Confidence::High,
        at(docker, "NPM_TOKEN=$NPM_TOKEN"),
        "secured variable NPM_TOKEN is stored in the image config: readable by anyone who can pull the image",
    )
    .with_related(at(pipeline, "NPM_TOKEN=$NPM_TOKEN"), "passed as a build arg here")
    .with_related(at(docker, "ARG NPM_TOKEN"), "received by this ARG")
    .with_fix(Fix {
        title: "Pass NPM_TOKEN as a secret mount".to_owned(),
        applicability: Applicability::Safe,
        edits: vec![
            Edit { file: pipeline, range: find(PIPELINE, "--build-arg NPM_TOKEN=$NPM_TOKEN"), replacement: "--secret id=npm_token,env=NPM_TOKEN".to_owned() },
            Edit { file: docker, range: find(DOCKERFILE, " NPM_TOKEN=$NPM_TOKEN"), replacement: String::new() },
        ],
    });
    (sources, vec![buildkit, arg, env])
}
