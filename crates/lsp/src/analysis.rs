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

/// The result of checking one unit.
#[derive(Debug, Default)]
pub struct Analysis {
    /// The files checked and their keys.
    pub unit: UnitSources,
    /// The URI of each file, indexed by `FileId`; `None` for a path that has none.
    pub uris: Vec<Option<Uri>>,
    /// Every finding, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// The encoding ranges are converted with.
    pub encoding: PositionEncoding,
}

impl Analysis {
    /// Checks `unit` under `settings`; open documents keep the URI the client gave.
    pub fn run(
        unit: UnitSources,
        settings: &Settings,
        documents: &DocumentStore,
        encoding: PositionEncoding,
    ) -> Self {
        let diagnostics = stowaway_lint_core::check(&unit.sources, settings);
        let uris = unit
            .keys
            .iter()
            .map(|key| match documents.get(key) {
                Some(document) => Some(document.uri.clone()),
                None => uri::from_path(key),
            })
            .collect();
        Self {
            unit,
            uris,
            diagnostics,
            encoding,
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
