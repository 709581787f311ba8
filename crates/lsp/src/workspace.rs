//! The analysis units: each workspace folder, plus one unit for open files outside every
//! folder. Keeps the on-disk text of every Dockerfile and pipeline under the folders, and
//! builds a unit's [`SourceSet`] with open buffers taking the place of disk text.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use stowaway_lint_core::source::{FileKind, SourceFile, SourceSet};

use crate::document::DocumentStore;

/// Files larger than this are not read from disk (they are not Dockerfiles or pipelines).
const MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// One analysis unit: index of a workspace folder, or the number of folders for the unit
/// of open files outside every folder.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnitId(pub usize);

/// The workspace folders and the disk text of their files.
#[derive(Debug, Default)]
pub struct Workspace {
    folders: Vec<PathBuf>,
    disk: BTreeMap<PathBuf, (FileKind, String)>,
}

/// A unit's files ready for `check`, with the absolute path (or document key) of each
/// file in `SourceSet` order.
#[derive(Debug, Default)]
pub struct UnitSources {
    /// The files; paths are relative to the unit's folder with `/` separators.
    pub sources: SourceSet,
    /// The key of each file, indexed by `FileId`.
    pub keys: Vec<PathBuf>,
}

impl Workspace {
    /// A workspace over `folders`, with every file under them read from disk.
    pub fn new(folders: Vec<PathBuf>) -> Self {
        let mut workspace = Self {
            folders,
            disk: BTreeMap::new(),
        };
        for folder in workspace.folders.clone() {
            for path in walk(&folder) {
                workspace.refresh(&path);
            }
        }
        tracing::info!(
            folders = workspace.folders.len(),
            files = workspace.disk.len(),
            "workspace scanned"
        );
        workspace
    }

    /// Every unit: one per folder, then the unit of loose files.
    pub fn units(&self) -> impl Iterator<Item = UnitId> {
        (0..=self.folders.len()).map(UnitId)
    }

    /// The folder of `unit`, `None` for the unit of loose files.
    pub fn folder(&self, unit: UnitId) -> Option<&Path> {
        self.folders.get(unit.0).map(PathBuf::as_path)
    }

    /// The unit `path` belongs to: the deepest folder holding it.
    pub fn unit_of(&self, path: &Path) -> UnitId {
        self.folders
            .iter()
            .enumerate()
            .filter(|(_, folder)| path.starts_with(folder))
            .max_by_key(|(_, folder)| folder.components().count())
            .map_or(UnitId(self.folders.len()), |(index, _)| UnitId(index))
    }

    /// Re-reads `path` from disk: kept when it is a Dockerfile or pipeline under a folder
    /// that can be read, forgotten otherwise (deleted, unreadable, too large).
    pub fn refresh(&mut self, path: &Path) {
        self.disk.remove(path);
        let Some(kind) = FileKind::from_path(path) else {
            return;
        };
        if self.folder(self.unit_of(path)).is_none() {
            return;
        }
        match read_small(path) {
            Ok(text) => {
                self.disk.insert(path.to_path_buf(), (kind, text));
            }
            Err(error) => tracing::debug!(path = %path.display(), %error, "not read"),
        }
    }

    /// The files of `unit`: its disk files, with open documents in their place or added.
    pub fn sources(&self, unit: UnitId, documents: &DocumentStore) -> UnitSources {
        let mut files: BTreeMap<&Path, (FileKind, &str)> = BTreeMap::new();
        for (path, (kind, text)) in &self.disk {
            if self.unit_of(path) == unit {
                files.insert(path, (*kind, text));
            }
        }
        for (key, document) in documents {
            if self.unit_of(key) == unit {
                files.insert(key, (document.kind, &document.text));
            }
        }
        let folder = self.folder(unit);
        let mut unit_sources = UnitSources::default();
        for (key, (kind, text)) in files {
            let reported = reported_path(folder, key);
            unit_sources
                .sources
                .add(SourceFile::new(reported, text, kind));
            unit_sources.keys.push(key.to_path_buf());
        }
        unit_sources
    }
}

/// The path reported for `key`: relative to `folder` with `/` separators, else `key`.
fn reported_path(folder: Option<&Path>, key: &Path) -> String {
    let relative = folder
        .and_then(|folder| key.strip_prefix(folder).ok())
        .unwrap_or(key);
    let parts: Vec<String> = relative
        .components()
        .map(|part| part.as_os_str().to_string_lossy().into_owned())
        .collect();
    let joined = parts.join("/");
    if key.is_absolute() && relative == key {
        format!("/{}", joined.trim_start_matches('/'))
    } else {
        joined
    }
}

/// Every Dockerfile and pipeline under `folder`, respecting ignore files.
fn walk(folder: &Path) -> Vec<PathBuf> {
    ignore::WalkBuilder::new(folder)
        .build()
        .filter_map(|entry| match entry {
            Ok(entry) => Some(entry),
            Err(error) => {
                tracing::warn!(%error, "skipped while walking the workspace");
                None
            }
        })
        .filter(|entry| entry.file_type().is_some_and(|kind| kind.is_file()))
        .map(ignore::DirEntry::into_path)
        .filter(|path| FileKind::from_path(path).is_some())
        .collect()
}

/// The text of `path` when it is at most [`MAX_FILE_SIZE`] bytes of UTF-8.
fn read_small(path: &Path) -> std::io::Result<String> {
    let size = std::fs::metadata(path)?.len();
    if size > MAX_FILE_SIZE {
        return Err(std::io::Error::other(format!(
            "{size} bytes, over the limit"
        )));
    }
    std::fs::read_to_string(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_deepest_folder_owns_a_path() {
        let workspace = Workspace {
            folders: vec![PathBuf::from("/w"), PathBuf::from("/w/sub")],
            disk: BTreeMap::new(),
        };
        assert_eq!(workspace.unit_of(Path::new("/w/Dockerfile")), UnitId(0));
        assert_eq!(workspace.unit_of(Path::new("/w/sub/Dockerfile")), UnitId(1));
        assert_eq!(
            workspace.unit_of(Path::new("/elsewhere/Dockerfile")),
            UnitId(2)
        );
    }

    #[test]
    fn reported_paths_are_relative_with_slashes() {
        let folder = Path::new("/w");
        assert_eq!(
            reported_path(Some(folder), Path::new("/w/docker/Dockerfile")),
            "docker/Dockerfile"
        );
        assert_eq!(
            reported_path(None, Path::new("/x/Dockerfile")),
            "/x/Dockerfile"
        );
    }
}
