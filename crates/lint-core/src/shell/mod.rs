//! Shell scripts (RUN bodies and pipeline script lines) parsed with positions, and the
//! facts extracted from them: docker commands, variable flow and file writes.
//!
//! [`analyze`] parses each input with tree-sitter-bash and walks it in execution order,
//! carrying the working directory, exported names and `DOCKER_BUILDKIT` from one input to
//! the next. Every range in the result is a source range (mapped through [`MappedText`]).

mod docker;
mod facts;
mod syntax;
mod words;

use crate::text::{MappedText, Spanned, TextRange};

/// Parses and analyzes the lines of one script, run in order by one shell.
///
/// Never panics: broken input yields what could be extracted from it.
pub fn analyze(lines: &[&MappedText]) -> ScriptFacts {
    let size = script_size(lines);
    if size > MAX_SCRIPT_BYTES {
        tracing::warn!(
            size,
            "script longer than {MAX_SCRIPT_BYTES} bytes not analyzed"
        );
        return ScriptFacts {
            skipped: Some(size),
            ..ScriptFacts::default()
        };
    }
    syntax::Walker::run(lines)
}

/// The longest script [`analyze`] parses, in bytes. The shell parser keeps a syntax tree of
/// a few hundred bytes per word, so a few megabytes of words would take gigabytes; real
/// scripts stay far below this.
pub const MAX_SCRIPT_BYTES: usize = 256 * 1024;

/// The total length of a script's lines.
pub fn script_size(lines: &[&MappedText]) -> usize {
    lines.iter().map(|line| line.as_str().len()).sum()
}

/// Everything [`analyze`] found in a script.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScriptFacts {
    /// Every simple command, in source order, including those inside pipelines, lists,
    /// subshells, compound commands, functions and command substitutions. A bare
    /// assignment or redirection (`X=1`, `> f`) is a command without a name, and
    /// `export`/`declare`/`local`/`readonly`/`unset` are commands named after the keyword.
    pub commands: Vec<SimpleCommand>,
    /// Variable assignments, in source order.
    pub assignments: Vec<Assignment>,
    /// Files written by redirections and `tee`.
    pub file_writes: Vec<FileWrite>,
    /// Files removed by `rm`, `shred -u` and `unlink`.
    pub file_removals: Vec<FileRemoval>,
    /// `docker build`, `docker image build`, `docker builder build`, `docker buildx build`.
    pub docker_builds: Vec<DockerBuild>,
    /// `docker login`.
    pub docker_logins: Vec<DockerLogin>,
    /// `docker save` and `docker image save`.
    pub docker_saves: Vec<DockerSave>,
    /// The script's size when it was longer than [`MAX_SCRIPT_BYTES`] and not analyzed.
    pub skipped: Option<usize>,
}

/// One shell word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// Where the word is written, quotes included.
    pub range: TextRange,
    /// The word with quotes and escapes removed; `$VAR` and `$(...)` kept as written.
    pub text: String,
    /// The text, when the word has no expansion.
    pub literal: Option<String>,
    /// The variables the word reads, in source order.
    pub vars: Vec<VarUse>,
}

/// A read of a shell variable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VarUse {
    /// The variable's name.
    pub name: String,
    /// The whole expansion: `$NAME`, `${NAME}`, `${NAME:-x}` (the bare name in `$((...))`).
    pub range: TextRange,
    /// Whether the read happens inside `$(...)`, backticks or `<(...)`.
    pub in_command_substitution: bool,
}

/// A simple command: optional name, arguments and redirections.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SimpleCommand {
    /// Position in [`ScriptFacts::commands`].
    pub index: usize,
    /// The command, prefix assignments and own redirections included.
    pub range: TextRange,
    /// Index of the input [`MappedText`] the command is in.
    pub line: usize,
    /// The command name as written (`sudo` for `sudo docker build`).
    pub name: Option<Word>,
    /// The arguments after the name.
    pub args: Vec<Word>,
    /// Redirections of the command, and those of an enclosing compound command.
    pub redirects: Vec<Redirect>,
    /// Index of the command whose output is piped into this one.
    pub pipe_from: Option<usize>,
    /// The working directory set by literal `cd`/`pushd` before this command, joined like a
    /// path (`a/b`, `/abs`). `None` when never changed or unknown (`cd -`, `cd $X`, a `cd`
    /// in only one branch of an `if`).
    pub cwd: Option<String>,
}

/// A redirection (`> f`, `2>> log`, `<<EOF`, `<<< "$X"`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Redirect {
    /// The redirection as written (for a heredoc, the `<<EOF` part).
    pub range: TextRange,
    /// File descriptor and operator: `">"`, `">>"`, `"<"`, `"2>"`, `"&>"`, `"2>&"`, `"<<"`,
    /// `"<<-"`, `"<<<"`.
    pub op: String,
    /// The file, descriptor or here-string; `None` for heredocs.
    pub target: Option<Word>,
    /// Variables expanded in a heredoc's body (none when the delimiter is quoted).
    pub heredoc_body_vars: Vec<VarUse>,
}

/// A variable assignment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assignment {
    /// The variable's name.
    pub name: Spanned<String>,
    /// The value; `None` for `export X`, `declare X`.
    pub value: Option<Word>,
    /// Whether the variable is in the environment of later commands: written with
    /// `export`/`declare -x`, exported earlier, or a prefix assignment (for its command).
    pub exported: bool,
    /// The assignment (`X=...`), or the name alone for `export X`.
    pub range: TextRange,
    /// For `A=1 cmd`, the index of `cmd` in [`ScriptFacts::commands`].
    pub prefix_of: Option<usize>,
    /// Index of the input [`MappedText`] the assignment is in.
    pub line: usize,
    /// Every variable the value reads, including inside `$(...)`.
    pub depends_on: Vec<VarUse>,
}

/// A file written by the script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileWrite {
    /// The redirection (`> f`), or the whole `tee` command.
    pub range: TextRange,
    /// The file written.
    pub path: Word,
    /// Variables whose values end up in the file: arguments of `echo`/`printf`, heredoc and
    /// here-string bodies, the output of the commands piped into `tee`, `cat`, `envsubst`...
    pub content_vars: Vec<VarUse>,
    /// Index of the writing command in [`ScriptFacts::commands`].
    pub command: usize,
    /// Whether the file is appended to (`>>`, `tee -a`).
    pub append: bool,
}

/// A file removed by the script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileRemoval {
    /// The whole removing command.
    pub range: TextRange,
    /// The file removed.
    pub path: Word,
    /// Index of the removing command in [`ScriptFacts::commands`].
    pub command: usize,
}

/// A `docker build` (classic or buildx).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DockerBuild {
    /// Index of the command in [`ScriptFacts::commands`].
    pub command: usize,
    /// The whole command.
    pub range: TextRange,
    /// Whether it is `docker buildx build` (always BuildKit).
    pub buildx: bool,
    /// `DOCKER_BUILDKIT` from a prefix assignment on this command, or else the last
    /// assignment before it, with that assignment's range; `None` when never set or unknown.
    pub buildkit: Option<Spanned<bool>>,
    /// `-f`/`--file` (the last one).
    pub file: Option<Word>,
    /// The context: the first argument that is neither a flag nor a flag's value.
    pub context: Option<Word>,
    /// `--target`.
    pub target: Option<Word>,
    /// `--build-arg` flags, in order.
    pub build_args: Vec<BuildArgFlag>,
    /// `--secret` flags, in order.
    pub secrets: Vec<SecretFlag>,
    /// `--ssh` values.
    pub ssh: Vec<Word>,
    /// `--cache-to` values.
    pub cache_to: Vec<Word>,
    /// `--cache-from` values.
    pub cache_from: Vec<Word>,
    /// `--provenance`, or an `--attest type=provenance,...`.
    pub provenance: Option<Word>,
    /// `--push`, or an `--output` with `type=registry` or `push=true`.
    pub push: bool,
    /// `--load`, or an `--output` with `type=docker`.
    pub load: bool,
    /// `-t`/`--tag` values.
    pub tags: Vec<Word>,
    /// `--platform`.
    pub platform: Option<Word>,
    /// The working directory of the command (see [`SimpleCommand::cwd`]).
    pub cwd: Option<String>,
}

/// One `--build-arg` flag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildArgFlag {
    /// From `--build-arg` through the end of its value.
    pub range: TextRange,
    /// The build arg's name.
    pub name: Spanned<String>,
    /// The value after `=`; `None` for `--build-arg K` (the value comes from `$K`).
    pub value: Option<Word>,
}

/// One `--secret` flag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SecretFlag {
    /// From `--secret` through the end of its value.
    pub range: TextRange,
    /// `id=`.
    pub id: Option<Spanned<String>>,
    /// `env=`.
    pub env: Option<Spanned<String>>,
    /// `src=` or `source=`.
    pub src: Option<Spanned<String>>,
    /// `type=` as written, else `"env"` when `env=` is given, `"file"` when `src=` is.
    pub kind: Option<String>,
}

/// A `docker login`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DockerLogin {
    /// Index of the command in [`ScriptFacts::commands`].
    pub command: usize,
    /// The whole command.
    pub range: TextRange,
    /// The password given on the command line (`-p X`, `--password X`, `--password=X`,
    /// `-pX`).
    pub password: Option<Word>,
    /// From the password flag through its value (what a fix would replace).
    pub password_flag: Option<TextRange>,
    /// Whether `--password-stdin` is given.
    pub password_stdin: bool,
    /// `-u`/`--username`.
    pub username: Option<Word>,
    /// The registry argument.
    pub registry: Option<Word>,
}

/// A `docker save`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DockerSave {
    /// Index of the command in [`ScriptFacts::commands`].
    pub command: usize,
    /// The whole command.
    pub range: TextRange,
    /// `-o`/`--output`, or else a `> file` redirection.
    pub output: Option<Word>,
    /// The images saved.
    pub images: Vec<Word>,
}
