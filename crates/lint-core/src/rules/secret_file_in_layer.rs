//! `secret-file-in-layer`: secret content written into a layer of the exported image.
//!
//! ## What it flags
//! In the exported image's stages: a COPY or ADD of a credential file (`id_rsa`,
//! `.npmrc`, `.aws/credentials`...), a `COPY <<EOF` heredoc that expands a secret, and a RUN
//! that writes a secret (a build arg, or a secret mount's content) into a file that the same
//! RUN does not remove.
//!
//! ## Why it matters
//! A file written by RUN, COPY or ADD stays in that layer. Deleting it in a later
//! instruction hides it from the final file system but does not remove it from the image:
//! anyone who can pull the image can extract the layer. A secret mount's content is not
//! stored, but a file the RUN writes from it is.
//!
//! ## Example
//! ```dockerfile
//! # syntax=docker/dockerfile:1
//! FROM alpine:3.20
//! RUN --mount=type=secret,id=t,env=T sh -c 'echo $T > /cfg'
//! ```
//!
//! ## Fixed example
//! ```dockerfile
//! # syntax=docker/dockerfile:1
//! FROM node:20
//! RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
//! ```
//!
//! ## Fix
//! Mount the secret where the tool reads it (`--mount=type=secret,id=npmrc,target=/root/.npmrc`),
//! or write, use and remove the file in one RUN.
//!
//! ## Fix safety
//! When a later RUN of the same stage deletes the file, and only RUNs without flags or
//! heredocs stand between, the fix joins the RUNs from the write to the delete into one
//! (`&& \` continuations). It is **unsafe**: the image gets fewer layers, and commands
//! that were separated by `;` now sit in one `&&` chain. Otherwise the fix is
//! **display-only**: it says how to mount the file as a secret, because the commands that
//! read the file and its absolute path need a person's choice.
//!
//! ## References
//! - <https://docs.docker.com/build/building/secrets/>

use crate::analysis::Project;
use crate::diagnostic::Diagnostic;
use crate::flow::{SecretFlow, Sink};
use crate::rules::Rule;
use crate::rules::flow_rules::{flow_diagnostic, holds, in_stage};

/// Diagnostics for secret files in the exported image's layers.
pub fn check(project: &Project<'_>) -> Vec<Diagnostic> {
    project
        .flows
        .iter()
        .filter(|f| f.sink == Sink::Layer)
        .map(diagnose)
        .collect()
}

fn diagnose(flow: &SecretFlow) -> Diagnostic {
    let message = format!(
        "`{}`{} {} and stays in a layer of the exported image: deleting it later does not \
         remove it from the image",
        flow.stored_as,
        in_stage(flow),
        holds(flow),
    );
    flow_diagnostic(Rule::SecretFileInLayer, flow, message)
}
