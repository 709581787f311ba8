//! The `docker-login-password-arg` fix: `docker login -p "$PASS" ...` becomes
//! `printf '%s' "$PASS" | docker login --password-stdin ...`, the other arguments kept.

use crate::analysis::Project;
use crate::diagnostic::{Applicability, Edit, Fix, Location};
use crate::pipeline::ScriptItem;
use crate::shell::{DockerLogin, ScriptFacts};

/// The fix for the `docker login` whose password argument is at `primary`.
///
/// Safe: the same password reaches the same login through standard input. Offered only when
/// the password is read from a variable (a literal stays a `hardcoded-secret`), the command
/// reads nothing else on standard input, and it sits in a plain or block YAML scalar (where
/// quotes need no escaping).
pub fn fix(project: &Project<'_>, primary: Location) -> Option<Fix> {
    for pipeline in project.pipelines.iter().filter(|p| p.file == primary.file) {
        for (step, scripts) in pipeline.model.steps.iter().zip(&pipeline.scripts) {
            for (items, facts) in [
                (&step.script, &scripts.script),
                (&step.after_script, &scripts.after_script),
            ] {
                for login in &facts.docker_logins {
                    let range = login
                        .password
                        .as_ref()
                        .map(|p| login.password_flag.map_or(p.range, |f| f.cover(p.range)));
                    if range == Some(primary.range) {
                        let text = &project.sources.get(primary.file).text;
                        return login_fix(text, facts, items, login, primary);
                    }
                }
            }
        }
    }
    None
}

fn login_fix(
    text: &str,
    facts: &ScriptFacts,
    items: &[ScriptItem],
    login: &DockerLogin,
    primary: Location,
) -> Option<Fix> {
    let password = login.password.as_ref()?;
    login.password_flag?;
    let command = facts.commands.get(login.command)?;
    let reads_stdin =
        command.pipe_from.is_some() || command.redirects.iter().any(|r| r.op.starts_with('<'));
    if password.vars.is_empty() || reads_stdin || !in_plain_scalar(text, items, command.line) {
        return None;
    }
    let raw = text.get(password.range.start..password.range.end)?;
    let quoted = if raw.starts_with('"') || raw.starts_with('\'') {
        raw.to_string()
    } else {
        format!("\"{raw}\"")
    };
    let edit = |start: usize, end: usize, replacement: String| Edit {
        file: primary.file,
        range: crate::text::TextRange::new(start, end),
        replacement,
    };
    Some(Fix {
        title: "Pipe the password to `docker login --password-stdin`".to_string(),
        applicability: Applicability::Safe,
        edits: vec![
            edit(
                command.range.start,
                command.range.start,
                format!("printf '%s' {quoted} | "),
            ),
            edit(
                primary.range.start,
                primary.range.end,
                "--password-stdin".to_string(),
            ),
        ],
    })
}

/// Whether script line `line` (an index among the command items) is a plain or block
/// scalar, where shell quotes need no YAML escaping.
pub fn in_plain_scalar(text: &str, items: &[ScriptItem], line: usize) -> bool {
    let scalar = items
        .iter()
        .filter_map(|item| match item {
            ScriptItem::Command(scalar) => Some(scalar),
            ScriptItem::Pipe(_) => None,
        })
        .nth(line);
    scalar.is_some_and(|scalar| {
        !matches!(
            text.get(scalar.range.start..)
                .and_then(|t| t.chars().next()),
            Some('"' | '\'')
        )
    })
}
