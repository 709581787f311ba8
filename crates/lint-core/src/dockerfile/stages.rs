//! The stage model: which instructions belong to which `FROM` stage, what each stage is
//! built from, `COPY --from` edges, the exported stages of a target, and ARG/ENV scoping.

use std::collections::HashMap;
use std::ops::Range;

use super::ast::{Dockerfile, InstructionKind};

/// The stages of a Dockerfile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StageGraph {
    /// Instruction indexes of the ARGs before the first FROM.
    pub global_args: Vec<usize>,
    /// The stages in file order.
    pub stages: Vec<Stage>,
    /// Instruction indexes, ascending, of the ARGs declaring each name: scope questions
    /// are binary searches, not scans of the file.
    arg_declarations: HashMap<String, Vec<usize>>,
    /// The same for ENVs.
    env_declarations: HashMap<String, Vec<usize>>,
    /// The first stage of each lower-cased `AS` name.
    names: HashMap<String, usize>,
}

/// One `FROM` stage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stage {
    /// Position among the stages (what `--from=0` names).
    pub index: usize,
    /// The lower-cased `AS` name.
    pub name: Option<String>,
    /// Instruction index of the FROM.
    pub from: usize,
    /// What the stage is built on.
    pub base: StageBase,
    /// Instruction indexes after the FROM, up to the next FROM.
    pub instructions: Range<usize>,
}

/// The base of a stage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StageBase {
    /// An image reference, as written (unexpanded).
    Image(String),
    /// An earlier stage, by index.
    Stage(usize),
    /// `FROM scratch`.
    Scratch,
}

impl StageGraph {
    /// Splits `file` into stages.
    pub fn build(file: &Dockerfile) -> StageGraph {
        let mut graph = StageGraph {
            global_args: Vec::new(),
            stages: Vec::new(),
            arg_declarations: HashMap::new(),
            env_declarations: HashMap::new(),
            names: HashMap::new(),
        };
        for (i, instruction) in file.instructions.iter().enumerate() {
            graph.index_declarations(i, &instruction.kind);
            match &instruction.kind {
                InstructionKind::From { image, stage_name } => {
                    let base = graph.base_of(&image.value);
                    let name = stage_name.as_ref().map(|n| n.value.clone());
                    let index = graph.stages.len();
                    if let Some(name) = &name {
                        graph
                            .names
                            .entry(name.to_ascii_lowercase())
                            .or_insert(index);
                    }
                    graph.stages.push(Stage {
                        index,
                        name,
                        from: i,
                        base,
                        instructions: i + 1..i + 1,
                    });
                }
                InstructionKind::Arg(_) if graph.stages.is_empty() => graph.global_args.push(i),
                _ => {}
            }
            if let Some(last) = graph.stages.last_mut() {
                last.instructions.end = i + 1;
            }
        }
        graph
    }

    /// Records the names instruction `i` declares, if it is an ARG or ENV.
    fn index_declarations(&mut self, i: usize, kind: &InstructionKind) {
        let (declarations, pairs) = match kind {
            InstructionKind::Arg(pairs) => (&mut self.arg_declarations, pairs),
            InstructionKind::Env(pairs) => (&mut self.env_declarations, pairs),
            _ => return,
        };
        for pair in pairs {
            let list = declarations.entry(pair.key.value.clone()).or_default();
            // A name declared twice in one instruction counts once.
            if list.last() != Some(&i) {
                list.push(i);
            }
        }
    }

    /// The last instruction in `range` declaring `name` as an ARG (or, with `env`, an ENV).
    fn last_declaration(&self, env: bool, name: &str, range: Range<usize>) -> Option<usize> {
        let declarations = if env {
            &self.env_declarations
        } else {
            &self.arg_declarations
        };
        let list = declarations.get(name)?;
        let below_end = list.partition_point(|&i| i < range.end);
        let last = *list.get(below_end.checked_sub(1)?)?;
        (last >= range.start).then_some(last)
    }

    /// The base of a new stage `FROM image`: an earlier stage by name, scratch, or an image.
    fn base_of(&self, image: &str) -> StageBase {
        if image.eq_ignore_ascii_case("scratch") {
            return StageBase::Scratch;
        }
        match self.by_name(image) {
            Some(stage) => StageBase::Stage(stage),
            None => StageBase::Image(image.to_owned()),
        }
    }

    /// The first stage named `name` (case-insensitive).
    fn by_name(&self, name: &str) -> Option<usize> {
        self.names.get(&name.to_ascii_lowercase()).copied()
    }

    /// The stage named `name_or_index` (case-insensitive), or with that numeric index.
    pub fn resolve(&self, name_or_index: &str) -> Option<usize> {
        self.by_name(name_or_index).or_else(|| {
            name_or_index
                .parse::<usize>()
                .ok()
                .filter(|i| *i < self.stages.len())
        })
    }

    /// The stage `docker build --target` selects: the named one, else the last.
    pub fn target(&self, target: Option<&str>) -> Option<usize> {
        match target {
            Some(name) => self.resolve(name),
            None => self.stages.len().checked_sub(1),
        }
    }

    /// The stages in the exported image: `target` and its FROM ancestors.
    pub fn exported(&self, target: usize) -> Vec<usize> {
        if target >= self.stages.len() {
            return Vec::new();
        }
        let mut stages = vec![target];
        stages.extend(self.ancestors(target));
        stages
    }

    /// The FROM chain of `stage`, nearest first; stops at a repeated stage.
    pub fn ancestors(&self, stage: usize) -> Vec<usize> {
        let mut chain: Vec<usize> = Vec::new();
        let mut current = stage;
        while let Some(StageBase::Stage(parent)) = self.stages.get(current).map(|s| &s.base) {
            if *parent == stage || chain.contains(parent) {
                break;
            }
            chain.push(*parent);
            current = *parent;
        }
        chain
    }

    /// `(to stage, from stage, instruction index)` for every `COPY --from=<stage>`.
    pub fn copy_from_edges(&self, file: &Dockerfile) -> Vec<(usize, usize, usize)> {
        let mut edges = Vec::new();
        for stage in &self.stages {
            for i in stage.instructions.clone() {
                let Some(instruction) = file.instructions.get(i) else {
                    continue;
                };
                if !matches!(instruction.kind, InstructionKind::Copy(_)) {
                    continue;
                }
                let from = instruction.flag("from").and_then(|f| f.value.as_ref());
                if let Some(source) = from.and_then(|v| self.resolve(&v.value))
                    && source != stage.index
                {
                    edges.push((stage.index, source, i));
                }
            }
        }
        edges
    }

    /// The ARG instruction that makes `name` visible at instruction `before` of `stage`:
    /// declared in the stage before it, or (for the stage's FROM line only) a global ARG.
    pub fn arg_declared_in_scope(&self, stage: usize, name: &str, before: usize) -> Option<usize> {
        let stage = self.stages.get(stage)?;
        if before == stage.from {
            // Global ARGs are the ones before the first FROM.
            let first_from = self.stages.first().map_or(0, |first| first.from);
            return self.last_declaration(false, name, 0..first_from);
        }
        let end = before.min(stage.instructions.end);
        self.last_declaration(false, name, stage.instructions.start..end)
    }

    /// The ENV instruction that set `name` before instruction `before` of `stage`, looking
    /// through the stages it is built FROM.
    pub fn env_set_before(
        &self,
        stage: usize,
        name: &str,
        before: usize,
    ) -> Option<(usize, usize)> {
        let first = self.stages.get(stage)?;
        let end = before.min(first.instructions.end);
        if let Some(i) = self.last_declaration(true, name, first.instructions.start..end) {
            return Some((stage, i));
        }
        self.ancestors(stage).into_iter().find_map(|ancestor| {
            let range = self.stages.get(ancestor)?.instructions.clone();
            self.last_declaration(true, name, range)
                .map(|i| (ancestor, i))
        })
    }
}
