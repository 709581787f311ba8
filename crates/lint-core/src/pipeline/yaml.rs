//! A YAML tree whose every node keeps its byte ranges: where it is defined (an anchored
//! definition, or the node itself) and where it is referenced (an alias or merge site).
//! Built on `serde-saphyr` with explicit budgets, so hostile input fails with a located
//! [`SyntaxError`] instead of exhausting memory or the stack.

use std::collections::HashMap;
use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::budget::BudgetBreach;
use serde_saphyr::{
    Budget, DuplicateKeyPolicy, Location, MessageFormatter, NonFiniteFloatPolicy, Options,
};

use crate::text::{LineIndex, TextRange};

/// Deepest nesting of collections accepted, aliases included.
const MAX_DEPTH: usize = 64;
/// Most parser events, alias replays included, accepted for one file.
const MAX_EVENTS: usize = 1_000_000;
/// The stack the parser needs: ample for [`MAX_DEPTH`] levels even in debug builds.
pub const PARSER_STACK: usize = 32 << 20;

thread_local! {
    /// Whether this thread was started with [`PARSER_STACK`] bytes of stack or more.
    static HAS_PARSER_STACK: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Declares that the calling thread was started with at least [`PARSER_STACK`] bytes of
/// stack, so that [`parse_yaml`] runs on it instead of starting a thread per file. Call it
/// from the start handler of a thread pool built with that stack size; calling it on any
/// other thread risks a stack overflow on deeply nested YAML.
pub fn declare_parser_stack() {
    HAS_PARSER_STACK.with(|has| has.set(true));
}
/// Most nodes accepted for one file, alias replays included.
const MAX_NODES: usize = 100_000;

/// A YAML file that could not be parsed, with the place the parser stopped.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct SyntaxError {
    /// Where the problem is; empty when the parser gave a point rather than a span.
    pub range: TextRange,
    /// What went wrong, without the location.
    pub message: String,
}

/// The value of a [`YamlNode`], with tags dropped and merge keys resolved.
#[derive(Clone, Debug, PartialEq)]
pub enum YamlValue {
    /// `~`, `null`, or nothing.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// An integer or float, as written in the source.
    Number(String),
    /// A string scalar, as YAML gives it (quotes, escapes and folding resolved).
    String(String),
    /// A sequence.
    Sequence(Vec<YamlNode>),
    /// A mapping, in source order; on duplicate keys the last one wins.
    Mapping(Vec<(YamlNode, YamlNode)>),
}

/// One YAML node with its byte ranges.
#[derive(Clone, Debug, PartialEq)]
pub struct YamlNode {
    /// The value.
    pub value: YamlValue,
    /// Where the node is written. For a scalar, the scalar token (quotes included; for a
    /// block scalar, from its first content character). For a collection, from its first
    /// token (`{`, `[`, or its first key or `-`) to the end of the last child written in
    /// it (an aliased child counts by its alias token); the closing `}` or `]` excluded.
    pub defined: TextRange,
    /// Where this occurrence is used: the alias token (`*build`) when the node was reached
    /// through an alias or a merge key, else equal to [`YamlNode::defined`].
    pub referenced: TextRange,
}

impl YamlNode {
    /// Whether this occurrence was reached through an alias or a merge key.
    pub fn via_alias(&self) -> bool {
        self.referenced != self.defined
    }

    /// The string value, if the node is a string scalar.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            YamlValue::String(text) => Some(text),
            _ => None,
        }
    }

    /// The items, if the node is a sequence.
    pub fn as_sequence(&self) -> Option<&[YamlNode]> {
        match &self.value {
            YamlValue::Sequence(items) => Some(items),
            _ => None,
        }
    }

    /// The entries, if the node is a mapping.
    pub fn as_mapping(&self) -> Option<&[(YamlNode, YamlNode)]> {
        match &self.value {
            YamlValue::Mapping(entries) => Some(entries),
            _ => None,
        }
    }

    /// The value of string key `key`, if the node is a mapping holding it.
    pub fn get(&self, key: &str) -> Option<&YamlNode> {
        self.as_mapping()?
            .iter()
            .rev()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(_, value)| value)
    }
}

/// Parses `text` as one YAML document.
///
/// The parser recurses once per nesting level with large frames, so it runs on a thread
/// with a stack sized for [`MAX_DEPTH`] levels: the caller's when it was declared with
/// [`declare_parser_stack`], else a thread of its own.
pub fn parse_yaml(text: &str) -> Result<YamlNode, SyntaxError> {
    if HAS_PARSER_STACK.with(std::cell::Cell::get) {
        return parse_here(text);
    }
    let failed = |message: &str| SyntaxError {
        range: TextRange::empty(0),
        message: message.to_owned(),
    };
    std::thread::scope(|scope| {
        let parser = std::thread::Builder::new()
            .name("yaml-parser".to_owned())
            .stack_size(PARSER_STACK)
            .spawn_scoped(scope, || parse_here(text))
            .map_err(|_| failed("could not start the YAML parser"))?;
        parser
            .join()
            .unwrap_or_else(|_| Err(failed("the YAML parser failed")))
    })
}

/// Parses `text` on the current thread.
fn parse_here(text: &str) -> Result<YamlNode, SyntaxError> {
    let index = LineIndex::new(text);
    match serde_saphyr::from_str_with_options::<RawNode>(text, options()) {
        Ok(raw) => {
            let mut converter = Converter {
                text,
                index,
                extents: HashMap::new(),
            };
            Ok(converter.convert(raw))
        }
        Err(error) => Err(syntax_error(&error, text, &index)),
    }
}

/// Parser options: explicit budgets, YAML 1.2 booleans, tolerant duplicates.
fn options() -> Options {
    let mut budget = Budget::default();
    budget.max_depth = MAX_DEPTH;
    budget.max_events = MAX_EVENTS;
    budget.max_nodes = MAX_NODES;
    budget.max_recorded_anchor_events = MAX_EVENTS;

    let mut options = Options::default();
    options.budget = Some(budget);
    options.alias_limits.max_total_replayed_events = MAX_EVENTS;
    options.alias_limits.max_replay_stack_depth = MAX_DEPTH;
    options.duplicate_keys = DuplicateKeyPolicy::LastWins;
    options.strict_booleans = true;
    options.non_finite_float_policy = NonFiniteFloatPolicy::PassThrough;
    options.with_snippet = false;
    options
}

/// Turns a parser error into a [`SyntaxError`] located in `text`, worded for a user (the
/// parser's own text can name its API, options or Rust types).
fn syntax_error(error: &serde_saphyr::Error, text: &str, index: &LineIndex) -> SyntaxError {
    let range = error
        .location()
        .and_then(|location| location_range(&location, text, index))
        .unwrap_or_else(|| TextRange::empty(text.len()));
    let (range, message) = described(innermost(error), text, range);
    SyntaxError { range, message }
}

/// The error behind alias and snippet wrappers.
fn innermost(error: &serde_saphyr::Error) -> &serde_saphyr::Error {
    let mut current = error;
    // The wrappers nest at most a few levels; the bound keeps this loop obviously finite.
    for _ in 0..8 {
        match current {
            serde_saphyr::Error::AliasError { error, .. }
            | serde_saphyr::Error::WithSnippet { error, .. } => current = error,
            _ => break,
        }
    }
    current
}

/// A user's wording for `error`, and the range to report it at (`range`, or a more
/// precise one found in `text`).
fn described(error: &serde_saphyr::Error, text: &str, range: TextRange) -> (TextRange, String) {
    use serde_saphyr::Error as E;
    let message = match error {
        E::Budget { breach, .. } => budget_message(breach),
        E::RecursiveReferencesRequireWeakTypes { .. } => return recursive_alias(text, range),
        E::MultipleDocuments { .. } => {
            let marker = document_marker(text, range.start).unwrap_or(range);
            return (marker, MULTIPLE_DOCUMENTS.to_owned());
        }
        E::UnknownAnchor { .. } => return unknown_alias(text, range),
        E::MergeValueNotMapOrSeqOfMaps { .. } => {
            "a merge key (`<<`) takes a mapping or a list of mappings".to_owned()
        }
        E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayCounterOverflow { .. } => {
            format!(
                "YAML too large: more than {MAX_EVENTS} parser events once aliases are expanded"
            )
        }
        E::AliasReplayStackDepthExceeded { .. } => {
            format!("aliases nested too deeply: more than {MAX_DEPTH} levels")
        }
        _ => tag_message(error).unwrap_or_else(|| fallback_message(error)),
    };
    (range, message)
}

/// Said of a file with a second `---` document.
const MULTIPLE_DOCUMENTS: &str =
    "more than one YAML document (`---`): a pipeline file holds a single document";

/// What a value that does not match its `!!` tag means to a user.
fn tag_message(error: &serde_saphyr::Error) -> Option<String> {
    use serde_saphyr::Error as E;
    let message = match error {
        E::InvalidBinaryBase64 { .. } => "`!!binary` value is not valid base64",
        E::BinaryNotUtf8 { .. } => "`!!binary` value is not text (not valid UTF-8)",
        E::InvalidBooleanStrict { .. } => "value is neither `true` nor `false`",
        E::InvalidScalar { ty, .. } if ty.contains("float") => {
            "value does not match its tag: not a number"
        }
        E::InvalidScalar { ty, .. } if *ty == "boolean" => {
            "value does not match its tag: not `true` or `false`"
        }
        E::InvalidScalar { .. } => "value does not match its tag: not an integer",
        _ => return None,
    };
    Some(message.to_owned())
}

/// The parser's user-facing wording, without a location suffix or an API hint.
fn fallback_message(error: &serde_saphyr::Error) -> String {
    let full = serde_saphyr::UserMessageFormatter
        .format_message(error)
        .into_owned();
    let cut = [" at line ", "; use ", ", set "]
        .iter()
        .filter_map(|marker| full.find(marker))
        .min();
    match cut {
        Some(at) => full.get(..at).unwrap_or(&full).to_owned(),
        None => full,
    }
}

/// The `---` that starts the document holding `offset`: the last line at or before it
/// that begins with `---` followed by a space, a line break or the end.
fn document_marker(text: &str, offset: usize) -> Option<TextRange> {
    let before = text.get(..offset.min(text.len()))?;
    let mut line_start = before.len();
    loop {
        let start = before.get(..line_start)?.rfind('\n').map_or(0, |at| at + 1);
        let line = text.get(start..)?;
        let after = line.as_bytes().get(3);
        if line.starts_with("---") && after.is_none_or(u8::is_ascii_whitespace) {
            return Some(TextRange::new(start, start + 3));
        }
        if start == 0 {
            return None;
        }
        line_start = start - 1;
    }
}

/// An alias to no anchor, named in the message when the parser's location is at its `*`.
fn unknown_alias(text: &str, range: TextRange) -> (TextRange, String) {
    match alias_token(text, range.start) {
        Some((token, name)) => {
            let message = format!("alias `{name}` refers to no anchor defined before it");
            (token, message)
        }
        None => (
            range,
            "an alias refers to no anchor defined before it".to_owned(),
        ),
    }
}

/// An alias inside the node its anchor names.
fn recursive_alias(text: &str, range: TextRange) -> (TextRange, String) {
    match alias_token(text, range.start) {
        Some((token, name)) => {
            let message =
                format!("alias `{name}` refers to the node that contains it (recursive anchor)");
            (token, message)
        }
        None => {
            let message = "an alias refers to the node that contains it (recursive anchor)";
            (range, message.to_owned())
        }
    }
}

/// The alias token (`*name`) starting at `offset`, with its range.
fn alias_token(text: &str, offset: usize) -> Option<(TextRange, &str)> {
    let rest = text.get(offset..)?.strip_prefix('*')?;
    let len = rest
        .find(|ch: char| ch.is_whitespace() || ",[]{}".contains(ch))
        .unwrap_or(rest.len());
    let token = TextRange::new(offset, offset + 1 + len);
    (len > 0).then(|| (token, text.get(token.start..token.end).unwrap_or("*")))
}

/// What a breached parser budget means to a user (the parser's own text is a debug dump).
fn budget_message(breach: &BudgetBreach) -> String {
    match breach {
        BudgetBreach::Nodes { .. } => {
            format!("YAML too large: more than {MAX_NODES} nodes once aliases are expanded")
        }
        BudgetBreach::Events { .. } => {
            format!(
                "YAML too large: more than {MAX_EVENTS} parser events once aliases are expanded"
            )
        }
        BudgetBreach::Depth { .. } => {
            format!("YAML nested too deeply: more than {MAX_DEPTH} levels")
        }
        _ => "YAML exceeds the parser's limits (anchors, aliases or size)".to_owned(),
    }
}

/// The byte range of a parser location: its byte span when known, else the point at its
/// line and character column.
fn location_range(location: &Location, text: &str, index: &LineIndex) -> Option<TextRange> {
    let span = location.span();
    if let (Some(offset), Some(len)) = (span.byte_offset(), span.byte_len()) {
        let start = usize::try_from(offset).ok()?.min(text.len());
        let end = start
            .saturating_add(usize::try_from(len).ok()?)
            .min(text.len());
        return Some(TextRange::new(start, end));
    }
    let line = usize::try_from(location.line()).ok()?.checked_sub(1)?;
    let column = usize::try_from(location.column()).ok()?.saturating_sub(1);
    let line_start = index.line_start(line)?;
    let rest = text.get(line_start..)?;
    let offset = rest
        .char_indices()
        .take_while(|(_, ch)| *ch != '\n')
        .nth(column)
        .map_or_else(
            || line_start + line_end_len(rest),
            |(at, _)| line_start + at,
        );
    Some(TextRange::empty(offset))
}

/// Length of the first line of `rest`, without its line break.
fn line_end_len(rest: &str) -> usize {
    rest.find('\n').unwrap_or(rest.len())
}

/// Builds the public tree from the deserialized one, resolving byte ranges.
struct Converter<'a> {
    text: &'a str,
    index: LineIndex,
    /// End of each collection converted where it is written, by start offset, so that a
    /// replay through an alias gets the same range.
    extents: HashMap<usize, usize>,
}

impl Converter<'_> {
    /// Converts one node and its children.
    fn convert(&mut self, raw: RawNode) -> YamlNode {
        let start = location_range(&raw.defined, self.text, &self.index).unwrap_or_default();
        let value = match raw.value {
            RawValue::Null => YamlValue::Null,
            RawValue::Bool(value) => YamlValue::Bool(value),
            RawValue::Number(formatted) => {
                let written = self
                    .text
                    .get(start.start..start.end)
                    .filter(|s| !s.is_empty());
                YamlValue::Number(written.map_or(formatted, str::to_owned))
            }
            RawValue::String(value) => YamlValue::String(value),
            RawValue::Sequence(items) => {
                YamlValue::Sequence(items.into_iter().map(|item| self.convert(item)).collect())
            }
            RawValue::Mapping(entries) => YamlValue::Mapping(
                entries
                    .into_iter()
                    .map(|(k, v)| (self.convert(k), self.convert(v)))
                    .collect(),
            ),
        };
        let replayed = raw.referenced != raw.defined;
        let defined = self.extent(start, &value, replayed);
        let referenced = location_range(&raw.referenced, self.text, &self.index)
            .filter(|range| replayed && range.start != defined.start)
            .unwrap_or(defined);
        YamlNode {
            value,
            defined,
            referenced,
        }
    }

    /// The range of a node: a collection's covers its children as written, and a replayed
    /// collection gets the range it has where it is written.
    fn extent(&mut self, start: TextRange, value: &YamlValue, replayed: bool) -> TextRange {
        if !matches!(value, YamlValue::Sequence(_) | YamlValue::Mapping(_)) {
            return start;
        }
        if replayed && let Some(&end) = self.extents.get(&start.start) {
            return TextRange::new(start.start, end.max(start.end));
        }
        let range = extend_over_children(start, value);
        self.extents.entry(start.start).or_insert(range.end);
        range
    }
}

/// Extends a collection's range over its children as written inside it: an inline child's
/// own range, or the alias token of a child reached through an alias or merge key.
fn extend_over_children(start: TextRange, value: &YamlValue) -> TextRange {
    let children: Vec<&YamlNode> = match value {
        YamlValue::Sequence(items) => items.iter().collect(),
        YamlValue::Mapping(entries) => entries.iter().flat_map(|(k, v)| [k, v]).collect(),
        _ => return start,
    };
    let written = |child: &YamlNode| {
        [child.defined, child.referenced]
            .into_iter()
            .find(|r| r.start >= start.start)
    };
    children
        .into_iter()
        .filter_map(written)
        .fold(start, TextRange::cover)
}

/// A deserialized node with the parser's locations.
type RawNode = serde_saphyr::Spanned<RawValue>;

/// The value of a [`RawNode`], as serde hands it over.
enum RawValue {
    Null,
    Bool(bool),
    Number(String),
    String(String),
    Sequence(Vec<RawNode>),
    Mapping(Vec<(RawNode, RawNode)>),
}

impl<'de> Deserialize<'de> for RawValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RawVisitor)
    }
}

/// Accepts any YAML value.
struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = RawValue;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_unit<E>(self) -> Result<RawValue, E> {
        Ok(RawValue::Null)
    }

    fn visit_none<E>(self) -> Result<RawValue, E> {
        Ok(RawValue::Null)
    }

    fn visit_bool<E>(self, value: bool) -> Result<RawValue, E> {
        Ok(RawValue::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<RawValue, E> {
        Ok(RawValue::Number(value.to_string()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<RawValue, E> {
        Ok(RawValue::Number(value.to_string()))
    }

    fn visit_i128<E>(self, value: i128) -> Result<RawValue, E> {
        Ok(RawValue::Number(value.to_string()))
    }

    fn visit_u128<E>(self, value: u128) -> Result<RawValue, E> {
        Ok(RawValue::Number(value.to_string()))
    }

    fn visit_f64<E>(self, value: f64) -> Result<RawValue, E> {
        Ok(RawValue::Number(value.to_string()))
    }

    fn visit_str<E>(self, value: &str) -> Result<RawValue, E> {
        Ok(RawValue::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<RawValue, E> {
        Ok(RawValue::String(value))
    }

    fn visit_bytes<E>(self, value: &[u8]) -> Result<RawValue, E> {
        Ok(RawValue::String(
            String::from_utf8_lossy(value).into_owned(),
        ))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawValue, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(RawValue::Sequence(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawValue, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(RawValue::Mapping(entries))
    }
}
