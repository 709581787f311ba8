//! Showing a secret value in a message without revealing it.
//!
//! The format is stable:
//!
//! - a value of [`SHOWN_FROM`] characters or more shows its first [`SHOWN_CHARS`] characters,
//!   which tell the kind of credential (`AKIA`, `ghp_`), then its length:
//!   `AKIA…[redacted, 20 chars]`;
//! - a shorter value shows nothing of itself: `[redacted]` (its length too would say much);
//! - in the rare case where that text would still contain the value (a value such as `red`
//!   or `…[redacted, 20 chars`), the first of `[redacted]`, `***`, `###` that does not
//!   contain it is returned instead.

/// Number of leading characters shown of a long value.
pub const SHOWN_CHARS: usize = 4;

/// Length in characters from which a value shows its leading characters.
pub const SHOWN_FROM: usize = 16;

/// `value` rendered without revealing it: see the [module documentation](self).
pub fn redact(value: &str) -> String {
    let length = value.chars().count();
    let preferred = if length >= SHOWN_FROM {
        let prefix: String = value.chars().take(SHOWN_CHARS).collect();
        format!("{prefix}…[redacted, {length} chars]")
    } else {
        "[redacted]".to_string()
    };

    // An empty value is "contained" in every text; it reveals nothing.
    if value.is_empty() || !preferred.contains(value) {
        return preferred;
    }
    ["[redacted]", "***", "###"]
        .into_iter()
        .find(|candidate| !candidate.contains(value))
        .unwrap_or("###")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_value_shows_four_chars_and_length() {
        assert_eq!(redact("AKIA2E0A8F3B244C9986"), "AKIA…[redacted, 20 chars]");
    }

    #[test]
    fn fifteen_chars_show_nothing() {
        assert_eq!(redact("abcdefghijklmno"), "[redacted]");
    }

    #[test]
    fn sixteen_chars_show_prefix() {
        assert_eq!(redact("abcdefghijklmnop"), "abcd…[redacted, 16 chars]");
    }

    #[test]
    fn multibyte_prefix_counts_characters() {
        assert_eq!(
            redact("🔑é日本語abcdefghijklmnop"),
            "🔑é日本…[redacted, 21 chars]"
        );
    }

    #[test]
    fn value_inside_the_format_falls_back() {
        assert_eq!(redact("red"), "***");
        assert_eq!(redact("*"), "[redacted]");
        assert_eq!(redact("…[redacted, 20 chars"), "[redacted]");
    }

    #[test]
    fn empty_value_is_redacted_marker() {
        assert_eq!(redact(""), "[redacted]");
    }
}
