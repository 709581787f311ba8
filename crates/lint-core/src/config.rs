//! `stowaway.toml` (or `.stowaway.toml`): reading, validating and locating the
//! configuration file, turning it into [`Settings`], and [`SettingsByFile`], which judges
//! each finding by the configuration nearest to its primary file.
//!
//! Unknown keys and values of the wrong type are errors located at their line and column.

use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use schemars::JsonSchema;
use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::Rule;
use crate::settings::{FixBuildkitStyle, Settings};
use crate::source::{FileId, SourceSet};
use crate::text::LineIndex;

/// The names a configuration file may have, in order of preference within one folder.
pub const FILE_NAMES: [&str; 2] = ["stowaway.toml", ".stowaway.toml"];

/// The contents of a configuration file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(title = "stowaway configuration")]
pub struct ConfigFile {
    /// Only these rules run (default: every rule).
    #[serde(default)]
    pub select: Option<Vec<Rule>>,
    /// These rules never run, whatever `select` says.
    #[serde(default)]
    pub ignore: Vec<Rule>,
    /// Glob patterns of paths not to check, relative to the folder holding this file. A
    /// pattern also excludes everything under a folder it matches; `*` stays within one
    /// path component, `**` crosses them.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub exclude: Vec<toml::Spanned<String>>,
    /// Lowest severity that makes `stowaway check` exit with status 1 (default: warning).
    #[serde(default)]
    pub fail_on: Option<FailOn>,
    /// Options per rule, by rule name.
    #[serde(default)]
    pub rules: BTreeMap<Rule, RuleOptions>,
    /// Which names are secret.
    #[serde(default)]
    pub secrets: SecretsOptions,
    /// How fixes rewrite files.
    #[serde(default)]
    pub fix: FixOptions,
}

/// The options of one rule.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleOptions {
    /// The severity of every finding of this rule, whatever its confidence.
    #[serde(default)]
    pub severity: Option<Severity>,
}

/// Names that are or are not secret.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SecretsOptions {
    /// Variable names that are secret whatever they look like.
    #[serde(default)]
    pub names: Vec<String>,
    /// Variable names that look secret and are not.
    #[serde(default)]
    pub not_secret: Vec<String>,
    /// Extra words that make a name secret, beside the built-in secret nouns.
    #[serde(default)]
    pub nouns: Vec<String>,
}

/// How fixes rewrite files.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FixOptions {
    /// How a fix enables BuildKit in a pipeline script (default: prefix).
    #[serde(default)]
    pub buildkit: Option<FixBuildkitStyle>,
}

/// The failure threshold of `stowaway check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum FailOn {
    /// Only errors fail the run.
    Error,
    /// Warnings and errors fail the run.
    Warning,
    /// Every finding fails the run.
    Info,
    /// Findings never fail the run.
    Never,
}

impl FailOn {
    /// Whether a finding of `severity` fails the run.
    pub fn fails(self, severity: Severity) -> bool {
        match self {
            FailOn::Error => severity >= Severity::Error,
            FailOn::Warning => severity >= Severity::Warning,
            FailOn::Info => true,
            FailOn::Never => false,
        }
    }
}

/// A configuration file that could not be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("{path}: {message}")]
    Unreadable {
        /// The file, as given.
        path: String,
        /// Why.
        message: String,
    },
    /// The file is not a valid configuration.
    #[error("{path}:{line}:{column}: {message}")]
    Invalid {
        /// The file, as given.
        path: String,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column (in characters) of the problem.
        column: usize,
        /// What is wrong.
        message: String,
    },
}

/// A loaded configuration file.
#[derive(Clone, Debug)]
pub struct Config {
    /// Where it was read from.
    pub path: PathBuf,
    /// Its contents.
    pub file: ConfigFile,
    excludes: GlobSet,
}

impl Config {
    /// Parses `text`, the contents of the file at `path`.
    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        let invalid = |offset: usize, message: String| {
            let at = LineIndex::new(text).line_column(text, offset);
            ConfigError::Invalid {
                path: path.display().to_string(),
                line: at.line,
                column: at.column,
                message,
            }
        };
        let file: ConfigFile = toml::from_str(text).map_err(|error| {
            let offset = error.span().map_or(0, |span| span.start);
            invalid(offset, error.message().trim_end().to_owned())
        })?;
        let mut globs = GlobSetBuilder::new();
        for pattern in &file.exclude {
            let glob = GlobBuilder::new(pattern.get_ref())
                .literal_separator(true)
                .build()
                .map_err(|error| {
                    let message = format!("invalid exclude pattern: {}", error.kind());
                    invalid(pattern.span().start, message)
                })?;
            globs.add(glob);
        }
        let excludes = globs
            .build()
            .map_err(|error| invalid(0, format!("invalid exclude patterns: {error}")))?;
        Ok(Config {
            path: path.to_owned(),
            file,
            excludes,
        })
    }

    /// Reads and parses the file at `path`.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|error| ConfigError::Unreadable {
            path: path.display().to_string(),
            message: io_message(&error),
        })?;
        Config::parse(path, &text)
    }

    /// The folder the configuration governs: the one holding the file.
    pub fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new(""))
    }

    /// The settings this file asks for.
    pub fn settings(&self) -> Settings {
        let file = &self.file;
        Settings {
            select: file.select.clone(),
            ignore: file.ignore.clone(),
            secret_names: file.secrets.names.clone(),
            not_secret_names: file.secrets.not_secret.clone(),
            secret_nouns: file.secrets.nouns.clone(),
            severity_overrides: file
                .rules
                .iter()
                .filter_map(|(rule, options)| Some((*rule, options.severity?)))
                .collect(),
            fix_buildkit_style: file.fix.buildkit.unwrap_or_default(),
        }
    }

    /// Whether an `exclude` pattern matches `path` or one of its folders below the
    /// configuration's folder. `path` and the configuration's path are compared after
    /// making both absolute against `cwd`.
    pub fn is_excluded(&self, path: &Path, cwd: &Path) -> bool {
        let path = absolute(path, cwd);
        let dir = absolute(self.dir(), cwd);
        let Ok(relative) = path.strip_prefix(&dir) else {
            return false;
        };
        relative
            .ancestors()
            .filter(|part| !part.as_os_str().is_empty())
            .any(|part| self.excludes.is_match(part))
    }
}

/// The nearest configuration file for a file in `dir`: `stowaway.toml` or
/// `.stowaway.toml` in `dir` or the closest folder above it.
pub fn find(dir: &Path) -> Option<PathBuf> {
    dir.ancestors().find_map(|folder| {
        FILE_NAMES
            .iter()
            .map(|name| folder.join(name))
            .find(|candidate| candidate.is_file())
    })
}

/// `path` made absolute against `cwd`, with `.` and `..` resolved lexically.
pub fn absolute(path: &Path, cwd: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in cwd.join(path).components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The message of an I/O error without the trailing `(os error N)`.
fn io_message(error: &std::io::Error) -> String {
    let text = error.to_string();
    match text.rfind(" (os error ") {
        Some(at) => text.get(..at).unwrap_or(&text).to_owned(),
        None => text,
    }
}

/// The JSON schema of [`ConfigFile`], for editors.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(ConfigFile);
    let mut value = schema.to_value();
    // A map keyed by `Rule` only gets `additionalProperties`; name the valid keys too.
    if let Some(rules) = value.pointer_mut("/properties/rules")
        && let Some(rules) = rules.as_object_mut()
    {
        let names = serde_json::json!({ "$ref": "#/$defs/Rule" });
        rules.insert("propertyNames".to_owned(), names);
    }
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

/// Settings for each file of a check. Each finding is judged entirely by the settings of
/// its primary file: each build group is analyzed once per distinct settings among its
/// files, and each run keeps the findings whose primary file those settings govern.
#[derive(Clone, Debug)]
pub struct SettingsByFile {
    scopes: Vec<Settings>,
    of_file: HashMap<FileId, usize>,
}

impl SettingsByFile {
    /// `settings` for every file.
    pub fn uniform(settings: Settings) -> Self {
        Self {
            scopes: vec![settings],
            of_file: HashMap::new(),
        }
    }

    /// Gives `file` the settings `settings` (files without any get the first settings).
    pub fn assign(&mut self, file: FileId, settings: Settings) {
        let scope = self.add_scope(settings);
        self.assign_scope(file, scope);
    }

    /// The scope of `settings`: the index of equal settings already known, else of these
    /// settings, added. Scopes are given to files with [`SettingsByFile::assign_scope`],
    /// which spares a copy of the settings per file.
    pub fn add_scope(&mut self, settings: Settings) -> usize {
        match self.scopes.iter().position(|known| *known == settings) {
            Some(at) => at,
            None => {
                self.scopes.push(settings);
                self.scopes.len() - 1
            }
        }
    }

    /// Gives `file` the settings of `scope`, an index from [`SettingsByFile::add_scope`]
    /// (an unknown index stands for the first settings).
    pub fn assign_scope(&mut self, file: FileId, scope: usize) {
        let scope = if scope < self.scopes.len() { scope } else { 0 };
        self.of_file.insert(file, scope);
    }

    /// The settings of `file`.
    pub fn for_file(&self, file: FileId) -> &Settings {
        let scope = self.of_file.get(&file).copied().unwrap_or(0);
        &self.scopes[scope.min(self.scopes.len().saturating_sub(1))]
    }

    /// Checks `sources`: every finding as the settings of its primary file decide.
    pub fn check(&self, sources: &SourceSet) -> Vec<Diagnostic> {
        crate::check_scoped(sources, &self.scopes, |file| {
            self.of_file.get(&file).copied().unwrap_or(0)
        })
    }
}
