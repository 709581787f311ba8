//! `secret-env`: a secret is stored with ENV, in the image config.
//!
//! ## What it flags
//! An `ENV` of the exported image's stages whose value is a secret: a build arg that holds
//! one (`ENV NPM_TOKEN=$NPM_TOKEN` promotes it), or a literal credential. An ENV set in a
//! base stage is flagged where it is set, with the `FROM` lines that inherit it.
//!
//! ## Why it matters
//! ENV values live in the image config of the stage and of every stage built `FROM` it:
//! `docker inspect` shows them to anyone who can pull the image, and every process in the
//! container inherits them.
//!
//! ## Example
//! ```dockerfile
//! FROM node:20
//! ARG APP_SECRET
//! ENV APP_SECRET=${APP_SECRET}
//! ```
//!
//! ## Fixed example
//! ```dockerfile
//! # syntax=docker/dockerfile:1
//! FROM node:20
//! RUN --mount=type=secret,id=app_secret,env=APP_SECRET ./configure.sh
//! ```
//!
//! ## Fix
//! Read the secret only in the RUN that needs it, through a secret mount; if the running
//! container needs it, pass it at run time (`docker run -e`, an orchestrator secret).
//!
//! ## Fix safety
//! `--fix` removes the `ENV K=$NAME` promotion and rewrites the build arg into a secret mount in the Dockerfile and in every
//! linked pipeline build together (see `fix::secret_mount`). It is **safe** when the
//! Dockerfile is built by at least one pipeline build stowaway linked to it, every
//! `docker build` passing `--build-arg NAME` is linked to a Dockerfile, every RUN in the
//! variable's scope names it, and no promoted ENV may be read at run time. Otherwise it is
//! **unsafe** (`--unsafe-fixes`), and its title says why. There is no fix when the variable
//! is used outside RUN (FROM, COPY, LABEL...), has an ARG default, or a build passes it as
//! anything but one variable.
//!
//! ## References
//! - <https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/>

use crate::analysis::Project;
use crate::diagnostic::Diagnostic;
use crate::flow::{SecretFlow, Sink};
use crate::rules::Rule;
use crate::rules::flow_rules::{add_related, flow_diagnostic, holds, in_stage};

/// Diagnostics for ENVs of the exported image that hold a secret.
pub fn check(project: &Project<'_>) -> Vec<Diagnostic> {
    project.flows.iter().filter_map(diagnose).collect()
}

fn diagnose(flow: &SecretFlow) -> Option<Diagnostic> {
    let Sink::Config { inherited_by } = &flow.sink else {
        return None;
    };
    let message = format!(
        "`ENV {}`{} {} and is stored in the image config: readable by anyone who can pull \
         the image, and by every process in the container",
        flow.stored_as,
        in_stage(flow),
        holds(flow),
    );
    let mut diagnostic = flow_diagnostic(Rule::SecretEnv, flow, message);
    for from in inherited_by {
        add_related(
            &mut diagnostic,
            *from,
            "inherited by this stage, and exported with it",
        );
    }
    Some(diagnostic)
}
