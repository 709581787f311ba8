//! The typed model of a `bitbucket-pipelines.yml`: pipelines, steps, scripts, images,
//! caches and services, each value with the byte range it was read from.

use crate::pipeline::yaml::SyntaxError;
use crate::text::{MappedText, Spanned, TextRange};

/// A parsed `bitbucket-pipelines.yml`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PipelineFile {
    /// YAML syntax errors; when present, the rest of the model is empty.
    pub errors: Vec<SyntaxError>,
    /// The global `image`.
    pub image: Option<Image>,
    /// `options: docker:`, which adds the Docker service to every step.
    pub docker_option: Option<Spanned<bool>>,
    /// `definitions`: caches and services.
    pub definitions: Definitions,
    /// Every pipeline under `pipelines`, in file order.
    pub pipelines: Vec<Pipeline>,
    /// Every step occurrence reached from `pipelines`, in file order. A step used through
    /// an alias in two pipelines appears twice.
    pub steps: Vec<Step>,
}

/// The `definitions` section.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Definitions {
    /// Custom caches.
    pub caches: Vec<CacheDefinition>,
    /// Services (`docker` among them, to set its memory).
    pub services: Vec<ServiceDefinition>,
}

/// A custom cache: `name: path` or `name: { path: ..., key: { files: [...] } }`.
#[derive(Clone, Debug, PartialEq)]
pub struct CacheDefinition {
    /// The cache name, as steps list it.
    pub name: Spanned<String>,
    /// The cached directory.
    pub path: Option<Spanned<String>>,
}

/// A service container definition.
#[derive(Clone, Debug, PartialEq)]
pub struct ServiceDefinition {
    /// The service name, as steps list it.
    pub name: Spanned<String>,
    /// The image (the `image` string, or its `name`).
    pub image: Option<Spanned<String>>,
    /// `memory`, in megabytes.
    pub memory: Option<u64>,
    /// `variables`, name to value.
    pub variables: Vec<(Spanned<String>, ScalarText)>,
}

/// An `image`: a name, or a mapping with credentials.
#[derive(Clone, Debug, PartialEq)]
pub struct Image {
    /// The image reference.
    pub name: Spanned<String>,
    /// Registry user name.
    pub username: Option<ScalarText>,
    /// Registry password.
    pub password: Option<ScalarText>,
    /// Whether an `aws` section (ECR credentials or OIDC role) is present.
    pub aws: bool,
}

/// The section a pipeline is declared in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PipelineKind {
    /// `pipelines: default:`.
    Default,
    /// `pipelines: branches: <glob>:`.
    Branches,
    /// `pipelines: tags: <glob>:`.
    Tags,
    /// `pipelines: pull-requests: <glob>:`.
    PullRequests,
    /// `pipelines: custom: <name>:`.
    Custom,
}

impl PipelineKind {
    /// The key under `pipelines:` that holds pipelines of this kind.
    pub const fn key(self) -> &'static str {
        match self {
            PipelineKind::Default => "default",
            PipelineKind::Branches => "branches",
            PipelineKind::Tags => "tags",
            PipelineKind::PullRequests => "pull-requests",
            PipelineKind::Custom => "custom",
        }
    }
}

/// One pipeline.
#[derive(Clone, Debug, PartialEq)]
pub struct Pipeline {
    /// Which section it is in.
    pub kind: PipelineKind,
    /// `default`, the branch, tag or pull-request glob, or the custom name; the range of
    /// its key.
    pub name: Spanned<String>,
    /// Its steps, as indexes into [`PipelineFile::steps`].
    pub steps: Vec<usize>,
    /// Names of the variables a custom pipeline asks for (`- variables: - name: X`).
    pub variables: Vec<Spanned<String>>,
}

/// One occurrence of a step in a pipeline.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// Index of its pipeline in [`PipelineFile::pipelines`].
    pub pipeline: usize,
    /// `name`.
    pub name: Option<Spanned<String>>,
    /// The step mapping as written (at its anchor, for an aliased step).
    pub defined: TextRange,
    /// Where the pipeline uses it: the alias token of `step: *build` or `<<: *build`,
    /// else equal to `defined`.
    pub referenced: TextRange,
    /// Whether the step, or part of it, comes through an alias or a merge key.
    pub via_alias: bool,
    /// `script`.
    pub script: Vec<ScriptItem>,
    /// `after-script`.
    pub after_script: Vec<ScriptItem>,
    /// `services` names.
    pub services: Vec<Spanned<String>>,
    /// `caches` names.
    pub caches: Vec<Spanned<String>>,
    /// `artifacts` patterns, from the list form or `paths:`.
    pub artifacts: Vec<Spanned<String>>,
    /// `deployment` environment.
    pub deployment: Option<Spanned<String>>,
    /// `oidc`.
    pub oidc: Option<Spanned<bool>>,
    /// The step's own `image`.
    pub image: Option<Image>,
    /// `runtime: cloud: version`, as written.
    pub runtime_cloud_version: Option<Spanned<String>>,
    /// `size`, as written (`2x`, `4x`...).
    pub size: Option<Spanned<String>>,
    /// Whether the step is inside `parallel`.
    pub in_parallel: bool,
    /// The enclosing stage's name, when inside `stage`.
    pub stage: Option<Spanned<String>>,
}

/// One item of a `script` or `after-script`.
#[derive(Clone, Debug, PartialEq)]
pub enum ScriptItem {
    /// A shell command (possibly several lines).
    Command(ScalarText),
    /// A `pipe:` call.
    Pipe(PipeCall),
}

/// A scalar's value mapped back to the source.
#[derive(Clone, Debug, PartialEq)]
pub struct ScalarText {
    /// The value as YAML gives it, each copied byte mapped to its source byte.
    pub text: MappedText,
    /// The defined range of the scalar node.
    pub range: TextRange,
}

/// A `- pipe: owner/name:version` script item.
#[derive(Clone, Debug, PartialEq)]
pub struct PipeCall {
    /// The pipe reference.
    pub pipe: Spanned<String>,
    /// `variables`, name to value.
    pub variables: Vec<(Spanned<String>, PipeVariable)>,
    /// The whole item mapping.
    pub range: TextRange,
}

/// The value of a pipe variable.
#[derive(Clone, Debug, PartialEq)]
pub enum PipeVariable {
    /// A single value.
    Scalar(ScalarText),
    /// A list of values (such as `EXTRA_ARGS`).
    List(Vec<ScalarText>),
}
