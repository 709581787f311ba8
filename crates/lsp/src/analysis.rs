//! One checked unit: its files, the URI of each, and lint-core's findings, with the
//! conversions from byte locations to LSP locations in the negotiated encoding.

use std::path::{Path, PathBuf};

use lsp_types::{Range, Uri};
use stowaway_lint_core::diagnostic::{Diagnostic, Location};
use stowaway_lint_core::settings::Settings;
use stowaway_lint_core::source::FileId;

use crate::document::DocumentStore;
use crate::encoding::PositionEncoding;
use crate::uri;
use crate::workspace::UnitSources;

/// A unit's inputs copied off the session, so that a check can run on another thread.
#[derive(Debug)]
pub struct CheckInput {
    /// The files to check and their keys.
    pub unit: UnitSources,
    /// The URI of each file, indexed by `FileId`; `None` for a path that has none.
    pub uris: Vec<Option<Uri>>,
    /// The document version of each file, indexed by `FileId`; `None` for disk text.
    pub versions: Vec<Option<i32>>,
    /// The unit's settings.
    pub settings: Settings,
    /// The encoding ranges are converted with.
    pub encoding: PositionEncoding,
}

impl CheckInput {
    /// The inputs of `unit` under `settings`; open documents keep the URI the client gave.
    pub fn snapshot(
        unit: UnitSources,
        settings: &Settings,
        documents: &DocumentStore,
        encoding: PositionEncoding,
    ) -> Self {
        let opened = |key| documents.get(key);
        let uris = unit
            .keys
            .iter()
            .map(|key| match opened(key) {
                Some(document) => Some(document.uri.clone()),
                None => uri::from_path(key),
            })
            .collect();
        let versions = unit
            .keys
            .iter()
            .map(|key| opened(key).map(|document| document.version))
            .collect();
        Self {
            unit,
            uris,
            versions,
            settings: settings.clone(),
            encoding,
        }
    }
}

/// The result of checking one unit.
#[derive(Debug, Default)]
pub struct Analysis {
    /// The files checked and their keys.
    pub unit: UnitSources,
    /// The URI of each file, indexed by `FileId`; `None` for a path that has none.
    pub uris: Vec<Option<Uri>>,
    /// The document version each file was checked at, indexed by `FileId`.
    pub versions: Vec<Option<i32>>,
    /// Every finding, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// The encoding ranges are converted with.
    pub encoding: PositionEncoding,
}

impl Analysis {
    /// Checks a snapshot; this is the slow part, run off the main loop.
    pub fn check(input: CheckInput) -> Self {
        let diagnostics = stowaway_lint_core::check(&input.unit.sources, &input.settings);
        Self {
            unit: input.unit,
            uris: input.uris,
            versions: input.versions,
            diagnostics,
            encoding: input.encoding,
        }
    }

    /// The id of the file stored under `key`.
    pub fn file_of(&self, key: &Path) -> Option<FileId> {
        let index = self.unit.keys.iter().position(|k| k == key)?;
        u32::try_from(index).ok().map(FileId)
    }

    /// The key of `file`.
    pub fn key(&self, file: FileId) -> Option<&PathBuf> {
        self.unit.keys.get(file.0 as usize)
    }

    /// The URI of `file`.
    pub fn uri(&self, file: FileId) -> Option<&Uri> {
        self.uris.get(file.0 as usize).and_then(Option::as_ref)
    }

    /// The document version `file` was checked at; `None` for disk text.
    pub fn version(&self, file: FileId) -> Option<i32> {
        self.versions.get(file.0 as usize).copied().flatten()
    }

    /// The LSP range of `location`.
    pub fn range(&self, location: Location) -> Range {
        let file = self.unit.sources.get(location.file);
        self.encoding
            .range(&file.text, &file.line_index, location.range)
    }

    /// The findings whose primary location is in `file`.
    pub fn diagnostics_in(&self, file: FileId) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(move |diagnostic| diagnostic.primary.file == file)
    }
}
