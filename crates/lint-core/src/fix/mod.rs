//! Fixes: the edits that repair a finding, attached to diagnostics by [`attach`], and the
//! loop that applies them ([`apply`]).
//!
//! Applicability contracts (see [`crate::diagnostic::Applicability`]):
//! - **safe**: applying the fix removes the leak and every build stowaway can see keeps
//!   producing the same result, because stowaway sees every build that the change affects;
//! - **unsafe**: the fix removes the leak but may change what a build or the container does
//!   (a build stowaway cannot see, a variable read at run time or from a RUN's environment);
//! - **display-only**: a suggestion for a person; it is never applied.

pub mod apply;
mod buildkit;
pub mod diff;
mod edits;
mod login;
mod merge_runs;
mod secret_mount;

use std::collections::HashMap;

use crate::analysis::Project;
use crate::diagnostic::{Applicability, Diagnostic, Fix, Location};
use crate::flow::SecretFlow;
use crate::rules::Rule;

pub use apply::{FixFailure, FixOutcome, fix_all};
pub use secret_mount::{MAX_EDITS, MAX_PROMOTIONS};

/// Attaches to each diagnostic the fix its rule offers for it, if any.
pub fn attach(project: &Project<'_>, diagnostics: &mut [Diagnostic]) {
    let flows = FlowIndex::new(project);
    let mut mounts = secret_mount::Cache::default();
    for diagnostic in diagnostics.iter_mut() {
        let fix = match diagnostic.rule {
            Rule::SecretBuildArg | Rule::SecretEnv | Rule::SecretInBuildCache => {
                mounts.for_diagnostic(project, &flows, diagnostic)
            }
            Rule::DockerLoginPasswordArg => login::fix(project, diagnostic.primary),
            Rule::HardcodedSecret => Some(hardcoded_suggestion()),
            Rule::SecretFileInLayer => merge_runs::fix(project, &flows, diagnostic)
                .or_else(|| file_suggestion(&flows, diagnostic)),
            _ => None,
        };
        if let Some(fix) = fix {
            diagnostic.fix = Some(fix);
        }
    }
}

/// The project's flows by the location they are reported at, so that finding a
/// diagnostic's flows does not scan them all (a file with thousands of findings).
pub(crate) struct FlowIndex<'p> {
    flows: &'p [SecretFlow],
    by_location: HashMap<Location, Vec<usize>>,
}

impl<'p> FlowIndex<'p> {
    fn new(project: &'p Project<'_>) -> Self {
        let mut by_location: HashMap<Location, Vec<usize>> = HashMap::new();
        for (at, flow) in project.flows.iter().enumerate() {
            by_location.entry(flow.at).or_default().push(at);
        }
        Self {
            flows: &project.flows,
            by_location,
        }
    }

    /// The flows reported at `location`, in project order.
    pub(crate) fn at(&self, location: Location) -> impl Iterator<Item = &'p SecretFlow> + '_ {
        let indexes = self
            .by_location
            .get(&location)
            .map_or(&[][..], Vec::as_slice);
        indexes.iter().filter_map(|&at| self.flows.get(at))
    }
}

/// The display-only suggestion for a secret file left in a layer: the rewrite into a
/// `target=` secret mount needs the commands that use the file, which a person picks.
fn file_suggestion(flows: &FlowIndex<'_>, diagnostic: &Diagnostic) -> Option<Fix> {
    let flow = flows
        .at(diagnostic.primary)
        .find(|flow| flow.sink == crate::flow::Sink::Layer)?;
    let path = &flow.stored_as;
    let name = path.rsplit('/').next().unwrap_or(path);
    let id: String = name
        .trim_start_matches('.')
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    Some(Fix {
        title: format!(
            "By hand: pass the file's content as a build secret (`--secret id={id},...`), add \
             `--mount=type=secret,id={id},target=<absolute path of {path}>` to the RUNs that \
             read it, and remove the instructions that write and delete it"
        ),
        applicability: Applicability::DisplayOnly,
        edits: Vec::new(),
    })
}

/// The display-only suggestion for a literal credential: there is nothing to rewrite in the
/// files until the value lives in a secured variable.
fn hardcoded_suggestion() -> Fix {
    Fix {
        title: "Revoke this credential, store the new one in a secured repository or \
                deployment variable, and reference that variable here"
            .to_string(),
        applicability: Applicability::DisplayOnly,
        edits: Vec::new(),
    }
}
