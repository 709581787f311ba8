//! Findings and fixes, independent of any rule: a [`Diagnostic`] has one primary
//! location, any number of related ones, and at most one [`Fix`] made of byte-range edits.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::rules::Rule;
use crate::source::FileId;
use crate::text::TextRange;

/// How serious a finding is; decides the exit status against `--fail-on`.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; a weak or mitigated finding.
    Info,
    /// Probably a leak; a name-only guess.
    Warning,
    /// A proven leak.
    Error,
}

impl Severity {
    /// The lower-case name used in every output format.
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// How sure the analysis is that the value involved is really a secret.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// A weak name match.
    Low,
    /// Only a Dockerfile name suggests a secret; its value is unknown.
    Medium,
    /// A configured secret, a secret-named pipeline variable or a literal credential.
    High,
}

impl Confidence {
    /// The lower-case name used in every output format.
    pub const fn as_str(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }

    /// The severity that this confidence earns by default.
    pub const fn default_severity(self) -> Severity {
        match self {
            Confidence::High => Severity::Error,
            Confidence::Medium => Severity::Warning,
            Confidence::Low => Severity::Info,
        }
    }
}

/// A byte range in one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Location {
    /// The file.
    pub file: FileId,
    /// The bytes.
    pub range: TextRange,
}

impl Location {
    /// `range` in `file`.
    pub const fn new(file: FileId, range: TextRange) -> Self {
        Self { file, range }
    }
}

/// A secondary location: one step on a secret's path, or context for the finding.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Related {
    /// Where.
    pub location: Location,
    /// What happens there, in a few words.
    pub message: String,
}

/// Replace `range` of `file` with `replacement`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Edit {
    /// The file to change.
    pub file: FileId,
    /// The bytes to replace (empty to insert).
    pub range: TextRange,
    /// The new text.
    pub replacement: String,
}

/// Whether a fix may be applied without a person looking at it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Shown to the user but never applied automatically: the change needs a decision
    /// outside the files (moving a value into a secured variable, say).
    DisplayOnly,
    /// Applied with `--unsafe-fixes`: it removes the leak but may change what the build or
    /// the container does, or stowaway cannot see every build it affects.
    Unsafe,
    /// Applied with `--fix`: the build keeps working the same way and the leak is gone.
    Safe,
}

impl Applicability {
    /// The kebab-case name used in every output format.
    pub const fn as_str(self) -> &'static str {
        match self {
            Applicability::DisplayOnly => "display-only",
            Applicability::Unsafe => "unsafe",
            Applicability::Safe => "safe",
        }
    }
}

/// A repair: edits that may touch several files, applied together or not at all.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Fix {
    /// What the fix does, imperative ("Pass NPM_TOKEN as a secret mount").
    pub title: String,
    /// When it may be applied.
    pub applicability: Applicability,
    /// The edits; never overlapping within one file.
    pub edits: Vec<Edit>,
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    /// The rule that found it.
    pub rule: Rule,
    /// How serious it is.
    pub severity: Severity,
    /// How sure the analysis is.
    pub confidence: Confidence,
    /// What leaks where, and the consequence. Never holds a secret value in full.
    pub message: String,
    /// Where the finding is reported.
    pub primary: Location,
    /// The path from source to sink, and other context.
    pub related: Vec<Related>,
    /// The repair, when there is one.
    pub fix: Option<Fix>,
}

impl Diagnostic {
    /// A finding of `rule` at `primary` whose severity follows `confidence`.
    pub fn new(
        rule: Rule,
        confidence: Confidence,
        primary: Location,
        message: impl Into<String>,
    ) -> Self {
        Self {
            rule,
            severity: confidence.default_severity(),
            confidence,
            message: message.into(),
            primary,
            related: Vec::new(),
            fix: None,
        }
    }

    /// Adds a related location.
    #[must_use]
    pub fn with_related(mut self, location: Location, message: impl Into<String>) -> Self {
        self.related.push(Related {
            location,
            message: message.into(),
        });
        self
    }

    /// Sets the severity, overriding the one derived from confidence.
    #[must_use]
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// Attaches a fix.
    #[must_use]
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }

    /// The key diagnostics are sorted by: file, position, rule, message.
    pub fn sort_key(&self) -> (FileId, usize, usize, Rule, &str) {
        let range = self.primary.range;
        (
            self.primary.file,
            range.start,
            range.end,
            self.rule,
            &self.message,
        )
    }
}
