//! `docker-login-password-arg`: `docker login -p/--password` with the password on the
//! command line.
//!
//! ## What it flags
//! A pipeline script that runs `docker login` with `-p`, `--password` or `--password=`.
//!
//! ## Why it matters
//! A password on the command line is visible in the process list to every other process
//! on the machine, in shell traces (`set -x`), and in clear wherever a value derived from
//! it is printed; Docker itself warns against it.
//!
//! ## Example
//! ```yaml
//! pipelines:
//!   default:
//!     - step:
//!         script:
//!           - docker login -u $DOCKER_USER -p $DOCKER_PASSWORD
//! ```
//!
//! ## Fixed example
//! ```yaml
//! pipelines:
//!   default:
//!     - step:
//!         script:
//!           - printf '%s' "$DOCKER_PASSWORD" | docker login -u "$DOCKER_USER" --password-stdin
//! ```
//!
//! ## Fix
//! `printf '%s' "$DOCKER_PASSWORD" | docker login -u "$DOCKER_USER" --password-stdin`.
//!
//! ## Fix safety
//! **Safe**: the same password reaches the same login on standard input. Offered only
//! when the password is a variable, the command reads nothing else on standard input, and
//! the script line is a plain or block YAML scalar.
//!
//! ## References
//! - <https://docs.docker.com/reference/cli/docker/login/>

use crate::analysis::{OuterScope, Project, ScriptEnv};
use crate::diagnostic::{Confidence, Diagnostic, Location};
use crate::rules::Rule;

/// Diagnostics for `docker login` with a password argument.
pub fn check(project: &Project<'_>) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for pipeline in project.pipelines {
        for (step, scripts) in pipeline.scripts.iter().enumerate() {
            let used = crate::analysis::step_use(pipeline, step);
            for facts in [&scripts.script, &scripts.after_script] {
                let env = ScriptEnv {
                    file: pipeline.file,
                    facts,
                    names: &project.names,
                    outer: OuterScope::Settings,
                };
                for login in &facts.docker_logins {
                    let Some(password) = &login.password else {
                        continue;
                    };
                    let range = login
                        .password_flag
                        .map_or(password.range, |f| f.cover(password.range));
                    let taint = env.word_taint(password);
                    // Whatever the variable is called, the value of `--password` is a password.
                    let confidence = Confidence::High;
                    let what = taint.as_ref().map_or("the password".to_string(), |t| {
                        format!("the secret `{}`", t.origin)
                    });
                    let message = format!(
                        "`docker login` takes {what} on the command line: visible in the process \
                         list and in shell traces; pipe it to `--password-stdin` instead"
                    );
                    let mut diagnostic = Diagnostic::new(
                        Rule::DockerLoginPasswordArg,
                        confidence,
                        Location::new(pipeline.file, range),
                        message,
                    );
                    for step in taint
                        .iter()
                        .flat_map(|t| &t.trail)
                        .filter(|s| s.location.range != range)
                    {
                        diagnostic = diagnostic.with_related(step.location, step.message.clone());
                    }
                    if let Some(used) = &used {
                        diagnostic = diagnostic.with_related(used.location, used.message.clone());
                    }
                    diagnostics.push(diagnostic);
                }
            }
        }
    }
    diagnostics
}
