//! Fuzz target: the Dockerfile parser and stage model on arbitrary UTF-8 text. Every
//! range the parser returns must lie inside the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stowaway_lint_core::dockerfile::{StageGraph, parse};

fuzz_target!(|text: &str| {
    let file = parse(text);
    for error in &file.errors {
        assert!(error.range.start <= error.range.end && error.range.end <= text.len());
    }
    for instruction in &file.instructions {
        assert!(instruction.range.end <= text.len());
        let _ = instruction.mounts();
    }
    let graph = StageGraph::build(&file);
    let _ = graph.copy_from_edges(&file);
});
