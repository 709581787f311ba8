//! The input shape shared by the pair targets: a Dockerfile and a pipeline that builds it,
//! split at the input's first NUL byte (the Dockerfile before it, the pipeline after).

use stowaway_lint_core::source::{FileKind, SourceFile, SourceSet};

/// The two files of `text`.
pub fn sources(text: &str) -> SourceSet {
    let (dockerfile, pipeline) = text.split_once('\0').unwrap_or((text, ""));
    let mut sources = SourceSet::new();
    sources.add(SourceFile::new("Dockerfile", dockerfile, FileKind::Dockerfile));
    sources.add(SourceFile::new(
        "bitbucket-pipelines.yml",
        pipeline,
        FileKind::Pipeline,
    ));
    sources
}
