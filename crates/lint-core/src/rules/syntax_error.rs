//! `syntax-error`: a Dockerfile or YAML file that does not parse.
//!
//! ## What it flags
//! Lines Docker or Bitbucket would reject: an unknown instruction, a heredoc that never
//! ends, invalid YAML, a YAML alias bomb. The rest of a Dockerfile is still analyzed; a
//! pipeline file that is not valid YAML is not.
//!
//! ## Why it matters
//! A file that does not parse cannot be checked for leaks, and fails the build or the
//! pipeline anyway.
//!
//! ## Example
//! ```dockerfile
//! FORM alpine:3.20
//! RUN echo hello
//! ```
//!
//! ## Fixed example
//! ```dockerfile
//! FROM alpine:3.20
//! RUN echo hello
//! ```
//!
//! ## Fix
//! Correct the line the diagnostic points at.
//!
//! ## References
//! - <https://docs.docker.com/reference/dockerfile/>
//! - <https://support.atlassian.com/bitbucket-cloud/docs/bitbucket-pipelines-configuration-reference/>

use crate::analysis::Project;
use crate::diagnostic::{Confidence, Diagnostic, Location};
use crate::rules::Rule;

/// Diagnostics for every parse error.
pub fn check(project: &Project<'_>) -> Vec<Diagnostic> {
    let docker = project.dockerfiles.iter().flat_map(|m| {
        m.ast
            .errors
            .iter()
            .map(move |e| (m.file, e.range, &e.message))
    });
    let pipeline = project.pipelines.iter().flat_map(|m| {
        m.model
            .errors
            .iter()
            .map(move |e| (m.file, e.range, &e.message))
    });
    docker
        .chain(pipeline)
        .map(|(file, range, message)| {
            Diagnostic::new(
                Rule::SyntaxError,
                Confidence::High,
                Location::new(file, range),
                message.clone(),
            )
        })
        .collect()
}
