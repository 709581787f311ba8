//! The server's state between messages: negotiated encoding, settings, the workspace
//! cache, open documents, the latest analysis of each unit and what was last published.
//! Changes bump their unit's generation; [`Session::due_checks`] snapshots the units whose
//! latest inputs are unchecked, and [`Session::finish_check`] keeps a result only when its
//! generation is still the latest, saying what to publish.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use lsp_types::{PublishDiagnosticsParams, Uri};
use stowaway_lint_core::settings::Settings;
use stowaway_lint_core::source::FileId;

use crate::analysis::{Analysis, CheckInput};
use crate::checker::{CheckDone, CheckJob};
use crate::convert;
use crate::document::DocumentStore;
use crate::encoding::PositionEncoding;
use crate::options;
use crate::workspace::{UnitId, Workspace};

/// What was last published for one file.
#[derive(Clone, Debug, PartialEq)]
struct Published {
    uri: Uri,
    version: Option<i32>,
    diagnostics: Vec<lsp_types::Diagnostic>,
}

/// Where one unit's checks stand, by generation (bumped at every change of its inputs).
#[derive(Clone, Copy, Debug, Default)]
struct Generations {
    /// The generation of the current inputs.
    latest: u64,
    /// The generation being checked, if a check runs.
    in_flight: Option<u64>,
    /// The generation of the analysis last kept.
    checked: Option<u64>,
}

impl Generations {
    /// Whether a check of the latest inputs should start now: none runs (one at a time per
    /// unit), and the latest inputs were not checked.
    fn is_due(&self) -> bool {
        self.in_flight.is_none() && self.checked != Some(self.latest)
    }
}

/// The server's state.
#[derive(Debug)]
pub struct Session {
    /// The position encoding agreed at initialization.
    pub encoding: PositionEncoding,
    /// The settings from `initializationOptions`.
    client_settings: Settings,
    /// The settings of each unit, configuration file included.
    unit_settings: HashMap<UnitId, Settings>,
    /// The folders and their disk files.
    pub workspace: Workspace,
    /// The open documents.
    pub documents: DocumentStore,
    /// The latest analysis of each unit.
    analyses: HashMap<UnitId, Analysis>,
    published: HashMap<PathBuf, Published>,
    generations: BTreeMap<UnitId, Generations>,
}

impl Session {
    /// A session over `folders`, every unit dirty.
    pub fn new(
        encoding: PositionEncoding,
        client_settings: Settings,
        folders: Vec<PathBuf>,
    ) -> Self {
        let mut session = Self {
            encoding,
            client_settings,
            unit_settings: HashMap::new(),
            workspace: Workspace::new(folders),
            documents: DocumentStore::new(),
            analyses: HashMap::new(),
            published: HashMap::new(),
            generations: BTreeMap::new(),
        };
        session.reload_settings();
        session
    }

    /// Re-reads each unit's settings (the configuration-file hook) and marks all changed.
    pub fn reload_settings(&mut self) {
        let units: Vec<UnitId> = self.workspace.units().collect();
        for unit in units {
            let folder = self.workspace.folder(unit);
            let settings = options::settings_with_config_file(folder, &self.client_settings);
            self.unit_settings.insert(unit, settings);
            self.changed(unit);
        }
    }

    /// Marks the unit holding `key` for re-checking.
    pub fn mark_dirty(&mut self, key: &Path) {
        self.changed(self.workspace.unit_of(key));
    }

    /// Moves `unit` to a new generation: a check of older inputs is now stale.
    fn changed(&mut self, unit: UnitId) {
        self.generations.entry(unit).or_default().latest += 1;
    }

    /// Snapshots every unit whose latest inputs are unchecked and no check runs for, and
    /// records those checks as in flight.
    pub fn due_checks(&mut self) -> Vec<CheckJob> {
        let due: Vec<UnitId> = self
            .generations
            .iter()
            .filter(|(_, generations)| generations.is_due())
            .map(|(unit, _)| *unit)
            .collect();
        due.into_iter()
            .filter_map(|unit| self.snapshot(unit))
            .collect()
    }

    /// The inputs of `unit` as they are now, recorded as the check in flight.
    fn snapshot(&mut self, unit: UnitId) -> Option<CheckJob> {
        let generations = self.generations.get_mut(&unit)?;
        generations.in_flight = Some(generations.latest);
        let generation = generations.latest;
        let sources = self.workspace.sources(unit, &self.documents);
        let settings = self
            .unit_settings
            .get(&unit)
            .unwrap_or(&self.client_settings);
        let input = CheckInput::snapshot(sources, settings, &self.documents, self.encoding);
        Some(CheckJob {
            unit,
            generation,
            input,
        })
    }

    /// Takes a finished check: a stale one (its unit changed since) is dropped; a current
    /// one is stored and the diagnostics to publish are returned: for each file whose
    /// diagnostics or document version changed, and empty lists for files gone.
    pub fn finish_check(&mut self, done: CheckDone) -> Vec<PublishDiagnosticsParams> {
        let Some(generations) = self.generations.get_mut(&done.unit) else {
            return Vec::new();
        };
        generations.in_flight = None;
        if done.generation != generations.latest {
            tracing::debug!(
                unit = done.unit.0,
                stale = done.generation,
                latest = generations.latest,
                "stale check dropped"
            );
            return Vec::new();
        }
        generations.checked = Some(done.generation);
        let fresh = self.per_file(&done.analysis);
        self.analyses.insert(done.unit, done.analysis);
        self.publish_changes(done.unit, fresh)
    }

    /// The latest analysis holding `key`, with the file's id in it.
    pub fn analysis_of(&self, key: &Path) -> Option<(&Analysis, FileId)> {
        let analysis = self.analyses.get(&self.workspace.unit_of(key))?;
        Some((analysis, analysis.file_of(key)?))
    }

    /// What each file of `analysis` would publish now.
    fn per_file(&self, analysis: &Analysis) -> BTreeMap<PathBuf, Published> {
        let mut files = BTreeMap::new();
        for (file, _) in analysis.unit.sources.iter() {
            let (Some(key), Some(uri)) = (analysis.key(file), analysis.uri(file)) else {
                continue;
            };
            let diagnostics = analysis
                .diagnostics_in(file)
                .map(|diagnostic| convert::diagnostic(analysis, diagnostic))
                .collect();
            let version = analysis.version(file);
            let published = Published {
                uri: uri.clone(),
                version,
                diagnostics,
            };
            files.insert(key.clone(), published);
        }
        files
    }

    /// Records `fresh` as published and returns the notifications that differ.
    fn publish_changes(
        &mut self,
        unit: UnitId,
        mut fresh: BTreeMap<PathBuf, Published>,
    ) -> Vec<PublishDiagnosticsParams> {
        let gone: Vec<PathBuf> = self
            .published
            .keys()
            .filter(|key| self.workspace.unit_of(key) == unit && !fresh.contains_key(*key))
            .cloned()
            .collect();
        let mut out = Vec::new();
        for key in gone {
            if let Some(old) = self.published.remove(&key) {
                out.push(PublishDiagnosticsParams::new(old.uri, Vec::new(), None));
            }
        }
        for (key, now) in std::mem::take(&mut fresh) {
            let old = self.published.get(&key);
            let silent_newcomer =
                old.is_none() && now.diagnostics.is_empty() && now.version.is_none();
            if old == Some(&now) || silent_newcomer {
                continue;
            }
            // The client may spell the URI of an opened file differently: clear the old one.
            if let Some(old) = old.filter(|old| old.uri != now.uri) {
                out.push(PublishDiagnosticsParams::new(
                    old.uri.clone(),
                    Vec::new(),
                    None,
                ));
            }
            out.push(PublishDiagnosticsParams::new(
                now.uri.clone(),
                now.diagnostics.clone(),
                now.version,
            ));
            self.published.insert(key, now);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;
    use stowaway_lint_core::source::FileKind;

    fn finished(job: CheckJob) -> CheckDone {
        CheckDone {
            unit: job.unit,
            generation: job.generation,
            analysis: Analysis::check(job.input),
        }
    }

    #[test]
    fn a_stale_check_is_dropped_and_the_latest_inputs_are_checked_next() {
        let mut session = Session::new(PositionEncoding::Utf16, Settings::default(), Vec::new());
        let startup = session.due_checks();
        assert_eq!(startup.len(), 1);
        assert_eq!((startup[0].unit, startup[0].generation), (UnitId(0), 1));

        // A change while the startup check runs: no second check of the unit meanwhile.
        let uri: Uri = "file:///x/Dockerfile".parse().expect("a uri");
        let key = PathBuf::from("/x/Dockerfile");
        let text = "FROM alpine\n".to_string();
        let document = Document::new(uri.clone(), text, 7, FileKind::Dockerfile);
        session.documents.insert(key.clone(), document);
        session.mark_dirty(&key);
        assert_eq!(session.due_checks().len(), 0);

        let stale = startup.into_iter().map(finished).next().expect("a job");
        assert_eq!(session.finish_check(stale), vec![]);
        let next = session.due_checks();
        assert_eq!((next[0].unit, next[0].generation), (UnitId(0), 2));
        let published = next.into_iter().flat_map(|job| {
            let done = finished(job);
            session.finish_check(done)
        });
        let published: Vec<(Uri, Option<i32>, usize)> = published
            .map(|p| (p.uri, p.version, p.diagnostics.len()))
            .collect();
        assert_eq!(published, vec![(uri, Some(7), 0)]);
        assert_eq!(session.due_checks().len(), 0);
    }
}
