//! Rule pages: each rule's `//!` documentation turned into the Markdown page committed as
//! `rules/<rule>.md` and printed by `stowaway rule`, the `rules/README.md` index, and the
//! fenced examples of a page, which tests run.

use std::fmt::Write as _;

use crate::rules::Rule;
use crate::source::FileKind;

/// A fenced code block of a rule page, tagged `dockerfile` or `yaml`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Example {
    /// Which file the block stands for.
    pub kind: FileKind,
    /// The block's text, each line ending in `\n`.
    pub code: String,
}

/// The Markdown page of `rule`.
pub fn page(rule: Rule) -> String {
    let doc = rule.documentation();
    // The first paragraph is the summary, printed as the page's lead.
    let body = doc.split_once("\n\n").map_or("", |(_, rest)| rest);
    let mut page = String::new();
    let _ = writeln!(page, "# `{}`\n", rule.name());
    let _ = writeln!(page, "{}\n", rule.summary());
    let _ = writeln!(page, "| Default severity | Fix available |");
    let _ = writeln!(page, "| --- | --- |");
    let _ = writeln!(
        page,
        "| {} | {} |",
        rule.default_severity().as_str(),
        yes_no(rule.has_fix())
    );
    page.push('\n');
    page.push_str(body.trim_start_matches('\n'));
    page
}

/// The Markdown index of every rule, linking to each page.
pub fn index() -> String {
    let mut index = String::from("# Rules\n\n");
    index.push_str(
        "Generated from each rule's documentation; see the rule's page for its examples.\n\n",
    );
    index.push_str("| Rule | Default severity | Fix available | Summary |\n");
    index.push_str("| --- | --- | --- | --- |\n");
    for rule in Rule::ALL {
        let _ = writeln!(
            index,
            "| [`{name}`]({name}.md) | {} | {} | {} |",
            rule.default_severity().as_str(),
            yes_no(rule.has_fix()),
            rule.summary(),
            name = rule.name(),
        );
    }
    index
}

/// The code blocks of the section `## {heading}` of `rule`'s documentation.
pub fn examples(rule: Rule, heading: &str) -> Vec<Example> {
    let title = format!("## {heading}");
    let mut in_section = false;
    let mut open: Option<Example> = None;
    let mut found = Vec::new();
    for line in rule.documentation().lines() {
        if open.is_none() && line.starts_with("## ") {
            in_section = line.trim_end() == title;
            continue;
        }
        if !in_section {
            continue;
        }
        match (&mut open, line.trim_end()) {
            (Some(_), "```") => found.extend(open.take()),
            (Some(example), _) => {
                example.code.push_str(line);
                example.code.push('\n');
            }
            (None, "```dockerfile") => open = Some(block(FileKind::Dockerfile)),
            (None, "```yaml") => open = Some(block(FileKind::Pipeline)),
            (None, _) => {}
        }
    }
    found
}

fn block(kind: FileKind) -> Example {
    Example {
        kind,
        code: String::new(),
    }
}

const fn yes_no(value: bool) -> &'static str {
    if value { "yes" } else { "no" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_starts_with_title_summary_and_metadata() {
        let page = page(Rule::UnusedSuppression);
        let head: Vec<&str> = page.lines().take(8).collect();
        assert_eq!(
            head,
            vec![
                "# `unused-suppression`",
                "",
                "A `# stowaway: ignore[...]` comment that silences nothing.",
                "",
                "| Default severity | Fix available |",
                "| --- | --- |",
                "| warning | no |",
                "",
            ]
        );
        assert!(page.contains("\n## What it flags\n"));
    }

    #[test]
    fn examples_of_a_section_keep_their_kind_and_text() {
        assert_eq!(
            examples(Rule::UnusedSuppression, "Fixed example"),
            vec![Example {
                kind: FileKind::Dockerfile,
                code: "FROM alpine:3.20\nENV LOG_LEVEL=debug\n".to_owned(),
            }]
        );
        assert_eq!(examples(Rule::UnusedSuppression, "No such section"), vec![]);
    }
}
