//! Follows secrets through one Dockerfile, per build that links to it (or on its own when
//! no pipeline builds it): ARG scope per stage, ENV inheritance through `FROM stage`, RUN
//! scripts with their secret mounts, COPY/ADD of credential files, and which stages the
//! build exports or persists.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use super::environment::{OuterScope, ScriptEnv, computed_taint, literal_taint};
use super::{BuildLink, DockerfileModel, Project};
use crate::diagnostic::{Confidence, Location};
use crate::dockerfile::{
    CommandLine, CopyArgs, Instruction, InstructionKind, KeyValue, Mount, StageBase,
};
use crate::flow::{CacheChannel, OriginKind, SecretFlow, Sink, SinkContent, Taint};
use crate::secrets::{self, NameVerdict};
use crate::shell;
use crate::text::TextRange;

mod credential_files;
mod run;

/// Every flow in every Dockerfile of the group.
///
/// The walks of one Dockerfile (one per build) share the shell facts of its RUN
/// instructions, which depend on the text alone.
pub fn dockerfile_flows(project: &Project<'_>) -> Vec<SecretFlow> {
    project
        .dockerfiles
        .iter()
        .flat_map(|model| model_flows(project, model))
        .collect()
}

/// The flows of one Dockerfile, for each build that links to it (or on its own).
fn model_flows(project: &Project<'_>, model: &DockerfileModel) -> Vec<SecretFlow> {
    let run_facts = RunFacts::default();
    let links: Vec<&BuildLink> = project
        .links
        .iter()
        .filter(|link| link.dockerfile == Some(model.file))
        .collect();
    if links.is_empty() {
        return Walk::new(project, model, None, &run_facts).run();
    }
    let mut flows = Vec::new();
    for link in links {
        let inputs = BuildInputs::of(project, link);
        flows.extend(Walk::new(project, model, Some(inputs), &run_facts).run());
    }
    flows
}

/// The shell facts of each RUN of one Dockerfile, by the instruction's start offset,
/// computed on first use.
type RunFacts = RefCell<HashMap<usize, Rc<Vec<shell::ScriptFacts>>>>;

/// What one `docker build` passes to the Dockerfile, and how it persists the stages it
/// does not export.
pub(crate) struct BuildInputs {
    /// Build args by name, with the secret each value holds.
    args: HashMap<String, Option<Taint>>,
    /// The channels that keep non-exported stages.
    persistence: Vec<(CacheChannel, Location)>,
    /// `--target`, when static.
    target: Option<String>,
    /// The literal values of build args, for expanding mount options.
    literals: HashMap<String, String>,
    /// Files the script writes from a secret into the build context before the build:
    /// their path inside the context, and the secret.
    context_files: Vec<(String, Taint)>,
}

impl BuildInputs {
    fn of(project: &Project<'_>, link: &BuildLink) -> Self {
        let pipeline = &project.pipelines[link.pipeline];
        let build = link.command(project);
        let env = super::script_env(project, link);
        let mut args = HashMap::new();
        for flag in &build.build_args {
            let name = &flag.name.value;
            let at = Location::new(pipeline.file, flag.range);
            let taint = match &flag.value {
                Some(word) => env
                    .word_taint(word)
                    .or_else(|| match word.literal.as_deref() {
                        Some(literal) => literal_taint(name, literal, &project.names, at),
                        // A value computed in the script, passed under a secret-looking name.
                        None => computed_taint(name, &project.names, at)
                            .map(|taint| taint.capped(Confidence::Medium)),
                    }),
                None => env.implicit_taint(name, Location::new(pipeline.file, flag.name.range)),
            };
            let passed = format!("passed to `docker build` as `--build-arg {name}`");
            let mut taint = taint.map(|t| t.through(at, passed));
            if let (Some(taint), Some(used)) = (&mut taint, super::step_use(pipeline, link.step)) {
                *taint = taint.through(used.location, used.message);
            }
            args.insert(name.clone(), taint);
        }
        let step = &pipeline.model.steps[link.step];
        let persistence = persistence(pipeline, step, build);
        let target = build.target.as_ref().and_then(|word| word.literal.clone());
        BuildInputs {
            args,
            persistence,
            target,
            literals: super::build_arg_literals(build),
            context_files: context_files(project, link, &env),
        }
    }
}

/// Files that `link`'s script writes from a secret into the build's context, before the
/// build and without removing them: their path inside the context, and the secret.
fn context_files(
    project: &Project<'_>,
    link: &BuildLink,
    env: &ScriptEnv<'_>,
) -> Vec<(String, Taint)> {
    let pipeline = &project.pipelines[link.pipeline];
    let build = link.command(project);
    let path = project
        .sources
        .get(pipeline.file)
        .path
        .to_string_lossy()
        .replace('\\', "/");
    let clone_dir = super::link::parent(&path);
    let Some(context) = super::link::context_dir(build, &clone_dir) else {
        return Vec::new();
    };
    let mut files = Vec::new();
    for write in env
        .facts
        .file_writes
        .iter()
        .filter(|w| w.range.end <= build.range.start)
    {
        let Some(path) = write
            .path
            .literal
            .as_deref()
            .filter(|p| !p.starts_with('/'))
        else {
            continue;
        };
        let cwd = env
            .facts
            .commands
            .get(write.command)
            .and_then(|c| c.cwd.as_deref());
        if cwd.is_some_and(|cwd| cwd.starts_with('/')) {
            continue;
        }
        let folder = cwd.map_or(clone_dir.clone(), |cwd| super::link::join(&clone_dir, cwd));
        let full = super::link::normalize(&super::link::join(&folder, path));
        let removed = env.facts.file_removals.iter().any(|r| {
            r.range.start > write.range.end
                && r.range.end <= build.range.start
                && r.path.literal.as_deref() == Some(path)
        });
        let inside = if context.is_empty() {
            Some(full.as_str())
        } else {
            full.strip_prefix(&format!("{context}/"))
        };
        let (Some(inside), false) = (inside, removed) else {
            continue;
        };
        let Some(taint) = env.vars_taint(&write.content_vars) else {
            continue;
        };
        let at = Location::new(pipeline.file, write.range);
        files.push((
            inside.to_string(),
            taint.through(at, format!("written into the build context as `{inside}`")),
        ));
    }
    files
}

/// The channels through which `build` in `step` keeps the stages it does not export.
fn persistence(
    pipeline: &super::PipelineModel,
    step: &crate::pipeline::Step,
    build: &shell::DockerBuild,
) -> Vec<(CacheChannel, Location)> {
    let file = pipeline.file;
    let mut channels = Vec::new();
    let buildkit = build.buildx || build.buildkit.as_ref().is_some_and(|on| on.value);
    let runtime_v3 = step
        .runtime_cloud_version
        .as_ref()
        .is_some_and(|v| v.value.starts_with('3'));
    if !buildkit
        && !runtime_v3
        && let Some(cache) = step.caches.iter().find(|cache| cache.value == "docker")
    {
        channels.push((CacheChannel::DockerCache, Location::new(file, cache.range)));
    }
    for word in &build.cache_to {
        if word.text.contains("mode=max") {
            channels.push((CacheChannel::CacheToMax, Location::new(file, word.range)));
            if let Some(cache) = custom_cache_holding(pipeline, step, &word.text) {
                channels.push((CacheChannel::CustomCache, cache));
            }
        }
    }
    if let Some(word) = build
        .provenance
        .as_ref()
        .filter(|w| w.text.contains("mode=max"))
    {
        channels.push((CacheChannel::ProvenanceMax, Location::new(file, word.range)));
    }
    channels
}

/// The step's custom cache whose folder holds the `dest=` of a `--cache-to type=local`.
fn custom_cache_holding(
    pipeline: &super::PipelineModel,
    step: &crate::pipeline::Step,
    cache_to: &str,
) -> Option<Location> {
    let options: Vec<(&str, &str)> = cache_to
        .split(',')
        .filter_map(|o| o.split_once('='))
        .collect();
    let local = options.iter().any(|&(k, v)| k == "type" && v == "local");
    let dest = options
        .iter()
        .find(|&&(k, _)| k == "dest")
        .map(|&(_, v)| v)?;
    if !local {
        return None;
    }
    let dest = super::link::normalize(dest);
    let definitions = &pipeline.model.definitions.caches;
    step.caches.iter().find_map(|listed| {
        let defined = definitions.iter().find(|d| d.name.value == listed.value)?;
        let path = super::link::normalize(defined.path.as_ref()?.value.trim_end_matches('/'));
        super::link::is_within(&dest, &path).then(|| Location::new(pipeline.file, listed.range))
    })
}

/// Whether the text of `command` (its heredocs included) names a variable of `scope` that
/// holds a secret. A shell reads a variable by its whole name, so with many such names the
/// text's identifier words are looked up among them: one pass over the text, however many
/// variables are in scope.
fn reads_a_secret(command: &CommandLine, scope: &Scope) -> bool {
    if scope.tainted.is_empty() {
        return false;
    }
    let line = match &command.form {
        crate::dockerfile::CommandForm::Shell(text) => text.as_str(),
        crate::dockerfile::CommandForm::Exec(_) => "",
    };
    let mut texts = std::iter::once(line).chain(command.heredocs.iter().map(|h| h.body.as_str()));
    // A few names: a substring search each; many: one pass over the words.
    if scope.tainted.len() <= FEW_NAMES {
        return texts.any(|text| {
            scope
                .tainted
                .iter()
                .any(|name| text.contains(name.as_str()))
        });
    }
    texts
        .flat_map(identifier_words)
        .any(|word| scope.tainted.contains(word))
}

/// Up to this many secret-holding names, a RUN's text is searched for each.
const FEW_NAMES: usize = 8;

/// The maximal runs of `[A-Za-z0-9_]` in `text` that start with a letter or `_`.
fn identifier_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|word| word.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_'))
}

/// A variable visible inside a stage: an ARG or an ENV, with the secret it holds.
#[derive(Clone, Debug)]
struct Binding {
    taint: Option<Taint>,
}

/// One pass over a Dockerfile for one build (or none).
struct Walk<'p, 'a> {
    project: &'p Project<'a>,
    model: &'p DockerfileModel,
    inputs: Option<BuildInputs>,
    run_facts: &'p RunFacts,
    exported: Vec<usize>,
    globals: HashMap<String, Binding>,
    stage_envs: Vec<HashMap<String, Binding>>,
    flows: Vec<SecretFlow>,
}

/// The variables in scope at one instruction of a stage.
#[derive(Default)]
struct Scope {
    args: HashMap<String, Binding>,
    envs: HashMap<String, Binding>,
    /// The names whose binding holds a secret (an ENV hiding an ARG of its name decides).
    tainted: std::collections::HashSet<String>,
}

impl Scope {
    /// Binds `name` as an ENV (`env`) or an ARG.
    fn bind(&mut self, env: bool, name: &str, binding: Binding) {
        let map = if env { &mut self.envs } else { &mut self.args };
        map.insert(name.to_owned(), binding);
        if self.lookup(name).is_some() {
            self.tainted.insert(name.to_owned());
        } else {
            self.tainted.remove(name);
        }
    }

    fn lookup(&self, name: &str) -> Option<&Taint> {
        self.envs
            .get(name)
            .or_else(|| self.args.get(name))
            .and_then(|b| b.taint.as_ref())
    }
}

impl<'p, 'a> Walk<'p, 'a> {
    fn new(
        project: &'p Project<'a>,
        model: &'p DockerfileModel,
        inputs: Option<BuildInputs>,
        run_facts: &'p RunFacts,
    ) -> Self {
        let target_name = inputs.as_ref().and_then(|i| i.target.as_deref());
        let exported = model
            .stages
            .target(target_name)
            .map(|target| model.stages.exported(target))
            .unwrap_or_default();
        Walk {
            project,
            model,
            inputs,
            run_facts,
            exported,
            globals: HashMap::new(),
            stage_envs: Vec::new(),
            flows: Vec::new(),
        }
    }

    fn run(mut self) -> Vec<SecretFlow> {
        self.walk_globals();
        for stage in 0..self.model.stages.stages.len() {
            let envs = self.walk_stage(stage);
            self.stage_envs.push(envs);
        }
        self.flows
    }

    fn location(&self, range: TextRange) -> Location {
        Location::new(self.model.file, range)
    }

    fn walk_globals(&mut self) {
        let scope = Scope::default();
        for &index in &self.model.stages.global_args {
            let Some(InstructionKind::Arg(pairs)) =
                self.model.ast.instructions.get(index).map(|i| &i.kind)
            else {
                continue;
            };
            for pair in pairs {
                let taint = self.declared_arg_taint(pair, &scope, None);
                self.globals
                    .insert(pair.key.value.clone(), Binding { taint });
            }
        }
    }

    fn walk_stage(&mut self, stage: usize) -> HashMap<String, Binding> {
        let graph = &self.model.stages;
        let mut scope = Scope::default();
        if let StageBase::Stage(base) = graph.stages[stage].base
            && let Some(envs) = self.stage_envs.get(base)
        {
            let tainted = envs.iter().filter(|(_, binding)| binding.taint.is_some());
            scope.tainted = tainted.map(|(name, _)| name.clone()).collect();
            scope.envs = envs.clone();
        }
        let range = graph.stages[stage].instructions.clone();
        for index in range {
            let Some(instruction) = self.model.ast.instructions.get(index) else {
                break;
            };
            self.walk_instruction(stage, index, instruction, &mut scope);
        }
        scope.envs
    }

    fn walk_instruction(
        &mut self,
        stage: usize,
        index: usize,
        instruction: &Instruction,
        scope: &mut Scope,
    ) {
        match &instruction.kind {
            InstructionKind::Arg(pairs) => {
                for pair in pairs {
                    let taint = self.stage_arg_taint(stage, pair, scope);
                    if let Some(taint) = &taint {
                        self.arg_sink(stage, pair, taint);
                    }
                    scope.bind(false, &pair.key.value, Binding { taint });
                }
            }
            InstructionKind::Env(pairs) => {
                for pair in pairs {
                    let taint = self.env_taint(stage, pair, scope);
                    if let Some(taint) = &taint {
                        self.env_sink(stage, pair, taint);
                    }
                    scope.bind(true, &pair.key.value, Binding { taint });
                }
            }
            InstructionKind::Run(command) => {
                self.walk_run(stage, index, instruction, command, scope);
            }
            InstructionKind::Copy(copy) | InstructionKind::Add(copy)
                if instruction.flag("from").is_none() =>
            {
                self.walk_copy(stage, copy, scope);
            }
            _ => {}
        }
    }

    fn stage_name(&self, stage: usize) -> String {
        match &self.model.stages.stages[stage].name {
            Some(name) => format!("`{name}`"),
            None => stage.to_string(),
        }
    }

    /// The secret an `ARG` inside a stage holds.
    fn stage_arg_taint(&self, stage: usize, pair: &KeyValue, scope: &Scope) -> Option<Taint> {
        let name = &pair.key.value;
        let global = self.globals.get(name).and_then(|b| b.taint.clone());
        let taint = self.declared_arg_taint(pair, scope, global)?;
        let at = self.location(pair.range);
        Some(taint.through(
            at,
            format!(
                "declared as `ARG {name}` in stage {}",
                self.stage_name(stage)
            ),
        ))
    }

    /// The secret an ARG declaration holds: the build's value when it passes one, else
    /// the default, else the global declaration's, else (no build known) its name.
    fn declared_arg_taint(
        &self,
        pair: &KeyValue,
        scope: &Scope,
        global: Option<Taint>,
    ) -> Option<Taint> {
        let name = &pair.key.value;
        if let Some(inputs) = &self.inputs
            && let Some(passed) = inputs.args.get(name)
        {
            return passed.clone();
        }
        if let Some(value) = &pair.value {
            if let Some(taint) = self.word_taint(value, scope) {
                return Some(taint);
            }
            let at = self.location(value.raw.range);
            if let Some(taint) = literal_taint(name, &value.value, &self.project.names, at) {
                return Some(taint);
            }
        }
        if global.is_some() || self.inputs.is_some() {
            return global;
        }
        self.name_taint(name, self.location(pair.key.range))
    }

    /// A secret known only by its Dockerfile name: medium confidence at most.
    fn name_taint(&self, name: &str, at: Location) -> Option<Taint> {
        let NameVerdict::Secret {
            word,
            confidence,
            configured,
        } = secrets::classify(name, &self.project.names)
        else {
            return None;
        };
        let confidence = if configured {
            Confidence::High
        } else {
            confidence.min(Confidence::Medium)
        };
        let reason = format!("`{name}` looks like a secret (its name contains {word})");
        let kind = if configured {
            OriginKind::Configured
        } else {
            OriginKind::Name { word }
        };
        Some(Taint::new(name, kind, confidence, reason.clone()).through(at, reason))
    }

    /// The secret an ENV value holds: a variable in scope, or a literal credential.
    fn env_taint(&self, stage: usize, pair: &KeyValue, scope: &Scope) -> Option<Taint> {
        let name = &pair.key.value;
        let value = pair.value.as_ref()?;
        let at = self.location(pair.range);
        let stored = format!("stored as `ENV {name}` in stage {}", self.stage_name(stage));
        if let Some(taint) = self.word_taint(value, scope) {
            return Some(taint.through(at, stored));
        }
        if !value.vars.is_empty() {
            return None;
        }
        literal_taint(
            name,
            &value.value,
            &self.project.names,
            self.location(value.raw.range),
        )
    }

    fn word_taint(&self, word: &crate::dockerfile::Word, scope: &Scope) -> Option<Taint> {
        word.vars
            .iter()
            .filter_map(|var| {
                let taint = scope.lookup(&var.name.value)?;
                Some(taint.through(
                    self.location(var.range),
                    format!("read as `${}`", var.name.value),
                ))
            })
            .max_by_key(|taint| taint.confidence)
    }

    fn arg_sink(&mut self, stage: usize, pair: &KeyValue, taint: &Taint) {
        let sink = if self.exported.contains(&stage) {
            Some(Sink::History)
        } else {
            self.cache_sink(SinkContent::BuildArg, true)
        };
        self.push(stage, pair.key.range, &pair.key.value, taint, sink);
    }

    fn env_sink(&mut self, stage: usize, pair: &KeyValue, taint: &Taint) {
        let sink = if self.exported.contains(&stage) {
            Some(Sink::Config {
                inherited_by: self.inherited_by(stage),
            })
        } else {
            self.cache_sink(SinkContent::Env, false)
        };
        self.push(stage, pair.key.range, &pair.key.value, taint, sink);
    }

    /// The persisting sink for content of a stage the build does not export, if the
    /// build persists it.
    fn cache_sink(&self, content: SinkContent, with_provenance: bool) -> Option<Sink> {
        let channels: Vec<_> = self
            .inputs
            .as_ref()?
            .persistence
            .iter()
            .filter(|(channel, _)| with_provenance || *channel != CacheChannel::ProvenanceMax)
            .copied()
            .collect();
        (!channels.is_empty()).then_some(Sink::BuildCache { content, channels })
    }

    /// The FROM lines of exported stages that inherit `stage`'s ENV.
    fn inherited_by(&self, stage: usize) -> Vec<Location> {
        let graph = &self.model.stages;
        self.exported
            .iter()
            .filter(|&&other| other != stage && graph.ancestors(other).contains(&stage))
            .filter_map(|&other| {
                let from = self.model.ast.instructions.get(graph.stages[other].from)?;
                Some(self.location(from.range))
            })
            .collect()
    }

    fn push(
        &mut self,
        stage: usize,
        range: TextRange,
        name: &str,
        taint: &Taint,
        sink: Option<Sink>,
    ) {
        let Some(sink) = sink else { return };
        self.flows.push(SecretFlow {
            taint: taint.clone(),
            at: self.location(range),
            stored_as: name.to_string(),
            stage: Some(self.stage_name(stage)),
            sink,
        });
    }

    fn walk_copy(&mut self, stage: usize, copy: &CopyArgs, scope: &Scope) {
        self.copied_context_files(stage, copy);
        for source in &copy.sources {
            if let Some(taint) =
                credential_files::taint(&source.value, self.location(source.raw.range))
            {
                let sink = self.file_sink(stage);
                self.push(stage, source.raw.range, &source.value, &taint, sink);
            }
        }
        for heredoc in copy.heredocs.iter().filter(|h| !h.quoted) {
            let vars = run::dollar_vars(&heredoc.body);
            let taint = vars
                .iter()
                .filter_map(|(name, range)| {
                    let taint = scope.lookup(name)?;
                    Some(taint.through(
                        self.location(*range),
                        format!("written into a file as `${name}`"),
                    ))
                })
                .max_by_key(|t| t.confidence);
            if let Some(taint) = taint {
                let sink = self.file_sink(stage);
                let dest = copy
                    .dest
                    .as_ref()
                    .map_or(heredoc.name.clone(), |d| d.value.clone());
                self.push(stage, heredoc.marker, &dest, &taint, sink);
            }
        }
    }

    /// COPY/ADD sources that take a file the pipeline wrote from a secret into the build
    /// context. A `.dockerignore` stowaway does not see may exclude it: medium at most.
    fn copied_context_files(&mut self, stage: usize, copy: &CopyArgs) {
        let Some(inputs) = &self.inputs else { return };
        let mut found = Vec::new();
        for source in &copy.sources {
            let wanted = super::link::normalize(&source.value);
            for (file, taint) in &inputs.context_files {
                let under = super::link::is_within(file, &wanted)
                    || super::pipeline_flow::glob_match(&source.value, file);
                if under {
                    let at = self.location(source.raw.range);
                    let copied = taint.through(at, "copied into the image from the build context");
                    found.push((
                        source.raw.range,
                        file.clone(),
                        copied.capped(Confidence::Medium),
                    ));
                }
            }
        }
        for (range, file, taint) in found {
            let sink = self.file_sink(stage);
            self.push(stage, range, &file, &taint, sink);
        }
    }

    fn file_sink(&self, stage: usize) -> Option<Sink> {
        if self.exported.contains(&stage) {
            Some(Sink::Layer)
        } else {
            self.cache_sink(SinkContent::File, false)
        }
    }

    fn walk_run(
        &mut self,
        stage: usize,
        index: usize,
        instruction: &Instruction,
        command: &CommandLine,
        scope: &Scope,
    ) {
        let no_literals = HashMap::new();
        let literals = self.inputs.as_ref().map_or(&no_literals, |i| &i.literals);
        let mounts = super::expanded_mounts(self.model, stage, index, instruction, literals);
        // Only a secret mount or a secret variable in scope can make a RUN write a secret:
        // without either, its shell need not be parsed (the costliest step of a check).
        if !mounts.iter().any(|m| m.kind == "secret") && !reads_a_secret(command, scope) {
            return;
        }
        let source = &self.project.sources.get(self.model.file).text;
        let cached = self
            .run_facts
            .borrow()
            .get(&instruction.range.start)
            .cloned();
        let all_facts = cached.unwrap_or_else(|| {
            let computed = Rc::new(run::script_facts(command, source));
            let mut cache = self.run_facts.borrow_mut();
            cache.insert(instruction.range.start, Rc::clone(&computed));
            computed
        });
        let mut writes = Vec::new();
        for facts in all_facts.iter() {
            let outer = |name: &str, at: Location| self.run_outer(name, at, &mounts, scope);
            let env = ScriptEnv {
                file: self.model.file,
                facts,
                names: &self.project.names,
                outer: OuterScope::Stage(&outer),
            };
            writes.extend(run::secret_writes(&env, facts, &mounts, self.model.file));
        }
        for (range, path, taint) in writes {
            let sink = self.file_sink(stage);
            self.push(stage, range, &path, &taint, sink);
        }
    }

    /// A variable a RUN script reads without setting it: a secret mount's `env=`, else an
    /// ARG or ENV in scope.
    fn run_outer(
        &self,
        name: &str,
        at: Location,
        mounts: &[Mount],
        scope: &Scope,
    ) -> Option<Taint> {
        if let Some(mount) = mounts
            .iter()
            .find(|m| m.kind == "secret" && m.env() == Some(name))
        {
            return Some(
                run::mount_taint(mount, self.location(mount.range))
                    .through(at, format!("read as `${name}`")),
            );
        }
        scope
            .lookup(name)
            .map(|taint| taint.through(at, format!("read as `${name}`")))
    }
}

#[cfg(test)]
mod tests {
    use super::identifier_words;

    #[test]
    fn identifier_words_are_whole_shell_names() {
        let words: Vec<&str> =
            identifier_words("echo ${NPM_TOKEN:-x} $A1 \"$_b\"; 9lives TOKEN_FILE=1").collect();
        assert_eq!(
            words,
            vec!["echo", "NPM_TOKEN", "x", "A1", "_b", "TOKEN_FILE"]
        );
    }
}
