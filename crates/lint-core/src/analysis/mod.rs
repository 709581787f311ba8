//! The whole-project analysis: parse every file once, link each pipeline's `docker build`
//! to the Dockerfile it builds, and follow secrets into [`SecretFlow`]s.

mod docker_flow;
mod environment;
mod group;
mod link;
mod pipeline_flow;

pub use environment::{OuterScope, ScriptEnv};
pub use group::{BuildGroup, Models, build_groups};
pub use link::BuildLink;
pub(crate) use link::{is_within, normalize as normalize_path};

use std::collections::HashMap;
use std::sync::Arc;

use crate::dockerfile::{self, Dockerfile, StageGraph};
use crate::flow::SecretFlow;
use crate::pipeline::{self, PipelineFile};
use crate::secrets::NameRules;
use crate::settings::Settings;
use crate::shell::{self, ScriptFacts};
use crate::source::{FileId, SourceSet};

/// A parsed Dockerfile with its stage model.
#[derive(Debug)]
pub struct DockerfileModel {
    /// The file.
    pub file: FileId,
    /// The syntax tree.
    pub ast: Dockerfile,
    /// Its stages.
    pub stages: StageGraph,
}

/// A parsed pipeline file with the shell facts of every step's scripts.
#[derive(Debug)]
pub struct PipelineModel {
    /// The file.
    pub file: FileId,
    /// The typed pipeline.
    pub model: PipelineFile,
    /// For each step (same index as `model.steps`): its `script`, then its `after-script`.
    pub scripts: Vec<StepScripts>,
}

/// The shell facts of one step.
#[derive(Clone, Debug)]
pub struct StepScripts {
    /// Facts of `script` (shared by the uses of an anchored step).
    pub script: Arc<ScriptFacts>,
    /// Facts of `after-script`.
    pub after_script: Arc<ScriptFacts>,
}

/// Everything parsed, linked and followed in one build group: what the rules read.
#[derive(Debug)]
pub struct Project<'a> {
    /// The files of the whole check (the group's ids index it).
    pub sources: &'a SourceSet,
    /// The settings of this run.
    pub settings: &'a Settings,
    /// Which names are secret.
    pub names: NameRules,
    /// The group's files.
    pub files: &'a [FileId],
    /// Its parsed Dockerfiles.
    pub dockerfiles: &'a [DockerfileModel],
    /// Its parsed pipelines.
    pub pipelines: &'a [PipelineModel],
    /// Each of its resolved `docker build`s.
    pub links: &'a [BuildLink],
    /// Every secret reaching a sink.
    pub flows: Vec<SecretFlow>,
}

impl<'a> Project<'a> {
    /// Follows the secrets of one group's `models` under `settings`.
    pub fn analyze(sources: &'a SourceSet, settings: &'a Settings, models: &'a Models) -> Self {
        let names = NameRules::new(
            &settings.secret_names,
            &settings.not_secret_names,
            &settings.secret_nouns,
        );
        let mut project = Project {
            sources,
            settings,
            names,
            files: &models.files,
            dockerfiles: &models.dockerfiles,
            pipelines: &models.pipelines,
            links: &models.links,
            flows: Vec::new(),
        };
        project.flows = pipeline_flow::artifact_flows(&project);
        project
            .flows
            .extend(docker_flow::dockerfile_flows(&project));
        project
    }

    /// The model of the Dockerfile `file`.
    pub fn dockerfile(&self, file: FileId) -> Option<&'a DockerfileModel> {
        self.dockerfiles.iter().find(|model| model.file == file)
    }
}

/// Parses one Dockerfile and builds its stage model.
fn parse_dockerfile(file: FileId, source: &crate::source::SourceFile) -> DockerfileModel {
    let mut ast = dockerfile::parse(&source.text);
    report_long_runs(&mut ast);
    let stages = StageGraph::build(&ast);
    DockerfileModel { file, ast, stages }
}

/// Parses one pipeline file and analyzes the shell of every step.
fn parse_pipeline(file: FileId, source: &crate::source::SourceFile) -> PipelineModel {
    let mut model = pipeline::parse(&source.text);
    let scripts = all_step_scripts(&model.steps);
    report_skipped_scripts(&mut model, &scripts);
    PipelineModel {
        file,
        model,
        scripts,
    }
}

/// A located error for each step script too long to analyze.
fn report_skipped_scripts(model: &mut PipelineFile, scripts: &[StepScripts]) {
    for (step, facts) in model.steps.iter().zip(scripts) {
        for facts in [&facts.script, &facts.after_script] {
            if let Some(size) = facts.skipped {
                model.errors.push(pipeline::SyntaxError {
                    range: step.defined,
                    message: too_long(size),
                });
            }
        }
    }
}

/// A located error for each RUN whose script is too long to analyze.
fn report_long_runs(ast: &mut Dockerfile) {
    let mut errors = Vec::new();
    for instruction in &ast.instructions {
        let dockerfile::InstructionKind::Run(command) = &instruction.kind else {
            continue;
        };
        let dockerfile::CommandForm::Shell(text) = &command.form else {
            continue;
        };
        let mut lines = vec![text];
        lines.extend(command.heredocs.iter().map(|heredoc| &heredoc.body));
        let size = shell::script_size(&lines);
        if size > shell::MAX_SCRIPT_BYTES {
            errors.push(dockerfile::SyntaxError {
                range: instruction.keyword.range,
                message: too_long(size),
            });
        }
    }
    ast.errors.extend(errors);
}

/// The message for a script longer than stowaway analyzes.
fn too_long(size: usize) -> String {
    format!(
        "script of {size} bytes is longer than stowaway analyzes ({} KiB); it was not checked",
        shell::MAX_SCRIPT_BYTES / 1024
    )
}

/// The shell facts of every step. A step used through an alias in several pipelines is
/// one text: its scripts are analyzed once and the facts shared.
fn all_step_scripts(steps: &[pipeline::Step]) -> Vec<StepScripts> {
    let mut out: Vec<StepScripts> = Vec::with_capacity(steps.len());
    let mut first_of: HashMap<crate::text::TextRange, usize> = HashMap::new();
    for (at, step) in steps.iter().enumerate() {
        let first = *first_of.entry(step.defined).or_insert(at);
        let same = steps.get(first).zip(out.get(first)).filter(|(seen, _)| {
            seen.script == step.script && seen.after_script == step.after_script
        });
        let scripts = match same {
            Some((_, scripts)) => scripts.clone(),
            None => StepScripts {
                script: Arc::new(shell::analyze(&command_lines(&step.script))),
                after_script: Arc::new(shell::analyze(&command_lines(&step.after_script))),
            },
        };
        out.push(scripts);
    }
    out
}

fn command_lines(items: &[pipeline::ScriptItem]) -> Vec<&crate::text::MappedText> {
    items
        .iter()
        .filter_map(|item| match item {
            pipeline::ScriptItem::Command(line) => Some(&line.text),
            pipeline::ScriptItem::Pipe(_) => None,
        })
        .collect()
}

/// The variables of the script that holds `link`'s build.
pub fn script_env<'p>(project: &'p Project<'_>, link: &BuildLink) -> ScriptEnv<'p> {
    let pipeline = &project.pipelines[link.pipeline];
    let scripts = &pipeline.scripts[link.step];
    let facts = if link.after_script {
        &scripts.after_script
    } else {
        &scripts.script
    };
    ScriptEnv {
        file: pipeline.file,
        facts,
        names: &project.names,
        outer: OuterScope::Settings,
    }
}

/// Where a pipeline uses a step defined elsewhere (an alias or merge of an anchored
/// step), as a related location naming the pipeline; `None` for steps written in place.
pub fn step_use(pipeline: &PipelineModel, step: usize) -> Option<crate::diagnostic::Related> {
    let step = pipeline.model.steps.get(step)?;
    if !step.via_alias {
        return None;
    }
    let used_by = pipeline.model.pipelines.get(step.pipeline)?;
    let name = match used_by.kind {
        pipeline::PipelineKind::Default => "default".to_string(),
        kind => format!("{}: {}", kind.key(), used_by.name.value),
    };
    Some(crate::diagnostic::Related {
        location: crate::diagnostic::Location::new(pipeline.file, step.referenced),
        message: format!("the anchored step runs in pipeline `{name}` here"),
    })
}

/// The literal values a `docker build` passes with `--build-arg K=V`.
pub fn build_arg_literals(build: &shell::DockerBuild) -> HashMap<String, String> {
    build
        .build_args
        .iter()
        .filter_map(|flag| {
            let value = flag.value.as_ref()?.literal.clone()?;
            Some((flag.name.value.clone(), value))
        })
        .collect()
}

/// The `--mount`s of instruction `index` of `stage`, their option values expanded with the
/// ARGs and ENVs in scope there (`build_args` giving the build's literal values).
pub fn expanded_mounts(
    model: &DockerfileModel,
    stage: usize,
    index: usize,
    instruction: &dockerfile::Instruction,
    build_args: &HashMap<String, String>,
) -> Vec<dockerfile::Mount> {
    let mounts = instruction.mounts();
    if !mounts.iter().any(|m| {
        m.options
            .iter()
            .any(|o| o.value.as_ref().is_some_and(|v| v.value.contains('$')))
    }) {
        return mounts;
    }
    let values = dockerfile::scope_values(&model.ast, &model.stages, stage, index, build_args);
    mounts.iter().map(|mount| mount.expanded(&values)).collect()
}
