//! Configuration for `stowaway check`: finds the configuration of each discovered file (the
//! nearest `stowaway.toml` / `.stowaway.toml`, or the one of `--config`, or none with
//! `--no-config`), drops the files its `exclude` patterns match, and applies the flags.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

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
        for (id, file) in sources.iter() {
            by_file.assign(id, self.scope(&file.path).settings.clone());
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
    let mut loaded: Vec<Config> = fixed.into_iter().collect();
    let mut resolved = Resolved {
        scopes: vec![scope(args, None)],
        scope_of: HashMap::new(),
    };
    let mut kept = Vec::new();
    for file in files {
        let at = match (args.no_config, args.config.is_some()) {
            (true, _) => None,
            (false, true) => Some(0),
            (false, false) => nearest(&file, &cwd, &mut loaded)?,
        };
        let config = at.and_then(|at| loaded.get(at));
        if config.is_some_and(|config| config.is_excluded(&file.reported, &cwd)) {
            tracing::debug!(path = %file.reported.display(), "excluded by the configuration");
            continue;
        }
        // Scope 0 is "no configuration"; loaded configuration N is scope N + 1.
        let index = at.map_or(0, |at| at + 1);
        while resolved.scopes.len() <= index {
            let next = loaded.get(resolved.scopes.len() - 1);
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

/// The index in `loaded` of the configuration nearest to `file`, loading it if needed.
fn nearest(
    file: &Candidate,
    cwd: &Path,
    loaded: &mut Vec<Config>,
) -> Result<Option<usize>, ConfigError> {
    let absolute = config::absolute(&file.reported, cwd);
    let Some(path) = absolute.parent().and_then(config::find) else {
        return Ok(None);
    };
    let shown = PathBuf::from(report_path(path.strip_prefix(cwd).unwrap_or(&path)));
    if let Some(at) = loaded.iter().position(|config| config.path == shown) {
        return Ok(Some(at));
    }
    tracing::debug!(config = %shown.display(), "configuration found");
    loaded.push(Config::load(&shown)?);
    Ok(Some(loaded.len() - 1))
}
