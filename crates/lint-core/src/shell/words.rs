//! Shell words: unquoting a tree-sitter word node into a [`Word`] that remembers the source
//! offset of every byte, so that flag values (`--build-arg=K=V`, `-pX`) can be cut out of a
//! word with exact ranges, and the variables each word reads.

use std::sync::OnceLock;

use tree_sitter::{Language, Node, TreeCursor};

use super::{VarUse, Word};
use crate::text::{MappedText, Spanned, TextRange};

/// Node kinds whose text is an expansion, kept as written in [`Word::text`].
const EXPANSIONS: &[&str] = &[
    "simple_expansion",
    "expansion",
    "command_substitution",
    "arithmetic_expansion",
    "process_substitution",
];

/// Node kind names indexed by kind id, read once from the grammar ([`Node::kind`] measures
/// and validates the C string on every call).
fn kind_names() -> &'static [&'static str] {
    static NAMES: OnceLock<Vec<&'static str>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let language: Language = tree_sitter_bash::LANGUAGE.into();
        (0..language.node_kind_count())
            .map(|id| {
                u16::try_from(id)
                    .ok()
                    .and_then(|id| language.node_kind_for_id(id))
                    .unwrap_or("")
            })
            .collect()
    })
}

/// The kind of `node`, the same name [`Node::kind`] gives, looked up by kind id.
pub(crate) fn kind(node: Node) -> &'static str {
    match kind_names().get(usize::from(node.kind_id())) {
        Some(name) if !name.is_empty() => name,
        _ => node.kind(),
    }
}

/// The parsed script text of one input, with the map back to source offsets.
#[derive(Clone, Copy)]
pub(crate) struct Src<'a> {
    /// The derived text handed to tree-sitter.
    pub text: &'a str,
    /// Where the text came from.
    pub mapped: &'a MappedText,
}

impl Src<'_> {
    /// The source range of a node.
    pub fn range(&self, node: Node) -> TextRange {
        self.mapped
            .source_range(TextRange::new(node.start_byte(), node.end_byte()))
    }

    /// The derived text of a node, empty when the node's bounds are odd.
    pub fn slice(&self, node: Node) -> &str {
        self.text
            .get(node.start_byte()..node.end_byte())
            .unwrap_or("")
    }
}

/// A [`Word`] plus the source offset of every byte of its unquoted text, for cutting it.
#[derive(Clone, Debug)]
pub(crate) struct WordBuf {
    /// The finished word.
    pub word: Word,
    /// Source offset of each byte of `word.text`.
    offsets: Vec<usize>,
    /// Text offsets where a quoted piece starts, with the source offset of its quote.
    quote_starts: Vec<(usize, usize)>,
}

impl WordBuf {
    /// Unquotes `node` (a word, string, concatenation, expansion...).
    pub fn from_node(src: Src, node: Node) -> Self {
        Self::finding_substitutions(src, node, &mut Vec::new())
    }

    /// [`Self::from_node`], also appending the outermost command and process substitutions
    /// in the word to `substitutions`, in source order.
    pub fn finding_substitutions<'t>(
        src: Src,
        node: Node<'t>,
        substitutions: &mut Vec<Node<'t>>,
    ) -> Self {
        let mut builder = Builder::default();
        builder.piece(src, node);
        let reads = reads(src, node, substitutions);
        let literal = (!reads.expands).then(|| builder.text.clone());
        let word = Word {
            range: src.range(node),
            text: builder.text,
            literal,
            vars: reads.vars,
        };
        Self {
            word,
            offsets: builder.offsets,
            quote_starts: builder.quote_starts,
        }
    }

    /// An empty word at text offset `at` (the value of `X=`).
    pub fn empty(src: Src, at: usize) -> Self {
        let offset = src.mapped.source_offset(at);
        let word = Word {
            range: TextRange::empty(offset),
            text: String::new(),
            literal: Some(String::new()),
            vars: Vec::new(),
        };
        Self {
            word,
            offsets: Vec::new(),
            quote_starts: Vec::new(),
        }
    }

    /// The unquoted text.
    pub fn text(&self) -> &str {
        &self.word.text
    }

    /// The literal text, when the word has no expansion.
    pub fn literal(&self) -> Option<&str> {
        self.word.literal.as_deref()
    }

    /// The word from unquoted byte `at` on (`at` must be a char boundary; otherwise empty).
    pub fn suffix(&self, at: usize) -> Word {
        let Some(text) = self.word.text.get(at..) else {
            return self.empty_at_end();
        };
        let start = self
            .quote_starts
            .iter()
            .find(|(text_at, _)| *text_at == at)
            .map(|(_, quote)| *quote)
            .or_else(|| self.offsets.get(at).copied())
            .unwrap_or(self.word.range.end);
        let range = TextRange::new(start.min(self.word.range.end), self.word.range.end);
        let vars: Vec<VarUse> = self
            .word
            .vars
            .iter()
            .filter(|v| v.range.start >= range.start)
            .cloned()
            .collect();
        // The cut-off part may hold the only expansion (`--password=$P` cut after `=` keeps
        // it; `"$A"--x=1` cut after `=` drops it): judge the suffix on its own text.
        let expands = !vars.is_empty() || text.contains('$') || text.contains('`');
        let literal = (self.word.literal.is_some() || !expands).then(|| text.to_owned());
        Word {
            range,
            text: text.to_owned(),
            literal,
            vars,
        }
    }

    /// A [`WordBuf`] for [`Self::suffix`], keeping the offsets for further cutting.
    pub fn suffix_buf(&self, at: usize) -> WordBuf {
        let word = self.suffix(at);
        let offsets = self
            .offsets
            .get(at..)
            .map(<[usize]>::to_vec)
            .unwrap_or_default();
        let quote_starts = self
            .quote_starts
            .iter()
            .filter(|(text_at, _)| *text_at >= at)
            .map(|(text_at, quote)| (text_at - at, *quote))
            .collect();
        WordBuf {
            word,
            offsets,
            quote_starts,
        }
    }

    /// The unquoted bytes `start..end` with their exact source range.
    pub fn spanned(&self, start: usize, end: usize) -> Option<Spanned<String>> {
        let text = self.word.text.get(start..end)?;
        let range = match (self.offsets.get(start), end.checked_sub(1)) {
            (Some(&first), Some(last)) if end > start => {
                let last = self.offsets.get(last).copied().unwrap_or(first);
                TextRange::new(first, (last + 1).max(first))
            }
            _ => TextRange::empty(
                self.offsets
                    .get(start)
                    .copied()
                    .unwrap_or(self.word.range.end),
            ),
        };
        Some(Spanned::new(text.to_owned(), range))
    }

    fn empty_at_end(&self) -> Word {
        Word {
            range: TextRange::empty(self.word.range.end),
            text: String::new(),
            literal: Some(String::new()),
            vars: Vec::new(),
        }
    }
}

/// Accumulates unquoted text and the source offset of each byte.
#[derive(Default)]
struct Builder {
    text: String,
    offsets: Vec<usize>,
    quote_starts: Vec<(usize, usize)>,
}

impl Builder {
    /// Appends `node`'s contribution to the unquoted text.
    fn piece(&mut self, src: Src, node: Node) {
        match kind(node) {
            "string" | "translated_string" => self.double_quoted(src, node),
            "raw_string" | "ansi_c_string" => {
                self.mark_quote(src, node.start_byte());
                let open = if kind(node) == "raw_string" { 1 } else { 2 };
                let end = node
                    .end_byte()
                    .saturating_sub(1)
                    .max(node.start_byte() + open);
                self.verbatim(src, node.start_byte() + open, end);
            }
            "concatenation" | "variable_assignment" => {
                let mut at = node.start_byte();
                let mut cursor = node.walk();
                for child in node.children(&mut cursor) {
                    self.unescaped(src, at, child.start_byte());
                    self.piece(src, child);
                    at = child.end_byte();
                }
                self.unescaped(src, at, node.end_byte());
            }
            kind if EXPANSIONS.contains(&kind) => {
                self.verbatim(src, node.start_byte(), node.end_byte());
            }
            _ => self.unescaped(src, node.start_byte(), node.end_byte()),
        }
    }

    /// A `"..."` string: escapes removed from the content, expansions kept as written.
    fn double_quoted(&mut self, src: Src, node: Node) {
        self.mark_quote(src, node.start_byte());
        let mut at = node.start_byte();
        let mut cursor = node.walk();
        for child in node.children(&mut cursor) {
            if !child.is_named() {
                // The quotes (and the `$` of `$"..."`).
                self.quoted_content(src, at, child.start_byte());
                at = child.end_byte();
            } else if EXPANSIONS.contains(&kind(child)) {
                self.quoted_content(src, at, child.start_byte());
                self.verbatim(src, child.start_byte(), child.end_byte());
                at = child.end_byte();
            }
        }
        self.quoted_content(src, at, node.end_byte());
    }

    fn mark_quote(&mut self, src: Src, at: usize) {
        let quote = src.mapped.source_offset(at);
        self.quote_starts.push((self.text.len(), quote));
    }

    /// Appends the text `start..end` as written.
    fn verbatim(&mut self, src: Src, start: usize, end: usize) {
        let Some(piece) = src.text.get(start..end) else {
            return;
        };
        self.text.push_str(piece);
        self.offsets.reserve(piece.len());
        let segments = src.mapped.segments();
        let mut at = start;
        // Bounded: each round moves `at` forward to the end of a segment or of a gap.
        while at < end {
            let index = segments.partition_point(|s| s.text_start <= at);
            match index.checked_sub(1).and_then(|i| segments.get(i)) {
                // Copied text: its source offsets run on with it.
                Some(s) if at < s.text_start + s.len => {
                    let run_end = end.min(s.text_start + s.len);
                    let source = s.source_start + (at - s.text_start);
                    self.offsets.extend(source..source + (run_end - at));
                    at = run_end;
                }
                // Inserted text: each char maps to the source offset of its first byte.
                _ => {
                    let next = segments.get(index).map_or(end, |s| s.text_start);
                    let run_end = end.min(next);
                    let gap = src.text.get(at..run_end).unwrap_or("");
                    for (i, ch) in gap.char_indices() {
                        let source = src.mapped.source_offset(at + i);
                        self.offsets.extend(source..source + ch.len_utf8());
                    }
                    at = run_end;
                }
            }
        }
    }

    /// Unquoted text: `\x` is `x`, and `\`-newline disappears.
    fn unescaped(&mut self, src: Src, start: usize, end: usize) {
        self.unescape(src, start, end, |_| true);
    }

    /// Text inside `"..."`: only `\"`, `\\`, `\$`, `` \` `` and `\`-newline are escapes.
    fn quoted_content(&mut self, src: Src, start: usize, end: usize) {
        self.unescape(src, start, end, |c| {
            matches!(c, '"' | '\\' | '$' | '`' | '\n')
        });
    }

    /// Appends `start..end` with each backslash before a char that `escapes` dropped (and
    /// a backslash-newline dropped whole), copying the runs between them at once.
    fn unescape(&mut self, src: Src, start: usize, end: usize, escapes: impl Fn(char) -> bool) {
        let Some(piece) = src.text.get(start..end) else {
            return;
        };
        // `piece[copied..]` is not appended yet; the next backslash is searched from `from`.
        let (mut copied, mut from) = (0, 0);
        while let Some(found) = piece.get(from..).and_then(|rest| rest.find('\\')) {
            let slash = from + found;
            let next = piece.get(slash + 1..).and_then(|rest| rest.chars().next());
            match next {
                Some(next) if escapes(next) => {
                    self.verbatim(src, start + copied, start + slash);
                    let after = slash + 1 + next.len_utf8();
                    if next != '\n' {
                        self.verbatim(src, start + slash + 1, start + after);
                    }
                    (copied, from) = (after, after);
                }
                _ => from = slash + 1,
            }
        }
        self.verbatim(src, start + copied, end);
    }
}

/// What one walk over a node's named descendants found.
struct Reads {
    /// The variables read, in source order.
    vars: Vec<VarUse>,
    /// Whether the node is or contains an expansion.
    expands: bool,
}

/// Where the walk of [`reads`] is: what the ancestors of a node make of it.
#[derive(Clone, Copy, Default)]
struct Level {
    /// Inside a command or process substitution.
    in_subst: bool,
    /// Inside `$((...))` (and not in a substitution within it).
    arith: bool,
    /// The name node of an expansion, already recorded with the expansion.
    skip: Option<usize>,
}

/// Every variable read inside `node`, in source order, without recursion.
pub(crate) fn collect_vars(src: Src, node: Node) -> Vec<VarUse> {
    reads(src, node, &mut Vec::new()).vars
}

/// One pre-order walk over `node` and its named descendants: the variables read, whether
/// there is an expansion, and the outermost command and process substitutions (appended
/// to `substitutions` in source order).
fn reads<'t>(src: Src, node: Node<'t>, substitutions: &mut Vec<Node<'t>>) -> Reads {
    let mut found = Reads {
        vars: Vec::new(),
        expands: false,
    };
    let mut levels: Vec<Level> = Vec::new();
    preorder(node, |cursor, current, depth| {
        levels.truncate(depth);
        let parent = depth
            .checked_sub(1)
            .and_then(|d| levels.get(d))
            .copied()
            .unwrap_or_default();
        if depth > 0 && parent.skip == Some(current.id()) {
            return false;
        }
        let level = found.visit(src, cursor, current, parent, substitutions);
        levels.push(level);
        true
    });
    found.vars.sort_by_key(|v| v.range.start);
    found
}

impl Reads {
    /// Records what `node` itself reads; returns what its children inherit.
    fn visit<'t>(
        &mut self,
        src: Src,
        cursor: Option<&mut TreeCursor<'t>>,
        node: Node<'t>,
        parent: Level,
        substitutions: &mut Vec<Node<'t>>,
    ) -> Level {
        let kind = kind(node);
        let mut skip = None;
        match kind {
            "simple_expansion" | "expansion" => {
                if let Some(name) = cursor.and_then(expansion_name) {
                    self.vars.push(var_use(src, name, node, parent.in_subst));
                    skip = Some(name.id());
                }
            }
            "variable_name" if parent.arith => {
                self.vars.push(var_use(src, node, node, parent.in_subst));
            }
            _ => {}
        }
        if EXPANSIONS.contains(&kind) {
            self.expands = true;
        }
        let substitution = matches!(kind, "command_substitution" | "process_substitution");
        if substitution && !parent.in_subst {
            substitutions.push(node);
        }
        Level {
            in_subst: parent.in_subst || substitution,
            arith: match kind {
                "arithmetic_expansion" => true,
                _ if substitution => false,
                _ => parent.arith,
            },
            skip,
        }
    }
}

/// Appends the outermost command and process substitutions inside `node` (itself
/// included) to `found`, in source order.
pub(crate) fn find_substitutions<'t>(node: Node<'t>, found: &mut Vec<Node<'t>>) {
    preorder(node, |_, current, _| {
        if matches!(
            kind(current),
            "command_substitution" | "process_substitution"
        ) {
            found.push(current);
            return false;
        }
        true
    });
}

/// Visits `node` and its named descendants in pre-order, with one cursor for the whole
/// walk. `visit` gets each node (with the cursor on it, or `None` for a childless `node`)
/// and its depth below `node`, must leave the cursor where it was, and says whether to go
/// into the node's children.
fn preorder<'t>(
    node: Node<'t>,
    mut visit: impl FnMut(Option<&mut TreeCursor<'t>>, Node<'t>, usize) -> bool,
) {
    if node.child_count() == 0 {
        visit(None, node, 0);
        return;
    }
    let mut cursor = node.walk();
    if !visit(Some(&mut cursor), node, 0) || !cursor.goto_first_child() {
        return;
    }
    let mut depth = 1;
    loop {
        let current = cursor.node();
        if current.is_named()
            && visit(Some(&mut cursor), current, depth)
            && cursor.goto_first_child()
        {
            depth += 1;
            continue;
        }
        // Bounded: each round moves to a sibling or one level up.
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            depth -= 1;
            if depth == 0 || !cursor.goto_parent() {
                return;
            }
        }
    }
}

/// The `variable_name` node the expansion under `cursor` reads (`$A`, `${A:-x}`,
/// `${a[0]}`, `${#A}`); the cursor is back on the expansion afterwards.
fn expansion_name<'t>(cursor: &mut TreeCursor<'t>) -> Option<Node<'t>> {
    if !cursor.goto_first_child() {
        return None;
    }
    let mut name = None;
    loop {
        let child = cursor.node();
        if child.is_named() {
            name = match kind(child) {
                "variable_name" => Some(child),
                "subscript" => child.child_by_field_name("name"),
                _ => None,
            };
        }
        if name.is_some() || !cursor.goto_next_sibling() {
            break;
        }
    }
    cursor.goto_parent();
    name
}

fn var_use(src: Src, name: Node, whole: Node, in_command_substitution: bool) -> VarUse {
    VarUse {
        name: src.slice(name).to_owned(),
        range: src.range(whole),
        in_command_substitution,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tree_sitter::Parser;

    /// A script with most node kinds, a syntax error included.
    const SCRIPT: &str = "A=1 B=$(x) cmd \"a$V\\\"b\" 'r' $'c' ${a[0]} ${#Z} $((1+X)) <(y) > f 2>&1 \
        <<-EOF | tee g\n$H\nEOF\nif [ -n \"$a\" ]; then cd d; elif true; then :; else :; fi\n\
        case $x in a) :;; esac; for i in 1; do :; done; while false; do :; done\n\
        export Z=1; declare -x Q; unset Q; f() { :; }; ( ! a ) && b || c; x <<< \"$s\"\n\
        echo `date` $\"t\" # note\nfor ((i=0;i<1;i++)); do :; done\ncase x in; docker build .\n) ) fi";

    fn parse(script: &str) -> tree_sitter::Tree {
        let mut parser = Parser::new();
        parser
            .set_language(&tree_sitter_bash::LANGUAGE.into())
            .expect("bash grammar");
        parser.parse(script, None).expect("tree")
    }

    /// Every node of `script`, in pre-order.
    fn all_nodes(tree: &tree_sitter::Tree) -> Vec<Node<'_>> {
        let mut nodes = Vec::new();
        let mut stack = vec![tree.root_node()];
        while let Some(node) = stack.pop() {
            nodes.push(node);
            let mut cursor = node.walk();
            let children: Vec<Node> = node.children(&mut cursor).collect();
            stack.extend(children.into_iter().rev());
        }
        nodes
    }

    #[test]
    fn kind_by_id_is_the_node_kind_for_every_node() {
        let tree = parse(SCRIPT);
        let nodes = all_nodes(&tree);
        let kinds: Vec<&str> = nodes.iter().map(|n| n.kind()).collect();
        let by_id: Vec<&str> = nodes.iter().map(|n| kind(*n)).collect();
        assert_eq!(by_id, kinds);
        for expected in [
            "ERROR",
            "command_substitution",
            "heredoc_redirect",
            "<<-",
            "word",
        ] {
            assert!(kinds.contains(&expected), "{expected} not covered");
        }
    }

    /// The walk [`reads`] replaced: one stack walk per question, kept to pin the results.
    fn reference(src: Src, node: Node) -> (Vec<VarUse>, bool, Vec<usize>) {
        let mut vars = Vec::new();
        let mut stack = vec![(node, false, false)];
        while let Some((current, in_subst, arith)) = stack.pop() {
            let mut skip = None;
            match current.kind() {
                "simple_expansion" | "expansion" => {
                    let mut cursor = current.walk();
                    let children: Vec<Node> = current.named_children(&mut cursor).collect();
                    let name = children.into_iter().find_map(|child| match child.kind() {
                        "variable_name" => Some(child),
                        "subscript" => child.child_by_field_name("name"),
                        _ => None,
                    });
                    if let Some(name) = name {
                        vars.push(var_use(src, name, current, in_subst));
                        skip = Some(name.id());
                    }
                }
                "variable_name" if arith => vars.push(var_use(src, current, current, in_subst)),
                _ => {}
            }
            let subst = matches!(
                current.kind(),
                "command_substitution" | "process_substitution"
            );
            let arith = match current.kind() {
                "arithmetic_expansion" => true,
                _ if subst => false,
                _ => arith,
            };
            let mut cursor = current.walk();
            let children: Vec<Node> = current.named_children(&mut cursor).collect();
            for child in children.into_iter().rev() {
                if Some(child.id()) != skip {
                    stack.push((child, in_subst || subst, arith));
                }
            }
        }
        vars.sort_by_key(|v| v.range.start);
        let mut expands = false;
        let mut substitutions = Vec::new();
        let mut stack = vec![(node, true)];
        while let Some((current, scan)) = stack.pop() {
            expands |= EXPANSIONS.contains(&current.kind());
            let subst = matches!(
                current.kind(),
                "command_substitution" | "process_substitution"
            );
            if scan && subst {
                substitutions.push(current.id());
            }
            let mut cursor = current.walk();
            let children: Vec<Node> = current.named_children(&mut cursor).collect();
            stack.extend(children.into_iter().rev().map(|c| (c, scan && !subst)));
        }
        (vars, expands, substitutions)
    }

    #[test]
    fn one_walk_finds_what_the_separate_walks_found_for_every_node() {
        let scripts = [
            SCRIPT,
            "echo \"${a[$(b $C)]}\" $((X + ${Y:-1} + $(z $W))) <(cat \"$P\") `q $R`",
            "A=$(x $(y $B)) cmd ${#L} ${M//a/$N} $((i++)) \"$(( $O ))\"",
        ];
        for script in scripts {
            let mapped = MappedText::verbatim(script, 3);
            let src = Src {
                text: mapped.as_str(),
                mapped: &mapped,
            };
            let tree = parse(script);
            for node in all_nodes(&tree).into_iter().filter(|n| n.is_named()) {
                let mut found = Vec::new();
                let got = reads(src, node, &mut found);
                let found: Vec<usize> = found.iter().map(|n| n.id()).collect();
                let (vars, expands, substitutions) = reference(src, node);
                let at = src.slice(node);
                assert_eq!(got.vars, vars, "vars of {at:?}");
                assert_eq!(got.expands, expands, "expansion in {at:?}");
                assert_eq!(found, substitutions, "substitutions in {at:?}");
            }
        }
    }

    #[test]
    fn reads_of_nested_expansions() {
        let script = "echo \"${a[$(b $C)]}\" $((X + $(z $W)))";
        let mapped = MappedText::verbatim(script, 0);
        let src = Src {
            text: mapped.as_str(),
            mapped: &mapped,
        };
        let tree = parse(script);
        let mut found = Vec::new();
        let got = reads(src, tree.root_node(), &mut found);
        let vars: Vec<(&str, usize, usize, bool)> = got
            .vars
            .iter()
            .map(|v| {
                (
                    v.name.as_str(),
                    v.range.start,
                    v.range.end,
                    v.in_command_substitution,
                )
            })
            .collect();
        assert_eq!(
            vars,
            [
                ("a", 6, 19, false),
                ("C", 14, 16, true),
                ("X", 24, 25, false),
                ("W", 32, 34, true),
            ]
        );
        assert!(got.expands);
        let found: Vec<&str> = found.iter().map(|n| src.slice(*n)).collect();
        assert_eq!(found, ["$(b $C)", "$(z $W)"]);
    }

    /// The per-char unescaping [`Builder`] replaced, kept to pin its results.
    fn reference_unescape(
        src: Src,
        start: usize,
        end: usize,
        escapes: impl Fn(char) -> bool,
    ) -> (String, Vec<usize>) {
        let (mut text, mut offsets) = (String::new(), Vec::new());
        let mut push = |ch: char, at: usize| {
            let source = src.mapped.source_offset(at);
            offsets.extend((0..ch.len_utf8()).map(|k| source + k));
            text.push(ch);
        };
        let piece = src.text.get(start..end).unwrap_or("");
        let mut chars = piece.char_indices().peekable();
        while let Some((i, ch)) = chars.next() {
            match chars.peek() {
                Some(&(j, next)) if ch == '\\' && escapes(next) => {
                    chars.next();
                    if next != '\n' {
                        push(next, start + j);
                    }
                }
                _ => push(ch, start + i),
            }
        }
        (text, offsets)
    }

    #[test]
    fn run_copies_match_the_char_by_char_unescaping() {
        let mut mapped = MappedText::new();
        mapped.push_synthetic("é\\");
        mapped.push_source("a\\\"b\\\\ç\\", 10);
        mapped.push_synthetic("\\\nü");
        mapped.push_source("\\$x\\q\\", 40);
        mapped.push_source("\\\ny", 60);
        mapped.push_synthetic("ß");
        let src = Src {
            text: mapped.as_str(),
            mapped: &mapped,
        };
        let text = mapped.as_str();
        let bounds: Vec<usize> = (0..=text.len())
            .filter(|i| text.is_char_boundary(*i))
            .collect();
        let quoted = |c| matches!(c, '"' | '\\' | '$' | '`' | '\n');
        for &start in &bounds {
            for &end in bounds.iter().filter(|e| **e >= start) {
                let mut plain = Builder::default();
                plain.unescaped(src, start, end);
                let expected = reference_unescape(src, start, end, |_| true);
                assert_eq!((plain.text, plain.offsets), expected, "{start}..{end}");
                let mut inside = Builder::default();
                inside.quoted_content(src, start, end);
                let expected = reference_unescape(src, start, end, quoted);
                assert_eq!((inside.text, inside.offsets), expected, "{start}..{end}");
                let mut raw = Builder::default();
                raw.verbatim(src, start, end);
                let expected = reference_unescape(src, start, end, |_| false);
                assert_eq!((raw.text, raw.offsets), expected, "{start}..{end}");
            }
        }
    }
}
