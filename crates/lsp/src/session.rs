//! The server's state between messages: negotiated encoding, settings, the workspace
//! cache, open documents, the latest analysis of each unit and what was last published.
//! Changes only mark units dirty; [`Session::flush`] re-checks them and says what to publish.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use lsp_types::{PublishDiagnosticsParams, Uri};
use stowaway_lint_core::settings::Settings;
use stowaway_lint_core::source::FileId;

use crate::analysis::Analysis;
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
    dirty: BTreeSet<UnitId>,
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
            dirty: BTreeSet::new(),
        };
        session.reload_settings();
        session
    }

    /// Re-reads each unit's settings (the configuration-file hook) and marks all dirty.
    pub fn reload_settings(&mut self) {
        let units: Vec<UnitId> = self.workspace.units().collect();
        for unit in units {
            let folder = self.workspace.folder(unit);
            let settings = options::settings_with_config_file(folder, &self.client_settings);
            self.unit_settings.insert(unit, settings);
            self.dirty.insert(unit);
        }
    }

    /// Marks the unit holding `key` for re-checking.
    pub fn mark_dirty(&mut self, key: &Path) {
        self.dirty.insert(self.workspace.unit_of(key));
    }

    /// Whether a change waits to be checked.
    pub fn is_dirty(&self) -> bool {
        !self.dirty.is_empty()
    }

    /// Re-checks every dirty unit and returns the diagnostics to publish: for each file
    /// whose diagnostics or document version changed, and empty lists for files gone.
    pub fn flush(&mut self) -> Vec<PublishDiagnosticsParams> {
        let dirty = std::mem::take(&mut self.dirty);
        dirty
            .into_iter()
            .flat_map(|unit| self.check_unit(unit))
            .collect()
    }

    /// The latest analysis holding `key`, with the file's id in it.
    pub fn analysis_of(&self, key: &Path) -> Option<(&Analysis, FileId)> {
        let analysis = self.analyses.get(&self.workspace.unit_of(key))?;
        Some((analysis, analysis.file_of(key)?))
    }

    /// Checks `unit`, stores the analysis and returns what changed.
    fn check_unit(&mut self, unit: UnitId) -> Vec<PublishDiagnosticsParams> {
        let sources = self.workspace.sources(unit, &self.documents);
        let settings = self
            .unit_settings
            .get(&unit)
            .unwrap_or(&self.client_settings);
        let analysis = Analysis::run(sources, settings, &self.documents, self.encoding);
        let fresh = self.per_file(&analysis);
        self.analyses.insert(unit, analysis);
        self.publish_changes(unit, fresh)
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
            let version = self.documents.get(key).map(|document| document.version);
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
