//! Redaction never reveals a value, whatever its length or characters.

use stowaway_lint_core::secrets::redact;

/// A small deterministic generator, so that failures reproduce.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, bound: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        usize::try_from(self.0 >> 33).unwrap_or_default() % bound
    }
}

/// Characters that also occur in the redaction format, plus multi-byte ones.
const ALPHABET: &[char] = &[
    'A', 'K', 'I', 'Z', 'r', 'e', 'd', 'a', 'c', 't', 'h', 's', '0', '1', '2', '6', '[', ']', ',',
    ' ', '…', '*', '#', '/', '+', '=', '_', '-', 'é', '🔑', '𝄞',
];

#[test]
fn redact_never_contains_the_value() {
    let mut rng = Lcg(7);
    for length in 1..=64 {
        for _ in 0..200 {
            let value: String = (0..length)
                .map(|_| ALPHABET[rng.next(ALPHABET.len())])
                .collect();
            let shown = redact(&value);
            assert!(!shown.contains(&value), "{value:?} -> {shown:?}");
        }
    }
}

#[test]
fn redact_never_contains_repeated_or_format_like_values() {
    for length in 1..=64 {
        for unit in ["a", "*", "#", "[", "…", "0", "🔑"] {
            let value = unit.repeat(length);
            assert!(!redact(&value).contains(&value), "{value:?}");
        }
        let format_like: String = "…[redacted, 20 chars]"
            .chars()
            .cycle()
            .take(length)
            .collect();
        assert!(
            !redact(&format_like).contains(&format_like),
            "{format_like:?}"
        );
    }
}

#[test]
fn short_values_show_nothing_and_long_values_four_characters() {
    for length in 1..16 {
        assert_eq!(redact(&"Q".repeat(length)), "[redacted]");
    }
    for length in 16..=64 {
        assert_eq!(
            redact(&"Q".repeat(length)),
            format!("QQQQ…[redacted, {length} chars]")
        );
    }
}
