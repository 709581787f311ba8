//! `RUN --mount=...` values split into options (`type=secret,id=npm,env=TOKEN,required`),
//! each located in the original text. Values stay raw: `$VAR`s are expanded by the analysis.

use super::ast::{Flag, Instruction};
use crate::text::{MappedText, Spanned, TextRange};

/// One `--mount` of a RUN instruction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mount {
    /// The whole `--mount=...` flag.
    pub range: TextRange,
    /// The lower-cased `type`, `bind` when absent.
    pub kind: String,
    /// The options in written order, `type` included.
    pub options: Vec<MountOption>,
}

/// A `key=value` or bare `key` mount option.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MountOption {
    /// The key as written.
    pub key: Spanned<String>,
    /// The value as written, `None` for a bare key such as `required`.
    pub value: Option<Spanned<String>>,
}

impl Mount {
    /// The first option whose key is `key` (ASCII case-insensitive).
    pub fn get(&self, key: &str) -> Option<&MountOption> {
        self.options
            .iter()
            .find(|o| o.key.value.eq_ignore_ascii_case(key))
    }

    /// The value of option `key`.
    fn value_of(&self, key: &str) -> Option<&str> {
        self.get(key)
            .and_then(|o| o.value.as_ref())
            .map(|v| v.value.as_str())
    }

    /// The `id` option.
    pub fn id(&self) -> Option<&str> {
        self.value_of("id")
    }

    /// The `target`, `dst` or `destination` option.
    pub fn target(&self) -> Option<&str> {
        ["target", "dst", "destination"]
            .iter()
            .find_map(|k| self.value_of(k))
    }

    /// The `env` option of a secret mount.
    pub fn env(&self) -> Option<&str> {
        self.value_of("env")
    }

    /// The id a secret mount reads: `id=`, else the base name of its target, as BuildKit
    /// defaults it.
    pub fn secret_id(&self) -> String {
        self.id()
            .or_else(|| self.target().map(|t| t.rsplit('/').next().unwrap_or(t)))
            .unwrap_or_default()
            .to_string()
    }

    /// Whether the mount is `required` (bare, or with a true value as Go's `ParseBool`).
    pub fn required(&self) -> bool {
        match self.get("required") {
            Some(MountOption { value: None, .. }) => true,
            Some(MountOption { value: Some(v), .. }) => {
                matches!(v.value.as_str(), "1" | "t" | "T" | "true" | "TRUE" | "True")
            }
            None => false,
        }
    }
}

impl Instruction {
    /// The `--mount` flags of this instruction, parsed.
    pub fn mounts(&self) -> Vec<Mount> {
        let flags = self.flags.iter().filter(|f| f.name.value == "mount");
        flags.filter_map(parse_mount).collect()
    }
}

/// Parses one `--mount` flag; `None` when it has no value.
fn parse_mount(flag: &Flag) -> Option<Mount> {
    let map = flag.value_map.as_ref()?;
    let text = map.as_str();
    let options: Vec<MountOption> = split_fields(text)
        .into_iter()
        .map(|(a, b)| option(map, a, b))
        .collect();
    let kind = options
        .iter()
        .find(|o| o.key.value.eq_ignore_ascii_case("type"))
        .and_then(|o| o.value.as_ref())
        .map_or_else(|| "bind".to_owned(), |v| v.value.to_ascii_lowercase());
    Some(Mount {
        range: flag.range,
        kind,
        options,
    })
}

/// The option in `text[a..b]`.
fn option(map: &MappedText, a: usize, b: usize) -> MountOption {
    let text = map.as_str();
    let field = text.get(a..b).unwrap_or("");
    let located = |x: usize, y: usize| {
        let value = text.get(x..y).unwrap_or("").to_owned();
        Spanned::new(value, map.source_range(TextRange::new(x, y)))
    };
    match field.find('=') {
        Some(eq) => MountOption {
            key: located(a, a + eq),
            value: Some(located(a + eq + 1, b)),
        },
        None => MountOption {
            key: located(a, b),
            value: None,
        },
    }
}

/// Comma-separated fields outside double quotes, empty ones dropped.
fn split_fields(text: &str) -> Vec<(usize, usize)> {
    let mut fields = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    for (i, c) in text.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => {
                fields.push((start, i));
                start = i + 1;
            }
            _ => {}
        }
    }
    fields.push((start, text.len()));
    fields.retain(|(a, b)| b > a);
    fields
}
