//! `hardcoded-secret`: a literal credential in a Dockerfile or pipeline.
//!
//! ## What it flags
//! Well-known credential shapes anywhere in the file (AWS key ids and secret keys, GitHub,
//! GitLab, Slack and npm tokens, private key blocks...), and secret-named ARG, ENV,
//! variables, build args and pipe variables whose literal value looks like a credential.
//! The value is always redacted in the report.
//!
//! ## Why it matters
//! Everyone with read access to the repository, its forks and its history has the
//! credential; removing it later does not remove it from the history.
//!
//! ## Example
//! ```dockerfile
//! FROM amazon/aws-cli:2.17.0
//! ENV AWS_SECRET_ACCESS_KEY=q8Zr4Tn1Vb6Yw0Xc3Mk7Lp2Hs9Jd5Fg1Aa8Ee4Ru
//! ```
//!
//! ## Fixed example
//! ```dockerfile
//! # syntax=docker/dockerfile:1
//! FROM amazon/aws-cli:2.17.0
//! RUN --mount=type=secret,id=aws,target=/root/.aws/credentials aws s3 ls
//! ```
//!
//! ## Fix
//! Revoke the credential, move the value into a secured repository or deployment
//! variable, and pass it to the build as a secret.
//!
//! ## Fix safety
//! The fix is **display-only**: moving the value into a secured variable and revoking it
//! happen outside the files.
//!
//! ## References
//! - <https://support.atlassian.com/bitbucket-cloud/docs/variables-and-secrets/>

use crate::analysis::{DockerfileModel, PipelineModel, Project};
use crate::diagnostic::{Confidence, Diagnostic, Location};
use crate::dockerfile::InstructionKind;
use crate::pipeline::{PipeVariable, ScalarText, ScriptItem};
use crate::rules::Rule;
use crate::secrets::{self, CredentialKind, NameRules, NameVerdict};
use crate::shell::ScriptFacts;
use crate::source::FileId;
use crate::text::TextRange;

/// Diagnostics for literal credentials in every file.
pub fn check(project: &Project<'_>) -> Vec<Diagnostic> {
    let mut found: Vec<(FileId, TextRange, CredentialKind, Confidence)> = Vec::new();
    for &file in project.files {
        let hits = secrets::find_credentials(&project.sources.get(file).text);
        found.extend(
            hits.into_iter()
                .map(|hit| (file, hit.range, hit.kind, Confidence::High)),
        );
    }
    found.extend(named_literals(project));
    found.sort_by_key(|(file, range, _, _)| (*file, range.start, range.end));
    found.dedup_by(|later, earlier| later.0 == earlier.0 && later.1.start < earlier.1.end);
    found
        .into_iter()
        .map(|(file, range, kind, confidence)| diagnose(project, file, range, kind, confidence))
        .collect()
}

fn diagnose(
    project: &Project<'_>,
    file: FileId,
    range: TextRange,
    kind: CredentialKind,
    confidence: Confidence,
) -> Diagnostic {
    let value = project.sources.get(file).slice(range);
    let message = format!(
        "{} written in the file ({}): everyone with read access to the repository has it",
        kind.description(),
        secrets::redact(value),
    );
    Diagnostic::new(
        Rule::HardcodedSecret,
        confidence,
        Location::new(file, range),
        message,
    )
}

/// A literal found by position or by name: file, range, kind, confidence.
type Found = (FileId, TextRange, CredentialKind, Confidence);

/// Secret-named values whose literal looks like a credential, and literals in password
/// positions, across every file.
fn named_literals(project: &Project<'_>) -> Vec<Found> {
    let mut found = Vec::new();
    let names = &project.names;
    for model in project.dockerfiles {
        found.extend(dockerfile_literals(model, names));
    }
    for pipeline in project.pipelines {
        found.extend(pipeline_config_literals(pipeline, names));
        for scripts in &pipeline.scripts {
            for facts in [&scripts.script, &scripts.after_script] {
                found.extend(script_literals(pipeline.file, facts, names));
            }
        }
    }
    found
}

/// A medium-confidence finding when `name` looks secret and `value` like a credential.
fn judge(
    file: FileId,
    name: &str,
    value: &str,
    range: TextRange,
    names: &NameRules,
) -> Option<Found> {
    let secret = matches!(secrets::classify(name, names), NameVerdict::Secret { .. });
    let kind = secrets::looks_like_secret_value(secret, value).filter(|_| secret)?;
    Some((file, range, kind, Confidence::Medium))
}

fn dockerfile_literals(model: &DockerfileModel, names: &NameRules) -> Vec<Found> {
    let pairs = model
        .ast
        .instructions
        .iter()
        .flat_map(|instruction| match &instruction.kind {
            InstructionKind::Arg(pairs) | InstructionKind::Env(pairs) => pairs.as_slice(),
            _ => &[],
        });
    pairs
        .filter_map(|pair| {
            let value = pair.value.as_ref().filter(|v| v.vars.is_empty())?;
            judge(
                model.file,
                &pair.key.value,
                &value.value,
                value.raw.range,
                names,
            )
        })
        .collect()
}

fn script_literals(file: FileId, facts: &ScriptFacts, names: &NameRules) -> Vec<Found> {
    let assigned = facts.assignments.iter().filter_map(|a| {
        let value = a.value.as_ref()?;
        judge(
            file,
            &a.name.value,
            value.literal.as_deref()?,
            value.range,
            names,
        )
    });
    let build_args = facts
        .docker_builds
        .iter()
        .flat_map(|b| &b.build_args)
        .filter_map(|flag| {
            let value = flag.value.as_ref()?;
            judge(
                file,
                &flag.name.value,
                value.literal.as_deref()?,
                value.range,
                names,
            )
        });
    let passwords = facts.docker_logins.iter().filter_map(|login| {
        let password = login.password.as_ref()?;
        password.literal.as_deref().filter(|p| !p.is_empty())?;
        Some((
            file,
            password.range,
            CredentialKind::Password,
            Confidence::High,
        ))
    });
    assigned.chain(build_args).chain(passwords).collect()
}

/// Pipe variables with secret names, and image registry passwords, written literally.
fn pipeline_config_literals(pipeline: &PipelineModel, names: &NameRules) -> Vec<Found> {
    let file = pipeline.file;
    let mut found = Vec::new();
    let steps = &pipeline.model.steps;
    let images = pipeline
        .model
        .image
        .iter()
        .chain(steps.iter().filter_map(|s| s.image.as_ref()));
    for image in images {
        if let Some(value) = image.password.as_ref().filter(|p| literal(p).is_some()) {
            found.push((
                file,
                value.range,
                CredentialKind::Password,
                Confidence::High,
            ));
        }
    }
    let pipes = steps
        .iter()
        .flat_map(|s| s.script.iter().chain(&s.after_script))
        .filter_map(|item| match item {
            ScriptItem::Pipe(pipe) => Some(pipe),
            ScriptItem::Command(_) => None,
        });
    for (name, value) in pipes.flat_map(|pipe| &pipe.variables) {
        let PipeVariable::Scalar(text) = value else {
            continue;
        };
        if let Some(value) = literal(text) {
            found.extend(judge(file, &name.value, value, content_range(text), names));
        }
    }
    found
}

/// The value of a scalar when it holds no variable reference.
fn literal(text: &ScalarText) -> Option<&str> {
    let value = text.text.as_str();
    (!value.contains('$') && !value.is_empty()).then_some(value)
}

/// The source range of a scalar's value, without its quotes.
fn content_range(text: &ScalarText) -> TextRange {
    let len = text.text.as_str().len();
    text.text.source_range(TextRange::new(0, len))
}
