//! What counts as a secret: secret-looking names ([`names`]), literal credentials
//! ([`literals`]), how a secret value is shown without revealing it ([`redact`]), and
//! source text masked for quoting in reports ([`mask`]).

pub mod literals;
pub mod mask;
pub mod names;
pub mod redact;

pub use literals::{
    CredentialKind, CredentialMatch, find_credentials, is_fingerprint, looks_like_secret_value,
};
pub use mask::{mask_secrets, masked_sources};
pub use names::{NameRules, NameVerdict, classify, split_words};
pub use redact::redact;
