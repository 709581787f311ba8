//! Resolves each `docker build` of a pipeline to the Dockerfile it builds: `-f`, the
//! context, and any `cd` earlier in the script, relative to the pipeline's folder (the
//! clone directory).

use std::collections::HashMap;

use super::{PipelineModel, Project};
use crate::shell::{DockerBuild, Word};
use crate::source::{FileId, FileKind, SourceSet};

/// One `docker build` of one step, and the Dockerfile it builds when stowaway has it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildLink {
    /// Index into [`Project::pipelines`].
    pub pipeline: usize,
    /// Index into that pipeline's steps.
    pub step: usize,
    /// Whether the build is in `after-script`.
    pub after_script: bool,
    /// Index into the script's `docker_builds`.
    pub build: usize,
    /// The Dockerfile, when it was resolved and is among the checked files.
    pub dockerfile: Option<FileId>,
    /// The path the build reads its Dockerfile from, as resolved (for messages).
    pub dockerfile_path: Option<String>,
}

impl BuildLink {
    /// The `docker build` command of this link.
    pub fn command<'p>(&self, project: &'p Project<'_>) -> &'p DockerBuild {
        let scripts = &project.pipelines[self.pipeline].scripts[self.step];
        let facts = if self.after_script {
            &scripts.after_script
        } else {
            &scripts.script
        };
        &facts.docker_builds[self.build]
    }
}

/// Every `docker build` of `pipelines` (files of `sources`), resolved.
pub fn link_builds(sources: &SourceSet, pipelines: &[PipelineModel]) -> Vec<BuildLink> {
    let dockerfiles = DockerfileIndex::new(sources);
    let mut links = Vec::new();
    for (p, pipeline) in pipelines.iter().enumerate() {
        let path = sources
            .get(pipeline.file)
            .path
            .to_string_lossy()
            .replace('\\', "/");
        let clone_dir = parent(&path);
        for (step, scripts) in pipeline.scripts.iter().enumerate() {
            for (after_script, facts) in [(false, &scripts.script), (true, &scripts.after_script)] {
                for (b, build) in facts.docker_builds.iter().enumerate() {
                    let dockerfile_path = dockerfile_path(build, &clone_dir);
                    let dockerfile = dockerfile_path
                        .as_ref()
                        .and_then(|path| dockerfiles.lookup(path));
                    tracing::debug!(
                        ?dockerfile_path,
                        found = dockerfile.is_some(),
                        "docker build"
                    );
                    links.push(BuildLink {
                        pipeline: p,
                        step,
                        after_script,
                        build: b,
                        dockerfile,
                        dockerfile_path,
                    });
                }
            }
        }
    }
    links
}

/// The Dockerfiles of a check by normalized path, and by lower-cased path for file systems
/// that ignore case.
struct DockerfileIndex {
    exact: HashMap<String, FileId>,
    folded: HashMap<String, FileId>,
}

impl DockerfileIndex {
    fn new(sources: &SourceSet) -> Self {
        let mut index = Self {
            exact: HashMap::new(),
            folded: HashMap::new(),
        };
        let dockerfiles = sources
            .iter()
            .filter(|(_, file)| file.kind == FileKind::Dockerfile);
        for (id, file) in dockerfiles {
            let path = normalize(&file.path.to_string_lossy());
            index.folded.entry(path.to_ascii_lowercase()).or_insert(id);
            index.exact.insert(path, id);
        }
        index
    }

    /// The Dockerfile at `path`: an exact match first, else one that differs in case only.
    fn lookup(&self, path: &str) -> Option<FileId> {
        self.exact
            .get(path)
            .or_else(|| self.folded.get(&path.to_ascii_lowercase()))
            .copied()
    }
}

/// The path of the Dockerfile `build` reads, relative to where the check runs.
fn dockerfile_path(build: &DockerBuild, clone_dir: &str) -> Option<String> {
    let path = match &build.file {
        Some(file) => {
            let file = resolve_word(file)?;
            if file == "-" || file.starts_with('/') {
                return None;
            }
            join(&build_cwd(build, clone_dir)?, &file)
        }
        None => join(&context_dir(build, clone_dir)?, "Dockerfile"),
    };
    Some(normalize(&path))
}

/// The folder a `docker build` runs in, relative to where the check runs.
fn build_cwd(build: &DockerBuild, clone_dir: &str) -> Option<String> {
    match build.cwd.as_deref() {
        Some(cwd) if cwd.starts_with('/') => None,
        Some(cwd) => Some(join(clone_dir, cwd)),
        None => Some(clone_dir.to_string()),
    }
}

/// The build context folder of `build`, relative to where the check runs; `None` for a
/// context on stdin, at a URL, or computed at run time.
pub(crate) fn context_dir(build: &DockerBuild, clone_dir: &str) -> Option<String> {
    let context = build
        .context
        .as_ref()
        .map_or(Some(".".to_string()), resolve_word)?;
    if context == "-" || context.contains("://") || context.starts_with('/') {
        return None;
    }
    Some(normalize(&join(&build_cwd(build, clone_dir)?, &context)))
}

/// The value of a word when it is static, treating the clone directory variable as the
/// pipeline's folder.
fn resolve_word(word: &Word) -> Option<String> {
    if let Some(literal) = &word.literal {
        return Some(literal.clone());
    }
    let text = word
        .text
        .replace("${BITBUCKET_CLONE_DIR}", ".")
        .replace("$BITBUCKET_CLONE_DIR", ".");
    (!text.contains('$') && !text.contains('`')).then_some(text)
}

pub(crate) fn parent(path: &str) -> String {
    path.rsplit_once('/')
        .map_or(String::new(), |(dir, _)| dir.to_string())
}

pub(crate) fn join(base: &str, path: &str) -> String {
    if base.is_empty() || path.starts_with('/') {
        path.to_string()
    } else {
        format!("{base}/{path}")
    }
}

/// Whether normalized `path` is `folder` or lies below it; every path lies in "".
pub(crate) fn is_within(path: &str, folder: &str) -> bool {
    folder.is_empty()
        || path == folder
        || path
            .strip_prefix(folder)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// `a/./b/../c` becomes `a/c`; a leading `/` is kept; `..` above the start is kept.
pub(crate) fn normalize(path: &str) -> String {
    let absolute = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|last| *last != "..") => {
                parts.pop();
            }
            _ => parts.push(part),
        }
    }
    let joined = parts.join("/");
    if absolute {
        format!("/{joined}")
    } else {
        joined
    }
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn normalize_drops_dots_and_resolves_parents() {
        assert_eq!(normalize("./a/./b/../Dockerfile"), "a/Dockerfile");
        assert_eq!(normalize("a/b/../../Dockerfile"), "Dockerfile");
        assert_eq!(normalize("../x/Dockerfile"), "../x/Dockerfile");
        assert_eq!(normalize("/abs/./Dockerfile"), "/abs/Dockerfile");
    }
}
