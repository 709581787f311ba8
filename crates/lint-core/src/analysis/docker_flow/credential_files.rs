//! Files that hold credentials by their name: private keys, registry and cloud
//! credential files.

use crate::diagnostic::{Confidence, Location};
use crate::flow::{OriginKind, Taint};

/// Names that are private keys or credential stores whatever their content.
const STRONG: [&str; 8] = [
    "id_rsa",
    "id_dsa",
    "id_ecdsa",
    "id_ed25519",
    ".git-credentials",
    ".netrc",
    ".pgpass",
    "credentials",
];

/// Names that usually hold a credential but may hold only configuration.
const LIKELY: [&str; 5] = [".npmrc", ".pypirc", ".dockercfg", ".env", "kubeconfig"];

/// The taint of a COPY/ADD source whose file name marks a credential.
pub fn taint(source: &str, at: Location) -> Option<Taint> {
    let trimmed = source.trim_end_matches('/');
    let name = trimmed.rsplit('/').next().unwrap_or(trimmed);
    let confidence = classify(trimmed, name)?;
    let reason = format!("`{name}` is a credential file by its name");
    let taint = Taint::new(name, OriginKind::CredentialFile, confidence, reason.clone());
    Some(taint.through(at, reason))
}

fn classify(path: &str, name: &str) -> Option<Confidence> {
    let lower = name.to_ascii_lowercase();
    if STRONG.contains(&lower.as_str()) && (lower != "credentials" || path.contains(".aws/")) {
        return Some(Confidence::High);
    }
    if path.ends_with(".docker/config.json") {
        return Some(Confidence::Medium);
    }
    let key_file = [".key", ".p12", ".pfx", ".jks"]
        .iter()
        .any(|ext| lower.ends_with(ext));
    let service_account = lower.ends_with(".json")
        && (lower.contains("service-account")
            || lower.contains("serviceaccount")
            || lower.contains("gcloud-key")
            || lower.contains("credentials"));
    if LIKELY.contains(&lower.as_str()) || key_file || service_account {
        return Some(Confidence::Medium);
    }
    None
}
