//! The concise format: one line per finding, `path:line:col: severity[rule] message`.

use std::io::{self, Write};

use stowaway_lint_core::diagnostic::Diagnostic;
use stowaway_lint_core::source::SourceSet;

use super::FileTable;

/// Writes one line per finding, and nothing else.
pub fn render(
    sources: &SourceSet,
    diagnostics: &[Diagnostic],
    mut out: impl Write,
) -> io::Result<()> {
    let files = FileTable::new(sources);
    for diagnostic in diagnostics {
        let (start, _) = files.span(diagnostic.primary);
        writeln!(
            out,
            "{}:{}:{}: {}[{}] {}",
            files.path(diagnostic.primary.file),
            start.line,
            start.column,
            diagnostic.severity.as_str(),
            diagnostic.rule,
            one_line(&diagnostic.message),
        )?;
    }
    Ok(())
}

/// `message` with its line breaks turned into spaces, so each finding stays one line.
fn one_line(message: &str) -> String {
    message.replace(['\r', '\n'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::fixtures;

    #[test]
    fn one_line_per_finding_with_character_columns() {
        let (sources, diagnostics) = fixtures::two_files_three_findings();
        let mut out = Vec::new();
        render(&sources, &diagnostics, &mut out).expect("writes to a Vec");
        insta::assert_snapshot!(String::from_utf8(out).expect("UTF-8"));
    }
}
