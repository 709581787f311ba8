//! Shell words: unquoting a tree-sitter word node into a [`Word`] that remembers the source
//! offset of every byte, so that flag values (`--build-arg=K=V`, `-pX`) can be cut out of a
//! word with exact ranges, and the variables each word reads.

use std::sync::OnceLock;

use tree_sitter::{Language, Node};

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
        let mut builder = Builder::default();
        builder.piece(src, node);
        let literal = (!contains_expansion(node)).then(|| builder.text.clone());
        let word = Word {
            range: src.range(node),
            text: builder.text,
            literal,
            vars: collect_vars(src, node),
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

    fn verbatim(&mut self, src: Src, start: usize, end: usize) {
        let Some(piece) = src.text.get(start..end) else {
            return;
        };
        for (i, ch) in piece.char_indices() {
            self.push(src, ch, start + i);
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

    fn unescape(&mut self, src: Src, start: usize, end: usize, escapes: impl Fn(char) -> bool) {
        let Some(piece) = src.text.get(start..end) else {
            return;
        };
        let mut chars = piece.char_indices().peekable();
        while let Some((i, ch)) = chars.next() {
            match chars.peek() {
                Some(&(j, next)) if ch == '\\' && escapes(next) => {
                    chars.next();
                    if next != '\n' {
                        self.push(src, next, start + j);
                    }
                }
                _ => self.push(src, ch, start + i),
            }
        }
    }

    fn push(&mut self, src: Src, ch: char, at: usize) {
        let source = src.mapped.source_offset(at);
        for k in 0..ch.len_utf8() {
            self.offsets.push(source + k);
        }
        self.text.push(ch);
    }
}

/// Whether `node` contains an expansion anywhere.
fn contains_expansion(node: Node) -> bool {
    let mut stack = vec![node];
    while let Some(current) = stack.pop() {
        if EXPANSIONS.contains(&kind(current)) {
            return true;
        }
        let mut cursor = current.walk();
        stack.extend(current.named_children(&mut cursor));
    }
    false
}

/// Every variable read inside `node`, in source order, without recursion.
pub(crate) fn collect_vars(src: Src, node: Node) -> Vec<VarUse> {
    let mut found = Vec::new();
    // (node, inside a command substitution, inside arithmetic)
    let mut stack = vec![(node, false, false)];
    while let Some((current, in_subst, arith)) = stack.pop() {
        let mut skip = None;
        match kind(current) {
            "simple_expansion" | "expansion" => {
                if let Some(name) = expansion_name(current) {
                    found.push(var_use(src, name, current, in_subst));
                    skip = Some(name.id());
                }
            }
            "variable_name" if arith => found.push(var_use(src, current, current, in_subst)),
            _ => {}
        }
        let in_subst = in_subst
            || matches!(
                kind(current),
                "command_substitution" | "process_substitution"
            );
        let arith = match kind(current) {
            "arithmetic_expansion" => true,
            "command_substitution" | "process_substitution" => false,
            _ => arith,
        };
        let mut cursor = current.walk();
        let children: Vec<Node> = current.named_children(&mut cursor).collect();
        for child in children.into_iter().rev() {
            if Some(child.id()) != skip {
                stack.push((child, in_subst, arith));
            }
        }
    }
    found.sort_by_key(|v| v.range.start);
    found
}

/// The `variable_name` node an expansion reads (`$A`, `${A:-x}`, `${a[0]}`, `${#A}`).
fn expansion_name(node: Node) -> Option<Node> {
    let mut cursor = node.walk();
    let children: Vec<Node> = node.named_children(&mut cursor).collect();
    children.into_iter().find_map(|child| match kind(child) {
        "variable_name" => Some(child),
        "subscript" => child.child_by_field_name("name"),
        _ => None,
    })
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
        let script = "A=1 B=$(x) cmd \"a$V\\\"b\" 'r' $'c' ${a[0]} ${#Z} $((1+X)) <(y) > f 2>&1 \
            <<-EOF | tee g\n$H\nEOF\nif [ -n \"$a\" ]; then cd d; elif true; then :; else :; fi\n\
            case $x in a) :;; esac; for i in 1; do :; done; while false; do :; done\n\
            export Z=1; declare -x Q; unset Q; f() { :; }; ( ! a ) && b || c; x <<< \"$s\"\n\
            echo `date` $\"t\" # note\nfor ((i=0;i<1;i++)); do :; done\ncase x in; docker build .\n) ) fi";
        let mut parser = Parser::new();
        parser
            .set_language(&tree_sitter_bash::LANGUAGE.into())
            .expect("bash grammar");
        let tree = parser.parse(script, None).expect("tree");
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
}
