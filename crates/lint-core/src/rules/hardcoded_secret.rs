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
//! ENV AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
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

use crate::analysis::Project;
use crate::diagnostic::{Confidence, Diagnostic, Location};
use crate::dockerfile::InstructionKind;
use crate::rules::Rule;
use crate::secrets::{self, CredentialKind, NameVerdict};
use crate::source::FileId;
use crate::text::TextRange;

/// Diagnostics for literal credentials in every file.
pub fn check(project: &Project<'_>) -> Vec<Diagnostic> {
    let mut found: Vec<(FileId, TextRange, CredentialKind, Confidence)> = Vec::new();
    for (file, source) in project.sources.iter() {
        for hit in secrets::find_credentials(&source.text) {
            found.push((file, hit.range, hit.kind, Confidence::High));
        }
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

/// Secret-named ARG/ENV values and pipeline assignments whose literal value looks like a
/// credential.
fn named_literals(project: &Project<'_>) -> Vec<(FileId, TextRange, CredentialKind, Confidence)> {
    let mut found = Vec::new();
    let mut passwords = Vec::new();
    let mut judge = |file: FileId, name: &str, value: &str, range: TextRange| {
        let secret = matches!(
            secrets::classify(name, &project.names),
            NameVerdict::Secret { .. }
        );
        if let Some(kind) = secret
            .then(|| secrets::looks_like_secret_value(true, value))
            .flatten()
        {
            found.push((file, range, kind, Confidence::Medium));
        }
    };
    for model in &project.dockerfiles {
        for instruction in &model.ast.instructions {
            let (InstructionKind::Arg(pairs) | InstructionKind::Env(pairs)) = &instruction.kind
            else {
                continue;
            };
            for pair in pairs {
                let Some(value) = pair.value.as_ref().filter(|v| v.vars.is_empty()) else {
                    continue;
                };
                judge(model.file, &pair.key.value, &value.value, value.raw.range);
            }
        }
    }
    for pipeline in &project.pipelines {
        for scripts in &pipeline.scripts {
            for facts in [&scripts.script, &scripts.after_script] {
                for assignment in &facts.assignments {
                    let Some(value) = &assignment.value else {
                        continue;
                    };
                    let Some(literal) = &value.literal else {
                        continue;
                    };
                    judge(pipeline.file, &assignment.name.value, literal, value.range);
                }
                for login in &facts.docker_logins {
                    let Some(password) = &login.password else {
                        continue;
                    };
                    if password.literal.as_deref().is_some_and(|p| !p.is_empty()) {
                        passwords.push((
                            pipeline.file,
                            password.range,
                            CredentialKind::Password,
                            Confidence::High,
                        ));
                    }
                }
                for build in &facts.docker_builds {
                    for flag in &build.build_args {
                        let Some(value) = &flag.value else { continue };
                        let Some(literal) = &value.literal else {
                            continue;
                        };
                        judge(pipeline.file, &flag.name.value, literal, value.range);
                    }
                }
            }
        }
    }
    found.extend(passwords);
    found
}
