//! The GitHub Actions format: one workflow command per finding, which GitHub shows as an
//! annotation on the file and line: `::error file=…,line=…,col=…,endLine=…,endColumn=…,
//! title=…::message`.

use std::io::{self, Write};

use stowaway_lint_core::diagnostic::{Diagnostic, Severity};
use stowaway_lint_core::source::SourceSet;

use super::FileTable;

/// Writes one workflow command per finding, and nothing else.
pub fn render(
    sources: &SourceSet,
    diagnostics: &[Diagnostic],
    mut out: impl Write,
) -> io::Result<()> {
    let files = FileTable::new(sources);
    for diagnostic in diagnostics {
        let (start, end) = files.span(diagnostic.primary);
        let title = format!("stowaway ({})", diagnostic.rule);
        writeln!(
            out,
            "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            command(diagnostic.severity),
            escape_property(&files.path(diagnostic.primary.file)),
            start.line,
            start.column,
            end.line,
            end.column,
            escape_property(&title),
            escape_data(&diagnostic.message),
        )?;
    }
    Ok(())
}

/// The workflow command for a severity.
fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// A command's message: `%`, CR and LF percent-encoded.
fn escape_data(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => escaped.push_str("%25"),
            '\r' => escaped.push_str("%0D"),
            '\n' => escaped.push_str("%0A"),
            _ => escaped.push(c),
        }
    }
    escaped
}

/// A property value: as a message, and `:` and `,` too.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::fixtures;

    #[test]
    fn one_command_per_finding_with_character_columns() {
        let (sources, diagnostics) = fixtures::two_files_three_findings();
        let mut out = Vec::new();
        render(&sources, &diagnostics, &mut out).expect("writes to a Vec");
        insta::assert_snapshot!(String::from_utf8(out).expect("UTF-8"));
    }

    #[test]
    fn messages_and_properties_are_escaped() {
        assert_eq!(escape_data("100% a\r\nb: c, d"), "100%25 a%0D%0Ab: c, d");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
