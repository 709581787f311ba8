//! The walk over tree-sitter-bash trees: statements in execution order, with the shell state
//! (working directory, exported names, `DOCKER_BUILDKIT`) carried from line to line.
//! Recursion is bounded by [`MAX_DEPTH`]; `&&`/`||` chains are flattened without recursion.

use std::cell::Cell;
use std::collections::HashSet;

use tree_sitter::{Node, Parser};

use super::facts::{self, CommandFacts};
use super::words::{Src, WordBuf, collect_vars, find_substitutions, kind};
use super::{Assignment, Redirect, ScriptFacts, SimpleCommand};
use crate::text::{MappedText, Spanned, TextRange};

/// Nesting deeper than this (compound commands, substitutions) is skipped.
const MAX_DEPTH: usize = 64;

/// A cwd longer than this (`PATH_MAX`) is treated as unknown, which also keeps a script of
/// endless `cd d` lines from costing quadratic memory.
const MAX_PATH: usize = 4096;

/// Node kinds walked as statements; any other node is only searched for substitutions.
const STATEMENTS: &[&str] = &[
    "program",
    "command",
    "variable_assignment",
    "variable_assignments",
    "declaration_command",
    "unset_command",
    "pipeline",
    "list",
    "redirected_statement",
    "subshell",
    "compound_statement",
    "function_definition",
    "if_statement",
    "elif_clause",
    "else_clause",
    "while_statement",
    "for_statement",
    "c_style_for_statement",
    "case_statement",
    "case_item",
    "do_group",
    "negated_command",
    "test_command",
    "ERROR",
];

/// Compound commands whose bodies may not run: a `cd` inside makes the cwd unknown.
const BRANCHING: &[&str] = &[
    "if_statement",
    "while_statement",
    "for_statement",
    "c_style_for_statement",
    "case_statement",
];

/// The working directory as far as the script tells.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) enum Cwd {
    /// Never changed.
    #[default]
    Initial,
    /// Changed to this path (relative to the initial directory unless absolute).
    Known(String),
    /// Changed to something the script does not tell.
    Unknown,
}

/// Shell state that flows from one command to the next.
#[derive(Clone, Debug, Default)]
pub(crate) struct ShellState {
    /// The working directory.
    pub cwd: Cwd,
    /// Names marked for export.
    pub exported: HashSet<String>,
    /// The last `DOCKER_BUILDKIT` assignment, `None` when unset or unknown.
    pub buildkit: Option<Spanned<bool>>,
}

/// The state saved around a subshell (the exported set is not restored: that keeps
/// subshells cheap, and an export inside a subshell is rare).
struct Saved {
    cwd: Cwd,
    buildkit: Option<Spanned<bool>>,
}

/// Walks the scripts' trees and accumulates [`ScriptFacts`].
pub(crate) struct Walker {
    /// The facts found so far.
    pub facts: ScriptFacts,
    /// The shell state before the statement being walked.
    pub state: ShellState,
    /// For each command, the variables whose values it prints on stdout.
    pub output_vars: Vec<Vec<super::VarUse>>,
    /// Index of the input being walked.
    line: usize,
    /// The bash parser, also used to re-parse the pieces of a syntax error.
    parser: Parser,
    /// How many re-parses enclose the current walk (bounded by [`MAX_REPARSE`]).
    reparse_level: usize,
}

thread_local! {
    /// A bash parser kept between scripts: creating and dropping one costs about as much
    /// as parsing a short script. It is taken out while a script is walked.
    static PARSER: Cell<Option<Parser>> = const { Cell::new(None) };
}

/// This thread's kept bash parser, or a new one; `None` when the grammar cannot be loaded.
fn take_parser() -> Option<Parser> {
    if let Some(parser) = PARSER.try_with(Cell::take).ok().flatten() {
        return Some(parser);
    }
    let mut parser = Parser::new();
    if let Err(error) = parser.set_language(&tree_sitter_bash::LANGUAGE.into()) {
        tracing::warn!(%error, "the bash grammar could not be loaded; scripts are skipped");
        return None;
    }
    Some(parser)
}

/// Where a statement sits: what pipes into it and which redirections enclose it.
#[derive(Clone, Copy)]
struct Ctx<'r> {
    pipe_in: Option<usize>,
    redirects: &'r [Redirect],
    depth: usize,
    /// Whether `redirects` belong to the last command of a list only: tree-sitter hangs
    /// the redirection of `a && b > f` on the whole list, but bash applies it to `b`.
    tail: bool,
    /// How many of `redirects` (the first ones) are written right after the command, so
    /// that its range covers them (tree-sitter puts them on an enclosing node).
    own_redirects: usize,
}

impl Ctx<'_> {
    /// A context with nothing piped in and no redirections.
    fn top(depth: usize) -> Self {
        Ctx {
            pipe_in: None,
            redirects: &[],
            depth,
            tail: false,
            own_redirects: 0,
        }
    }

    fn deeper(self) -> Self {
        Ctx {
            depth: self.depth + 1,
            tail: false,
            own_redirects: 0,
            ..self
        }
    }
}

impl Walker {
    /// Parses and walks every line in order.
    pub fn run(lines: &[&MappedText]) -> ScriptFacts {
        let Some(parser) = take_parser() else {
            return ScriptFacts::default();
        };
        let mut walker = Walker {
            facts: ScriptFacts::default(),
            state: ShellState::default(),
            output_vars: Vec::new(),
            line: 0,
            parser,
            reparse_level: 0,
        };
        for (line, mapped) in lines.iter().enumerate() {
            walker.line = line;
            walker.parse_and_walk(mapped, 0);
        }
        let Walker { facts, parser, .. } = walker;
        // Kept for the next script on this thread (gone when the thread is being torn down).
        let _ = PARSER.try_with(|slot| slot.set(Some(parser)));
        facts
    }

    /// Parses `mapped` and walks its tree.
    fn parse_and_walk(&mut self, mapped: &MappedText, depth: usize) -> Option<usize> {
        let text = mapped.as_str();
        let Some(tree) = self.parser.parse(text, None) else {
            tracing::debug!(
                line = self.line,
                "tree-sitter gave no tree for a script line"
            );
            return None;
        };
        let src = Src { text, mapped };
        self.statement(src, tree.root_node(), Ctx::top(depth))
    }

    /// Walks one statement; returns the index of the last simple command it produced.
    fn statement(&mut self, src: Src, node: Node, ctx: Ctx) -> Option<usize> {
        if ctx.depth > MAX_DEPTH {
            tracing::debug!(
                line = self.line,
                "shell nesting too deep; the rest is skipped"
            );
            return None;
        }
        match kind(node) {
            "command" => Some(self.simple_command(src, node, ctx)),
            "variable_assignment" | "variable_assignments" => Some(self.bare_assignment(src, node)),
            "declaration_command" | "unset_command" => Some(self.declaration(src, node)),
            "pipeline" => self.pipeline(src, node, ctx),
            "list" => self.list(src, node, ctx),
            "redirected_statement" => self.redirected(src, node, ctx),
            "subshell" | "function_definition" => {
                let saved = self.save();
                let last = self.children(src, node, ctx.deeper());
                self.restore(saved);
                last
            }
            kind if BRANCHING.contains(&kind) => {
                let before = self.state.cwd.clone();
                let last = self.children(src, node, ctx.deeper());
                if self.state.cwd != before {
                    self.state.cwd = Cwd::Unknown;
                }
                last
            }
            "ERROR" => self.recover(src, node, ctx.deeper()),
            kind if STATEMENTS.contains(&kind) => self.children(src, node, ctx.deeper()),
            "comment" => None,
            _ => {
                self.substitutions(src, &[node], ctx.depth);
                None
            }
        }
    }

    /// Walks the named children of `node` in order; the first one receives the pipe.
    fn children(&mut self, src: Src, node: Node, ctx: Ctx) -> Option<usize> {
        let mut cursor = node.walk();
        let children: Vec<Node> = node.named_children(&mut cursor).collect();
        let mut pipe_in = ctx.pipe_in;
        let mut last = None;
        for child in children {
            if let Some(index) = self.statement(src, child, Ctx { pipe_in, ..ctx }) {
                last = Some(index);
                pipe_in = None;
            }
        }
        last
    }

    /// `a | b | c`: each element reads the last command of the one before; the enclosing
    /// redirections apply to the last element only.
    fn pipeline(&mut self, src: Src, node: Node, ctx: Ctx) -> Option<usize> {
        let mut cursor = node.walk();
        let elements: Vec<Node> = node
            .named_children(&mut cursor)
            .filter(|n| kind(*n) != "comment")
            .collect();
        let count = elements.len();
        let mut pipe_in = ctx.pipe_in;
        let mut last = None;
        for (i, element) in elements.into_iter().enumerate() {
            let redirects = if i + 1 == count { ctx.redirects } else { &[] };
            let element_ctx = Ctx {
                pipe_in,
                redirects,
                ..ctx.deeper()
            };
            if let Some(index) = self.statement(src, element, element_ctx) {
                last = Some(index);
            }
            pipe_in = last;
        }
        last
    }

    /// `a && b || c; d`: tree-sitter nests these to the left, so flatten them first.
    fn list(&mut self, src: Src, node: Node, ctx: Ctx) -> Option<usize> {
        let mut leaves = Vec::new();
        let mut stack = vec![node];
        while let Some(current) = stack.pop() {
            if kind(current) == "list" {
                let mut cursor = current.walk();
                let children: Vec<Node> = current.named_children(&mut cursor).collect();
                stack.extend(children.into_iter().rev());
            } else if kind(current) != "comment" {
                leaves.push(current);
            }
        }
        let count = leaves.len();
        let mut pipe_in = ctx.pipe_in;
        let mut last = None;
        for (i, leaf) in leaves.into_iter().enumerate() {
            let redirects = if ctx.tail && i + 1 != count {
                &[]
            } else {
                ctx.redirects
            };
            let leaf_ctx = Ctx {
                pipe_in,
                redirects,
                ..ctx.deeper()
            };
            if let Some(index) = self.statement(src, leaf, leaf_ctx) {
                last = Some(index);
                pipe_in = None;
            }
        }
        last
    }

    /// A statement with redirections (`cmd > f`, `cat <<EOF | tee f`, `{ ...; } 2>&1`).
    fn redirected(&mut self, src: Src, node: Node, ctx: Ctx) -> Option<usize> {
        let mut parts = RedirectParts::default();
        let mut body = None;
        for (field, child) in fielded_children(node) {
            match (field, kind(child)) {
                (Some("body"), _) => body = Some(child),
                (_, "file_redirect" | "herestring_redirect" | "heredoc_redirect") => {
                    parts.add(src, child);
                }
                _ => {}
            }
        }
        let own_count = parts.redirects.len();
        let mut redirects = std::mem::take(&mut parts.redirects);
        redirects.extend_from_slice(ctx.redirects);
        let tail = body.is_some_and(|b| kind(b) == "list");
        let inner = Ctx {
            redirects: &redirects,
            tail,
            ..ctx.deeper()
        };
        let last = match body {
            Some(body) if kind(body) == "command" => {
                let own = Ctx {
                    own_redirects: own_count,
                    ..inner
                };
                Some(self.simple_command(src, body, own))
            }
            Some(body) => self.statement(src, body, inner),
            None => {
                let bare = CommandParts::new(src.range(node));
                let bare_ctx = Ctx {
                    redirects: &redirects,
                    ..ctx
                };
                Some(self.finish_command(src, bare, bare_ctx))
            }
        };
        self.substitutions(src, &parts.scanned, ctx.depth);
        self.heredoc_continuation(src, &parts, last, ctx.depth + 1)
    }

    /// `cat <<EOF | tee f` and `cat <<EOF && next`: tree-sitter puts what follows the
    /// heredoc's start line inside the heredoc redirect.
    fn heredoc_continuation(
        &mut self,
        src: Src,
        parts: &RedirectParts,
        mut last: Option<usize>,
        depth: usize,
    ) -> Option<usize> {
        for element in &parts.piped {
            let element_ctx = Ctx {
                pipe_in: last,
                ..Ctx::top(depth)
            };
            if let Some(index) = self.statement(src, *element, element_ctx) {
                last = Some(index);
            }
        }
        for statement in &parts.after {
            last = self.statement(src, *statement, Ctx::top(depth)).or(last);
        }
        last
    }

    /// A simple command with its prefix assignments, arguments and redirections.
    fn simple_command(&mut self, src: Src, node: Node, ctx: Ctx) -> usize {
        let own = ctx.redirects.get(..ctx.own_redirects).unwrap_or_default();
        let range = own
            .iter()
            .fold(src.range(node), |range, r| range.cover(r.range));
        let mut parts = CommandParts::new(range);
        for (field, child) in fielded_children(node) {
            match (field, kind(child)) {
                (Some("name"), _) => {
                    parts.name = Some(command_name_word(src, child, &mut parts.substitutions));
                }
                (Some("argument"), _) => {
                    let word = WordBuf::finding_substitutions(src, child, &mut parts.substitutions);
                    parts.args.push(word);
                }
                (_, "file_redirect" | "herestring_redirect" | "heredoc_redirect") => {
                    parts.redirects.add(src, child);
                }
                (_, "variable_assignment") => parts.prefixes.push(child),
                _ => {}
            }
        }
        // Error recovery can make a reserved word the name: `for ; do docker build .`.
        while parts
            .name
            .as_ref()
            .is_some_and(|n| RESERVED.contains(&n.text()))
            && !parts.args.is_empty()
        {
            parts.name = Some(parts.args.remove(0));
        }
        self.finish_command(src, parts, ctx)
    }

    /// Records a command gathered by [`Self::simple_command`] or recovered from an error.
    fn finish_command(&mut self, src: Src, parts: CommandParts, ctx: Ctx) -> usize {
        let CommandParts {
            range,
            name,
            args,
            prefixes,
            redirects: redirect_parts,
            substitutions,
        } = parts;
        let mut redirects = redirect_parts.redirects;
        redirects.extend_from_slice(ctx.redirects);
        let index = self.push_command(range, name.as_ref(), &args, redirects, ctx);

        let mut prefix_buildkit = None;
        for prefix in &prefixes {
            let assignment = self.assignment(src, *prefix, Some(index), true);
            if assignment.name.value == "DOCKER_BUILDKIT" {
                prefix_buildkit = Some(buildkit_value(&assignment));
            }
            self.facts.assignments.push(assignment);
        }
        let command = CommandFacts {
            index,
            name: name.as_ref(),
            args: &args,
            prefix_buildkit,
        };
        facts::record(self, &command);

        let mut found = Vec::new();
        for prefix in &prefixes {
            find_substitutions(*prefix, &mut found);
        }
        found.extend(substitutions);
        for node in &redirect_parts.scanned {
            find_substitutions(*node, &mut found);
        }
        self.walk_substitutions(src, &found, ctx.depth);
        self.apply_cd(name.as_ref(), &args);
        index
    }

    /// A syntax error: each piece between top-level separators (`;`, `&&`, `|`, newline)
    /// is parsed again on its own, so that `case x in; docker build .` still yields the
    /// build. When that is no help, each run of words that starts a statement is taken for
    /// a command.
    fn recover(&mut self, src: Src, node: Node, ctx: Ctx) -> Option<usize> {
        let mut cursor = node.walk();
        let children: Vec<Node> = node.children(&mut cursor).collect();
        let pieces = split_at_separators(&children, node);
        if pieces.len() > 1 && self.reparse_level < MAX_REPARSE {
            self.reparse_level += 1;
            let mut last = None;
            for piece in pieces {
                let mapped = sub_mapped(src.mapped, piece);
                last = self.parse_and_walk(&mapped, ctx.depth + 1).or(last);
            }
            self.reparse_level -= 1;
            return last;
        }
        self.word_runs(src, &children, ctx)
    }

    /// Commands from runs of words that start a statement (after a separator or at the
    /// start), for input tree-sitter could not make sense of.
    fn word_runs(&mut self, src: Src, children: &[Node], ctx: Ctx) -> Option<usize> {
        let mut last = None;
        let mut run: Vec<Node> = Vec::new();
        let mut at_start = true;
        let mut prev: Option<Node> = None;
        for child in children {
            let newline = prev.is_some_and(|p| !same_line(src, p, *child));
            prev = Some(*child);
            if is_word(*child) {
                if newline {
                    last = self.recovered_command(src, &run, ctx).or(last);
                    run.clear();
                    at_start = true;
                }
                if at_start || !run.is_empty() {
                    run.push(*child);
                }
                continue;
            }
            last = self.recovered_command(src, &run, ctx).or(last);
            run.clear();
            at_start = is_separator(*child);
            if child.is_named() {
                last = self
                    .statement(
                        src,
                        *child,
                        Ctx {
                            pipe_in: None,
                            ..ctx
                        },
                    )
                    .or(last);
            }
        }
        self.recovered_command(src, &run, ctx).or(last)
    }

    /// A command made of the words `run` (none when `run` is empty).
    fn recovered_command(&mut self, src: Src, run: &[Node], ctx: Ctx) -> Option<usize> {
        let keywords = run
            .iter()
            .take_while(|w| RESERVED.contains(&src.slice(**w)))
            .count();
        let run = run.get(keywords..)?;
        let (first, last) = (run.first()?, run.last()?);
        let range = TextRange::new(first.start_byte(), last.end_byte());
        let mut parts = CommandParts::new(src.mapped.source_range(range));
        let found = &mut parts.substitutions;
        parts.name = Some(WordBuf::finding_substitutions(src, *first, found));
        parts.args = run
            .iter()
            .skip(1)
            .map(|w| WordBuf::finding_substitutions(src, *w, found))
            .collect();
        Some(self.finish_command(src, parts, ctx))
    }

    /// Appends a [`SimpleCommand`] and returns its index.
    fn push_command(
        &mut self,
        range: TextRange,
        name: Option<&WordBuf>,
        args: &[WordBuf],
        redirects: Vec<Redirect>,
        ctx: Ctx,
    ) -> usize {
        let index = self.facts.commands.len();
        self.facts.commands.push(SimpleCommand {
            index,
            range,
            line: self.line,
            name: name.map(|n| n.word.clone()),
            args: args.iter().map(|a| a.word.clone()).collect(),
            redirects,
            pipe_from: ctx.pipe_in,
            cwd: match &self.state.cwd {
                Cwd::Known(path) => Some(path.clone()),
                Cwd::Initial | Cwd::Unknown => None,
            },
        });
        self.output_vars.push(Vec::new());
        index
    }

    /// `X=1` or `A=1 B=2` on their own.
    fn bare_assignment(&mut self, src: Src, node: Node) -> usize {
        let ctx = Ctx::top(0);
        let index = self.push_command(src.range(node), None, &[], Vec::new(), ctx);
        let nodes: Vec<Node> = if kind(node) == "variable_assignments" {
            let mut cursor = node.walk();
            node.named_children(&mut cursor).collect()
        } else {
            vec![node]
        };
        for assignment in &nodes {
            let exported = self
                .state
                .exported
                .contains(assignment_name(src, *assignment).as_str());
            let assignment = self.assignment(src, *assignment, None, exported);
            self.set_variable(&assignment);
            self.facts.assignments.push(assignment);
        }
        self.substitutions(src, &nodes, 0);
        index
    }

    /// `export X=1 Y`, `declare -x Z=1`, `local a`, `readonly R=x`, `unset X`.
    fn declaration(&mut self, src: Src, node: Node) -> usize {
        let mut cursor = node.walk();
        let children: Vec<Node> = node.children(&mut cursor).collect();
        let keyword = children.first().map(|k| WordBuf::from_node(src, *k));
        let keyword_text = keyword
            .as_ref()
            .map(|k| k.text().to_owned())
            .unwrap_or_default();
        let operands: Vec<Node> = children
            .iter()
            .skip(1)
            .filter(|c| c.is_named())
            .copied()
            .collect();
        let args: Vec<WordBuf> = operands
            .iter()
            .map(|c| WordBuf::from_node(src, *c))
            .collect();
        let ctx = Ctx::top(0);
        let range = src.range(node);
        let index = self.push_command(range, keyword.as_ref(), &args, Vec::new(), ctx);

        let exports = declares_export(&keyword_text, &args);
        for operand in &operands {
            self.declared(src, &keyword_text, *operand, exports);
        }
        let command = CommandFacts {
            index,
            name: keyword.as_ref(),
            args: &args,
            prefix_buildkit: None,
        };
        facts::record(self, &command);
        self.substitutions(src, &operands, 0);
        index
    }

    /// One operand of a declaration command.
    fn declared(&mut self, src: Src, keyword: &str, operand: Node, exports: bool) {
        let name = match kind(operand) {
            "variable_assignment" => assignment_name(src, operand),
            "variable_name" | "word" => src.slice(operand).to_owned(),
            _ => return,
        };
        if keyword == "unset" {
            if name == "DOCKER_BUILDKIT" {
                self.state.buildkit = None;
            }
            self.state.exported.remove(&name);
            return;
        }
        if name.starts_with('-') || name.is_empty() {
            return;
        }
        if exports {
            self.state.exported.insert(name.clone());
        }
        let exported = exports || self.state.exported.contains(&name);
        let assignment = if kind(operand) == "variable_assignment" {
            self.assignment(src, operand, None, exported)
        } else {
            Assignment {
                name: Spanned::new(name, src.range(operand)),
                value: None,
                exported,
                range: src.range(operand),
                prefix_of: None,
                line: self.line,
                depends_on: Vec::new(),
            }
        };
        if assignment.value.is_some() {
            self.set_variable(&assignment);
        }
        self.facts.assignments.push(assignment);
    }

    /// Builds the [`Assignment`] of a `variable_assignment` node.
    fn assignment(
        &self,
        src: Src,
        node: Node,
        prefix_of: Option<usize>,
        exported: bool,
    ) -> Assignment {
        let name_node = node.child_by_field_name("name");
        let name_node = match name_node {
            Some(n) if kind(n) == "subscript" => n.child_by_field_name("name").or(Some(n)),
            other => other,
        };
        let name = match name_node {
            Some(n) => Spanned::new(src.slice(n).to_owned(), src.range(n)),
            None => Spanned::new(String::new(), TextRange::empty(src.range(node).start)),
        };
        let value = match node.child_by_field_name("value") {
            Some(value) => WordBuf::from_node(src, value),
            None => WordBuf::empty(src, node.end_byte()),
        };
        Assignment {
            name,
            depends_on: collect_vars(src, node),
            value: Some(value.word),
            exported,
            range: src.range(node),
            prefix_of,
            line: self.line,
        }
    }

    /// Records the effect of assigning a variable on the shell state.
    fn set_variable(&mut self, assignment: &Assignment) {
        if assignment.name.value == "DOCKER_BUILDKIT" {
            self.state.buildkit = buildkit_value(assignment);
        }
    }

    /// Walks the command substitutions inside `nodes`, each in a subshell.
    fn substitutions(&mut self, src: Src, nodes: &[Node], depth: usize) {
        let mut found = Vec::new();
        for node in nodes {
            find_substitutions(*node, &mut found);
        }
        self.walk_substitutions(src, &found, depth);
    }

    /// Walks each of `found` (command substitutions) in a subshell.
    fn walk_substitutions(&mut self, src: Src, found: &[Node], depth: usize) {
        for &substitution in found {
            let saved = self.save();
            let ctx = Ctx::top(depth + 1);
            self.children(src, substitution, ctx);
            self.restore(saved);
        }
    }

    /// Updates the cwd after a `cd`/`pushd`/`popd` command.
    fn apply_cd(&mut self, name: Option<&WordBuf>, args: &[WordBuf]) {
        let Some((name, rest, _)) = facts::effective(name, args) else {
            return;
        };
        match name.literal() {
            Some("cd" | "pushd") => {
                let operand = rest
                    .iter()
                    .find(|a| !a.text().starts_with('-') || a.text() == "-");
                self.state.cwd = match operand.and_then(|o| o.literal()) {
                    Some(dir) => join_cwd(&self.state.cwd, dir),
                    None => Cwd::Unknown,
                };
            }
            Some("popd") => self.state.cwd = Cwd::Unknown,
            _ => {}
        }
    }

    fn save(&self) -> Saved {
        Saved {
            cwd: self.state.cwd.clone(),
            buildkit: self.state.buildkit.clone(),
        }
    }

    fn restore(&mut self, saved: Saved) {
        self.state.cwd = saved.cwd;
        self.state.buildkit = saved.buildkit;
    }
}

/// The pieces of a simple command, gathered before it is recorded.
struct CommandParts<'t> {
    /// Source range of the whole command.
    range: TextRange,
    name: Option<WordBuf>,
    args: Vec<WordBuf>,
    /// `variable_assignment` nodes before the name.
    prefixes: Vec<Node<'t>>,
    redirects: RedirectParts<'t>,
    /// The command substitutions in the name and arguments, in source order.
    substitutions: Vec<Node<'t>>,
}

impl CommandParts<'_> {
    fn new(range: TextRange) -> Self {
        CommandParts {
            range,
            name: None,
            args: Vec::new(),
            prefixes: Vec::new(),
            redirects: RedirectParts::default(),
            substitutions: Vec::new(),
        }
    }
}

/// Reserved words that may begin a recovered run of words without being its command.
const RESERVED: &[&str] = &[
    "if", "then", "else", "elif", "fi", "do", "done", "while", "until", "for", "in", "case",
    "esac", "{", "}", "!", "function", "select",
];

/// How many re-parses of error pieces may nest.
const MAX_REPARSE: usize = 2;

/// Tokens that end a statement.
fn is_separator(node: Node) -> bool {
    !node.is_named()
        && matches!(
            kind(node),
            ";" | "&&" | "||" | "|" | "|&" | "&" | ";;" | "\n"
        )
}

/// The text ranges between top-level separators of an ERROR node.
fn split_at_separators(children: &[Node], node: Node) -> Vec<TextRange> {
    let mut pieces = Vec::new();
    let mut start = node.start_byte();
    // Not at `|`: the pieces of a pipeline must stay together to keep `pipe_from`.
    let splits = |c: &&Node| is_separator(**c) && !matches!(kind(**c), "|" | "|&");
    for child in children.iter().filter(splits) {
        pieces.push(TextRange::new(start, child.start_byte()));
        start = child.end_byte();
    }
    pieces.push(TextRange::new(start, node.end_byte()));
    pieces.retain(|p| !p.is_empty());
    pieces
}

/// The part `range` of a mapped text, still mapped to the same source bytes.
fn sub_mapped(mapped: &MappedText, range: TextRange) -> MappedText {
    let mut sub = MappedText::new();
    let text = mapped.as_str();
    let mut at = range.start;
    for segment in mapped.segments() {
        let seg_end = segment.text_start + segment.len;
        let (start, end) = (segment.text_start.max(range.start), seg_end.min(range.end));
        if start >= end {
            continue;
        }
        if at < start {
            sub.push_synthetic(text.get(at..start).unwrap_or(""));
        }
        let source = segment.source_start + (start - segment.text_start);
        sub.push_source(text.get(start..end).unwrap_or(""), source);
        at = end;
    }
    if at < range.end {
        sub.push_synthetic(text.get(at..range.end).unwrap_or(""));
    }
    sub
}

/// Node kinds that are shell words.
fn is_word(node: Node) -> bool {
    matches!(
        kind(node),
        "word"
            | "string"
            | "raw_string"
            | "ansi_c_string"
            | "concatenation"
            | "simple_expansion"
            | "expansion"
            | "command_substitution"
            | "number"
    )
}

/// Whether only blanks or `\`-newlines separate two nodes.
fn same_line(src: Src, before: Node, after: Node) -> bool {
    let gap = src
        .text
        .get(before.end_byte()..after.start_byte())
        .unwrap_or("\n");
    !gap.replace("\\\n", "").contains('\n')
}

/// The redirections of one statement, split into what the walker needs.
#[derive(Default)]
struct RedirectParts<'t> {
    redirects: Vec<Redirect>,
    /// Nodes to search for command substitutions.
    scanned: Vec<Node<'t>>,
    /// Statements piped from the command (`cat <<EOF | tee f`).
    piped: Vec<Node<'t>>,
    /// Statements run after the command (`cat <<EOF && next`).
    after: Vec<Node<'t>>,
}

impl<'t> RedirectParts<'t> {
    fn add(&mut self, src: Src, node: Node<'t>) {
        match kind(node) {
            "heredoc_redirect" => self.heredoc(src, node),
            _ => {
                self.redirects.push(simple_redirect(src, node));
                self.scanned.push(node);
            }
        }
    }

    fn heredoc(&mut self, src: Src, node: Node<'t>) {
        let mut op = String::from("<<");
        let mut end = node.start_byte();
        let mut body_vars = Vec::new();
        let mut nested = Vec::new();
        for (field, child) in fielded_children(node) {
            match (field, kind(child)) {
                (_, "<<" | "<<-") => op = kind(child).to_owned(),
                (_, "heredoc_start") => end = child.end_byte(),
                (_, "heredoc_body") => {
                    body_vars = collect_vars(src, child);
                    self.scanned.push(child);
                }
                (Some("redirect"), _) => nested.push(child),
                (_, "pipeline") => {
                    let mut cursor = child.walk();
                    self.piped.extend(child.named_children(&mut cursor));
                }
                (Some("right"), _) => self.after.push(child),
                _ => {}
            }
        }
        let range = src
            .mapped
            .source_range(TextRange::new(node.start_byte(), end));
        self.redirects.push(Redirect {
            range,
            op,
            target: None,
            heredoc_body_vars: body_vars,
        });
        for child in nested {
            self.add(src, child);
        }
    }
}

/// A file or here-string redirection.
fn simple_redirect(src: Src, node: Node) -> Redirect {
    let mut op = String::new();
    let mut target = None;
    for (field, child) in fielded_children(node) {
        match field {
            Some("descriptor") => op.insert_str(0, src.slice(child)),
            Some("destination") => target = Some(WordBuf::from_node(src, child).word),
            _ if !child.is_named() => op.push_str(src.slice(child)),
            _ => target = Some(WordBuf::from_node(src, child).word),
        }
    }
    Redirect {
        range: src.range(node),
        op,
        target,
        heredoc_body_vars: Vec::new(),
    }
}

/// Children of `node` with their field names.
fn fielded_children(node: Node) -> Vec<(Option<&'static str>, Node)> {
    let mut out = Vec::new();
    let mut cursor = node.walk();
    if cursor.goto_first_child() {
        loop {
            out.push((cursor.field_name(), cursor.node()));
            if !cursor.goto_next_sibling() {
                break;
            }
        }
    }
    out
}

/// The word inside a `command_name` node; its command substitutions go to `found`.
fn command_name_word<'t>(src: Src, node: Node<'t>, found: &mut Vec<Node<'t>>) -> WordBuf {
    let inner = if node.named_child_count() == 1 {
        node.named_child(0)
    } else {
        None
    };
    WordBuf::finding_substitutions(src, inner.unwrap_or(node), found)
}

/// The name of a `variable_assignment` node (`a` for `a[0]=1`).
fn assignment_name(src: Src, node: Node) -> String {
    let name = node.child_by_field_name("name");
    let name = match name {
        Some(n) if kind(n) == "subscript" => n.child_by_field_name("name"),
        other => other,
    };
    name.map(|n| src.slice(n).to_owned()).unwrap_or_default()
}

/// Whether a declaration exports its operands (`export`, `declare -x`, not `export -n`).
fn declares_export(keyword: &str, args: &[WordBuf]) -> bool {
    let flags = args
        .iter()
        .filter_map(|a| a.literal())
        .filter(|t| t.starts_with('-'));
    match keyword {
        "export" => !flags.clone().any(|f| f.contains('n')),
        "declare" | "typeset" | "local" | "readonly" => flags
            .clone()
            .any(|f| !f.starts_with("--") && f.contains('x')),
        _ => false,
    }
}

/// `DOCKER_BUILDKIT`'s value as a boolean, with the assignment's range.
fn buildkit_value(assignment: &Assignment) -> Option<Spanned<bool>> {
    let literal = assignment.value.as_ref()?.literal.as_deref()?;
    let enabled = match literal.to_ascii_lowercase().as_str() {
        "1" | "true" => true,
        "0" | "false" => false,
        _ => return None,
    };
    Some(Spanned::new(enabled, assignment.range))
}

/// The cwd after `cd dir`, joined and normalized lexically.
pub(crate) fn join_cwd(cwd: &Cwd, dir: &str) -> Cwd {
    if dir == "-" || dir.starts_with('~') || dir.is_empty() {
        return Cwd::Unknown;
    }
    let base = match cwd {
        _ if dir.starts_with('/') => "",
        Cwd::Initial => "",
        Cwd::Known(path) => path.as_str(),
        Cwd::Unknown => return Cwd::Unknown,
    };
    let absolute = dir.starts_with('/') || base.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in base.split('/').chain(dir.split('/')) {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            ".." if absolute => {}
            part => parts.push(part),
        }
    }
    let joined = parts.join("/");
    if joined.len() > MAX_PATH {
        return Cwd::Unknown;
    }
    match (absolute, joined.is_empty()) {
        (true, _) => Cwd::Known(format!("/{joined}")),
        (false, true) => Cwd::Known(".".to_owned()),
        (false, false) => Cwd::Known(joined),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cwd_joins_relative_and_absolute_paths() {
        let a = join_cwd(&Cwd::Initial, "a/b");
        assert_eq!(a, Cwd::Known("a/b".to_owned()));
        assert_eq!(join_cwd(&a, "../c/./"), Cwd::Known("a/c".to_owned()));
        assert_eq!(join_cwd(&a, "/x/../y"), Cwd::Known("/y".to_owned()));
        assert_eq!(join_cwd(&Cwd::Initial, ".."), Cwd::Known("..".to_owned()));
        assert_eq!(join_cwd(&a, "../.."), Cwd::Known(".".to_owned()));
        assert_eq!(join_cwd(&a, "-"), Cwd::Unknown);
        assert_eq!(join_cwd(&Cwd::Unknown, "x"), Cwd::Unknown);
    }

    #[test]
    fn a_kept_parser_gives_the_same_facts_as_a_new_one() {
        let good = MappedText::verbatim("cd app && docker build -t $TAG .", 0);
        let broken = MappedText::verbatim("case x in; docker login -p \"$P\" ((", 0);
        let first = Walker::run(&[&good]);
        let names: Vec<Option<&str>> = first
            .commands
            .iter()
            .map(|c| c.name.as_ref().and_then(|n| n.literal.as_deref()))
            .collect();
        assert_eq!(names, [Some("cd"), Some("docker")]);
        let from_broken = Walker::run(&[&broken]);
        assert_eq!(from_broken.docker_logins.len(), 1);
        assert_eq!(Walker::run(&[&good]), first);
        assert_eq!(Walker::run(&[&broken]), from_broken);
    }
}
