//! The client's settings: `initializationOptions` (`select`, `ignore`, `secretNames`,
//! `notSecretNames`) mapped to lint-core [`Settings`], and the hook where a workspace
//! folder's `stowaway.toml` will be layered over them.

use std::path::Path;

use stowaway_lint_core::config::{self, Config};

use serde::Deserialize;
use stowaway_lint_core::rules::Rule;
use stowaway_lint_core::settings::Settings;

/// The `initializationOptions` object; every field is optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct InitializationOptions {
    /// Rule names to run (all when absent).
    pub select: Option<Vec<String>>,
    /// Rule names never to run.
    pub ignore: Vec<String>,
    /// Variable names that are secret whatever they look like.
    pub secret_names: Vec<String>,
    /// Variable names that look secret and are not.
    pub not_secret_names: Vec<String>,
}

impl InitializationOptions {
    /// Reads the options; a missing or malformed value gives the defaults, with a warning
    /// for a malformed one.
    pub fn from_value(value: Option<serde_json::Value>) -> Self {
        let Some(value) = value.filter(|value| !value.is_null()) else {
            return Self::default();
        };
        serde_json::from_value(value).unwrap_or_else(|error| {
            tracing::warn!(category = ?error.classify(), "initializationOptions ignored");
            Self::default()
        })
    }

    /// The settings these options ask for; unknown rule names are skipped with a warning.
    pub fn settings(&self) -> Settings {
        Settings {
            select: self.select.as_deref().map(rules),
            ignore: rules(&self.ignore),
            secret_names: self.secret_names.clone(),
            not_secret_names: self.not_secret_names.clone(),
            ..Settings::default()
        }
    }
}

/// The rules named in `names`, in order, without the unknown ones.
fn rules(names: &[String]) -> Vec<Rule> {
    names
        .iter()
        .filter_map(|name| {
            let rule = Rule::from_name(name);
            if rule.is_none() {
                tracing::warn!(rule = %name, "unknown rule name in initializationOptions");
            }
            rule
        })
        .collect()
}

/// The configuration-file hook: the settings for the unit rooted at `folder` (`None` for
/// files outside every workspace folder), starting from the client's settings.
///
/// The `stowaway.toml` / `.stowaway.toml` found from `folder` upward, with the client's
/// options layered over it as the CLI's flags are: the client's `select` replaces the
/// file's, its other lists add to the file's. A missing or invalid file leaves the client's
/// settings (an invalid one is logged). Called when the server starts and again when a
/// watched configuration file changes.
pub fn settings_with_config_file(folder: Option<&Path>, client: &Settings) -> Settings {
    let Some(path) = folder.and_then(config::find) else {
        return client.clone();
    };
    let mut settings = match Config::load(&path) {
        Ok(config) => config.settings(),
        Err(error) => {
            tracing::warn!("{error}; using the editor's settings only");
            return client.clone();
        }
    };
    if client.select.is_some() {
        settings.select.clone_from(&client.select);
    }
    extend_unique(&mut settings.ignore, &client.ignore);
    extend_unique(&mut settings.secret_names, &client.secret_names);
    extend_unique(&mut settings.not_secret_names, &client.not_secret_names);
    settings
}

fn extend_unique<T: Clone + PartialEq>(list: &mut Vec<T>, extra: &[T]) {
    for item in extra {
        if !list.contains(item) {
            list.push(item.clone());
        }
    }
}

/// Whether `path` names a configuration file whose change should reload the settings.
pub fn is_config_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|name| name.to_str())
        .is_some_and(|name| name == "stowaway.toml" || name == ".stowaway.toml")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn workspace_configuration_is_layered_under_the_client_options() {
        let folder =
            std::env::temp_dir().join(format!("stowaway-lsp-config-{}", std::process::id()));
        std::fs::create_dir_all(&folder).expect("temp dir");
        std::fs::write(
            folder.join("stowaway.toml"),
            "ignore = [\"hardcoded-secret\"]\n[secrets]\nnames = [\"DEPLOY_STUFF\"]\n",
        )
        .expect("write config");
        let client = Settings {
            ignore: vec![Rule::SyntaxError],
            ..Settings::default()
        };
        let settings = settings_with_config_file(Some(&folder), &client);
        let _ = std::fs::remove_dir_all(&folder);
        assert_eq!(
            settings.ignore,
            vec![Rule::HardcodedSecret, Rule::SyntaxError]
        );
        assert_eq!(settings.secret_names, vec!["DEPLOY_STUFF".to_string()]);
    }

    #[test]
    fn options_map_to_settings_and_skip_unknown_rules() {
        let options = InitializationOptions::from_value(Some(json!({
            "select": ["secret-env", "no-such-rule"],
            "ignore": ["syntax-error"],
            "secretNames": ["DEPLOY_STUFF"],
            "notSecretNames": ["TOKEN_URL"],
        })));
        let settings = options.settings();
        assert_eq!(settings.select, Some(vec![Rule::SecretEnv]));
        assert_eq!(settings.ignore, vec![Rule::SyntaxError]);
        assert_eq!(settings.secret_names, vec!["DEPLOY_STUFF".to_string()]);
        assert_eq!(settings.not_secret_names, vec!["TOKEN_URL".to_string()]);
    }

    #[test]
    fn missing_or_malformed_options_give_defaults() {
        assert_eq!(
            InitializationOptions::from_value(None).settings(),
            Settings::default()
        );
        let malformed = InitializationOptions::from_value(Some(json!({ "select": 3 })));
        assert_eq!(malformed.settings(), Settings::default());
    }
}
