//! What a run is asked to do: which rules, which names are secret, and the other
//! choices a user makes on the command line or in `stowaway.toml`.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::Rule;

/// How a fix enables BuildKit in a pipeline script.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum FixBuildkitStyle {
    /// Follow the script: an `export` line when the script already exports variables,
    /// else a prefix.
    #[default]
    Auto,
    /// `DOCKER_BUILDKIT=1 docker build ...`: the variable prefixes the command it concerns.
    Prefix,
    /// `export DOCKER_BUILDKIT=1` on its own line before the first build of the script.
    Export,
}

/// The choices that shape one check.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Settings {
    /// Only these rules run; `None` runs every rule.
    pub select: Option<Vec<Rule>>,
    /// These rules never run, whatever `select` says.
    pub ignore: Vec<Rule>,
    /// Variable names that are secret whatever they look like.
    pub secret_names: Vec<String>,
    /// Variable names that look secret and are not.
    pub not_secret_names: Vec<String>,
    /// Extra words that make a name secret, beside the built-in secret nouns.
    pub secret_nouns: Vec<String>,
    /// Severity overrides by rule: every finding of the rule gets this severity.
    pub severity_overrides: BTreeMap<Rule, Severity>,
    /// How fixes enable BuildKit in pipeline scripts.
    pub fix_buildkit_style: FixBuildkitStyle,
}

impl Settings {
    /// Whether `rule` runs under these settings.
    pub fn is_enabled(&self, rule: Rule) -> bool {
        let selected = self
            .select
            .as_ref()
            .is_none_or(|rules| rules.contains(&rule));
        selected && !self.ignore.contains(&rule)
    }

    /// Applies the severity override of `diagnostic`'s rule, if there is one.
    pub fn apply_severity(&self, diagnostic: &mut Diagnostic) {
        if let Some(&severity) = self.severity_overrides.get(&diagnostic.rule) {
            diagnostic.severity = severity;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignore_wins_over_select() {
        let settings = Settings {
            select: Some(vec![Rule::SecretEnv, Rule::SyntaxError]),
            ignore: vec![Rule::SyntaxError],
            ..Settings::default()
        };
        assert!(settings.is_enabled(Rule::SecretEnv));
        assert!(!settings.is_enabled(Rule::SyntaxError));
        assert!(!settings.is_enabled(Rule::SecretBuildArg));
    }
}
