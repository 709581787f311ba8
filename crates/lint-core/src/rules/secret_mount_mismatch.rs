//! `secret-mount-mismatch`: a `--secret` that no mount uses, or a secret mount whose id no
//! build provides.
//!
//! ## What it flags
//! For each `docker build` linked to a Dockerfile: a `--secret id=X` when no
//! `RUN --mount=type=secret` of the stages the build runs uses `X`, and a secret mount whose
//! id (its `id=`, else the base name of its `target=`) the build does not pass.
//!
//! ## Why it matters
//! A mismatched id is a typo that BuildKit does not report: the RUN sees no secret (an empty
//! file or variable) and fails later in a confusing way, or, with `required`, the build
//! stops. Teams debugging it often fall back to build args.
//!
//! ## Example
//! ```dockerfile
//! # syntax=docker/dockerfile:1
//! FROM node:20
//! RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci
//! ```
//! ```yaml
//! pipelines:
//!   default:
//!     - step:
//!         script:
//!           - DOCKER_BUILDKIT=1 docker build --secret id=npm,env=NPM_TOKEN .
//! ```
//!
//! ## Fixed example
//! ```dockerfile
//! # syntax=docker/dockerfile:1
//! FROM node:20
//! RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci
//! ```
//! ```yaml
//! pipelines:
//!   default:
//!     - step:
//!         script:
//!           - DOCKER_BUILDKIT=1 docker build --secret id=npm_token,env=NPM_TOKEN .
//! ```
//!
//! ## Fix
//! Use the same id on both sides.
//!
//! ## References
//! - <https://docs.docker.com/build/building/secrets/>

use std::collections::BTreeSet;

use crate::analysis::{BuildLink, DockerfileModel, Project, expanded_mounts};
use crate::diagnostic::{Confidence, Diagnostic, Location};
use crate::dockerfile::{InstructionKind, Mount};
use crate::rules::Rule;

/// Diagnostics for secret ids that do not match between builds and mounts.
pub fn check(project: &Project<'_>) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for link in project.links {
        let Some(model) = link.dockerfile.and_then(|id| project.dockerfile(id)) else {
            continue;
        };
        diagnostics.extend(diagnose(project, link, model));
    }
    diagnostics
}

fn diagnose(project: &Project<'_>, link: &BuildLink, model: &DockerfileModel) -> Vec<Diagnostic> {
    let build = link.command(project);
    let file = project.pipelines[link.pipeline].file;
    let literals = crate::analysis::build_arg_literals(build);
    let target = build.target.as_ref().and_then(|w| w.literal.as_deref());
    let mounts = built_secret_mounts(model, target, &literals);
    let mount_ids: BTreeSet<String> = mounts.iter().map(Mount::secret_id).collect();
    let mut provided = BTreeSet::new();
    let mut diagnostics = Vec::new();
    for secret in &build.secrets {
        let Some(id) = secret.id.as_ref().or(secret.env.as_ref()) else {
            continue;
        };
        provided.insert(id.value.clone());
        if !mount_ids.contains(&id.value) {
            let message = format!(
                "`--secret id={}` is passed, but no `RUN --mount=type=secret` of the stages \
                 this build runs uses it",
                id.value
            );
            diagnostics.push(
                Diagnostic::new(
                    Rule::SecretMountMismatch,
                    Confidence::Medium,
                    Location::new(file, secret.range),
                    message,
                )
                .with_related(
                    Location::new(model.file, model_range(model)),
                    "the Dockerfile this build uses",
                ),
            );
        }
    }
    for mount in &mounts {
        let id = mount.secret_id();
        if provided.contains(&id) {
            continue;
        }
        let outcome = if mount.required() {
            "the build stops"
        } else {
            "the RUN sees no secret"
        };
        let message = format!(
            "secret mount `{id}` is not provided by the `docker build` that builds this file: {outcome}"
        );
        diagnostics.push(
            Diagnostic::new(
                Rule::SecretMountMismatch,
                Confidence::Medium,
                Location::new(model.file, mount.range),
                message,
            )
            .with_related(
                Location::new(file, build.range),
                "this build passes no `--secret` with that id",
            ),
        );
    }
    diagnostics
}

fn model_range(model: &DockerfileModel) -> crate::text::TextRange {
    model
        .ast
        .instructions
        .first()
        .map_or_else(Default::default, |i| i.keyword.range)
}

/// The secret mounts of the stages a build with `target` runs: the target, its `FROM`
/// ancestors and the stages they copy from, transitively.
fn built_secret_mounts(
    model: &DockerfileModel,
    target: Option<&str>,
    literals: &std::collections::HashMap<String, String>,
) -> Vec<Mount> {
    let graph = &model.stages;
    let Some(target) = graph.target(target) else {
        return Vec::new();
    };
    let edges = graph.copy_from_edges(&model.ast);
    let mut built: BTreeSet<usize> = BTreeSet::new();
    let mut pending = vec![target];
    while let Some(stage) = pending.pop() {
        if !built.insert(stage) {
            continue;
        }
        pending.extend(graph.ancestors(stage));
        pending.extend(
            edges
                .iter()
                .filter(|(to, _, _)| *to == stage)
                .map(|(_, from, _)| *from),
        );
    }
    let mut mounts = Vec::new();
    for &stage in &built {
        for index in graph.stages[stage].instructions.clone() {
            let Some(instruction) = model.ast.instructions.get(index) else {
                continue;
            };
            if matches!(instruction.kind, InstructionKind::Run(_)) {
                let expanded = expanded_mounts(model, stage, index, instruction, literals);
                mounts.extend(expanded.into_iter().filter(|m| m.kind == "secret"));
            }
        }
    }
    mounts
}
