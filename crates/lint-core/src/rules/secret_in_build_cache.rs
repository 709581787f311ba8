//! `secret-in-build-cache`: a secret confined to stages outside the image is persisted by
//! the pipeline.
//!
//! ## What it flags
//! A build arg, ENV or file holding a secret in a stage that the build does not export (a
//! "throwaway" builder stage), when the pipeline keeps that stage anyway: Bitbucket's
//! `docker` cache with the classic or an unknown builder, `--cache-to ...,mode=max`, or
//! provenance attestations in `mode=max` (which record build arg values).
//!
//! ## Why it matters
//! Bitbucket's predefined `docker` cache saves the daemon's layers after a successful step,
//! keeps them for a week and restores them in any later step that lists it, on any branch:
//! with the classic builder that includes every stage of a multi-stage build, history and
//! all. `mode=max` cache exports push every stage's layers to the cache backend.
//!
//! ## Example
//! ```dockerfile
//! FROM node:20 AS deps
//! ARG NPM_TOKEN
//! RUN npm ci
//!
//! FROM node:20-slim
//! COPY --from=deps /node_modules /node_modules
//! ```
//! ```yaml
//! pipelines:
//!   default:
//!     - step:
//!         services: [docker]
//!         caches: [docker]
//!         script:
//!           - docker build --build-arg NPM_TOKEN=$NPM_TOKEN -t app .
//! ```
//!
//! ## Fixed example
//! ```dockerfile
//! # syntax=docker/dockerfile:1
//! FROM node:20 AS deps
//! RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci
//!
//! FROM node:20-slim
//! COPY --from=deps /node_modules /node_modules
//! ```
//! ```yaml
//! pipelines:
//!   default:
//!     - step:
//!         services: [docker]
//!         caches: [docker]
//!         script:
//!           - DOCKER_BUILDKIT=1 docker build --secret id=npm_token,env=NPM_TOKEN -t app .
//! ```
//!
//! ## Fix
//! Pass the secret with `--secret` and read it through a secret mount; or build with
//! BuildKit (`DOCKER_BUILDKIT=1`), whose layers the `docker` cache does not capture.
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
//! - <https://support.atlassian.com/bitbucket-cloud/docs/cache-dependencies/>
//! - <https://docs.docker.com/build/cache/backends/>

use crate::analysis::Project;
use crate::diagnostic::Diagnostic;
use crate::flow::{CacheChannel, SecretFlow, Sink, SinkContent};
use crate::rules::Rule;
use crate::rules::flow_rules::{add_related, flow_diagnostic, holds, in_stage};

/// Diagnostics for secrets in non-exported stages that the pipeline persists.
pub fn check(project: &Project<'_>) -> Vec<Diagnostic> {
    project.flows.iter().filter_map(diagnose).collect()
}

fn diagnose(flow: &SecretFlow) -> Option<Diagnostic> {
    let Sink::BuildCache { content, channels } = &flow.sink else {
        return None;
    };
    let (first, _) = channels.first()?;
    let what = match content {
        SinkContent::BuildArg => "build arg",
        SinkContent::Env => "ENV",
        SinkContent::File => "file",
    };
    let message = format!(
        "{what} `{}`{} {}; the image does not export that stage, but it is {}",
        flow.stored_as,
        in_stage(flow),
        holds(flow),
        first.consequence(),
    );
    let mut diagnostic = flow_diagnostic(Rule::SecretInBuildCache, flow, message);
    for (channel, location) in channels {
        add_related(&mut diagnostic, *location, channel_label(*channel));
    }
    Some(diagnostic)
}

fn channel_label(channel: CacheChannel) -> &'static str {
    match channel {
        CacheChannel::DockerCache => {
            "the `docker` cache keeps every stage's layers (the build does not enable BuildKit)"
        }
        CacheChannel::CacheToMax => "`mode=max` exports the layers of every stage",
        CacheChannel::ProvenanceMax => "`mode=max` provenance records build arg values",
        CacheChannel::CustomCache => {
            "this cache keeps the exported build cache for a week and restores it on any branch"
        }
    }
}
