//! Facts about what one simple command does: which variables it prints, which files it
//! writes or removes, and the docker commands (delegated to [`super::docker`]). Wrappers
//! such as `sudo`, `env`, `time` and `command` are looked through.

use super::docker;
use super::syntax::Walker;
use super::words::WordBuf;
use super::{FileRemoval, FileWrite, Redirect, VarUse, Word};
use crate::text::Spanned;

/// Commands whose stdout carries what they read on stdin.
const PASS_THROUGH: &[&str] = &[
    "cat", "tee", "base64", "tr", "sed", "awk", "gawk", "sort", "uniq", "head", "tail", "cut",
    "jq", "yq", "xxd", "od", "rev", "fold", "envsubst", "gzip", "openssl",
];

/// Files that are not files: writing to them stores nothing.
const DEVICES: &[&str] = &["/dev/null", "/dev/stdout", "/dev/stderr", "/dev/tty"];

/// What [`record`] needs to know about a command just added to the facts.
pub(crate) struct CommandFacts<'a> {
    /// Index of the command.
    pub index: usize,
    /// Its name as written.
    pub name: Option<&'a WordBuf>,
    /// Its arguments.
    pub args: &'a [WordBuf],
    /// `DOCKER_BUILDKIT` from a prefix assignment: `Some(None)` when set to an unknown value.
    pub prefix_buildkit: Option<Option<Spanned<bool>>>,
}

/// Records the output variables, file writes, removals and docker facts of a command.
pub(crate) fn record(walker: &mut Walker, command: &CommandFacts) {
    let Some(redirects) = walker
        .facts
        .commands
        .get(command.index)
        .map(|c| c.redirects.clone())
    else {
        return;
    };
    let stdin = stdin_vars(walker, command.index, &redirects);
    let effective = effective(command.name, command.args);
    let program = effective
        .as_ref()
        .and_then(|(name, _, _)| name.literal().map(str::to_owned));
    let rest = effective.as_ref().map_or(&[][..], |(_, rest, _)| *rest);

    let output = output_vars(program.as_deref(), rest, stdin);
    if let Some(slot) = walker.output_vars.get_mut(command.index) {
        slot.clone_from(&output);
    }
    for redirect in &redirects {
        if let Some(write) = redirect_write(redirect, command.index, &output) {
            walker.facts.file_writes.push(write);
        }
    }
    let range = walker
        .facts
        .commands
        .get(command.index)
        .map(|c| c.range)
        .unwrap_or_default();
    match program.as_deref() {
        Some("tee") => tee_writes(walker, command.index, rest, &output),
        Some("rm" | "unlink") => removals(walker, command.index, rest, range),
        Some("shred") if rest.iter().any(|a| is_shred_remove(a.text())) => {
            removals(walker, command.index, rest, range);
        }
        Some("docker") => {
            let env = effective
                .as_ref()
                .map_or(&[][..], |(_, _, env)| env.as_slice());
            let buildkit = command
                .prefix_buildkit
                .clone()
                .or_else(|| env_buildkit(env));
            let buildkit = buildkit.unwrap_or_else(|| walker.state.buildkit.clone());
            docker::record(walker, command.index, rest, buildkit, &redirects);
        }
        _ => {}
    }
}

/// The command behind wrappers: its name, its arguments, and `NAME=VALUE` words of `env`.
pub(crate) fn effective<'a>(
    name: Option<&'a WordBuf>,
    args: &'a [WordBuf],
) -> Option<(&'a WordBuf, &'a [WordBuf], Vec<&'a WordBuf>)> {
    let mut name = name?;
    let mut rest = args;
    let mut env = Vec::new();
    // Bounded: each round consumes at least the wrapper's name.
    for _ in 0..=args.len() {
        let skip = match name.literal() {
            Some("sudo") => option_words(
                rest,
                &["-u", "-g", "-p", "-C", "-D", "-r", "-t", "-U", "-T", "-h"],
            ),
            Some("env") => {
                let skip = option_words(rest, &["-u", "-C", "-S"]);
                let assigns = rest
                    .iter()
                    .skip(skip)
                    .take_while(|a| is_env_assignment(a.text()));
                let assigns: Vec<&WordBuf> = assigns.collect();
                let count = assigns.len();
                env.extend(assigns);
                skip + count
            }
            Some("time" | "nohup" | "command" | "exec" | "builtin") => option_words(rest, &[]),
            Some("nice") => option_words(rest, &["-n"]),
            _ => return Some((name, rest, env)),
        };
        let (next, tail) = rest.get(skip..)?.split_first()?;
        name = next;
        rest = tail;
    }
    Some((name, rest, env))
}

/// How many leading words of `args` are options (with the values of `valued` options).
fn option_words(args: &[WordBuf], valued: &[&str]) -> usize {
    let mut i = 0;
    while let Some(arg) = args.get(i) {
        let text = arg.text();
        if text == "--" {
            return i + 1;
        }
        if !text.starts_with('-') || text == "-" {
            break;
        }
        i += if valued.contains(&text) { 2 } else { 1 };
    }
    i.min(args.len())
}

fn is_env_assignment(text: &str) -> bool {
    text.split_once('=').is_some_and(|(name, _)| {
        !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

/// `DOCKER_BUILDKIT` set by `env DOCKER_BUILDKIT=1 docker ...`.
fn env_buildkit(env: &[&WordBuf]) -> Option<Option<Spanned<bool>>> {
    let word = env
        .iter()
        .rev()
        .find(|w| w.text().starts_with("DOCKER_BUILDKIT="))?;
    let value = word
        .literal()
        .and_then(|t| t.strip_prefix("DOCKER_BUILDKIT="));
    let enabled = match value.map(str::to_ascii_lowercase).as_deref() {
        Some("1" | "true") => Some(true),
        Some("0" | "false") => Some(false),
        _ => None,
    };
    Some(enabled.map(|e| Spanned::new(e, word.word.range)))
}

/// What the command reads on stdin: heredocs, here-strings, and the upstream's output.
fn stdin_vars(walker: &Walker, index: usize, redirects: &[Redirect]) -> Vec<VarUse> {
    let mut vars = Vec::new();
    let upstream = walker.facts.commands.get(index).and_then(|c| c.pipe_from);
    if let Some(upstream) = upstream.and_then(|u| walker.output_vars.get(u)) {
        vars.extend(upstream.iter().cloned());
    }
    for redirect in redirects {
        vars.extend(redirect.heredoc_body_vars.iter().cloned());
        if redirect.op.ends_with("<<<") {
            vars.extend(redirect.target.iter().flat_map(|t| t.vars.iter().cloned()));
        }
    }
    vars
}

/// The variables a command prints on stdout.
fn output_vars(program: Option<&str>, args: &[WordBuf], stdin: Vec<VarUse>) -> Vec<VarUse> {
    let arg_vars = || args.iter().flat_map(|a| a.word.vars.iter().cloned());
    match program {
        Some("echo" | "printf") => arg_vars().collect(),
        Some("envsubst") => stdin.into_iter().chain(arg_vars()).collect(),
        Some(name) if PASS_THROUGH.contains(&name) => stdin,
        _ => Vec::new(),
    }
}

/// The file write of an output redirection, if it is one.
fn redirect_write(redirect: &Redirect, command: usize, output: &[VarUse]) -> Option<FileWrite> {
    let fd: String = redirect
        .op
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let op = &redirect.op[fd.len()..];
    let target = redirect.target.as_ref()?;
    let duplicates = op == ">&" && target.text.chars().all(|c| c.is_ascii_digit() || c == '-');
    let writes = matches!(op, ">" | ">>" | ">|" | "&>" | "&>>" | ">&") && !duplicates;
    if !writes || DEVICES.contains(&target.text.as_str()) {
        return None;
    }
    let stdout = fd.is_empty() || fd == "1" || op.starts_with('&');
    Some(FileWrite {
        range: redirect.range,
        path: target.clone(),
        content_vars: if stdout { output.to_vec() } else { Vec::new() },
        command,
        append: op.ends_with(">>"),
    })
}

/// `tee [-a] f...`: one write per file.
fn tee_writes(walker: &mut Walker, command: usize, args: &[WordBuf], content: &[VarUse]) {
    let append = args.iter().any(|a| {
        let t = a.text();
        t == "--append" || (t.starts_with('-') && !t.starts_with("--") && t.contains('a'))
    });
    let range = walker
        .facts
        .commands
        .get(command)
        .map(|c| c.range)
        .unwrap_or_default();
    for path in operands(args) {
        if DEVICES.contains(&path.text.as_str()) {
            continue;
        }
        walker.facts.file_writes.push(FileWrite {
            range,
            path: path.clone(),
            content_vars: content.to_vec(),
            command,
            append,
        });
    }
}

/// `rm`, `unlink`, `shred -u`: one removal per operand.
fn removals(walker: &mut Walker, command: usize, args: &[WordBuf], range: crate::text::TextRange) {
    for path in operands(args) {
        walker.facts.file_removals.push(FileRemoval {
            range,
            path: path.clone(),
            command,
        });
    }
}

fn is_shred_remove(flag: &str) -> bool {
    flag == "--remove"
        || flag.starts_with("--remove=")
        || (flag.starts_with('-') && !flag.starts_with("--") && flag.contains('u'))
}

/// The non-option arguments (everything after `--`).
fn operands(args: &[WordBuf]) -> Vec<&Word> {
    let mut out = Vec::new();
    let mut options_done = false;
    for arg in args {
        let text = arg.text();
        if !options_done && text == "--" {
            options_done = true;
        } else if options_done || !text.starts_with('-') || text == "-" {
            out.push(&arg.word);
        }
    }
    out
}
