//! Stable identities for findings, shared by the GitLab and Bitbucket formats: a hash of
//! the rule, the reported path, the flagged text and the occurrence index of that triple,
//! so a finding keeps its identity when lines move above it.

use std::collections::HashMap;

use stowaway_lint_core::diagnostic::Diagnostic;

use super::FileTable;

/// FNV-1a 128-bit offset basis.
const FNV_OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
/// FNV-1a 128-bit prime.
const FNV_PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;

/// One fingerprint per finding, in the order given: 32 lower-case hex digits.
///
/// The occurrence index counts earlier findings (in the given, sorted, order) with the
/// same rule, path and flagged text, so two identical lines in one file stay distinct.
pub fn fingerprints(files: &FileTable<'_>, diagnostics: &[Diagnostic]) -> Vec<String> {
    let mut seen: HashMap<(String, String, String), usize> = HashMap::new();
    diagnostics
        .iter()
        .map(|diagnostic| {
            let path = files.path(diagnostic.primary.file);
            let range = files.clamp(diagnostic.primary);
            let text = files
                .get(diagnostic.primary.file)
                .map_or("", |file| file.slice(range))
                .to_owned();
            let key = (diagnostic.rule.name().to_owned(), path, text);
            let occurrence = seen.entry(key.clone()).or_insert(0);
            let hash = hash_parts(&[&key.0, &key.1, &key.2, &occurrence.to_string()]);
            *occurrence += 1;
            format!("{hash:032x}")
        })
        .collect()
}

/// FNV-1a over the parts, each followed by a NUL so that `("ab", "c")` and `("a", "bc")`
/// differ.
fn hash_parts(parts: &[&str]) -> u128 {
    let mut hash = FNV_OFFSET;
    for part in parts {
        for byte in part.bytes().chain([0]) {
            hash ^= u128::from(byte);
            hash = hash.wrapping_mul(FNV_PRIME);
        }
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::fixtures;
    use stowaway_lint_core::diagnostic::{Confidence, Location};
    use stowaway_lint_core::rules::Rule;
    use stowaway_lint_core::source::{FileId, FileKind, SourceFile, SourceSet};
    use stowaway_lint_core::text::TextRange;

    #[test]
    fn fnv1a_128_matches_the_reference_values() {
        // The empty input is the offset basis; "a" is the published FNV-1a 128 test vector.
        let fold = |text: &str| {
            text.bytes().fold(FNV_OFFSET, |hash, byte| {
                (hash ^ u128::from(byte)).wrapping_mul(FNV_PRIME)
            })
        };
        assert_eq!(fold(""), FNV_OFFSET);
        assert_eq!(fold("a"), 0xd228_cb69_6f1a_8caf_7891_2b70_4e4a_8964);
    }

    #[test]
    fn fixture_fingerprints_are_pinned() {
        let (sources, diagnostics) = fixtures::two_files_three_findings();
        let files = FileTable::new(&sources);
        assert_eq!(
            fingerprints(&files, &diagnostics),
            [
                "a01fe13f44ab19a290f52a2c50dde0a2",
                "538b15f3e8e1712ff9af80a3c1a352f7",
                "eaffcbb25db1a2ef2b052d6ffac1e787",
            ]
        );
    }

    #[test]
    fn moving_a_finding_down_keeps_its_fingerprint_and_twins_differ() {
        let one = "ENV A=$T\n";
        let moved = "# a comment\n\nENV A=$T\nENV A=$T\n";
        let finding = |text: &str, nth: usize| {
            let start = text.match_indices("A=$T").nth(nth).expect("present").0;
            let location = Location::new(FileId(0), TextRange::new(start, start + 4));
            Diagnostic::new(Rule::SecretEnv, Confidence::High, location, "m")
        };
        let print = |text: &str, diagnostics: &[Diagnostic]| {
            let mut sources = SourceSet::new();
            sources.add(SourceFile::new("Dockerfile", text, FileKind::Dockerfile));
            fingerprints(&FileTable::new(&sources), diagnostics)
        };
        let before = print(one, &[finding(one, 0)]);
        let after = print(moved, &[finding(moved, 0), finding(moved, 1)]);
        assert_eq!(after[0], before[0]);
        assert_ne!(after[1], after[0]);
    }
}
