//! The typed Dockerfile tree: every instruction, flag, word, heredoc and variable reference
//! with the byte range it was read from in the original text.

use crate::text::{MappedText, Spanned, TextRange};

/// A parsed Dockerfile: its parser directives, instructions and syntax errors.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dockerfile {
    /// `# syntax=`, `# escape=` and `# check=` directives from the top of the file.
    pub directives: Vec<Directive>,
    /// The escape character in force (`\` or a backtick).
    pub escape: char,
    /// Every known instruction, in file order (unknown ones are only reported as errors).
    pub instructions: Vec<Instruction>,
    /// Syntax errors, in file order.
    pub errors: Vec<SyntaxError>,
}

/// A located syntax error; parsing resumed at the next instruction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// Where the problem is.
    pub range: TextRange,
    /// What is wrong, in BuildKit's words where it has some.
    pub message: String,
}

/// A parser directive comment such as `# syntax=docker/dockerfile:1`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    /// Lower-cased name: `syntax`, `escape` or `check`.
    pub name: Spanned<String>,
    /// The value, surrounding whitespace removed.
    pub value: Spanned<String>,
    /// The whole comment line, line ending excluded.
    pub range: TextRange,
}

/// One instruction with its keyword, flags and arguments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Instruction {
    /// The whole instruction: continuation lines and heredoc bodies included.
    pub range: TextRange,
    /// Upper-cased keyword; the range is as written (it may span a continuation).
    pub keyword: Spanned<String>,
    /// `--name[=value]` flags, in written order.
    pub flags: Vec<Flag>,
    /// The instruction-specific arguments.
    pub kind: InstructionKind,
}

/// A `--name[=value]` flag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flag {
    /// The name without the leading `--`.
    pub name: Spanned<String>,
    /// The value after `=` (quotes removed, escapes processed), if any.
    pub value: Option<Spanned<String>>,
    /// The whole `--name=value`.
    pub range: TextRange,
    /// The value again, with the source offset of each of its bytes (for mount options).
    pub value_map: Option<MappedText>,
}

/// The arguments of an instruction, by instruction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InstructionKind {
    /// `FROM image [AS name]`; the stage name is lower-cased.
    From {
        /// The base image or stage, as written.
        image: Word,
        /// The `AS` name, lower-cased.
        stage_name: Option<Spanned<String>>,
    },
    /// `ARG NAME[=value] ...`.
    Arg(Vec<KeyValue>),
    /// `ENV k=v ...` or legacy `ENV k v`.
    Env(Vec<KeyValue>),
    /// `RUN`.
    Run(CommandLine),
    /// `CMD`.
    Cmd(CommandLine),
    /// `ENTRYPOINT`.
    Entrypoint(CommandLine),
    /// `COPY`.
    Copy(CopyArgs),
    /// `ADD`.
    Add(CopyArgs),
    /// `HEALTHCHECK CMD ...`, or `HEALTHCHECK NONE` (command `None`).
    Healthcheck {
        /// The check command; `None` for `NONE` or an invalid type.
        command: Option<CommandLine>,
    },
    /// `ONBUILD` with its trigger instruction.
    Onbuild(Box<Instruction>),
    /// LABEL, EXPOSE, WORKDIR, USER, VOLUME, SHELL, STOPSIGNAL, MAINTAINER (and an ONBUILD
    /// without a valid trigger).
    Other {
        /// The arguments, split as BuildKit splits them for that instruction.
        words: Vec<Word>,
    },
}

/// `key[=value]` of ARG or ENV.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyValue {
    /// The name (quotes removed).
    pub key: Spanned<String>,
    /// The value; `None` for `ARG NAME`.
    pub value: Option<Word>,
    /// The whole pair.
    pub range: TextRange,
}

/// A shell word as written in an argument.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// As written, quotes included.
    pub raw: Spanned<String>,
    /// Quotes removed and escapes processed; `$VAR` references kept, not expanded.
    pub value: String,
    /// The variable references that BuildKit would expand.
    pub vars: Vec<VarRef>,
}

/// A `$NAME`, `${NAME}` or `${NAME:-default}` reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VarRef {
    /// The name, with the range of the name only.
    pub name: Spanned<String>,
    /// The whole reference.
    pub range: TextRange,
}

/// The command of RUN, CMD, ENTRYPOINT or HEALTHCHECK CMD.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommandLine {
    /// Shell or exec form.
    pub form: CommandForm,
    /// Heredocs opened on the instruction line, in order.
    pub heredocs: Vec<Heredoc>,
}

/// Shell form or exec (JSON array) form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CommandForm {
    /// The logical command text (continuations and in-continuation comments removed).
    Shell(MappedText),
    /// The decoded JSON strings; each range covers the JSON string with its quotes.
    Exec(Vec<Spanned<String>>),
}

/// A heredoc (`<<EOF ... EOF`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heredoc {
    /// The delimiter, quotes removed.
    pub name: String,
    /// The whole marker word, such as `<<-"EOF"` (a leading file descriptor included).
    pub marker: TextRange,
    /// Whether the delimiter was quoted (the body is then not expanded).
    pub quoted: bool,
    /// `<<-`: leading tabs are stripped from the body lines and the terminator.
    pub strip_tabs: bool,
    /// The body, each line ending in `\n` (`\r` dropped), tabs stripped for `<<-`.
    pub body: MappedText,
    /// The terminator line's delimiter; empty at end of file when unterminated.
    pub terminator: TextRange,
}

/// The arguments of COPY and ADD.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CopyArgs {
    /// Source paths; heredoc markers are not included (see `heredocs`).
    pub sources: Vec<Word>,
    /// The destination (the last argument), if there are at least two arguments.
    pub dest: Option<Word>,
    /// Heredoc sources, in order.
    pub heredocs: Vec<Heredoc>,
}

impl Instruction {
    /// The first flag named `name` (without `--`).
    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags.iter().find(|f| f.name.value == name)
    }

    /// The command line of RUN, CMD, ENTRYPOINT and HEALTHCHECK CMD.
    pub fn command(&self) -> Option<&CommandLine> {
        match &self.kind {
            InstructionKind::Run(c) | InstructionKind::Cmd(c) | InstructionKind::Entrypoint(c) => {
                Some(c)
            }
            InstructionKind::Healthcheck { command } => command.as_ref(),
            _ => None,
        }
    }

    /// The heredocs of RUN, COPY and ADD.
    pub fn heredocs(&self) -> &[Heredoc] {
        match &self.kind {
            InstructionKind::Run(c) => &c.heredocs,
            InstructionKind::Copy(c) | InstructionKind::Add(c) => &c.heredocs,
            _ => &[],
        }
    }
}
