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

use serde::Serialize;

use crate::analysis::Project;
use crate::diagnostic::{Diagnostic, Severity};

/// Every rule stowaway knows, in catalogue order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
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
}

impl Rule {
    /// Every rule, in catalogue order.
    pub const ALL: [Rule; 10] = [
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
            Rule::BuildkitRequired | Rule::SecretMountMismatch => Severity::Warning,
            _ => Severity::Error,
        }
    }
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
    fn every_rule_round_trips_through_its_name() {
        for rule in Rule::ALL {
            assert_eq!(Rule::from_name(rule.name()), Some(rule));
        }
        assert_eq!(Rule::from_name("no-such-rule"), None);
    }
}
