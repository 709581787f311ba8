//! `file:` URIs and filesystem paths, both ways, with percent-encoding. Documents with
//! another scheme (`untitled:`) keep their URI string as their key.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types::Uri;

/// The filesystem path of a `file:` URI (`file:///a/b` or `file://localhost/a/b`), or
/// `None` for another scheme or a malformed escape.
pub fn to_path(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    if !rest.starts_with('/') {
        return None;
    }
    let rest = rest.split(['?', '#']).next().unwrap_or(rest);
    let decoded = percent_decode(rest)?;
    Some(PathBuf::from(decoded))
}

/// The `file:` URI of an absolute path; `None` when the path is not valid UTF-8.
pub fn from_path(path: &Path) -> Option<Uri> {
    let path = path.to_str()?;
    let mut uri = String::with_capacity(path.len() + 8);
    uri.push_str("file://");
    if !path.starts_with('/') {
        uri.push('/');
    }
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            uri.push(char::from(byte));
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    Uri::from_str(&uri).ok()
}

/// The key a document is stored under: its path for `file:` URIs, else the URI itself.
pub fn document_key(uri: &Uri) -> PathBuf {
    to_path(uri).unwrap_or_else(|| PathBuf::from(uri.as_str()))
}

/// Decodes `%XX` escapes; `None` when an escape is malformed or the result is not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        if byte == b'%' {
            let hex = text.get(at + 1..at + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            at += 3;
        } else {
            out.push(byte);
            at += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(text: &str) -> Uri {
        Uri::from_str(text).expect("valid uri")
    }

    #[test]
    fn paths_with_spaces_and_non_ascii_round_trip() {
        let path = Path::new("/tmp/my app/é/Dockerfile");
        let encoded = from_path(path).expect("utf-8 path");
        assert_eq!(encoded.as_str(), "file:///tmp/my%20app/%C3%A9/Dockerfile");
        assert_eq!(to_path(&encoded), Some(path.to_path_buf()));
    }

    #[test]
    fn localhost_authority_and_other_schemes() {
        assert_eq!(
            to_path(&uri("file://localhost/a/Dockerfile")),
            Some(PathBuf::from("/a/Dockerfile"))
        );
        assert_eq!(to_path(&uri("untitled:Untitled-1")), None);
        assert_eq!(to_path(&uri("file:///a/%FF")), None);
        assert_eq!(
            document_key(&uri("untitled:Untitled-1")),
            PathBuf::from("untitled:Untitled-1")
        );
    }
}
