//! The Dockerfile parser, faithful to BuildKit's, and the stage model built on it.
//!
//! [`parse`] never fails: syntax problems are located [`SyntaxError`]s and parsing resumes at
//! the next instruction. Every user-written token carries a byte range into the original
//! text (a byte-order mark included, so the first line of a BOM file starts at 3).

mod ast;
mod expand;
mod heredoc;
mod instruction;
mod lines;
mod mounts;
mod parser;
mod stages;
mod words;

pub use ast::{
    CommandForm, CommandLine, CopyArgs, Directive, Dockerfile, Flag, Heredoc, Instruction,
    InstructionKind, KeyValue, SyntaxError, VarRef, Word,
};
pub use expand::{expand, scope_values};
pub use mounts::{Mount, MountOption};
pub use parser::parse;
pub use stages::{Stage, StageBase, StageGraph};
