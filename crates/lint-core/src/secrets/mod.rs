//! What counts as a secret: secret-looking names ([`names`]), literal credentials
//! ([`literals`]), and how a secret value is shown without revealing it ([`redact`]).

pub mod literals;
pub mod names;
pub mod redact;

pub use literals::{
    CredentialKind, CredentialMatch, find_credentials, is_fingerprint, looks_like_secret_value,
};
pub use names::{NameRules, NameVerdict, classify, split_words};
pub use redact::redact;
