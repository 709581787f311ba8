//! Fuzz target: `shell::analyze` on the lines of an arbitrary script, each line mapped
//! verbatim at its offset. Every command range must lie inside the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stowaway_lint_core::shell::analyze;
use stowaway_lint_core::text::MappedText;

fuzz_target!(|text: &str| {
    let mut lines = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        lines.push(MappedText::verbatim(line, offset));
        offset += line.len();
    }
    let refs: Vec<&MappedText> = lines.iter().collect();
    let facts = analyze(&refs);
    for command in &facts.commands {
        assert!(command.range.start <= command.range.end && command.range.end <= text.len());
    }
});
