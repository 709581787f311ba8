//! The secret-mount rewrite: a secret that reaches a Dockerfile ARG (through
//! `--build-arg`, or by its name) is passed as a BuildKit secret instead, in the Dockerfile
//! and in every pipeline build of it together.
//!
//! In the Dockerfile: every `ARG NAME` declaration goes (only that name when the ARG
//! declares several), every `ENV K=$NAME` promotion goes, each RUN that reads `NAME` (or
//! `K`) gets `--mount=type=secret,id=<id>,env=<VAR>`, and a `# syntax=docker/dockerfile:1`
//! directive is added when the file has none that supports `env=`. In each build:
//! `--build-arg NAME=$VAR` becomes `--secret id=<id>,env=VAR` and BuildKit is enabled
//! ([`super::buildkit`]). The id is the lower-cased name, so every build agrees on it.
//!
//! Applicability: **safe** when the Dockerfile is built by at least one linked build,
//! every `docker build` of the project that passes `--build-arg NAME` is linked to a
//! Dockerfile (so none of them can be this one unseen), every RUN in the variable's scope
//! names it (a RUN that does not could read it from its environment: `npm` expanding
//! `${NPM_TOKEN}` in a copied `.npmrc`), and nothing reads a promoted ENV at run time;
//! **unsafe** otherwise, with the reasons in the title. No fix at all when the variable
//! is used where a mount cannot replace it (a `FROM`, `COPY`, `LABEL`... line, an ARG
//! default, an ENV that derives another value from it), a build passes it as something
//! other than one variable, or removing it from an ARG or ENV would leave a `--` word
//! first (read as a flag). No fix either past [`MAX_PROMOTIONS`] promotions or
//! [`MAX_EDITS`] edits: every finding on the secret carries the whole rewrite.

use std::collections::HashMap;

use super::{buildkit, edits};
use crate::analysis::{BuildLink, DockerfileModel, Project};
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::dockerfile::{Dockerfile, Instruction, InstructionKind, KeyValue};
use crate::flow::{Sink, SinkContent};
use crate::shell::BuildArgFlag;
use crate::source::FileId;
use crate::text::TextRange;

/// The rewrite of each (Dockerfile, variable), computed once per check.
#[derive(Debug, Default)]
pub(crate) struct Cache {
    fixes: HashMap<(FileId, String), Option<Fix>>,
}

impl Cache {
    /// The rewrite for the ARG or ENV a `secret-build-arg`, `secret-env` or
    /// `secret-in-build-cache` finding is reported at.
    pub(crate) fn for_diagnostic(
        &mut self,
        project: &Project<'_>,
        flows: &super::FlowIndex<'_>,
        diagnostic: &Diagnostic,
    ) -> Option<Fix> {
        let mut flows = flows.at(diagnostic.primary);
        let flow = flows.find(|flow| {
            matches!(
                flow.sink,
                Sink::History
                    | Sink::Config { .. }
                    | Sink::BuildCache {
                        content: SinkContent::BuildArg | SinkContent::Env,
                        ..
                    }
            )
        })?;
        let model = project.dockerfile(flow.at.file)?;
        let name = secret_arg(&model.ast, flow.at.range)?;
        self.fixes
            .entry((model.file, name.clone()))
            .or_insert_with(|| rewrite(project, model, &name))
            .clone()
    }
}

/// The ARG name behind the ARG or ENV key at `key`: the ARG's own name, or the single
/// variable an `ENV K=$NAME` promotes.
fn secret_arg(ast: &Dockerfile, key: TextRange) -> Option<String> {
    // Instructions are in source order: the one holding the key is found by bisection.
    let after = ast
        .instructions
        .partition_point(|instruction| instruction.range.end <= key.start);
    let instruction = ast.instructions.get(after)?;
    let (InstructionKind::Arg(pairs) | InstructionKind::Env(pairs)) = &instruction.kind else {
        return None;
    };
    let pair = pairs.iter().find(|pair| pair.key.range == key)?;
    match &instruction.kind {
        InstructionKind::Arg(_) => Some(pair.key.value.clone()),
        _ => promoted(pair).map(str::to_string),
    }
}

/// `NAME` when `pair` is `K=$NAME` or `K=${NAME}`.
fn promoted(pair: &KeyValue) -> Option<&str> {
    let value = pair.value.as_ref()?;
    let [var] = value.vars.as_slice() else {
        return None;
    };
    let name = var.name.value.as_str();
    (value.value == format!("${name}") || value.value == format!("${{{name}}}")).then_some(name)
}

/// An `ENV K=$NAME` pair: instruction index, pair index, and `K`.
#[derive(Debug)]
struct Promotion {
    instruction: usize,
    pair: usize,
    key: String,
}

/// What the rewrite found and will change.
struct Plan<'p, 'a> {
    project: &'p Project<'a>,
    model: &'p DockerfileModel,
    text: &'p str,
    name: &'p str,
    id: String,
    promotions: Vec<Promotion>,
    edits: Vec<Edit>,
    mounted_runs: usize,
    unsafe_reasons: Vec<String>,
}

/// The whole rewrite of `name` in `model` and its builds, or `None` when it cannot be
/// done without a person.
fn rewrite(project: &Project<'_>, model: &DockerfileModel, name: &str) -> Option<Fix> {
    let text = project.sources.get(model.file).text.as_str();
    let promotions = promotions(model, name);
    if promotions.len() > MAX_PROMOTIONS {
        return None;
    }
    let mut plan = Plan {
        project,
        model,
        text,
        name,
        id: name.to_ascii_lowercase(),
        promotions,
        edits: Vec::new(),
        mounted_runs: 0,
        unsafe_reasons: Vec::new(),
    };
    plan.remove_declarations()?;
    plan.mount_in_runs()?;
    if plan.mounted_runs > 0 {
        plan.syntax_directive();
    }
    plan.rewrite_builds()?;
    plan.edits.sort();
    plan.edits.dedup();
    (plan.edits.len() <= MAX_EDITS).then(|| plan.into_fix())
}

/// The most `ENV K=$NAME` promotions of one secret that the rewrite handles: each
/// instruction's visible names are checked against all of them.
pub const MAX_PROMOTIONS: usize = 64;

/// The most edits one rewrite may make. Every finding on the secret carries the whole
/// rewrite, so a secret read in thousands of places would make the report grow with the
/// square of the file; past this, no fix is offered.
pub const MAX_EDITS: usize = 256;

/// Every `ENV K=$NAME` where the ARG `NAME` is in scope.
fn promotions(model: &DockerfileModel, name: &str) -> Vec<Promotion> {
    let mut found = Vec::new();
    for stage in &model.stages.stages {
        for index in stage.instructions.clone() {
            let Some(InstructionKind::Env(pairs)) =
                model.ast.instructions.get(index).map(|i| &i.kind)
            else {
                continue;
            };
            let in_scope = model
                .stages
                .arg_declared_in_scope(stage.index, name, index)
                .is_some();
            for (pair, kv) in pairs.iter().enumerate() {
                if in_scope && promoted(kv) == Some(name) {
                    found.push(Promotion {
                        instruction: index,
                        pair,
                        key: kv.key.value.clone(),
                    });
                }
            }
        }
    }
    found
}

impl Plan<'_, '_> {
    fn edit(&mut self, file: FileId, range: TextRange, replacement: impl Into<String>) {
        self.edits.push(Edit {
            file,
            range,
            replacement: replacement.into(),
        });
    }

    fn unsafe_because(&mut self, reason: String) {
        if !self.unsafe_reasons.contains(&reason) {
            self.unsafe_reasons.push(reason);
        }
    }

    /// Removes every `ARG NAME` and every promotion; `None` when an ARG has a default
    /// (the value would be lost) or an instruction keeps other pairs in a way a removal
    /// cannot express.
    fn remove_declarations(&mut self) -> Option<()> {
        let mut removals: Vec<(usize, Vec<usize>)> = Vec::new();
        for (index, instruction) in self.model.ast.instructions.iter().enumerate() {
            let InstructionKind::Arg(pairs) = &instruction.kind else {
                continue;
            };
            for (p, pair) in pairs.iter().enumerate() {
                if pair.key.value == self.name {
                    if pair.value.is_some() {
                        return None;
                    }
                    add_removal(&mut removals, index, p);
                }
            }
        }
        if removals.is_empty() {
            return None;
        }
        for promotion in &self.promotions {
            add_removal(&mut removals, promotion.instruction, promotion.pair);
        }
        for (index, pairs) in removals {
            let range = self.pair_removal(index, &pairs)?;
            self.edit(self.model.file, range, "");
        }
        Some(())
    }

    /// The range removing `pairs` of instruction `index`: its whole lines when they are
    /// all its pairs, else the one pair with its separator.
    fn pair_removal(&self, index: usize, remove: &[usize]) -> Option<TextRange> {
        let instruction = self.model.ast.instructions.get(index)?;
        let (InstructionKind::Arg(pairs) | InstructionKind::Env(pairs)) = &instruction.kind else {
            return None;
        };
        if remove.len() == pairs.len() {
            return edits::whole_lines(self.text, instruction.range);
        }
        let [one] = remove else { return None };
        let ranges: Vec<TextRange> = pairs.iter().map(|pair| pair.range).collect();
        // Without the first pair, the next one becomes the first word: `--...` there would
        // read as a flag (`ARG T --` would become `ARG --`, an ARG without arguments).
        let next = ranges.get(one + 1).and_then(|r| self.text.get(r.start..));
        if *one == 0 && next.is_some_and(|word| word.starts_with("--")) {
            return None;
        }
        edits::list_element(&ranges, *one)
    }

    /// Adds a secret mount to each RUN that reads the variable or a promotion of it; `None`
    /// when another instruction reads them.
    fn mount_in_runs(&mut self) -> Option<()> {
        let model = self.model;
        let mut runtime = false;
        for stage in &model.stages.stages {
            for index in stage.instructions.clone() {
                let Some(instruction) = model.ast.instructions.get(index) else {
                    continue;
                };
                let visible = self.visible(stage.index, index);
                if visible.is_empty() {
                    continue;
                }
                let source = self
                    .text
                    .get(instruction.range.start..instruction.range.end)?;
                let read: Vec<&String> = visible
                    .iter()
                    .filter(|v| edits::mentions(source, v))
                    .collect();
                match &instruction.kind {
                    InstructionKind::Run(_) => self.mount(instruction, &visible, &read),
                    InstructionKind::Cmd(_) | InstructionKind::Entrypoint(_) => {
                        runtime |= !read.is_empty();
                    }
                    InstructionKind::Arg(pairs) if !read.is_empty() => {
                        pairs
                            .iter()
                            .all(|p| p.key.value == self.name)
                            .then_some(())?;
                    }
                    InstructionKind::Env(pairs) if !read.is_empty() => {
                        let promoting = |p: &KeyValue| promoted(p) == Some(self.name);
                        pairs
                            .iter()
                            .all(|p| promoting(p) || !read.iter().any(|v| mentions_kv(p, v)))
                            .then_some(())?;
                    }
                    _ if !read.is_empty() => return None,
                    _ => {}
                }
            }
        }
        if !self.promotions.is_empty() && (runtime || self.mounted_runs == 0) {
            let keys = self.promotion_keys();
            self.unsafe_because(format!("the container may need {keys} at run time"));
        }
        Some(())
    }

    /// `NAME` when its ARG is in scope at instruction `index` of `stage`, and each
    /// promoted `K` whose latest ENV there is a promotion.
    fn visible(&self, stage: usize, index: usize) -> Vec<String> {
        let graph = &self.model.stages;
        let mut visible = Vec::new();
        let from = graph.stages.get(stage).map(|s| s.from);
        if from != Some(index)
            && graph
                .arg_declared_in_scope(stage, self.name, index)
                .is_some()
        {
            visible.push(self.name.to_string());
        }
        for promotion in &self.promotions {
            let latest = graph.env_set_before(stage, &promotion.key, index);
            let promotes = latest.is_some_and(|(_, at)| {
                self.promotions
                    .iter()
                    .any(|p| p.instruction == at && p.key == promotion.key)
            });
            if promotes && !visible.contains(&promotion.key) {
                visible.push(promotion.key.clone());
            }
        }
        visible
    }

    /// Mounts the secret into one RUN for each variable it reads.
    fn mount(&mut self, instruction: &Instruction, visible: &[String], read: &[&String]) {
        if read.len() < visible.len() {
            self.unsafe_because(format!(
                "RUNs that do not name {} may read it from their environment: mount the \
                 secret into those by hand",
                visible.join("/")
            ));
        }
        let mounted = instruction.mounts();
        let mut flags = String::new();
        for var in read {
            let has = mounted
                .iter()
                .any(|m| m.kind == "secret" && m.env() == Some(var.as_str()));
            if !has {
                flags.push_str(&format!(" --mount=type=secret,id={},env={var}", self.id));
            }
        }
        if !flags.is_empty() {
            self.mounted_runs += 1;
            let at = TextRange::empty(instruction.keyword.range.end);
            self.edit(self.model.file, at, flags);
        }
    }

    fn promotion_keys(&self) -> String {
        let mut keys: Vec<&str> = self.promotions.iter().map(|p| p.key.as_str()).collect();
        keys.dedup();
        keys.iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Adds or upgrades the `# syntax=` directive so that `env=` mounts work.
    fn syntax_directive(&mut self) {
        let syntax = self
            .model
            .ast
            .directives
            .iter()
            .find(|d| d.name.value == "syntax");
        match syntax.map(|d| (supports_env_mounts(&d.value.value), d.value.range)) {
            None => {
                let at = if self.text.starts_with('\u{feff}') {
                    3
                } else {
                    0
                };
                let line = format!(
                    "# syntax=docker/dockerfile:1{}",
                    edits::line_ending(self.text)
                );
                self.edit(self.model.file, TextRange::empty(at), line);
            }
            Some((Some(true), _)) => {}
            Some((Some(false), range)) => {
                self.edit(self.model.file, range, "docker/dockerfile:1");
            }
            Some((None, _)) => self.unsafe_because(
                "the `# syntax=` frontend is not docker/dockerfile: check that it supports \
                 `env=` secret mounts"
                    .to_string(),
            ),
        }
    }

    /// Rewrites every linked build's `--build-arg NAME`; `None` when one passes a value
    /// that is not a single variable.
    fn rewrite_builds(&mut self) -> Option<()> {
        let project = self.project;
        let links: Vec<&BuildLink> = project
            .links
            .iter()
            .filter(|link| link.dockerfile == Some(self.model.file))
            .collect();
        if links.is_empty() {
            self.unsafe_because(
                "no build of this Dockerfile is among the checked files: builds elsewhere \
                 must pass the secret with `--secret`"
                    .to_string(),
            );
        }
        let unseen = project.links.iter().any(|link| {
            link.dockerfile.is_none()
                && link
                    .command(project)
                    .build_args
                    .iter()
                    .any(|flag| flag.name.value == self.name)
        });
        if unseen {
            self.unsafe_because(format!(
                "a `docker build` whose Dockerfile stowaway cannot resolve also passes \
                 `--build-arg {}`",
                self.name
            ));
        }
        for link in links {
            self.rewrite_build(link)?;
        }
        Some(())
    }

    fn rewrite_build(&mut self, link: &BuildLink) -> Option<()> {
        let project = self.project;
        let file = project.pipelines[link.pipeline].file;
        let text = project.sources.get(file).text.as_str();
        let build = link.command(project);
        let mut passes = false;
        let name = self.name;
        for flag in build.build_args.iter().filter(|f| f.name.value == name) {
            let var = flag_variable(flag)?;
            passes = true;
            if self.mounted_runs > 0 {
                self.edit(
                    file,
                    flag.range,
                    format!("--secret id={},env={var}", self.id),
                );
            } else {
                self.edit(file, edits::with_leading_separator(text, flag.range), "");
            }
        }
        if passes
            && self.mounted_runs > 0
            && let Some(edit) = buildkit::enable(project, link)
        {
            self.edits.push(edit);
        }
        Some(())
    }

    fn into_fix(self) -> Fix {
        let title = if self.mounted_runs > 0 {
            format!(
                "Pass `{}` as a BuildKit secret (`id={}`) mounted into the RUNs that read it, \
                 instead of a build arg",
                self.name, self.id
            )
        } else if self.promotions.is_empty() {
            format!("Remove the build arg `{}`, which no RUN reads", self.name)
        } else {
            format!(
                "Remove the build arg `{}` and its ENV promotion; pass {} to the container at \
                 run time instead",
                self.name,
                self.promotion_keys()
            )
        };
        let (title, applicability) = if self.unsafe_reasons.is_empty() {
            (title, Applicability::Safe)
        } else {
            let reasons = self.unsafe_reasons.join("; ");
            (
                format!("{title} (unsafe: {reasons})"),
                Applicability::Unsafe,
            )
        };
        Fix {
            title,
            applicability,
            edits: self.edits,
        }
    }
}

fn add_removal(removals: &mut Vec<(usize, Vec<usize>)>, index: usize, pair: usize) {
    match removals.iter_mut().find(|(i, _)| *i == index) {
        Some((_, pairs)) if !pairs.contains(&pair) => pairs.push(pair),
        Some(_) => {}
        None => removals.push((index, vec![pair])),
    }
}

fn mentions_kv(pair: &KeyValue, var: &str) -> bool {
    pair.value
        .as_ref()
        .is_some_and(|value| value.vars.iter().any(|v| v.name.value == var))
}

/// The variable a build arg's value is: `--build-arg NAME` reads `$NAME`; `NAME=$VAR`,
/// `NAME="${VAR}"` read `VAR`; anything else has none.
fn flag_variable(flag: &BuildArgFlag) -> Option<String> {
    let Some(word) = &flag.value else {
        return Some(flag.name.value.clone());
    };
    let [var] = word.vars.as_slice() else {
        return None;
    };
    let name = &var.name;
    let plain = word.text == format!("${name}") || word.text == format!("${{{name}}}");
    (plain && !var.in_command_substitution).then(|| name.clone())
}

/// Whether a `# syntax=` value supports `RUN --mount=type=secret,env=`: `Some(true)` for
/// docker/dockerfile 1, 1-labs, latest or 1.10 and later, `Some(false)` for older
/// docker/dockerfile versions, `None` for other frontends.
pub fn supports_env_mounts(value: &str) -> Option<bool> {
    let value = value.split('@').next().unwrap_or(value);
    let value = value.strip_prefix("docker.io/").unwrap_or(value);
    let (image, tag) = value.split_once(':').unwrap_or((value, "latest"));
    if image != "docker/dockerfile" && image != "docker/dockerfile-upstream" {
        return None;
    }
    let version = tag.strip_suffix("-labs").unwrap_or(tag);
    if matches!(version, "latest" | "labs" | "1" | "master") {
        return Some(true);
    }
    let mut parts = version.split('.');
    let major = parts.next().and_then(|p| p.parse::<u32>().ok());
    let minor = parts.next().and_then(|p| p.parse::<u32>().ok());
    Some(match (major, minor) {
        (Some(major), _) if major > 1 => true,
        (Some(1), Some(minor)) => minor >= 10,
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::supports_env_mounts;

    #[test]
    fn syntax_versions_that_support_env_mounts() {
        assert_eq!(supports_env_mounts("docker/dockerfile:1"), Some(true));
        assert_eq!(supports_env_mounts("docker/dockerfile:1-labs"), Some(true));
        assert_eq!(supports_env_mounts("docker/dockerfile:1.10"), Some(true));
        assert_eq!(
            supports_env_mounts("docker.io/docker/dockerfile:1.12.0"),
            Some(true)
        );
        assert_eq!(supports_env_mounts("docker/dockerfile"), Some(true));
        assert_eq!(supports_env_mounts("docker/dockerfile:1.4"), Some(false));
        assert_eq!(
            supports_env_mounts("docker/dockerfile:1.9-labs"),
            Some(false)
        );
        assert_eq!(
            supports_env_mounts("docker/dockerfile:experimental"),
            Some(false)
        );
        assert_eq!(supports_env_mounts("example.com/my/frontend:2"), None);
    }
}
