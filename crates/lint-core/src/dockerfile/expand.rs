//! Variable expansion as BuildKit applies it to instruction arguments such as mount
//! options: `$NAME`, `${NAME}`, `${NAME:-default}` and `${NAME:+alternative}`, with the
//! values of the ARGs and ENVs in scope.

use std::collections::HashMap;

use super::{Dockerfile, InstructionKind, Mount, StageGraph};

/// `text` with its variable references replaced; an unknown variable expands to "".
pub fn expand(text: &str, values: &HashMap<String, String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let (replacement, consumed) = reference(after, values);
        match replacement {
            Some(value) => out.push_str(&value),
            None => out.push('$'),
        }
        rest = &after[consumed..];
    }
    out.push_str(rest);
    out
}

/// The value of the reference at the start of `text` (just after `$`) and how many bytes
/// it spans; `None` when `$` starts no reference.
fn reference(text: &str, values: &HashMap<String, String>) -> (Option<String>, usize) {
    if let Some(body) = text.strip_prefix('{') {
        let Some(close) = body.find('}') else {
            return (None, 0);
        };
        let inner = &body[..close];
        let value = braced(inner, values);
        return (Some(value), close + 2);
    }
    let len = text
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
        .count();
    if len == 0 {
        return (None, 0);
    }
    let name = &text[..len];
    (Some(values.get(name).cloned().unwrap_or_default()), len)
}

fn braced(inner: &str, values: &HashMap<String, String>) -> String {
    let (name, modifier) = match inner.find(':') {
        Some(colon) => (&inner[..colon], Some(&inner[colon + 1..])),
        None => (inner, None),
    };
    let value = values.get(name).filter(|v| !v.is_empty());
    match (modifier.and_then(|m| m.split_at_checked(1)), value) {
        (Some(("-", default)), None) => default.to_string(),
        (Some(("+", alternative)), Some(_)) => alternative.to_string(),
        (Some(("+", _)), None) => String::new(),
        (_, value) => value.cloned().unwrap_or_default(),
    }
}

/// The literal values of the ARGs and ENVs visible at instruction `before` of `stage`:
/// ENVs of its `FROM` ancestors, then its own ARGs (a build's value first, else the
/// default, else the global declaration's) and ENVs.
pub fn scope_values(
    file: &Dockerfile,
    graph: &StageGraph,
    stage: usize,
    before: usize,
    build_args: &HashMap<String, String>,
) -> HashMap<String, String> {
    let mut globals = HashMap::new();
    for &index in &graph.global_args {
        declare_args(file, index, build_args, &HashMap::new(), &mut globals);
    }
    let mut values = HashMap::new();
    let mut chain = graph.ancestors(stage);
    chain.reverse();
    for ancestor in chain {
        for index in graph.stages[ancestor].instructions.clone() {
            set_envs(file, index, &mut values);
        }
    }
    let Some(current) = graph.stages.get(stage) else {
        return values;
    };
    for index in current.instructions.start..before.min(current.instructions.end) {
        declare_args(file, index, build_args, &globals, &mut values);
        set_envs(file, index, &mut values);
    }
    values
}

fn declare_args(
    file: &Dockerfile,
    index: usize,
    build_args: &HashMap<String, String>,
    globals: &HashMap<String, String>,
    values: &mut HashMap<String, String>,
) {
    let Some(InstructionKind::Arg(pairs)) = file.instructions.get(index).map(|i| &i.kind) else {
        return;
    };
    for pair in pairs {
        let name = &pair.key.value;
        let value = build_args
            .get(name)
            .cloned()
            .or_else(|| pair.value.as_ref().map(|v| expand(&v.value, values)))
            .or_else(|| globals.get(name).cloned());
        if let Some(value) = value {
            values.insert(name.clone(), value);
        }
    }
}

fn set_envs(file: &Dockerfile, index: usize, values: &mut HashMap<String, String>) {
    let Some(InstructionKind::Env(pairs)) = file.instructions.get(index).map(|i| &i.kind) else {
        return;
    };
    for pair in pairs {
        let value = pair
            .value
            .as_ref()
            .map_or(String::new(), |v| expand(&v.value, values));
        values.insert(pair.key.value.clone(), value);
    }
}

impl Mount {
    /// This mount with every option value expanded with `values`; ranges are kept.
    #[must_use]
    pub fn expanded(&self, values: &HashMap<String, String>) -> Mount {
        let mut mount = self.clone();
        for option in &mut mount.options {
            if let Some(value) = &mut option.value {
                value.value = expand(&value.value, values);
                if option.key.value.eq_ignore_ascii_case("type") {
                    mount.kind = value.value.to_ascii_lowercase();
                }
            }
        }
        mount
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn expands_plain_braced_default_and_alternative_forms() {
        let v = values(&[("ID", "npm"), ("EMPTY", "")]);
        assert_eq!(expand("id=$ID", &v), "id=npm");
        assert_eq!(expand("id=${ID}_token", &v), "id=npm_token");
        assert_eq!(expand("${MISSING:-fallback}", &v), "fallback");
        assert_eq!(expand("${EMPTY:-fallback}", &v), "fallback");
        assert_eq!(expand("${ID:+set}${MISSING:+set}", &v), "set");
        assert_eq!(expand("$MISSING.x", &v), ".x");
        assert_eq!(expand("cost $ 5 ${unclosed", &v), "cost $ 5 ${unclosed");
    }

    #[test]
    fn mount_options_expand_args_in_scope() {
        let file = super::super::parse(
            "ARG KIND=secret\nFROM alpine\nARG KIND\nARG SECRET_ID=npm\nENV TARGET=/run/t\n\
             RUN --mount=type=$KIND,id=${SECRET_ID}_token,target=$TARGET true\n",
        );
        let graph = StageGraph::build(&file);
        let run = 5;
        let scope = scope_values(&file, &graph, 0, run, &HashMap::new());
        let mounts = file.instructions[run].mounts();
        let mount = mounts[0].expanded(&scope);
        assert_eq!(
            mount
                .get("type")
                .and_then(|o| o.value.as_ref())
                .map(|v| v.value.as_str()),
            Some("secret")
        );
        assert_eq!(mount.id(), Some("npm_token"));
        assert_eq!(mount.target(), Some("/run/t"));
        let passed = values(&[("SECRET_ID", "pip")]);
        let scope = scope_values(&file, &graph, 0, run, &passed);
        assert_eq!(mounts[0].expanded(&scope).id(), Some("pip_token"));
    }
}
