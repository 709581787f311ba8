//! `secret-in-artifact`: a pipeline writes a secret into a file that an artifact keeps.
//!
//! ## What it flags
//! A script line that writes a secret variable (or a value derived from one) into a file
//! matched by one of the step's `artifacts` patterns.
//!
//! ## Why it matters
//! Artifacts are passed to later steps and can be downloaded from the pipeline's page for
//! days. Log masking does not apply to files: the secret is stored in clear.
//!
//! ## Example
//! ```yaml
//! pipelines:
//!   default:
//!     - step:
//!         script:
//!           - echo $AWS_SECRET_ACCESS_KEY > creds.txt
//!           - ./deploy.sh
//!         artifacts:
//!           - creds.txt
//! ```
//!
//! ## Fixed example
//! ```yaml
//! pipelines:
//!   default:
//!     - step:
//!         script:
//!           - echo $AWS_SECRET_ACCESS_KEY > /tmp/creds.txt
//!           - ./deploy.sh
//!         artifacts:
//!           - dist/**
//! ```
//!
//! ## Fix
//! Write the file outside the artifact patterns, or recreate it in the step that needs it.
//!
//! ## References
//! - <https://support.atlassian.com/bitbucket-cloud/docs/use-artifacts-in-steps/>

use crate::analysis::Project;
use crate::diagnostic::Diagnostic;
use crate::flow::{SecretFlow, Sink};
use crate::rules::Rule;
use crate::rules::flow_rules::{add_related, flow_diagnostic, holds};

/// Diagnostics for secrets written into artifact files.
pub fn check(project: &Project<'_>) -> Vec<Diagnostic> {
    project.flows.iter().filter_map(diagnose).collect()
}

fn diagnose(flow: &SecretFlow) -> Option<Diagnostic> {
    let Sink::Artifact { pattern } = &flow.sink else {
        return None;
    };
    let message = format!(
        "`{}` {} and is kept as an artifact: downloadable from the pipeline for days, \
         unmasked",
        flow.stored_as,
        holds(flow),
    );
    let mut diagnostic = flow_diagnostic(Rule::SecretInArtifact, flow, message);
    add_related(
        &mut diagnostic,
        *pattern,
        "this artifact pattern keeps the file",
    );
    Some(diagnostic)
}
