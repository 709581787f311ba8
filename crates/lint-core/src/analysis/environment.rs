//! Which variables of a pipeline script hold secrets: variables from the repository's
//! settings that look secret, and variables derived from them in the script.

use crate::diagnostic::{Confidence, Location};
use crate::flow::{OriginKind, Taint};
use crate::secrets::{self, NameRules, NameVerdict};
use crate::shell::{Assignment, ScriptFacts, VarUse, Word};
use crate::source::FileId;

/// How many derivations (`B=$A`, `C=$B`) are followed back to a secret.
const MAX_DERIVATION_DEPTH: usize = 8;

/// Where a variable that a script reads without setting it comes from.
pub enum OuterScope<'a> {
    /// The repository, workspace and deployment variables of a pipeline.
    Settings,
    /// A RUN's ARGs, ENVs and secret mounts.
    Stage(&'a dyn Fn(&str, Location) -> Option<Taint>),
}

/// The variables of one script, as seen at each position of it.
pub struct ScriptEnv<'a> {
    /// The file holding the script.
    pub file: FileId,
    /// The script's facts.
    pub facts: &'a ScriptFacts,
    /// Which names are secret.
    pub names: &'a NameRules,
    /// The variables the script does not set: the pipeline's settings, or a RUN's ARGs,
    /// ENVs and secret mounts.
    pub outer: OuterScope<'a>,
}

impl ScriptEnv<'_> {
    /// The secret held by `word`, if any of its variables holds one; the most confident
    /// wins.
    pub fn word_taint(&self, word: &Word) -> Option<Taint> {
        self.vars_taint(&word.vars)
    }

    /// The secret held by any of `vars`; the most confident wins.
    pub fn vars_taint(&self, vars: &[VarUse]) -> Option<Taint> {
        vars.iter()
            .filter_map(|used| self.use_taint(used, 0))
            .max_by_key(|taint| taint.confidence)
    }

    /// The secret held by the variable `name` where the script reads it at `offset`, when
    /// the script does not show the read (`--build-arg NAME` takes `$NAME`).
    pub fn implicit_taint(&self, name: &str, location: Location) -> Option<Taint> {
        let used = VarUse {
            name: name.to_string(),
            range: location.range,
            in_command_substitution: false,
        };
        self.use_taint(&used, 0)
    }

    fn use_taint(&self, used: &VarUse, depth: usize) -> Option<Taint> {
        let location = Location::new(self.file, used.range);
        match self.assignment_before(&used.name, used.range.start) {
            Some(assignment) => self.assigned_taint(assignment, depth),
            None => match self.outer {
                OuterScope::Settings => settings_variable_taint(&used.name, self.names, location),
                OuterScope::Stage(lookup) => lookup(&used.name, location),
            },
        }
    }

    fn assigned_taint(&self, assignment: &Assignment, depth: usize) -> Option<Taint> {
        if depth >= MAX_DERIVATION_DEPTH {
            return None;
        }
        let here = Location::new(self.file, assignment.range);
        let name = &assignment.name.value;
        let derived = assignment
            .depends_on
            .iter()
            .filter_map(|used| self.use_taint(used, depth + 1))
            .max_by_key(|taint| taint.confidence);
        if let Some(taint) = derived {
            return Some(taint.through(here, format!("`{name}` is set from `{}`", taint.origin)));
        }
        let value = assignment.value.as_ref()?;
        match value.literal.as_deref() {
            Some(literal) => literal_taint(name, literal, self.names, here),
            // Computed at run time (a command's output, other variables): secret when its
            // name says so, like a variable from the settings.
            None => computed_taint(name, self.names, here),
        }
    }

    /// The last assignment to `name` that takes effect before `offset`.
    fn assignment_before(&self, name: &str, offset: usize) -> Option<&Assignment> {
        self.facts
            .assignments
            .iter()
            .filter(|a| a.name.value == name && a.range.end <= offset)
            .filter(|a| {
                a.prefix_of
                    .is_none_or(|command| self.command_covers(command, offset))
            })
            .filter(|a| a.value.is_some())
            .max_by_key(|a| a.range.start)
    }

    fn command_covers(&self, command: usize, offset: usize) -> bool {
        self.facts
            .commands
            .get(command)
            .is_some_and(|c| c.range.contains(offset))
    }
}

/// The taint of a variable that comes from the repository, workspace or deployment
/// settings: secret when its name looks secret or is configured so.
pub fn settings_variable_taint(name: &str, names: &NameRules, at: Location) -> Option<Taint> {
    let NameVerdict::Secret {
        word,
        confidence,
        configured,
    } = secrets::classify(name, names)
    else {
        return None;
    };
    let kind = if configured {
        OriginKind::Configured
    } else {
        OriginKind::PipelineVariable
    };
    let (confidence, reason) = if configured {
        (
            Confidence::High,
            format!("`{name}` is configured as a secret"),
        )
    } else {
        let strength = if confidence == Confidence::Low {
            Confidence::Low
        } else {
            Confidence::High
        };
        (
            strength,
            format!("`{name}` looks like a secured variable (its name contains {word})"),
        )
    };
    let taint = Taint::new(name, kind, confidence, reason.clone());
    Some(taint.through(at, reason))
}

/// The taint of a literal `value` assigned to `name`: a credential when its shape or its
/// secret name and entropy say so.
pub fn literal_taint(name: &str, value: &str, names: &NameRules, at: Location) -> Option<Taint> {
    let secret_name = matches!(secrets::classify(name, names), NameVerdict::Secret { .. });
    let kind = secrets::find_credentials(value)
        .first()
        .map(|found| found.kind)
        .or_else(|| secrets::looks_like_secret_value(secret_name, value))?;
    let reason = format!("`{name}` holds a literal {}", kind.description());
    let taint = Taint::new(name, OriginKind::Literal, Confidence::High, reason.clone());
    Some(taint.through(at, reason))
}

/// The taint of a variable whose value the script computes (`X=$(aws ... get-token)`):
/// secret when its name looks secret, as strongly as a settings variable of that name.
pub fn computed_taint(name: &str, names: &NameRules, at: Location) -> Option<Taint> {
    let mut taint = settings_variable_taint(name, names, at)?;
    let reason = format!("`{name}` is computed in the script and its name looks secret");
    taint.reason.clone_from(&reason);
    if let Some(first) = taint.trail.first_mut() {
        first.message = reason;
    }
    Some(taint)
}
