//! The Checkstyle XML format: one `<file>` per path with findings, one `<error>` per
//! finding, sources named `stowaway.<rule>`. Written by hand with a small escaper.

use std::io::{self, Write};

use stowaway_lint_core::diagnostic::Diagnostic;
use stowaway_lint_core::source::SourceSet;

use super::FileTable;

/// Writes the document with a final newline.
pub fn render(
    sources: &SourceSet,
    diagnostics: &[Diagnostic],
    mut out: impl Write,
) -> io::Result<()> {
    let files = FileTable::new(sources);
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(out, r#"<checkstyle version="4.3">"#)?;
    for (path, findings) in by_path(&files, diagnostics) {
        writeln!(out, r#"  <file name="{}">"#, escape(&path))?;
        for diagnostic in findings {
            let (start, _) = files.span(diagnostic.primary);
            writeln!(
                out,
                r#"    <error line="{}" column="{}" severity="{}" message="{}" source="stowaway.{}"/>"#,
                start.line,
                start.column,
                diagnostic.severity.as_str(),
                escape(&diagnostic.message),
                diagnostic.rule,
            )?;
        }
        writeln!(out, "  </file>")?;
    }
    writeln!(out, "</checkstyle>")
}

/// The findings grouped by reported path, paths in order of first appearance.
fn by_path<'a>(
    files: &FileTable<'_>,
    diagnostics: &'a [Diagnostic],
) -> Vec<(String, Vec<&'a Diagnostic>)> {
    let mut groups: Vec<(String, Vec<&Diagnostic>)> = Vec::new();
    for diagnostic in diagnostics {
        let path = files.path(diagnostic.primary.file);
        match groups.iter_mut().find(|(p, _)| *p == path) {
            Some((_, group)) => group.push(diagnostic),
            None => groups.push((path, vec![diagnostic])),
        }
    }
    groups
}

/// `text` as an XML attribute value: markup characters and the whitespace that attribute
/// normalization would flatten become references; characters XML 1.0 cannot carry at all
/// become U+FFFD.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            '\t' => escaped.push_str("&#9;"),
            '\n' => escaped.push_str("&#10;"),
            '\r' => escaped.push_str("&#13;"),
            c if is_xml_char(c) => escaped.push(c),
            _ => escaped.push('\u{FFFD}'),
        }
    }
    escaped
}

/// Whether XML 1.0 allows `c` in a document (tab, LF and CR are handled before).
fn is_xml_char(c: char) -> bool {
    !matches!(c, '\u{0}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::fixtures;

    #[test]
    fn one_file_element_per_path() {
        let (sources, diagnostics) = fixtures::two_files_three_findings();
        let mut out = Vec::new();
        render(&sources, &diagnostics, &mut out).expect("writes to a Vec");
        insta::assert_snapshot!(String::from_utf8(out).expect("UTF-8"));
    }

    #[test]
    fn attribute_values_are_escaped() {
        assert_eq!(
            escape("a<b>&\"c\"'d'\te\nf\r\u{1}g\u{FFFF}é"),
            "a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;&#9;e&#10;f&#13;\u{FFFD}g\u{FFFD}é"
        );
    }

    #[test]
    fn no_findings_is_an_empty_checkstyle_element() {
        let mut out = Vec::new();
        render(&SourceSet::new(), &[], &mut out).expect("writes to a Vec");
        assert_eq!(
            String::from_utf8(out).expect("UTF-8"),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n</checkstyle>\n"
        );
    }
}
