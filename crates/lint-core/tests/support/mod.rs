//! Helpers shared by the fixture harnesses: loading a case folder as a [`SourceSet`].

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

use stowaway_lint_core::source::{FileKind, SourceFile, SourceSet};

/// The Dockerfiles and pipelines of a case folder, with paths relative to it, in path order.
pub fn load_case(dir: &Path) -> SourceSet {
    let mut paths = Vec::new();
    collect(dir, &mut paths);
    paths.sort();
    let mut sources = SourceSet::new();
    for path in paths {
        let relative = path
            .strip_prefix(dir)
            .expect("inside the case")
            .to_path_buf();
        let Some(kind) = FileKind::from_path(&relative) else {
            continue;
        };
        let text = fs::read_to_string(&path).expect("fixture is UTF-8");
        sources.add(SourceFile::new(relative, text, kind));
    }
    sources
}

/// Every file below `dir`.
fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("readable fixture folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            collect(&path, out);
        } else {
            out.push(path);
        }
    }
}
