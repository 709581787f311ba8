//! [`SecretFlow`]: one secret's path from where it enters the build to where it stays
//! behind, as an ordered list of located steps. Rules turn flows into diagnostics.

use crate::diagnostic::{Confidence, Location, Related};

/// What kind of thing a secret came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OriginKind {
    /// A pipeline variable from the repository, workspace or deployment settings whose name
    /// looks secret.
    PipelineVariable,
    /// A variable the configuration names as secret.
    Configured,
    /// A literal credential written in a file.
    Literal,
    /// A Dockerfile ARG or ENV whose name looks secret; its value is unknown.
    Name {
        /// The word of the name that makes it look secret.
        word: String,
    },
    /// The content of a BuildKit secret mount.
    SecretMount,
    /// A file whose name marks it as a credential store.
    CredentialFile,
}

/// Where a secret's value came from, and why stowaway believes it is a secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Taint {
    /// The variable or file the secret is known by at its origin (`NPM_TOKEN`).
    pub origin: String,
    /// What kind of thing the origin is.
    pub kind: OriginKind,
    /// How sure the analysis is that the value is a secret.
    pub confidence: Confidence,
    /// Why it is a secret ("its name contains TOKEN", "configured as secret").
    pub reason: String,
    /// The located steps so far, origin first.
    pub trail: Vec<Related>,
}

impl Taint {
    /// A secret known as `origin`, with an empty trail.
    pub fn new(
        origin: impl Into<String>,
        kind: OriginKind,
        confidence: Confidence,
        reason: impl Into<String>,
    ) -> Self {
        Taint {
            origin: origin.into(),
            kind,
            confidence,
            reason: reason.into(),
            trail: Vec::new(),
        }
    }

    /// What a place named `stored_as` holds, for messages: "holds the secret pipeline
    /// variable `NPM_TOKEN`", "looks like a secret (its name contains TOKEN)".
    pub fn describe(&self, stored_as: &str) -> String {
        let origin = &self.origin;
        match &self.kind {
            OriginKind::PipelineVariable => {
                format!("holds the secret pipeline variable `{origin}`")
            }
            OriginKind::Configured => format!("holds `{origin}` (configured as a secret)"),
            OriginKind::Literal => "holds a literal credential".to_string(),
            OriginKind::Name { word } if origin == stored_as => {
                format!("looks like a secret (its name contains {word})")
            }
            OriginKind::Name { word } => {
                format!("holds `{origin}`, which looks like a secret (its name contains {word})")
            }
            OriginKind::SecretMount => format!("holds the content of secret mount `{origin}`"),
            OriginKind::CredentialFile if origin == stored_as => {
                "is a credential file by its name".to_string()
            }
            OriginKind::CredentialFile => format!("holds `{origin}`, a credential file"),
        }
    }

    /// This taint carried one step further: `location` with `message` appended to the
    /// trail (unless the trail already ends there).
    #[must_use]
    pub fn through(&self, location: Location, message: impl Into<String>) -> Taint {
        let mut next = self.clone();
        if next
            .trail
            .last()
            .is_none_or(|last| last.location != location)
        {
            next.trail.push(Related {
                location,
                message: message.into(),
            });
        }
        next
    }

    /// The same taint with its confidence lowered to at most `cap`.
    #[must_use]
    pub fn capped(mut self, cap: Confidence) -> Taint {
        self.confidence = self.confidence.min(cap);
        self
    }
}

/// Where a secret stays behind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Sink {
    /// An ARG of a stage in the exported image: recorded in the image history.
    History,
    /// An ENV of a stage in the exported image: stored in the image config.
    Config {
        /// The FROM lines through which a later stage inherits the ENV.
        inherited_by: Vec<Location>,
    },
    /// A file in a layer of the exported image.
    Layer,
    /// Content (ARG, ENV or file) of a stage outside the image that the pipeline persists.
    BuildCache {
        /// What kind of content: "build arg", "ENV", "file".
        content: SinkContent,
        /// The channels that persist it, each with the location that enables it.
        channels: Vec<(CacheChannel, Location)>,
    },
    /// A file written by a pipeline script that an `artifacts` pattern keeps.
    Artifact {
        /// The artifact pattern.
        pattern: Location,
    },
}

/// What a [`Sink::BuildCache`] holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SinkContent {
    /// An ARG value, in the stage's history.
    BuildArg,
    /// An ENV value, in the stage's config.
    Env,
    /// A file, in the stage's layers.
    File,
}

/// A way a pipeline persists build state beyond the build.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum CacheChannel {
    /// Bitbucket's predefined `docker` cache with the classic (or an unknown) builder.
    DockerCache,
    /// `--cache-to ...,mode=max`, which exports every stage's layers.
    CacheToMax,
    /// Provenance attestations in `mode=max`, which record build arg values.
    ProvenanceMax,
    /// A custom pipeline cache whose folder holds a `--cache-to type=local` export.
    CustomCache,
}

impl CacheChannel {
    /// The consequence, for messages.
    pub const fn consequence(self) -> &'static str {
        match self {
            CacheChannel::DockerCache => {
                "kept for a week in the repository's docker cache and restored in any later \
                 step that lists it, on any branch"
            }
            CacheChannel::CacheToMax => {
                "exported with every other stage's layers by `--cache-to ...,mode=max`"
            }
            CacheChannel::ProvenanceMax => {
                "recorded in the provenance attestation (`mode=max` records build arg values)"
            }
            CacheChannel::CustomCache => {
                "kept for a week in a custom pipeline cache that holds the exported build cache"
            }
        }
    }
}

/// One secret reaching one sink.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SecretFlow {
    /// The secret and its path so far.
    pub taint: Taint,
    /// Where the secret stays behind; the finding's primary location.
    pub at: Location,
    /// The name it is stored under there (the ARG or ENV name, or the file path).
    pub stored_as: String,
    /// Which stage holds it, by name or index, when in a Dockerfile.
    pub stage: Option<String>,
    /// What keeps it.
    pub sink: Sink,
}
