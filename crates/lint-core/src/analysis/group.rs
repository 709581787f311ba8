//! Build groups: the files that must be analyzed together. A pipeline and every Dockerfile
//! its builds link to form one group (joined transitively: two pipelines building one
//! Dockerfile share a group); any other file is a group of its own. Groups are independent,
//! so they are analyzed in parallel and each group's models are dropped when it is done:
//! memory follows the largest group, not the whole repository.

use std::collections::HashMap;

use rayon::prelude::*;

use super::link::{self, BuildLink};
use super::{DockerfileModel, PipelineModel, parse_dockerfile, parse_pipeline};
use crate::source::{FileId, FileKind, SourceSet};

/// One group before its Dockerfiles are parsed: its pipelines are parsed already (linking
/// needs them).
#[derive(Debug, Default)]
pub struct BuildGroup {
    /// The group's files, in source order.
    pub files: Vec<FileId>,
    /// Its parsed pipelines, in source order.
    pub pipelines: Vec<PipelineModel>,
    /// Its builds; `pipeline` indexes [`BuildGroup::pipelines`].
    pub links: Vec<BuildLink>,
}

/// The parsed files of one group: what a [`super::Project`] borrows.
#[derive(Debug, Default)]
pub struct Models {
    /// The group's files, in source order.
    pub files: Vec<FileId>,
    /// Its parsed Dockerfiles, in source order.
    pub dockerfiles: Vec<DockerfileModel>,
    /// Its parsed pipelines, in source order.
    pub pipelines: Vec<PipelineModel>,
    /// Its builds; `pipeline` indexes [`Models::pipelines`].
    pub links: Vec<BuildLink>,
}

impl BuildGroup {
    /// Parses the group's Dockerfiles.
    pub fn parse(self, sources: &SourceSet) -> Models {
        let dockerfiles = self
            .files
            .iter()
            .map(|&id| (id, sources.get(id)))
            .filter(|(_, file)| file.kind == FileKind::Dockerfile)
            .map(|(id, file)| parse_dockerfile(id, file))
            .collect();
        Models {
            files: self.files,
            dockerfiles,
            pipelines: self.pipelines,
            links: self.links,
        }
    }
}

/// Parses the pipelines of `sources` (in parallel), links their builds and splits the files
/// into groups, in the order of each group's first file.
pub fn build_groups(sources: &SourceSet) -> Vec<BuildGroup> {
    let pipelines = parse_pipelines(sources);
    let links = link::link_builds(sources, &pipelines);
    let mut sets = DisjointSets::new(sources.len());
    for link in &links {
        if let (Some(dockerfile), Some(pipeline)) = (link.dockerfile, pipelines.get(link.pipeline))
        {
            sets.join(pipeline.file, dockerfile);
        }
    }
    let mut groups: Vec<BuildGroup> = Vec::new();
    let mut group_of_root: HashMap<usize, usize> = HashMap::new();
    let mut group_of_file: Vec<usize> = Vec::with_capacity(sources.len());
    for (id, _) in sources.iter() {
        let root = sets.root(id);
        let group = *group_of_root.entry(root).or_insert_with(|| {
            groups.push(BuildGroup::default());
            groups.len() - 1
        });
        groups[group].files.push(id);
        group_of_file.push(group);
    }
    // Pipelines move into their group; each link follows its pipeline under its new index.
    let mut moved_to: Vec<(usize, usize)> = Vec::with_capacity(pipelines.len());
    for model in pipelines {
        let group = group_of_file[model.file.0 as usize];
        moved_to.push((group, groups[group].pipelines.len()));
        groups[group].pipelines.push(model);
    }
    for mut link in links {
        let Some(&(group, local)) = moved_to.get(link.pipeline) else {
            continue;
        };
        link.pipeline = local;
        groups[group].links.push(link);
    }
    groups
}

/// Every pipeline of `sources`, parsed in parallel, in source order.
fn parse_pipelines(sources: &SourceSet) -> Vec<PipelineModel> {
    let files: Vec<_> = sources
        .iter()
        .filter(|(_, file)| file.kind == FileKind::Pipeline)
        .collect();
    files
        .par_iter()
        .map(|&(id, file)| parse_pipeline(id, file))
        .collect()
}

/// Union-find over file ids (path halving).
struct DisjointSets {
    parent: Vec<usize>,
}

impl DisjointSets {
    fn new(len: usize) -> Self {
        Self {
            parent: (0..len).collect(),
        }
    }

    /// The representative of `file`'s set.
    fn root(&mut self, file: FileId) -> usize {
        let mut at = file.0 as usize;
        while let Some(&up) = self.parent.get(at)
            && up != at
        {
            let grand = self.parent[up];
            self.parent[at] = grand;
            at = grand;
        }
        at
    }

    /// Joins the sets of `a` and `b`.
    fn join(&mut self, a: FileId, b: FileId) {
        let (ra, rb) = (self.root(a), self.root(b));
        if ra != rb
            && let Some(slot) = self.parent.get_mut(ra.max(rb))
        {
            *slot = ra.min(rb);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    fn file(path: &str, text: &str) -> SourceFile {
        let kind = FileKind::from_path(std::path::Path::new(path)).expect("a known file name");
        SourceFile::new(path, text, kind)
    }

    fn pipeline(builds: &[&str]) -> String {
        let lines: String = builds
            .iter()
            .map(|dir| format!("          - docker build {dir}\n"))
            .collect();
        format!("pipelines:\n  default:\n    - step:\n        script:\n{lines}")
    }

    /// Each group as (its files, its pipelines' files, the local pipeline index of each link).
    fn shape(groups: &[BuildGroup]) -> Vec<(Vec<u32>, Vec<u32>, Vec<usize>)> {
        groups
            .iter()
            .map(|group| {
                (
                    group.files.iter().map(|id| id.0).collect(),
                    group.pipelines.iter().map(|p| p.file.0).collect(),
                    group.links.iter().map(|link| link.pipeline).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn pipelines_sharing_a_dockerfile_share_a_group_and_others_stand_alone() {
        let mut sources = SourceSet::new();
        sources.add(file("a/Dockerfile", "FROM alpine\n")); // 0: built by 1 and 3
        sources.add(file("a/bitbucket-pipelines.yml", &pipeline(&["."])));
        sources.add(file("lone/Dockerfile", "FROM alpine\n")); // 2: built by nobody
        sources.add(file(
            "b/bitbucket-pipelines.yml",
            &pipeline(&["../a", "../c"]),
        ));
        sources.add(file("c/Dockerfile", "FROM alpine\n")); // 4: built by 3
        sources.add(file("d/bitbucket-pipelines.yml", &pipeline(&["missing"])));
        let groups = build_groups(&sources);
        assert_eq!(
            shape(&groups),
            vec![
                (vec![0, 1, 3, 4], vec![1, 3], vec![0, 1, 1]),
                (vec![2], vec![], vec![]),
                (vec![5], vec![5], vec![0]),
            ]
        );
        let linked: Vec<Option<u32>> = groups[0]
            .links
            .iter()
            .map(|link| link.dockerfile.map(|id| id.0))
            .collect();
        assert_eq!(linked, vec![Some(0), Some(0), Some(4)]);
        assert_eq!(groups[2].links[0].dockerfile, None);
    }

    #[test]
    fn a_group_parses_only_its_own_dockerfiles() {
        let mut sources = SourceSet::new();
        sources.add(file("Dockerfile", "FROM alpine\n"));
        sources.add(file("x/Dockerfile", "FROM busybox\n"));
        let parsed: Vec<Vec<u32>> = build_groups(&sources)
            .into_iter()
            .map(|group| group.parse(&sources))
            .map(|models| models.dockerfiles.iter().map(|m| m.file.0).collect())
            .collect();
        assert_eq!(parsed, vec![vec![0], vec![1]]);
    }
}
