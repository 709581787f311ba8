//! Configuration for `stowaway check`: finds the configuration of each discovered file (the
//! nearest `stowaway.toml` / `.stowaway.toml`, or the one of `--config`, or none with
//! `--no-config`), drops the files its `exclude` patterns match, and applies the flags.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use stowaway_lint_core::config::{self, Config, ConfigError, FailOn, SettingsByFile};
use stowaway_lint_core::diagnostic::Diagnostic;
use stowaway_lint_core::settings::Settings;
use stowaway_lint_core::source::SourceSet;

use crate::args::CheckArgs;
use crate::discover::Candidate;
use crate::problem::report_path;

/// What one configuration (or none) asks for, flags applied.
#[derive(Clone, Debug)]
pub struct Scope {
    /// The library settings.
    pub settings: Settings,
    /// The failure threshold.
    pub fail_on: FailOn,
}

/// Each checked file's scope.
#[derive(Debug)]
pub struct Resolved {
    /// Scope 0 holds the flags alone (files without a configuration, refused files).
    pub scopes: Vec<Scope>,
    /// The scope of each file, by reported path.
    scope_of: HashMap<PathBuf, usize>,
}

impl Resolved {
    /// The scope of the file reported as `path`.
    pub fn scope(&self, path: &Path) -> &Scope {
        let at = self.scope_of.get(path).copied().unwrap_or(0);
        self.scopes.get(at).unwrap_or(&self.scopes[0])
    }

    /// The settings of each file of `sources`.
    pub fn settings_by_file(&self, sources: &SourceSet) -> SettingsByFile {
        let mut by_file = SettingsByFile::uniform(self.scopes[0].settings.clone());
        if self.scopes.len() == 1 {
            return by_file;
        }
        // Equal settings share one scope there: the analysis runs once per distinct settings.
        let shared: Vec<usize> = (self.scopes.iter())
            .map(|scope| by_file.add_scope(scope.settings.clone()))
            .collect();
        for (id, file) in sources.iter() {
            let at = self.scope_of.get(&file.path).copied().unwrap_or(0);
            let scope = shared.get(at).copied().unwrap_or(0);
            // Files without settings of their own get the first ones.
            if scope != 0 {
                by_file.assign_scope(id, scope);
            }
        }
        by_file
    }

    /// Whether `diagnostic` reaches the failure threshold of its primary file's scope.
    pub fn fails(&self, sources: &SourceSet, diagnostic: &Diagnostic) -> bool {
        let path = &sources.get(diagnostic.primary.file).path;
        self.scope(path).fail_on.fails(diagnostic.severity)
    }
}

/// Resolves the configuration of every file of `files`, dropping the excluded ones.
pub fn resolve(
    args: &CheckArgs,
    files: Vec<Candidate>,
) -> Result<(Vec<Candidate>, Resolved), ConfigError> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let fixed = match (&args.config, args.no_config) {
        (Some(path), _) => Some(Config::load(path)?),
        _ => None,
    };
    let mut finder = Finder {
        cwd: &cwd,
        loaded: fixed.into_iter().collect(),
        nearest: HashMap::new(),
        probed: HashMap::new(),
    };
    if !args.no_config && args.config.is_none() {
        finder.probe_all(&files);
    }
    let mut resolved = Resolved {
        scopes: vec![scope(args, None)],
        scope_of: HashMap::with_capacity(files.len()),
    };
    let mut kept = Vec::with_capacity(files.len());
    for file in files {
        let at = match (args.no_config, args.config.is_some()) {
            (true, _) => None,
            (false, true) => Some(0),
            (false, false) => finder.nearest(&file)?,
        };
        let config = at.and_then(|at| finder.loaded.get(at));
        if config.is_some_and(|config| config.is_excluded(&file.reported, &cwd)) {
            tracing::debug!(path = %file.reported.display(), "excluded by the configuration");
            continue;
        }
        // Scope 0 is "no configuration"; loaded configuration N is scope N + 1.
        let index = at.map_or(0, |at| at + 1);
        while resolved.scopes.len() <= index {
            let next = finder.loaded.get(resolved.scopes.len() - 1);
            resolved.scopes.push(scope(args, next));
        }
        resolved.scope_of.insert(file.reported.clone(), index);
        kept.push(file);
    }
    Ok((kept, resolved))
}

/// The scope of `config` (or of no configuration) with the flags applied.
fn scope(args: &CheckArgs, config: Option<&Config>) -> Scope {
    let settings = config.map(Config::settings).unwrap_or_default();
    Scope {
        settings: args.apply(settings),
        fail_on: args.fail_on(config.and_then(|config| config.file.fail_on)),
    }
}

/// Finds the nearest configuration of each file, looking into each folder once.
struct Finder<'a> {
    /// The working directory, against which reported paths are made absolute.
    cwd: &'a Path,
    /// The configurations loaded so far.
    loaded: Vec<Config>,
    /// For each absolute folder looked at: the index in `loaded` of its nearest
    /// configuration, or `None` when no folder up to the root has one.
    nearest: HashMap<PathBuf, Option<usize>>,
    /// For each absolute folder probed ahead: the name of its configuration file, if any.
    probed: HashMap<PathBuf, Option<&'static str>>,
}

impl Finder<'_> {
    /// Probes, in parallel, every folder holding one of `files` and every folder above.
    fn probe_all(&mut self, files: &[Candidate]) {
        let mut folders = HashSet::new();
        for file in files {
            let absolute = config::absolute(&file.reported, self.cwd);
            for folder in absolute.ancestors().skip(1) {
                if !folders.insert(folder.to_owned()) {
                    break;
                }
            }
        }
        let cwd = self.cwd;
        self.probed = folders
            .into_par_iter()
            .map(|folder| {
                let name = config_in(&folder, cwd);
                (folder, name)
            })
            .collect();
    }

    /// The index in `loaded` of the configuration nearest to `file`, loading it if needed.
    fn nearest(&mut self, file: &Candidate) -> Result<Option<usize>, ConfigError> {
        let absolute = config::absolute(&file.reported, self.cwd);
        let Some(dir) = absolute.parent() else {
            return Ok(None);
        };
        // Up from `dir` to the first folder already known or holding a configuration.
        let mut unknown = Vec::new();
        let mut found = None;
        for folder in dir.ancestors() {
            if let Some(known) = self.nearest.get(folder) {
                found = *known;
                break;
            }
            unknown.push(folder);
            let name = match self.probed.get(folder) {
                Some(name) => *name,
                None => config_in(folder, self.cwd),
            };
            if let Some(name) = name {
                found = Some(self.load(&folder.join(name))?);
                break;
            }
        }
        for folder in unknown {
            self.nearest.insert(folder.to_owned(), found);
        }
        Ok(found)
    }

    /// The index in `loaded` of the configuration file at the absolute `path`.
    fn load(&mut self, path: &Path) -> Result<usize, ConfigError> {
        let shown = PathBuf::from(report_path(path.strip_prefix(self.cwd).unwrap_or(path)));
        if let Some(at) = self.loaded.iter().position(|config| config.path == shown) {
            return Ok(at);
        }
        tracing::debug!(config = %shown.display(), "configuration found");
        self.loaded.push(Config::load(&shown)?);
        Ok(self.loaded.len() - 1)
    }
}

/// The name of the configuration file in the absolute `folder` itself (not above it), by
/// [`config::FILE_NAMES`] preference: the one-folder step of [`config::find`]. A folder
/// under `cwd` is probed by its relative path, which the kernel resolves faster.
fn config_in(folder: &Path, cwd: &Path) -> Option<&'static str> {
    let probed = folder.strip_prefix(cwd).unwrap_or(folder);
    config::FILE_NAMES
        .into_iter()
        .find(|name| probed.join(name).is_file())
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use stowaway_lint_core::rules::Rule;
    use stowaway_lint_core::source::{FileId, FileKind, SourceFile};

    use super::*;
    use crate::discover::Input;

    /// A fresh folder under the system temp dir holding `files` (path, text).
    fn folder(files: &[(&str, &str)]) -> PathBuf {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let unique = COUNTER.fetch_add(1, Ordering::Relaxed);
        let root = std::env::temp_dir().join(format!(
            "stowaway-configure-{}-{unique}",
            std::process::id()
        ));
        let _ = fs::remove_dir_all(&root);
        for (path, text) in files {
            let path = root.join(path);
            fs::create_dir_all(path.parent().expect("has a parent")).expect("create folders");
            fs::write(path, text).expect("write file");
        }
        root
    }

    /// A Dockerfile reported by its absolute path (it lies outside the working directory).
    fn candidate(path: PathBuf) -> Candidate {
        Candidate {
            input: Input::Disk(path.clone()),
            reported: path,
            kind: FileKind::Dockerfile,
        }
    }

    #[test]
    fn nearest_configuration_is_found_once_per_folder_probed_ahead_or_not() {
        let root = folder(&[
            ("a/stowaway.toml", "ignore = [\"secret-build-arg\"]\n"),
            ("a/.stowaway.toml", "ignore = [\"secret-env\"]\n"),
            ("a/b/c/Dockerfile", ""),
            ("a/Dockerfile", ""),
            ("a/d/.stowaway.toml", "\n"),
            ("a/d/e/Dockerfile", ""),
        ]);
        let files = [
            "a/b/c/Dockerfile",
            "a/Dockerfile",
            "a/d/e/Dockerfile",
            "Dockerfile",
        ]
        .map(|path| candidate(root.join(path)));
        let cwd = std::env::current_dir().expect("working directory");
        for ahead in [true, false] {
            let mut finder = Finder {
                cwd: &cwd,
                loaded: Vec::new(),
                nearest: HashMap::new(),
                probed: HashMap::new(),
            };
            if ahead {
                finder.probe_all(&files);
            }
            let found: Vec<Option<usize>> = (files.iter())
                .map(|file| finder.nearest(file).expect("valid configurations"))
                .collect();
            // `stowaway.toml` wins over `.stowaway.toml` in one folder; none above `a` up
            // to the system root (which the test cannot control: it must hold none).
            assert_eq!(found, [Some(0), Some(0), Some(1), None]);
            let paths: Vec<&Path> = finder.loaded.iter().map(|c| c.path.as_path()).collect();
            assert_eq!(
                paths,
                [
                    root.join("a/stowaway.toml"),
                    root.join("a/d/.stowaway.toml")
                ]
            );
            assert_eq!(finder.loaded[0].file.ignore, [Rule::SecretBuildArg]);
            assert_eq!(finder.nearest.get(&root.join("a/b")), Some(&Some(0)));
        }
        fs::remove_dir_all(root).expect("remove temp dir");
    }

    #[test]
    fn settings_by_file_shares_equal_settings_and_defaults_to_the_first() {
        let quiet = Settings {
            ignore: vec![Rule::SecretBuildArg],
            ..Settings::default()
        };
        let scope = |settings: &Settings, fail_on| Scope {
            settings: settings.clone(),
            fail_on,
        };
        let resolved = Resolved {
            // Scope 2 has scope 0's settings and another threshold.
            scopes: vec![
                scope(&Settings::default(), FailOn::Warning),
                scope(&quiet, FailOn::Warning),
                scope(&Settings::default(), FailOn::Never),
            ],
            scope_of: HashMap::from([
                (PathBuf::from("quiet/Dockerfile"), 1),
                (PathBuf::from("never/Dockerfile"), 2),
            ]),
        };
        let mut sources = SourceSet::new();
        for path in ["never/Dockerfile", "quiet/Dockerfile", "other/Dockerfile"] {
            sources.add(SourceFile::new(path, "FROM a\n", FileKind::Dockerfile));
        }
        let by_file = resolved.settings_by_file(&sources);
        assert_eq!(by_file.for_file(FileId(0)), &Settings::default());
        assert_eq!(by_file.for_file(FileId(1)), &quiet);
        assert_eq!(by_file.for_file(FileId(2)), &Settings::default());
    }
}
