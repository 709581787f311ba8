//! Discovery: turns the paths of the command line into the sorted, de-duplicated list of
//! files to check, walking folders with `ignore` and classifying every file by name.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use ignore::{WalkBuilder, WalkState};
use stowaway_lint_core::source::FileKind;

use crate::args::is_stdin;
use crate::problem::{Level, Problem, report_path};

/// Where a file's text comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// A file on disk, at this path.
    Disk(PathBuf),
    /// Standard input.
    Stdin,
}

/// One file to check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// Where to read it from.
    pub input: Input,
    /// The path reports show: relative to the working directory, `/` separators.
    pub reported: PathBuf,
    /// Which parser it goes to.
    pub kind: FileKind,
}

/// The result of discovery: the files to check and the paths that could not be walked.
#[derive(Debug, Default)]
pub struct Discovery {
    /// Sorted by reported path, no duplicates.
    pub files: Vec<Candidate>,
    /// Missing paths, unreadable folders.
    pub problems: Vec<Problem>,
}

/// Finds the files under `paths`; `stdin_name` is the path that `-` stands for.
pub fn discover(paths: &[PathBuf], stdin_name: Option<&Path>) -> Discovery {
    let cwd = std::env::current_dir().ok();
    let mut discovery = Discovery::default();
    if stdin_name.is_some() && !paths.iter().any(|path| is_stdin(path)) {
        tracing::warn!("--stdin-filename is ignored: no PATH is `-`");
    }
    for path in paths {
        if is_stdin(path) {
            if let Some(name) = stdin_name {
                let reported = relative_to(name, cwd.as_deref());
                let kind = explicit_kind(name);
                discovery.files.push(Candidate {
                    input: Input::Stdin,
                    reported,
                    kind,
                });
            }
            continue;
        }
        match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk(path, cwd.as_deref(), &mut discovery),
            Ok(_) => discovery.files.push(explicit_file(path, cwd.as_deref())),
            Err(error) => discovery
                .problems
                .push(Problem::from_io(Level::Error, path, &error)),
        }
    }
    sort_and_dedup(&mut discovery.files);
    tracing::debug!(files = discovery.files.len(), "discovery done");
    discovery
}

/// The kind of a file named on the command line: by its name when it classifies,
/// else `.yml`/`.yaml` is a pipeline and anything else a Dockerfile.
pub fn explicit_kind(path: &Path) -> FileKind {
    if let Some(kind) = FileKind::from_path(path) {
        return kind;
    }
    let extension = path
        .extension()
        .and_then(|ext| ext.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("yml" | "yaml") => FileKind::Pipeline,
        _ => FileKind::Dockerfile,
    }
}

/// A file named on the command line: always checked.
fn explicit_file(path: &Path, cwd: Option<&Path>) -> Candidate {
    let kind = explicit_kind(path);
    tracing::debug!(path = %path.display(), ?kind, "explicit file");
    Candidate {
        input: Input::Disk(path.to_owned()),
        reported: relative_to(path, cwd),
        kind,
    }
}

/// Walks `root`: `.gitignore` respected (inside a repository or not), hidden entries
/// included except `.git`. A symlink to a regular file is a candidate under the link's
/// path; symlinks to folders are not followed (loops), dangling ones are skipped.
///
/// The walk runs on several threads: the files are sorted afterwards (by [`discover`]),
/// the problems here, by path, so that the output does not depend on thread timing.
fn walk(root: &Path, cwd: Option<&Path>, discovery: &mut Discovery) {
    let found = Mutex::new(Discovery::default());
    let walker = WalkBuilder::new(root)
        .hidden(false)
        .follow_links(false)
        .require_git(false)
        .filter_entry(|entry| entry.file_name() != ".git")
        .build_parallel();
    walker.run(|| {
        Box::new(|entry| {
            let visited = visit(root, cwd, entry);
            if let Some(visited) = visited {
                let mut found = found.lock().unwrap_or_else(PoisonError::into_inner);
                match visited {
                    Ok(file) => found.files.push(file),
                    Err(problem) => found.problems.push(problem),
                }
            }
            WalkState::Continue
        })
    });
    let mut found = found.into_inner().unwrap_or_else(PoisonError::into_inner);
    found.problems.sort_by(|a, b| a.path.cmp(&b.path));
    discovery.files.append(&mut found.files);
    discovery.problems.append(&mut found.problems);
}

/// What one walked entry gives: a candidate, a problem, or nothing.
fn visit(
    root: &Path,
    cwd: Option<&Path>,
    entry: Result<ignore::DirEntry, ignore::Error>,
) -> Option<Result<Candidate, Problem>> {
    let entry = match entry {
        Ok(entry) => entry,
        Err(error) => return Some(Err(walk_problem(root, &error))),
    };
    let path = entry.path();
    if !is_regular_file(&entry) {
        return None;
    }
    let Some(kind) = FileKind::from_path(path) else {
        tracing::trace!(path = %path.display(), "not a Dockerfile or pipeline");
        return None;
    };
    tracing::debug!(path = %path.display(), ?kind, "found");
    Some(Ok(Candidate {
        reported: relative_to(path, cwd),
        input: Input::Disk(entry.into_path()),
        kind,
    }))
}

/// Whether a walked entry is a regular file, or a symlink whose target is one.
fn is_regular_file(entry: &ignore::DirEntry) -> bool {
    let Some(kind) = entry.file_type() else {
        return false;
    };
    if kind.is_file() {
        return true;
    }
    if !kind.is_symlink() {
        return false;
    }
    // `metadata` follows the whole chain: a loop or a dangling link is an error.
    let target = fs::metadata(entry.path());
    tracing::debug!(path = %entry.path().display(), followed = target.is_ok(), "symlink");
    target.is_ok_and(|meta| meta.is_file())
}

/// A warning for an entry the walk could not read.
fn walk_problem(root: &Path, error: &ignore::Error) -> Problem {
    let path = walk_error_path(error).unwrap_or(root);
    let message = match error.io_error() {
        Some(io) => crate::problem::io_message(io),
        None => error.to_string(),
    };
    Problem {
        level: Level::Warning,
        path: report_path(path),
        message,
    }
}

/// The path an `ignore` error is about, looking through its wrappers.
fn walk_error_path(error: &ignore::Error) -> Option<&Path> {
    match error {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_error_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(child),
        _ => None,
    }
}

/// `path` as reports show it: relative to `cwd` when it lies under it, `./` dropped.
fn relative_to(path: &Path, cwd: Option<&Path>) -> PathBuf {
    let relative = cwd
        .filter(|_| path.is_absolute())
        .and_then(|cwd| path.strip_prefix(cwd).ok())
        .unwrap_or(path);
    PathBuf::from(report_path(relative))
}

/// Sorts by reported path and keeps one candidate per path (standard input first).
fn sort_and_dedup(files: &mut Vec<Candidate>) {
    files.sort_by(|a, b| {
        let a_key = (&a.reported, a.input != Input::Stdin);
        a_key.cmp(&(&b.reported, b.input != Input::Stdin))
    });
    files.dedup_by(|later, earlier| later.reported == earlier.reported);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_files_fall_back_on_their_extension() {
        let kind = |p: &str| explicit_kind(Path::new(p));
        assert_eq!(kind("ci/build.yml"), FileKind::Pipeline);
        assert_eq!(kind("ci/build.YAML"), FileKind::Pipeline);
        assert_eq!(kind("bitbucket-pipelines.yml"), FileKind::Pipeline);
        assert_eq!(kind("images/base"), FileKind::Dockerfile);
        assert_eq!(kind("api.Dockerfile"), FileKind::Dockerfile);
    }

    #[test]
    fn absolute_paths_under_cwd_become_relative() {
        let cwd = Path::new("/repo");
        assert_eq!(
            relative_to(Path::new("/repo/a/Dockerfile"), Some(cwd)),
            Path::new("a/Dockerfile")
        );
        assert_eq!(
            relative_to(Path::new("/elsewhere/Dockerfile"), Some(cwd)),
            Path::new("/elsewhere/Dockerfile")
        );
        assert_eq!(
            relative_to(Path::new("./x/./Dockerfile"), Some(cwd)),
            Path::new("x/Dockerfile")
        );
    }

    #[test]
    fn duplicates_collapse_and_stdin_wins() {
        let disk = |p: &str| Candidate {
            input: Input::Disk(PathBuf::from(p)),
            reported: PathBuf::from(p),
            kind: FileKind::Dockerfile,
        };
        let stdin = Candidate {
            input: Input::Stdin,
            ..disk("b/Dockerfile")
        };
        let mut files = vec![
            disk("b/Dockerfile"),
            disk("a/Dockerfile"),
            stdin.clone(),
            disk("a/Dockerfile"),
        ];
        sort_and_dedup(&mut files);
        assert_eq!(files, vec![disk("a/Dockerfile"), stdin]);
    }

    #[test]
    fn parallel_walk_lists_files_sorted_whatever_the_thread_timing() {
        static COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let unique = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let root =
            std::env::temp_dir().join(format!("stowaway-discover-{}-{unique}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        let mut expected = Vec::new();
        for n in (0..40).rev() {
            for path in [
                format!("r{n:02}/Dockerfile"),
                format!("r{n:02}/deep/er/bitbucket-pipelines.yml"),
            ] {
                let path = root.join(path);
                fs::create_dir_all(path.parent().expect("has a parent")).expect("folders");
                fs::write(&path, "FROM a\n").expect("write file");
                expected.push(report_path(&path));
            }
        }
        fs::write(root.join("r00/README.md"), "not checked\n").expect("write file");
        fs::write(root.join(".gitignore"), "r01/\n").expect("write file");
        expected.retain(|path| !path.contains("/r01/"));
        expected.sort_by(|a, b| Path::new(a).cmp(Path::new(b)));
        for _ in 0..5 {
            let found = discover(std::slice::from_ref(&root), None);
            let reported: Vec<String> = (found.files.iter())
                .map(|file| report_path(&file.reported))
                .collect();
            assert_eq!(reported, expected);
            assert_eq!(found.problems, []);
        }
        fs::remove_dir_all(root).expect("remove temp dir");
    }
}
