//! `secret-build-arg`: a secret reaches an ARG of a stage in the exported image.
//!
//! ## What it flags
//! An `ARG` of the exported image's stages (the target and its `FROM` ancestors) that
//! receives a secret: a secret pipeline variable passed with `--build-arg`, a literal
//! credential default, or (with medium confidence) a secret-looking name whose value comes
//! from the build. Also a secret passed with `--build-arg` to a Dockerfile that stowaway
//! could not find among the checked files.
//!
//! ## Why it matters
//! BuildKit writes every ARG with its value into the image history and prefixes each RUN's
//! history entry with the build args in scope. `docker history` on the pushed image shows
//! the value to anyone who can pull it, whether or not a RUN reads the variable.
//!
//! ## Example
//! ```dockerfile
//! FROM node:20
//! ARG NPM_TOKEN
//! RUN npm ci
//! ```
//!
//! ## Fixed example
//! ```dockerfile
//! # syntax=docker/dockerfile:1
//! FROM node:20
//! RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci
//! ```
//!
//! ## Fix
//! Pass the secret with `docker build --secret id=npm_token,env=NPM_TOKEN` and read it in
//! the RUN that needs it: `RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci`.
//!
//! ## Fix safety
//! `--fix` rewrites the build arg into a secret mount in the Dockerfile and in every
//! linked pipeline build together (see `fix::secret_mount`). It is **safe** when the
//! Dockerfile is built by at least one pipeline build stowaway linked to it, every
//! `docker build` passing `--build-arg NAME` is linked to a Dockerfile, every RUN in the
//! variable's scope names it, and no promoted ENV may be read at run time. Otherwise it is
//! **unsafe** (`--unsafe-fixes`), and its title says why. There is no fix when the variable
//! is used outside RUN (FROM, COPY, LABEL...), has an ARG default, or a build passes it as
//! anything but one variable.
//!
//! ## References
//! - <https://docs.docker.com/build/building/secrets/>
//! - <https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/>

use crate::analysis::Project;
use crate::diagnostic::{Confidence, Diagnostic, Location};
use crate::flow::{SecretFlow, Sink};
use crate::rules::Rule;
use crate::rules::flow_rules::{flow_diagnostic, holds, in_stage};

/// Diagnostics for ARGs in the exported image, and for secrets passed to unseen
/// Dockerfiles.
pub fn check(project: &Project<'_>) -> Vec<Diagnostic> {
    let mut diagnostics: Vec<Diagnostic> = project
        .flows
        .iter()
        .filter(|f| f.sink == Sink::History)
        .map(diagnose)
        .collect();
    diagnostics.extend(unseen_dockerfiles(project));
    diagnostics
}

fn diagnose(flow: &SecretFlow) -> Diagnostic {
    let message = format!(
        "build arg `{}`{} {} and is recorded in the exported image's history: readable by \
         anyone who can pull the image",
        flow.stored_as,
        in_stage(flow),
        holds(flow),
    );
    flow_diagnostic(Rule::SecretBuildArg, flow, message)
}

/// Secrets passed with `--build-arg` to a Dockerfile that is not among the checked files.
fn unseen_dockerfiles(project: &Project<'_>) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for link in project
        .links
        .iter()
        .filter(|link| link.dockerfile.is_none())
    {
        let file = project.pipelines[link.pipeline].file;
        let build = link.command(project);
        let env = crate::analysis::script_env(project, link);
        for flag in &build.build_args {
            let at = Location::new(file, flag.name.range);
            let taint = match &flag.value {
                Some(word) => env.word_taint(word),
                None => env.implicit_taint(&flag.name.value, at),
            };
            let Some(taint) = taint else { continue };
            let target = match link.dockerfile_path.as_deref() {
                Some(path) => format!("`{path}`, which is not among the checked files"),
                None => "a Dockerfile whose path the script computes at run time".to_string(),
            };
            let name = &flag.name.value;
            let message = format!(
                "the secret `{}` is passed with `--build-arg {name}` to {target}: if it declares \
                 `ARG {name}`, the value is recorded in the image history",
                taint.origin,
            );
            let confidence = taint.confidence.min(Confidence::Medium);
            let mut diagnostic = Diagnostic::new(
                Rule::SecretBuildArg,
                confidence,
                Location::new(file, flag.range),
                message,
            );
            for step in taint
                .trail
                .iter()
                .filter(|s| s.location.range != flag.range)
            {
                diagnostic = diagnostic.with_related(step.location, step.message.clone());
            }
            diagnostics.push(diagnostic);
        }
    }
    diagnostics
}
