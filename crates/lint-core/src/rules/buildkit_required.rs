//! `buildkit-required`: a build uses BuildKit-only features in a step that does not enable
//! BuildKit.
//!
//! ## What it flags
//! A `docker build` (not `docker buildx build`) that passes `--secret`, `--ssh` or
//! `--cache-to`, or whose Dockerfile uses `RUN --mount` or heredocs, when neither a
//! `DOCKER_BUILDKIT=1` prefix nor an earlier `export DOCKER_BUILDKIT=1` enables BuildKit.
//! With `DOCKER_BUILDKIT=0` the finding is certain; with the variable unset it depends on
//! the Docker version of the build machine.
//!
//! ## Why it matters
//! The classic builder rejects these features, so the build fails; teams then "fix" it by
//! going back to `--build-arg`, which leaks the secret.
//!
//! ## Example
//! ```dockerfile
//! # syntax=docker/dockerfile:1
//! FROM node:20
//! RUN --mount=type=secret,id=npm,env=NPM_TOKEN npm ci
//! ```
//! ```yaml
//! pipelines:
//!   default:
//!     - step:
//!         script:
//!           - docker build --secret id=npm,env=NPM_TOKEN .
//! ```
//!
//! ## Fixed example
//! ```dockerfile
//! # syntax=docker/dockerfile:1
//! FROM node:20
//! RUN --mount=type=secret,id=npm,env=NPM_TOKEN npm ci
//! ```
//! ```yaml
//! pipelines:
//!   default:
//!     - step:
//!         script:
//!           - DOCKER_BUILDKIT=1 docker build --secret id=npm,env=NPM_TOKEN .
//! ```
//!
//! ## Fix
//! `DOCKER_BUILDKIT=1 docker build ...`, or `export DOCKER_BUILDKIT=1` earlier in the script.
//!
//! ## References
//! - <https://docs.docker.com/build/buildkit/#getting-started>
//! - <https://support.atlassian.com/bitbucket-cloud/docs/run-docker-commands-in-bitbucket-pipelines/>

use crate::analysis::{BuildLink, Project};
use crate::diagnostic::{Confidence, Diagnostic, Location};
use crate::rules::Rule;

/// Diagnostics for BuildKit features used without BuildKit.
pub fn check(project: &Project<'_>) -> Vec<Diagnostic> {
    project
        .links
        .iter()
        .filter_map(|link| diagnose(project, link))
        .collect()
}

fn diagnose(project: &Project<'_>, link: &BuildLink) -> Option<Diagnostic> {
    let build = link.command(project);
    let explicit = build.buildkit.as_ref().map(|on| on.value);
    if build.buildx || explicit == Some(true) {
        return None;
    }
    let file = project.pipelines[link.pipeline].file;
    let mut features: Vec<(Location, String)> = Vec::new();
    let flags = [(
        "--secret",
        build.secrets.iter().map(|s| s.range).collect::<Vec<_>>(),
    )];
    for (name, ranges) in flags {
        features.extend(
            ranges
                .into_iter()
                .map(|r| (Location::new(file, r), format!("`{name}` needs BuildKit"))),
        );
    }
    for (name, words) in [("--ssh", &build.ssh), ("--cache-to", &build.cache_to)] {
        features.extend(words.iter().map(|w| {
            (
                Location::new(file, w.range),
                format!("`{name}` needs BuildKit"),
            )
        }));
    }
    if let Some(model) = link.dockerfile.and_then(|id| project.dockerfile(id)) {
        features.extend(dockerfile_features(model));
    }
    if features.is_empty() {
        return None;
    }
    let (confidence, why) = match explicit {
        Some(false) => (
            Confidence::High,
            "`DOCKER_BUILDKIT=0` selects the classic builder",
        ),
        _ => (
            Confidence::Medium,
            "the step does not set `DOCKER_BUILDKIT=1`",
        ),
    };
    let message = format!(
        "this build uses BuildKit-only features but {why}: with the classic builder it \
         fails; set `DOCKER_BUILDKIT=1`"
    );
    let mut diagnostic = Diagnostic::new(
        Rule::BuildkitRequired,
        confidence,
        Location::new(file, build.range),
        message,
    );
    for (location, label) in features {
        diagnostic = diagnostic.with_related(location, label);
    }
    Some(diagnostic)
}

/// The first RUN mount and the first heredoc of a Dockerfile.
fn dockerfile_features(model: &crate::analysis::DockerfileModel) -> Vec<(Location, String)> {
    let mut features = Vec::new();
    let instructions = &model.ast.instructions;
    if let Some(flag) = instructions.iter().find_map(|i| i.flag("mount")) {
        features.push((
            Location::new(model.file, flag.range),
            "`RUN --mount` needs BuildKit".to_string(),
        ));
    }
    if let Some(heredoc) = instructions.iter().find_map(first_heredoc) {
        features.push((
            Location::new(model.file, heredoc.marker),
            "heredocs need BuildKit".to_string(),
        ));
    }
    features
}

fn first_heredoc(
    instruction: &crate::dockerfile::Instruction,
) -> Option<&crate::dockerfile::Heredoc> {
    use crate::dockerfile::InstructionKind;
    match &instruction.kind {
        InstructionKind::Run(command) => command.heredocs.first(),
        InstructionKind::Copy(copy) | InstructionKind::Add(copy) => copy.heredocs.first(),
        _ => None,
    }
}
