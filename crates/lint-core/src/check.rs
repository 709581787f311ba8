//! [`check`]: parse every file of a [`SourceSet`], link pipelines to the Dockerfiles they
//! build, follow secrets, and run the enabled rules.

use crate::analysis::Project;
use std::collections::HashMap;

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Location, Related};
use crate::rules::Rule;
use crate::settings::Settings;
use crate::source::SourceSet;
use crate::suppression;

/// Analyzes `sources` together and returns every enabled finding that no suppression
/// silences, with the configured severities, sorted by file and position. Findings on the same range by the same rule (one Dockerfile built by several
/// steps, one anchored step used by several pipelines) are merged into one whose related
/// locations name every path.
pub fn check(sources: &SourceSet, settings: &Settings) -> Vec<Diagnostic> {
    let project = Project::analyze(sources, settings);
    // Rules are independent readers of the project: they run in parallel, and their
    // findings are joined in catalogue order.
    let enabled: Vec<Rule> = Rule::ALL
        .into_iter()
        .filter(|r| settings.is_enabled(*r))
        .collect();
    let diagnostics = enabled
        .par_iter()
        .map(|rule| rule.check(&project))
        .collect::<Vec<_>>()
        .into_iter()
        .flatten()
        .collect();
    let mut diagnostics = suppression::apply(&project, merge_duplicates(diagnostics));
    crate::fix::attach(&project, &mut diagnostics);
    for diagnostic in &mut diagnostics {
        settings.apply_severity(diagnostic);
    }
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    tracing::info!(
        files = sources.len(),
        findings = diagnostics.len(),
        "checked"
    );
    diagnostics
}

/// Merges findings of the same rule at the same location: the most confident one stays,
/// with the related locations of all.
fn merge_duplicates(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut merged: Vec<Diagnostic> = Vec::with_capacity(diagnostics.len());
    let mut index: HashMap<(Rule, Location), usize> = HashMap::new();
    for diagnostic in diagnostics {
        let key = (diagnostic.rule, diagnostic.primary);
        let Some(&at) = index.get(&key) else {
            index.insert(key, merged.len());
            merged.push(diagnostic);
            continue;
        };
        let kept = &mut merged[at];
        let (mut winner, loser) = if diagnostic.confidence > kept.confidence {
            (diagnostic, kept.clone())
        } else {
            (kept.clone(), diagnostic)
        };
        merge_related(&mut winner.related, loser.related);
        *kept = winner;
    }
    merged
}

/// Adds the locations of `other` missing from `kept`, each right after the location that
/// precedes it in `other`, so that both paths keep their order.
fn merge_related(kept: &mut Vec<Related>, other: Vec<Related>) {
    let mut previous: Option<usize> = None;
    for related in other {
        match kept.iter().position(|known| *known == related) {
            Some(at) => previous = Some(at),
            None => {
                let at = previous.map_or(kept.len(), |p| p + 1);
                kept.insert(at, related);
                previous = Some(at);
            }
        }
    }
}
