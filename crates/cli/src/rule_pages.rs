//! `stowaway rule NAME`, `stowaway rules` and `stowaway completions SHELL`: the rule
//! catalogue and its pages on stdout, as text or JSON, and shell completion scripts.

use std::io::{self, Write};

use clap::CommandFactory;
use serde_json::json;
use stowaway_lint_core::rule_docs;
use stowaway_lint_core::rules::Rule;

use crate::args::{Cli, CompletionsArgs, PageFormat, RuleArgs, RulesArgs};

/// Prints the page of one rule.
pub fn rule(args: &RuleArgs) -> anyhow::Result<()> {
    let text = match args.format {
        PageFormat::Text => rule_docs::page(args.rule),
        PageFormat::Json => {
            let mut value = rule_json(args.rule);
            value["documentation"] = json!(rule_docs::page(args.rule));
            format!("{}\n", serde_json::to_string_pretty(&value)?)
        }
    };
    io::stdout().lock().write_all(text.as_bytes())?;
    Ok(())
}

/// Prints every rule: name, default severity, fix, summary.
pub fn rules(args: &RulesArgs) -> anyhow::Result<()> {
    let text = match args.format {
        PageFormat::Text => rules_table(),
        PageFormat::Json => {
            let rules: Vec<_> = Rule::ALL.into_iter().map(rule_json).collect();
            format!("{}\n", serde_json::to_string_pretty(&rules)?)
        }
    };
    io::stdout().lock().write_all(text.as_bytes())?;
    Ok(())
}

/// Prints the completion script for a shell.
pub fn completions(args: &CompletionsArgs) -> anyhow::Result<()> {
    // Generated into memory first: the generator panics when its output fails.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "stowaway", &mut script);
    io::stdout().lock().write_all(&script)?;
    Ok(())
}

/// A rule's metadata as JSON.
fn rule_json(rule: Rule) -> serde_json::Value {
    json!({
        "name": rule.name(),
        "summary": rule.summary(),
        "default_severity": rule.default_severity().as_str(),
        "has_fix": rule.has_fix(),
    })
}

/// One aligned line per rule under a header.
fn rules_table() -> String {
    let width = Rule::ALL
        .iter()
        .map(|rule| rule.name().len())
        .max()
        .unwrap_or(0);
    let mut table = format!(
        "{:<width$}  {:<8}  {:<3}  SUMMARY\n",
        "RULE", "SEVERITY", "FIX"
    );
    for rule in Rule::ALL {
        let fix = if rule.has_fix() { "yes" } else { "no" };
        table.push_str(&format!(
            "{:<width$}  {:<8}  {:<3}  {}\n",
            rule.name(),
            rule.default_severity().as_str(),
            fix,
            rule.summary()
        ));
    }
    table
}
