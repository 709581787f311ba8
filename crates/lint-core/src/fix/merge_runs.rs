//! The fix for a secret file written by one RUN and deleted by a later one: join the RUNs
//! from the write to the delete into one, so the file is gone before the layer is stored.
//!
//! Recognised when every instruction from the writing RUN to the deleting RUN is a
//! shell-form RUN without heredocs, the later ones carry no flags, and only blanks separate
//! them. Unsafe: the layers of the build change, and `;`-separated commands keep their own
//! exit statuses inside the joined `&&` chain.

use crate::analysis::{DockerfileModel, Project};
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::dockerfile::{CommandForm, Instruction, InstructionKind};
use crate::flow::Sink;
use crate::shell;
use crate::text::TextRange;

/// The join for `diagnostic` (a `secret-file-in-layer` on a RUN's file write), when the
/// same stage deletes the file in a later RUN.
pub fn fix(
    project: &Project<'_>,
    flows: &super::FlowIndex<'_>,
    diagnostic: &Diagnostic,
) -> Option<Fix> {
    let flow = flows
        .at(diagnostic.primary)
        .find(|flow| flow.sink == Sink::Layer)?;
    let model = project.dockerfile(diagnostic.primary.file)?;
    let instructions = &model.ast.instructions;
    // Instructions and stages are in source order: both are found by bisection.
    let writer = instructions.partition_point(|i| i.range.end <= flow.at.range.start);
    instructions
        .get(writer)
        .filter(|i| i.range.contains(flow.at.range.start))?;
    let stages = &model.stages.stages;
    let stage = stages
        .get(stages.partition_point(|s| s.instructions.end <= writer))
        .filter(|s| s.instructions.contains(&writer))?;
    let deleter = (writer + 1..stage.instructions.end).find(|&index| {
        instructions
            .get(index)
            .is_some_and(|i| removes(i, &flow.stored_as))
    })?;
    let text = &project.sources.get(model.file).text;
    let edits = join_edits(model, text, writer, deleter)?;
    let file = model.file;
    Some(Fix {
        title: format!(
            "Write, use and delete `{}` in one RUN, so the file never stays in a layer",
            flow.stored_as
        ),
        applicability: Applicability::Unsafe,
        edits: edits
            .into_iter()
            .map(|(range, replacement)| Edit {
                file,
                range,
                replacement,
            })
            .collect(),
    })
}

/// Whether `instruction` is a RUN that deletes `path` (or a folder holding it).
fn removes(instruction: &Instruction, path: &str) -> bool {
    let Some(text) = shell_text(instruction) else {
        return false;
    };
    let written = crate::analysis::normalize_path(path);
    shell::analyze(&[text]).file_removals.iter().any(|removal| {
        removal.path.literal.as_deref().is_some_and(|removed| {
            crate::analysis::is_within(&written, &crate::analysis::normalize_path(removed))
        })
    })
}

fn shell_text(instruction: &Instruction) -> Option<&crate::text::MappedText> {
    match &instruction.kind {
        InstructionKind::Run(command) if command.heredocs.is_empty() => match &command.form {
            CommandForm::Shell(text) => Some(text),
            CommandForm::Exec(_) => None,
        },
        _ => None,
    }
}

/// The edits turning RUNs `first..=last` into one: each gap from the end of one RUN's
/// command to the start of the next one's becomes ` && \` and a continuation line.
fn join_edits(
    model: &DockerfileModel,
    text: &str,
    first: usize,
    last: usize,
) -> Option<Vec<(TextRange, String)>> {
    let instructions = &model.ast.instructions;
    let newline = crate::fix::edits::line_ending(text);
    let mut edits = Vec::new();
    for index in first + 1..=last {
        let previous = instructions.get(index - 1)?;
        let next = instructions.get(index)?;
        shell_text(previous)?;
        let body = shell_text(next)?;
        if !next.flags.is_empty() || body.as_str().is_empty() {
            return None;
        }
        let gap = TextRange::new(previous.range.end, body.source_offset(0));
        let between = text.get(gap.start..gap.end)?;
        let keyword = between.trim().eq_ignore_ascii_case("run");
        if !keyword {
            return None;
        }
        edits.push((gap, format!(" && \\{newline}    ")));
    }
    Some(edits)
}
