//! Fuzz target: the whole `check()` on a Dockerfile and a pipeline that builds it, then
//! the masking of the sources that reports quote. The input is split at its first NUL
//! byte: the Dockerfile before it, the pipeline after.
#![no_main]

mod pair;

use libfuzzer_sys::fuzz_target;
use stowaway_lint_core::secrets::{NameRules, masked_sources};
use stowaway_lint_core::settings::Settings;

fuzz_target!(|text: &str| {
    let sources = pair::sources(text);
    let diagnostics = stowaway_lint_core::check(&sources, &Settings::default());
    for diagnostic in &diagnostics {
        let file = sources.get(diagnostic.primary.file);
        assert!(diagnostic.primary.range.end <= file.text.len());
    }
    // Masking keeps every byte offset: the masked text has the original's length.
    let masked = masked_sources(&sources, &NameRules::default(), &diagnostics);
    for ((_, original), (_, shown)) in sources.iter().zip(masked.iter()) {
        assert!(shown.text.is_empty() || shown.text.len() == original.text.len());
    }
});
