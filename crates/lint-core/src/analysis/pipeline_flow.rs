//! Secrets that stay behind in the pipeline itself: files a script writes from a secret
//! and an `artifacts` pattern keeps.

use super::environment::{OuterScope, ScriptEnv};
use super::link::normalize;
use super::{PipelineModel, Project};
use crate::diagnostic::Location;
use crate::flow::{SecretFlow, Sink};
use crate::pipeline::Step;
use crate::shell::ScriptFacts;

/// Every secret written into a file that an artifact of the same step keeps.
pub fn artifact_flows(project: &Project<'_>) -> Vec<SecretFlow> {
    let mut flows = Vec::new();
    for pipeline in project.pipelines {
        for (index, (step, scripts)) in pipeline
            .model
            .steps
            .iter()
            .zip(&pipeline.scripts)
            .enumerate()
        {
            if step.artifacts.is_empty() {
                continue;
            }
            let used = super::step_use(pipeline, index);
            for facts in [&scripts.script, &scripts.after_script] {
                for mut flow in step_artifact_flows(project, pipeline, step, facts) {
                    if let Some(used) = &used {
                        flow.taint = flow.taint.through(used.location, used.message.clone());
                    }
                    flows.push(flow);
                }
            }
        }
    }
    flows
}

fn step_artifact_flows(
    project: &Project<'_>,
    pipeline: &PipelineModel,
    step: &Step,
    facts: &ScriptFacts,
) -> Vec<SecretFlow> {
    let env = ScriptEnv {
        file: pipeline.file,
        facts,
        names: &project.names,
        outer: OuterScope::Settings,
    };
    let mut flows = Vec::new();
    for write in &facts.file_writes {
        let Some(taint) = env.vars_taint(&write.content_vars) else {
            continue;
        };
        let Some(path) = write.path.literal.as_deref() else {
            continue;
        };
        let cwd = facts
            .commands
            .get(write.command)
            .and_then(|c| c.cwd.as_deref());
        let written = normalize(&cwd.map_or(path.to_string(), |cwd| format!("{cwd}/{path}")));
        let Some(pattern) = step
            .artifacts
            .iter()
            .find(|p| glob_match(&p.value, &written))
        else {
            continue;
        };
        let at = Location::new(pipeline.file, write.range);
        flows.push(SecretFlow {
            taint: taint.through(at, format!("written to `{written}`")),
            at,
            stored_as: written,
            stage: None,
            sink: Sink::Artifact {
                pattern: Location::new(pipeline.file, pattern.range),
            },
        });
    }
    flows
}

/// Whether `path` matches the Bitbucket artifact glob `pattern`: `**` crosses folders,
/// `*` and `?` do not.
pub fn glob_match(pattern: &str, path: &str) -> bool {
    let pattern = normalize(pattern);
    glob_bytes(pattern.as_bytes(), path.as_bytes(), 0)
}

fn glob_bytes(pattern: &[u8], path: &[u8], depth: usize) -> bool {
    if depth > 32 {
        return false;
    }
    match pattern {
        [] => path.is_empty(),
        [b'*', b'*', rest @ ..] => {
            let rest = rest.strip_prefix(b"/").unwrap_or(rest);
            (0..=path.len()).any(|skip| glob_bytes(rest, &path[skip..], depth + 1))
        }
        [b'*', rest @ ..] => {
            let stop = path.iter().position(|&b| b == b'/').unwrap_or(path.len());
            (0..=stop).any(|skip| glob_bytes(rest, &path[skip..], depth + 1))
        }
        [b'?', rest @ ..] => {
            path.first().is_some_and(|&b| b != b'/') && glob_bytes(rest, &path[1..], depth)
        }
        [c, rest @ ..] => path.first() == Some(c) && glob_bytes(rest, &path[1..], depth),
    }
}

#[cfg(test)]
mod tests {
    use super::glob_match;

    #[test]
    fn artifact_globs_match_like_bitbucket() {
        assert!(glob_match("creds.txt", "creds.txt"));
        assert!(glob_match("dist/**", "dist/a/b.js"));
        assert!(glob_match("**/*.txt", "a/b/c.txt"));
        assert!(glob_match("*.txt", "c.txt"));
        assert!(!glob_match("*.txt", "a/c.txt"));
        assert!(glob_match("./build/*", "build/x"));
        assert!(!glob_match("dist/**", "src/a.js"));
    }
}
