//! Fuzz target: the `bitbucket-pipelines.yml` parser (YAML with spans, then the typed
//! model) on arbitrary UTF-8 text. Error ranges must lie inside the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stowaway_lint_core::pipeline::parse;

fuzz_target!(|text: &str| {
    let file = parse(text);
    for error in &file.errors {
        assert!(error.range.start <= error.range.end && error.range.end <= text.len());
    }
});
