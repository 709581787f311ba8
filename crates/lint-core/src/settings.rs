//! What a run is asked to do: which rules, which names are secret, and the other
//! choices a user makes on the command line or in `stowaway.toml`.

use crate::rules::Rule;

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
}
