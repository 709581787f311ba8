//! The files of one check: their paths, text, kind and line index. Every location in a
//! diagnostic names a file by its [`FileId`] in a [`SourceSet`].

use std::path::{Path, PathBuf};

use crate::text::{LineColumn, LineIndex, TextRange};

/// Which parser a file goes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FileKind {
    /// A Dockerfile or Containerfile.
    Dockerfile,
    /// A `bitbucket-pipelines.yml`.
    Pipeline,
}

impl FileKind {
    /// Classifies a path by its file name, as discovery does: `Dockerfile`,
    /// `Dockerfile.*`, `*.Dockerfile`, `*.dockerfile`, `Containerfile`, `Containerfile.*`, and
    /// `bitbucket-pipelines.yml` / `.yaml`.
    pub fn from_path(path: &Path) -> Option<FileKind> {
        let name = path.file_name()?.to_str()?;
        let lower = name.to_ascii_lowercase();
        if lower == "bitbucket-pipelines.yml" || lower == "bitbucket-pipelines.yaml" {
            return Some(FileKind::Pipeline);
        }
        let dockerish = ["dockerfile", "containerfile"].iter().any(|stem| {
            lower == *stem
                || lower
                    .strip_prefix(stem)
                    .is_some_and(|rest| rest.starts_with('.'))
                || lower
                    .strip_suffix(stem)
                    .is_some_and(|rest| rest.ends_with('.'))
        });
        dockerish.then_some(FileKind::Dockerfile)
    }
}

/// Index of a file in a [`SourceSet`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// One file to analyze.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Path as it should be reported (relative to the working directory, `/` separators).
    pub path: PathBuf,
    /// The file's text.
    pub text: String,
    /// Which parser the file goes to.
    pub kind: FileKind,
    /// Line starts of `text`.
    pub line_index: LineIndex,
}

impl SourceFile {
    /// A file of `kind` at `path` holding `text`.
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>, kind: FileKind) -> Self {
        let text = text.into();
        let line_index = LineIndex::new(&text);
        Self {
            path: path.into(),
            text,
            kind,
            line_index,
        }
    }

    /// The 1-based line and character column of a byte offset.
    pub fn line_column(&self, offset: usize) -> LineColumn {
        self.line_index.line_column(&self.text, offset)
    }

    /// The text of `range`, or "" when the range does not fall on character boundaries.
    pub fn slice(&self, range: TextRange) -> &str {
        self.text.get(range.start..range.end).unwrap_or("")
    }
}

/// All the files of one check. Files are analyzed together so that a pipeline can be
/// linked to the Dockerfiles it builds.
#[derive(Clone, Debug, Default)]
pub struct SourceSet {
    files: Vec<SourceFile>,
}

impl SourceSet {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a file and returns its id.
    pub fn add(&mut self, file: SourceFile) -> FileId {
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        self.files.push(file);
        id
    }

    /// The file with id `id`.
    ///
    /// # Panics
    /// When `id` was not returned by this set's [`SourceSet::add`].
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// Every file with its id, in the order they were added.
    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(i as u32), f))
    }

    /// Number of files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether the set holds no file.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The id of the file whose reported path is `path`.
    pub fn find(&self, path: &Path) -> Option<FileId> {
        self.iter().find(|(_, f)| f.path == path).map(|(id, _)| id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_docker_and_pipeline_names() {
        let kind = |p: &str| FileKind::from_path(Path::new(p));
        assert_eq!(kind("a/Dockerfile"), Some(FileKind::Dockerfile));
        assert_eq!(kind("Dockerfile.prod"), Some(FileKind::Dockerfile));
        assert_eq!(kind("api.Dockerfile"), Some(FileKind::Dockerfile));
        assert_eq!(kind("Containerfile"), Some(FileKind::Dockerfile));
        assert_eq!(kind("bitbucket-pipelines.yml"), Some(FileKind::Pipeline));
        assert_eq!(kind("Dockerfiles"), None);
        assert_eq!(kind("docker-compose.yml"), None);
        assert_eq!(kind("README.md"), None);
    }
}
