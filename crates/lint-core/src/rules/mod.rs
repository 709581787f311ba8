//! The rule catalogue: every rule's identity and metadata. Each rule's logic lives in a
//! file named after it.

mod buildkit_required;
mod docker_login_password_arg;
mod flow_rules;
mod hardcoded_secret;
mod secret_build_arg;
mod secret_env;
mod secret_file_in_layer;
mod secret_in_artifact;
mod secret_in_build_cache;
mod secret_mount_mismatch;
mod syntax_error;
mod unused_suppression;

use std::sync::OnceLock;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::analysis::Project;
use crate::diagnostic::{Diagnostic, Severity};

/// Every rule stowaway knows, in catalogue order.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// A secret reaches an ARG of a stage in the exported image.
    SecretBuildArg,
    /// A secret is stored with ENV, in the image config.
    SecretEnv,
    /// Secret content is written into a layer of the exported image.
    SecretFileInLayer,
    /// A secret confined to non-exported stages is persisted by the pipeline's caches.
    SecretInBuildCache,
    /// A pipeline writes a secret into a file that an artifact keeps.
    SecretInArtifact,
    /// A literal credential in a Dockerfile or pipeline.
    HardcodedSecret,
    /// `docker login -p` with a secret on the command line.
    DockerLoginPasswordArg,
    /// BuildKit-only features in a build that does not enable BuildKit.
    BuildkitRequired,
    /// A `--secret` no mount uses, or a mount whose id no build provides.
    SecretMountMismatch,
    /// A Dockerfile or YAML file that does not parse.
    SyntaxError,
    /// A `# stowaway: ignore[...]` comment that silences nothing.
    UnusedSuppression,
}

impl Rule {
    /// Every rule, in catalogue order.
    pub const ALL: [Rule; 11] = [
        Rule::SecretBuildArg,
        Rule::SecretEnv,
        Rule::SecretFileInLayer,
        Rule::SecretInBuildCache,
        Rule::SecretInArtifact,
        Rule::HardcodedSecret,
        Rule::DockerLoginPasswordArg,
        Rule::BuildkitRequired,
        Rule::SecretMountMismatch,
        Rule::SyntaxError,
        Rule::UnusedSuppression,
    ];

    /// The rule's kebab-case name, as used on the command line and in reports.
    pub const fn name(self) -> &'static str {
        match self {
            Rule::SecretBuildArg => "secret-build-arg",
            Rule::SecretEnv => "secret-env",
            Rule::SecretFileInLayer => "secret-file-in-layer",
            Rule::SecretInBuildCache => "secret-in-build-cache",
            Rule::SecretInArtifact => "secret-in-artifact",
            Rule::HardcodedSecret => "hardcoded-secret",
            Rule::DockerLoginPasswordArg => "docker-login-password-arg",
            Rule::BuildkitRequired => "buildkit-required",
            Rule::SecretMountMismatch => "secret-mount-mismatch",
            Rule::SyntaxError => "syntax-error",
            Rule::UnusedSuppression => "unused-suppression",
        }
    }

    /// The rule named `name`.
    pub fn from_name(name: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|rule| rule.name() == name)
    }

    /// Whether the rule attaches fixes to (some of) its findings (see [`crate::fix`]).
    pub const fn has_fix(self) -> bool {
        matches!(
            self,
            Rule::SecretBuildArg
                | Rule::SecretEnv
                | Rule::SecretFileInLayer
                | Rule::SecretInBuildCache
                | Rule::DockerLoginPasswordArg
                | Rule::HardcodedSecret
        )
    }

    /// The severity of the rule's most confident finding.
    pub const fn default_severity(self) -> Severity {
        match self {
            Rule::BuildkitRequired | Rule::SecretMountMismatch | Rule::UnusedSuppression => {
                Severity::Warning
            }
            _ => Severity::Error,
        }
    }
}

impl Rule {
    /// The rule's documentation: the `//!` block of its source file, Markdown with the
    /// headings *What it flags*, *Why it matters*, *Example*, *Fixed example*, *Fix* and
    /// *References*. Its first line is `` `name`: summary``.
    pub fn documentation(self) -> &'static str {
        static DOCS: OnceLock<Vec<String>> = OnceLock::new();
        let docs = DOCS.get_or_init(|| {
            Rule::ALL
                .iter()
                .map(|rule| module_doc(rule.source()))
                .collect()
        });
        let at = Rule::ALL.iter().position(|rule| *rule == self);
        at.and_then(|at| docs.get(at)).map_or("", String::as_str)
    }

    /// The summary: the documentation's first paragraph without the rule's name, on one
    /// line, starting with a capital letter.
    pub fn summary(self) -> String {
        let paragraph: Vec<&str> = self
            .documentation()
            .lines()
            .take_while(|line| !line.trim().is_empty())
            .map(str::trim)
            .collect();
        let joined = paragraph.join(" ");
        let summary = joined.split_once(": ").map_or(joined.as_str(), |(_, s)| s);
        let mut chars = summary.chars();
        match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => String::new(),
        }
    }

    /// The source file of the rule, whose `//!` block is its documentation.
    const fn source(self) -> &'static str {
        match self {
            Rule::SecretBuildArg => include_str!("secret_build_arg.rs"),
            Rule::SecretEnv => include_str!("secret_env.rs"),
            Rule::SecretFileInLayer => include_str!("secret_file_in_layer.rs"),
            Rule::SecretInBuildCache => include_str!("secret_in_build_cache.rs"),
            Rule::SecretInArtifact => include_str!("secret_in_artifact.rs"),
            Rule::HardcodedSecret => include_str!("hardcoded_secret.rs"),
            Rule::DockerLoginPasswordArg => include_str!("docker_login_password_arg.rs"),
            Rule::BuildkitRequired => include_str!("buildkit_required.rs"),
            Rule::SecretMountMismatch => include_str!("secret_mount_mismatch.rs"),
            Rule::SyntaxError => include_str!("syntax_error.rs"),
            Rule::UnusedSuppression => include_str!("unused_suppression.rs"),
        }
    }
}

/// The leading `//!` lines of `source`, each without `//!` and one following space.
fn module_doc(source: &str) -> String {
    let mut doc = String::new();
    for line in source.lines() {
        let Some(rest) = line.strip_prefix("//!") else {
            break;
        };
        doc.push_str(rest.strip_prefix(' ').unwrap_or(rest));
        doc.push('\n');
    }
    doc
}

impl Rule {
    /// Runs this rule over an analyzed project.
    pub fn check(self, project: &Project<'_>) -> Vec<Diagnostic> {
        match self {
            Rule::SecretBuildArg => secret_build_arg::check(project),
            Rule::SecretEnv => secret_env::check(project),
            Rule::SecretFileInLayer => secret_file_in_layer::check(project),
            Rule::SecretInBuildCache => secret_in_build_cache::check(project),
            Rule::SecretInArtifact => secret_in_artifact::check(project),
            Rule::HardcodedSecret => hardcoded_secret::check(project),
            Rule::DockerLoginPasswordArg => docker_login_password_arg::check(project),
            Rule::BuildkitRequired => buildkit_required::check(project),
            Rule::SecretMountMismatch => secret_mount_mismatch::check(project),
            Rule::SyntaxError => syntax_error::check(project),
            Rule::UnusedSuppression => unused_suppression::check(project),
        }
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_summary_is_one_sentence() {
        for rule in Rule::ALL {
            let summary = rule.summary();
            assert!(summary.ends_with('.'), "{rule}: {summary}");
            assert_eq!(summary.matches(". ").count(), 0, "{rule}: {summary}");
        }
        assert_eq!(
            Rule::SecretEnv.summary(),
            "A secret is stored with ENV, in the image config."
        );
    }

    #[test]
    fn every_rule_round_trips_through_its_name() {
        for rule in Rule::ALL {
            assert_eq!(Rule::from_name(rule.name()), Some(rule));
        }
        assert_eq!(Rule::from_name("no-such-rule"), None);
    }

    #[test]
    fn module_doc_keeps_only_the_leading_doc_lines() {
        let source = "//! `x`: a rule.\n//!\n//!    indented\n\nuse a;\n//! late\n";
        assert_eq!(module_doc(source), "`x`: a rule.\n\n   indented\n");
    }

    #[test]
    fn summary_drops_the_rule_name() {
        assert_eq!(
            Rule::UnusedSuppression.summary(),
            "A `# stowaway: ignore[...]` comment that silences nothing."
        );
    }
}
