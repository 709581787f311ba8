//! [`check`]: parse every file of a [`SourceSet`], link pipelines to the Dockerfiles they
//! build, follow secrets, and run the enabled rules, one build group at a time.

use crate::analysis::{Models, Project, build_groups};
use std::collections::HashMap;

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Location, Related};
use crate::rules::Rule;
use crate::settings::Settings;
use crate::source::{FileId, SourceSet};
use crate::suppression;

/// Analyzes `sources` and returns every enabled finding that no suppression silences, with
/// the configured severities, sorted by file and position. Findings on the same range by
/// the same rule (one Dockerfile built by several steps, one anchored step used by several
/// pipelines) are merged into one whose related locations name every path.
pub fn check(sources: &SourceSet, settings: &Settings) -> Vec<Diagnostic> {
    check_scoped(sources, std::slice::from_ref(settings), |_| 0)
}

/// Like [`check`], with settings per file: `scope_of` gives the index in `scopes` of each
/// file's settings, and each finding is judged entirely by the settings of its primary
/// file. Files are analyzed by build group (a pipeline and the Dockerfiles it builds), in
/// parallel; a group is analyzed once per distinct settings among its files.
pub fn check_scoped<F>(sources: &SourceSet, scopes: &[Settings], scope_of: F) -> Vec<Diagnostic>
where
    F: Fn(FileId) -> usize + Sync,
{
    let Some(fallback) = scopes.first() else {
        return Vec::new();
    };
    let settings_of = |scope: usize| scopes.get(scope).unwrap_or(fallback);
    let mut diagnostics: Vec<Diagnostic> = build_groups(sources)
        .into_par_iter()
        .flat_map_iter(|group| {
            let models = group.parse(sources);
            let mut used: Vec<usize> = models.files.iter().map(|&file| scope_of(file)).collect();
            used.sort_unstable();
            used.dedup();
            let mut found = Vec::new();
            for scope in used {
                let owned = check_group(sources, settings_of(scope), &models)
                    .into_iter()
                    .filter(|d| scope_of(d.primary.file) == scope);
                found.extend(owned);
            }
            found
        })
        .collect();
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    tracing::info!(
        files = sources.len(),
        findings = diagnostics.len(),
        "checked"
    );
    diagnostics
}

/// The findings of one group under `settings`, suppressions applied, unsorted.
fn check_group(sources: &SourceSet, settings: &Settings, models: &Models) -> Vec<Diagnostic> {
    let project = Project::analyze(sources, settings, models);
    let diagnostics = Rule::ALL
        .into_iter()
        .filter(|rule| settings.is_enabled(*rule))
        .flat_map(|rule| rule.check(&project))
        .collect();
    let mut diagnostics = suppression::apply(&project, merge_duplicates(diagnostics));
    crate::fix::attach(&project, &mut diagnostics);
    for diagnostic in &mut diagnostics {
        settings.apply_severity(diagnostic);
    }
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
