//! [`SecretFlow`]: one secret's path from where it enters the build to where it stays
//! behind, as an ordered list of located steps. Rules turn flows into diagnostics.

use crate::diagnostic::{Confidence, Location, Related};

/// Where a secret's value came from, and why stowaway believes it is a secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Taint {
    /// The variable or file the secret is known by at its origin (`NPM_TOKEN`).
    pub origin: String,
    /// How sure the analysis is that the value is a secret.
    pub confidence: Confidence,
    /// Why it is a secret ("its name contains TOKEN", "configured as secret").
    pub reason: String,
    /// The located steps so far, origin first.
    pub trail: Vec<Related>,
}

impl Taint {
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
