//! A RUN instruction's script: its shell facts (heredocs included), its secret mounts,
//! and the files it leaves holding a secret.

use crate::analysis::environment::ScriptEnv;
use crate::analysis::link::{is_within, normalize};
use crate::diagnostic::{Confidence, Location};
use crate::dockerfile::{CommandForm, CommandLine, Heredoc, Mount};
use crate::flow::{OriginKind, Taint};
use crate::shell::{self, FileWrite, ScriptFacts};
use crate::source::FileId;
use crate::text::{MappedText, TextRange};

/// Interpreters whose heredoc is a script rather than data.
const SHELLS: [&str; 6] = ["sh", "bash", "ash", "dash", "zsh", "ksh"];

/// The shell facts of a RUN: the command line with its data heredocs and the bodies of
/// heredocs that are scripts (`RUN <<EOF`, `RUN <<EOF bash`), then the facts of each
/// `sh -c '...'` script found in it. Exec form has none.
pub fn script_facts(command: &CommandLine, source: &str) -> Vec<ScriptFacts> {
    let Some(facts) = shell_facts(command) else {
        return Vec::new();
    };
    let nested: Vec<ScriptFacts> = facts
        .commands
        .iter()
        .filter_map(|c| inline_script(c, source))
        .map(|script| shell::analyze(&[&script]))
        .collect();
    let mut all = vec![facts];
    all.extend(nested);
    all
}

/// The script of `sh -c '...'` when it stands verbatim in the source.
fn inline_script(command: &shell::SimpleCommand, source: &str) -> Option<MappedText> {
    let name = command.name.as_ref()?.literal.as_deref()?;
    if !SHELLS.contains(&name.trim_start_matches("/bin/")) {
        return None;
    }
    let flag = command.args.first()?.literal.as_deref()?;
    if !(flag.starts_with('-') && flag.contains('c')) {
        return None;
    }
    let script = command.args.get(1)?;
    let literal = script.literal.as_deref()?;
    let raw = source.get(script.range.start..script.range.end)?;
    let inner = raw.get(1..raw.len().checked_sub(1)?)?;
    (inner == literal && (raw.starts_with('\'') || raw.starts_with('"')))
        .then(|| MappedText::verbatim(literal, script.range.start + 1))
}

fn shell_facts(command: &CommandLine) -> Option<ScriptFacts> {
    let CommandForm::Shell(text) = &command.form else {
        return None;
    };
    let scripts_in_heredocs = heredocs_are_scripts(text.as_str());
    let mut line = text.clone();
    let mut scripts: Vec<&MappedText> = Vec::new();
    for heredoc in &command.heredocs {
        if scripts_in_heredocs {
            scripts.push(&heredoc.body);
        } else {
            append_heredoc(&mut line, heredoc);
        }
    }
    let mut lines = vec![&line];
    lines.extend(scripts);
    Some(shell::analyze(&lines))
}

/// Whether the command line only opens heredocs, or hands them to a shell.
fn heredocs_are_scripts(command: &str) -> bool {
    let first = command
        .split_whitespace()
        .find(|word| !word.starts_with("<<"));
    first.is_none_or(|word| SHELLS.contains(&word.trim_start_matches("/bin/")))
}

fn append_heredoc(line: &mut MappedText, heredoc: &Heredoc) {
    line.push_synthetic("\n");
    line.push_mapped(&heredoc.body);
    if !heredoc.body.as_str().ends_with('\n') {
        line.push_synthetic("\n");
    }
    line.push_synthetic(&heredoc.name);
}

/// The secret a secret mount provides.
pub fn mount_taint(mount: &Mount, at: Location) -> Taint {
    let id = mount.secret_id();
    let reason = format!("secret `{id}` is mounted into this RUN");
    let taint = Taint::new(
        id,
        OriginKind::SecretMount,
        Confidence::High,
        reason.clone(),
    );
    taint.through(at, reason)
}

/// Where a secret mount's content appears as a file.
fn mount_path(mount: &Mount) -> String {
    mount.target().map_or_else(
        || format!("/run/secrets/{}", mount.secret_id()),
        str::to_string,
    )
}

/// The files this RUN writes from a secret and does not remove before it ends: each with
/// the write's range, the path, and the secret's path so far.
pub fn secret_writes(
    env: &ScriptEnv<'_>,
    facts: &ScriptFacts,
    mounts: &[Mount],
    file: FileId,
) -> Vec<(TextRange, String, Taint)> {
    let mut writes = Vec::new();
    for write in &facts.file_writes {
        let Some(path) = write.path.literal.as_deref() else {
            continue;
        };
        if is_ephemeral(path, mounts) || removed_later(facts, write.range.start, path) {
            continue;
        }
        let at = Location::new(file, write.range);
        let taint = env
            .vars_taint(&write.content_vars)
            .or_else(|| mounted_content(facts, write, mounts, at));
        if let Some(taint) = taint {
            writes.push((
                write.range,
                path.to_string(),
                taint.through(at, format!("written to `{path}`")),
            ));
        }
    }
    for (range, path, mount) in mount_copies(facts, mounts) {
        if is_ephemeral(&path, mounts) || removed_later(facts, range.start, &path) {
            continue;
        }
        let at = Location::new(file, range);
        let taint = mount_taint(mount, Location::new(file, mount.range));
        writes.push((
            range,
            path.clone(),
            taint.through(at, format!("copied to `{path}`")),
        ));
    }
    writes
}

/// `cp` and `install` commands that copy a secret mount's file elsewhere: each command's
/// range, the destination and the mount.
fn mount_copies<'m>(
    facts: &ScriptFacts,
    mounts: &'m [Mount],
) -> Vec<(TextRange, String, &'m Mount)> {
    let mut copies = Vec::new();
    for command in &facts.commands {
        let name = command.name.as_ref().and_then(|n| n.literal.as_deref());
        if !matches!(name, Some("cp" | "install")) {
            continue;
        }
        let operands: Vec<&str> = command
            .args
            .iter()
            .filter_map(|arg| arg.literal.as_deref())
            .filter(|arg| !arg.starts_with('-'))
            .collect();
        let Some((destination, sources)) = operands.split_last() else {
            continue;
        };
        for mount in mounts.iter().filter(|m| m.kind == "secret") {
            if sources.contains(&mount_path(mount).as_str()) {
                copies.push((command.range, (*destination).to_string(), mount));
            }
        }
    }
    copies
}

/// A write whose command (or the command piping into it) reads a secret mount's file.
fn mounted_content(
    facts: &ScriptFacts,
    write: &FileWrite,
    mounts: &[Mount],
    at: Location,
) -> Option<Taint> {
    let mut command = facts.commands.get(write.command);
    for _ in 0..8 {
        let current = command?;
        for mount in mounts.iter().filter(|m| m.kind == "secret") {
            let path = mount_path(mount);
            if current
                .args
                .iter()
                .any(|arg| arg.literal.as_deref() == Some(path.as_str()))
            {
                return Some(mount_taint(mount, Location::new(at.file, mount.range)));
            }
        }
        command = current.pipe_from.and_then(|from| facts.commands.get(from));
    }
    None
}

/// Paths that never reach a layer: devices, and the targets of cache, tmpfs and secret
/// mounts.
fn is_ephemeral(path: &str, mounts: &[Mount]) -> bool {
    if path.starts_with("/dev/") || path.starts_with("/proc/") {
        return true;
    }
    mounts
        .iter()
        .filter(|m| m.kind != "bind")
        .filter_map(|m| m.target())
        .any(|target| is_within(path, &normalize(target)))
}

/// Whether the same RUN removes `path` (or a folder holding it) after writing it.
fn removed_later(facts: &ScriptFacts, after: usize, path: &str) -> bool {
    let written = normalize(path);
    facts
        .file_removals
        .iter()
        .filter(|r| r.range.start > after)
        .any(|removal| {
            removal
                .path
                .literal
                .as_deref()
                .is_some_and(|removed| is_within(&written, &normalize(removed)))
        })
}

/// The `$NAME` and `${NAME...}` references of a heredoc body, with their source ranges.
pub fn dollar_vars(text: &MappedText) -> Vec<(String, TextRange)> {
    let bytes = text.as_str().as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\' {
            i += 2;
            continue;
        }
        if bytes[i] != b'$' {
            i += 1;
            continue;
        }
        let braced = bytes.get(i + 1) == Some(&b'{');
        let start = i + 1 + usize::from(braced);
        let len = bytes[start.min(bytes.len())..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
            .count();
        if len > 0 && !bytes[start].is_ascii_digit() {
            let name = String::from_utf8_lossy(&bytes[start..start + len]).into_owned();
            let end = start + len + usize::from(braced && bytes.get(start + len) == Some(&b'}'));
            found.push((name, text.source_range(TextRange::new(i, end))));
        }
        i = start + len.max(1);
    }
    found
}
