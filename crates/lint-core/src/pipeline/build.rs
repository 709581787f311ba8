//! Builds the typed [`PipelineFile`] from the YAML tree. Tolerant: unknown keys are
//! ignored, and a key whose value has the wrong shape (`script: 5`) is skipped.

use crate::pipeline::model::{
    CacheDefinition, Definitions, Image, PipeCall, PipeVariable, Pipeline, PipelineFile,
    PipelineKind, ScalarText, ScriptItem, ServiceDefinition, Step,
};
use crate::pipeline::scalar_map::scalar_text;
use crate::pipeline::yaml::{YamlNode, YamlValue, parse_yaml};
use crate::text::{MappedText, Spanned, TextRange};

/// Parses a `bitbucket-pipelines.yml`. Never fails: YAML errors land in
/// [`PipelineFile::errors`].
pub fn parse(text: &str) -> PipelineFile {
    let root = match parse_yaml(text) {
        Ok(root) => root,
        Err(error) => {
            return PipelineFile {
                errors: vec![error],
                ..PipelineFile::default()
            };
        }
    };
    let mut builder = Builder {
        source: text,
        file: PipelineFile::default(),
    };
    builder.file.image = root.get("image").and_then(|node| builder.image(node));
    builder.file.docker_option = root
        .get("options")
        .and_then(|options| options.get("docker"))
        .and_then(spanned_bool);
    if let Some(definitions) = root.get("definitions") {
        builder.file.definitions = builder.definitions(definitions);
    }
    if let Some(pipelines) = root.get("pipelines") {
        builder.pipelines(pipelines);
    }
    builder.file
}

/// Where the next steps go: their pipeline, and their `parallel` / `stage` context.
#[derive(Clone)]
struct Context {
    pipeline: usize,
    in_parallel: bool,
    stage: Option<Spanned<String>>,
}

/// Accumulates the model while walking the tree.
struct Builder<'a> {
    source: &'a str,
    file: PipelineFile,
}

impl Builder<'_> {
    /// Walks `pipelines`: `default` is a list, the other sections map names to lists.
    fn pipelines(&mut self, pipelines: &YamlNode) {
        for (key, value) in pipelines.as_mapping().unwrap_or_default() {
            let kind = match key.as_str() {
                Some("default") => PipelineKind::Default,
                Some("branches") => PipelineKind::Branches,
                Some("tags") => PipelineKind::Tags,
                Some("pull-requests") => PipelineKind::PullRequests,
                Some("custom") => PipelineKind::Custom,
                _ => continue,
            };
            if kind == PipelineKind::Default {
                self.pipeline(kind, key, value);
                continue;
            }
            for (name, items) in value.as_mapping().unwrap_or_default() {
                self.pipeline(kind, name, items);
            }
        }
    }

    /// Adds one pipeline named by `name` with the item list `items`.
    fn pipeline(&mut self, kind: PipelineKind, name: &YamlNode, items: &YamlNode) {
        let Some(name) = spanned_string(name) else {
            return;
        };
        let index = self.file.pipelines.len();
        self.file.pipelines.push(Pipeline {
            kind,
            name,
            steps: Vec::new(),
            variables: Vec::new(),
        });
        let context = Context {
            pipeline: index,
            in_parallel: false,
            stage: None,
        };
        self.items(items, &context);
    }

    /// Walks a list of `step`, `parallel`, `stage` and `variables` items.
    fn items(&mut self, items: &YamlNode, context: &Context) {
        for item in items.as_sequence().unwrap_or_default() {
            if let Some(step) = item.get("step") {
                self.step(step, context);
            }
            if let Some(parallel) = item.get("parallel") {
                let steps = parallel.get("steps").unwrap_or(parallel);
                let inner = Context {
                    in_parallel: true,
                    ..context.clone()
                };
                self.items(steps, &inner);
            }
            if let Some(stage) = item.get("stage") {
                let name = stage.get("name").and_then(spanned_string);
                let inner = Context {
                    stage: name,
                    ..context.clone()
                };
                if let Some(steps) = stage.get("steps") {
                    self.items(steps, &inner);
                }
            }
            if let Some(variables) = item.get("variables") {
                let names = variables.as_sequence().unwrap_or_default();
                let names = names
                    .iter()
                    .filter_map(|v| v.get("name").and_then(spanned_string));
                if let Some(pipeline) = self.file.pipelines.get_mut(context.pipeline) {
                    pipeline.variables.extend(names);
                }
            }
        }
    }

    /// Adds one step occurrence.
    fn step(&mut self, node: &YamlNode, context: &Context) {
        if node.as_mapping().is_none() {
            return;
        }
        let (referenced, via_alias) = use_site(node);
        let step = Step {
            pipeline: context.pipeline,
            name: node.get("name").and_then(spanned_string),
            defined: node.defined,
            referenced,
            via_alias,
            script: self.script(node.get("script")),
            after_script: self.script(node.get("after-script")),
            services: string_list(node.get("services")),
            caches: string_list(node.get("caches")),
            artifacts: artifacts(node.get("artifacts")),
            deployment: node.get("deployment").and_then(spanned_string),
            oidc: node.get("oidc").and_then(spanned_bool),
            image: node.get("image").and_then(|image| self.image(image)),
            runtime_cloud_version: node
                .get("runtime")
                .and_then(|runtime| runtime.get("cloud"))
                .and_then(|cloud| cloud.get("version"))
                .and_then(|version| self.written(version)),
            size: node.get("size").and_then(|size| self.written(size)),
            in_parallel: context.in_parallel,
            stage: context.stage.clone(),
        };
        let index = self.file.steps.len();
        self.file.steps.push(step);
        if let Some(pipeline) = self.file.pipelines.get_mut(context.pipeline) {
            pipeline.steps.push(index);
        }
    }

    /// The items of a `script` or `after-script` list.
    fn script(&self, node: Option<&YamlNode>) -> Vec<ScriptItem> {
        let items = node.and_then(YamlNode::as_sequence).unwrap_or_default();
        items
            .iter()
            .filter_map(|item| match item.get("pipe") {
                Some(pipe) => self.pipe_call(item, pipe).map(ScriptItem::Pipe),
                None => self.scalar(item).map(ScriptItem::Command),
            })
            .collect()
    }

    /// A `- pipe:` item.
    fn pipe_call(&self, item: &YamlNode, pipe: &YamlNode) -> Option<PipeCall> {
        let pipe = spanned_string(pipe)?;
        let entries = item
            .get("variables")
            .and_then(YamlNode::as_mapping)
            .unwrap_or_default();
        let variables = entries
            .iter()
            .filter_map(|(key, value)| {
                let value = match value.as_sequence() {
                    Some(list) => {
                        PipeVariable::List(list.iter().filter_map(|v| self.scalar(v)).collect())
                    }
                    None => PipeVariable::Scalar(self.scalar(value)?),
                };
                Some((spanned_string(key)?, value))
            })
            .collect();
        Some(PipeCall {
            pipe,
            variables,
            range: item.defined,
        })
    }

    /// An `image`: a string, or a mapping with `name`, credentials and `aws`.
    fn image(&self, node: &YamlNode) -> Option<Image> {
        if let Some(name) = self.written(node) {
            return Some(Image {
                name,
                username: None,
                password: None,
                aws: false,
            });
        }
        Some(Image {
            name: node.get("name").and_then(|name| self.written(name))?,
            username: node.get("username").and_then(|v| self.scalar(v)),
            password: node.get("password").and_then(|v| self.scalar(v)),
            aws: node.get("aws").is_some(),
        })
    }

    /// `definitions`: `caches` and `services`.
    fn definitions(&self, node: &YamlNode) -> Definitions {
        let caches = node
            .get("caches")
            .and_then(YamlNode::as_mapping)
            .unwrap_or_default();
        let services = node
            .get("services")
            .and_then(YamlNode::as_mapping)
            .unwrap_or_default();
        Definitions {
            caches: caches
                .iter()
                .filter_map(|(k, v)| self.cache(k, v))
                .collect(),
            services: services
                .iter()
                .filter_map(|(k, v)| self.service(k, v))
                .collect(),
        }
    }

    /// One cache definition.
    fn cache(&self, name: &YamlNode, value: &YamlNode) -> Option<CacheDefinition> {
        let path = value.get("path").unwrap_or(value);
        Some(CacheDefinition {
            name: spanned_string(name)?,
            path: self.written(path),
        })
    }

    /// One service definition.
    fn service(&self, name: &YamlNode, value: &YamlNode) -> Option<ServiceDefinition> {
        let image = value.get("image");
        let image = image.and_then(|i| self.written(i).or_else(|| self.written(i.get("name")?)));
        let memory = value.get("memory").and_then(|m| match &m.value {
            YamlValue::Number(text) | YamlValue::String(text) => text.trim().parse().ok(),
            _ => None,
        });
        let entries = value
            .get("variables")
            .and_then(YamlNode::as_mapping)
            .unwrap_or_default();
        let variables = entries
            .iter()
            .filter_map(|(k, v)| Some((spanned_string(k)?, self.scalar(v)?)))
            .collect();
        Some(ServiceDefinition {
            name: spanned_string(name)?,
            image,
            memory,
            variables,
        })
    }

    /// A scalar's mapped value; `None` for null and collections. A string whose source
    /// cannot be mapped byte by byte is kept with a coarse map to its first byte.
    fn scalar(&self, node: &YamlNode) -> Option<ScalarText> {
        let text = match (scalar_text(self.source, node), &node.value) {
            (Some(text), _) => text,
            (None, YamlValue::String(value)) => coarse_text(self.source, value, node.defined),
            (None, _) => return None,
        };
        Some(ScalarText {
            text,
            range: node.defined,
        })
    }

    /// A string, number or boolean scalar as YAML gives it, with its range.
    fn written(&self, node: &YamlNode) -> Option<Spanned<String>> {
        match &node.value {
            YamlValue::String(text) | YamlValue::Number(text) => {
                Some(Spanned::new(text.clone(), node.defined))
            }
            YamlValue::Bool(value) => Some(Spanned::new(value.to_string(), node.defined)),
            _ => None,
        }
    }
}

/// Where a step is used and whether it comes through an alias: the alias token of
/// `step: *x`, or of the first merged entry of `step: { <<: *x }`.
fn use_site(node: &YamlNode) -> (TextRange, bool) {
    if node.via_alias() {
        return (node.referenced, true);
    }
    let merged = node
        .as_mapping()
        .unwrap_or_default()
        .iter()
        .find(|(key, _)| key.via_alias() && key.defined.start < node.defined.start);
    match merged {
        Some((key, _)) => (key.referenced, true),
        None => (node.defined, false),
    }
}

/// `value` mapped as a whole to `range`: its first character to the range start when the
/// source has it there, the rest synthetic.
fn coarse_text(source: &str, value: &str, range: TextRange) -> MappedText {
    tracing::debug!(?range, "YAML scalar mapped coarsely");
    let mut text = MappedText::new();
    let first_len = value.chars().next().map_or(0, char::len_utf8);
    let (first, rest) = value.split_at(first_len);
    let at_start = source
        .get(range.start..)
        .is_some_and(|s| s.starts_with(first));
    if at_start {
        text.push_source(first, range.start);
        text.push_synthetic(rest);
    } else {
        text.push_synthetic(value);
    }
    text
}

/// A string scalar with its range.
fn spanned_string(node: &YamlNode) -> Option<Spanned<String>> {
    node.as_str()
        .map(|text| Spanned::new(text.to_owned(), node.defined))
}

/// A boolean scalar with its range.
fn spanned_bool(node: &YamlNode) -> Option<Spanned<bool>> {
    match node.value {
        YamlValue::Bool(value) => Some(Spanned::new(value, node.defined)),
        _ => None,
    }
}

/// The strings of a list, skipping items of other shapes.
fn string_list(node: Option<&YamlNode>) -> Vec<Spanned<String>> {
    let items = node.and_then(YamlNode::as_sequence).unwrap_or_default();
    items.iter().filter_map(spanned_string).collect()
}

/// `artifacts`: a list of patterns, or a mapping with `paths:`.
fn artifacts(node: Option<&YamlNode>) -> Vec<Spanned<String>> {
    match node {
        Some(node) if node.as_mapping().is_some() => string_list(node.get("paths")),
        other => string_list(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coarse_text_anchors_the_first_character() {
        let text = coarse_text("a: xyz", "xyz!", TextRange::new(3, 6));
        assert_eq!(text.as_str(), "xyz!");
        assert_eq!((text.source_offset(0), text.source_offset(3)), (3, 4));
        let detached = coarse_text("a: q", "zz", TextRange::new(3, 4));
        assert_eq!((detached.as_str(), detached.segments().len()), ("zz", 0));
    }
}
