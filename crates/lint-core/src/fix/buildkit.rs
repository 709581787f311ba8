//! Enabling BuildKit for one `docker build` of a pipeline script, in the configured style
//! (`[fix] buildkit`), by default the script's own: an `export DOCKER_BUILDKIT=1` line
//! before the command when the script already exports variables and a line can stand
//! there, else a `DOCKER_BUILDKIT=1 ` prefix.

use super::edits;
use crate::analysis::{BuildLink, Project};
use crate::diagnostic::Edit;
use crate::pipeline::ScriptItem;
use crate::settings::FixBuildkitStyle;
use crate::shell::SimpleCommand;
use crate::text::TextRange;

/// The edit that turns BuildKit on for `link`'s build; `None` when it is already on.
pub fn enable(project: &Project<'_>, link: &BuildLink) -> Option<Edit> {
    let build = link.command(project);
    if build.buildx || build.buildkit.as_ref().is_some_and(|on| on.value) {
        return None;
    }
    let pipeline = &project.pipelines[link.pipeline];
    let file = pipeline.file;
    let text = project.sources.get(file).text.as_str();
    let env = crate::analysis::script_env(project, link);
    let command = env.facts.commands.get(build.command)?;
    let edit = |range: TextRange, replacement: String| Edit {
        file,
        range,
        replacement,
    };

    // `DOCKER_BUILDKIT=0 docker build`: turn the prefix on.
    if let Some(off) = &build.buildkit
        && command.range.start <= off.range.start
        && off.range.end <= command.range.end
    {
        return Some(edit(off.range, "DOCKER_BUILDKIT=1".to_string()));
    }
    let exports = env
        .facts
        .assignments
        .iter()
        .any(|a| a.exported && a.prefix_of.is_none());
    let step = pipeline.model.steps.get(link.step)?;
    let items = if link.after_script {
        &step.after_script
    } else {
        &step.script
    };
    let export = match project.settings.fix_buildkit_style {
        FixBuildkitStyle::Auto => exports,
        FixBuildkitStyle::Export => true,
        FixBuildkitStyle::Prefix => false,
    };
    if export && let Some((at, line)) = export_line(text, items, command) {
        return Some(edit(TextRange::empty(at), line));
    }
    let at = TextRange::empty(command.range.start);
    Some(edit(at, "DOCKER_BUILDKIT=1 ".to_string()))
}

/// Where and what to insert for an `export DOCKER_BUILDKIT=1` line before `command`: a new
/// line of a `|` block when the command starts its line and the line before does not
/// continue into it, or a new list item when the command starts its own `- ` item.
fn export_line(
    text: &str,
    items: &[ScriptItem],
    command: &SimpleCommand,
) -> Option<(usize, String)> {
    let scalar = items
        .iter()
        .filter_map(|item| match item {
            ScriptItem::Command(scalar) => Some(scalar),
            ScriptItem::Pipe(_) => None,
        })
        .nth(command.line)?;
    let start = command.range.start;
    let line_start = edits::line_start(text, start);
    let before = text.get(line_start..start)?;
    let eol = edits::line_ending(text);
    let block = is_literal_block(text, scalar.range.start);
    if block && before.trim().is_empty() && !continues(text, line_start, scalar.range.start) {
        return Some((start, format!("export DOCKER_BUILDKIT=1{eol}{before}")));
    }
    if before.trim() == "-" && scalar.range.start == start {
        return Some((line_start, format!("{before}export DOCKER_BUILDKIT=1{eol}")));
    }
    None
}

/// Whether the scalar whose content starts at `start` is a literal block (`|`, `|-`,
/// `|2+`...): its lines stay separate lines of the script.
fn is_literal_block(text: &str, start: usize) -> bool {
    let before = text.get(..start).unwrap_or("").trim_end();
    let header = before.rsplit([' ', '\t', '\n']).next().unwrap_or("");
    header.starts_with('|')
        && header[1..]
            .chars()
            .all(|c| c.is_ascii_digit() || c == '+' || c == '-')
}

/// Whether the line before `line_start`, inside the block scalar whose content starts at
/// `header`, carries on into the next (a `\`, `|`, `&&`, `||` at its end).
fn continues(text: &str, line_start: usize, header: usize) -> bool {
    if line_start <= header {
        return false;
    }
    let previous = text.get(..line_start).unwrap_or("").trim_end();
    previous.ends_with('\\') || previous.ends_with('|') || previous.ends_with('&')
}
