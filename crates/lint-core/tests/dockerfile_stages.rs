//! The stage model: stages, bases, targets, COPY --from edges, ARG and ENV scoping.

use stowaway_lint_core::dockerfile::{StageBase, StageGraph, parse};

#[test]
fn stages_bases_and_instruction_ranges() {
    let file = parse(
        "ARG V=1\nFROM golang:$V AS Builder\nRUN x\nFROM builder AS final\nRUN y\nFROM scratch\n",
    );
    let graph = StageGraph::build(&file);
    assert_eq!(graph.global_args, vec![0]);
    let summary: Vec<_> = graph
        .stages
        .iter()
        .map(|s| {
            (
                s.index,
                s.name.clone(),
                s.from,
                s.base.clone(),
                s.instructions.clone(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (
                0,
                Some("builder".to_owned()),
                1,
                StageBase::Image("golang:$V".to_owned()),
                2..3
            ),
            (1, Some("final".to_owned()), 3, StageBase::Stage(0), 4..5),
            (2, None, 5, StageBase::Scratch, 6..6),
        ]
    );
}

#[test]
fn target_defaults_to_last_stage_and_resolves_names() {
    let file = parse("FROM a AS base\nFROM base AS Final\nFROM b\n");
    let graph = StageGraph::build(&file);
    assert_eq!(graph.target(None), Some(2));
    assert_eq!(graph.target(Some("FINAL")), Some(1));
    assert_eq!(graph.target(Some("nope")), None);
    assert_eq!(graph.resolve("0"), Some(0));
    assert_eq!(graph.resolve("3"), None);
    assert_eq!(graph.ancestors(1), vec![0]);
    assert_eq!(graph.exported(1), vec![1, 0]);
    assert_eq!(graph.exported(2), vec![2]);
}

#[test]
fn self_named_stage_does_not_loop() {
    let file = parse("FROM a AS a\nFROM a AS b\n");
    let graph = StageGraph::build(&file);
    assert_eq!(graph.stages[0].base, StageBase::Image("a".to_owned()));
    assert_eq!(graph.ancestors(0), Vec::<usize>::new());
    assert_eq!(graph.exported(1), vec![1, 0]);
}

#[test]
fn copy_from_edges_by_name_and_index() {
    let text = "FROM a AS builder\nRUN make\nFROM b\nCOPY --from=builder /o /o\nCOPY --from=0 /p /p\n\
                COPY --from=nginx:1 /q /q\n";
    let file = parse(text);
    let graph = StageGraph::build(&file);
    assert_eq!(graph.copy_from_edges(&file), vec![(1, 0, 3), (1, 0, 4)]);
}

#[test]
fn global_arg_is_invisible_until_redeclared() {
    let file = parse("ARG TOKEN\nFROM a\nRUN echo\nARG TOKEN\nRUN use\n");
    let graph = StageGraph::build(&file);
    assert_eq!(graph.arg_declared_in_scope(&file, 0, "TOKEN", 1), Some(0));
    assert_eq!(graph.arg_declared_in_scope(&file, 0, "TOKEN", 2), None);
    assert_eq!(graph.arg_declared_in_scope(&file, 0, "TOKEN", 4), Some(3));
    assert_eq!(graph.arg_declared_in_scope(&file, 0, "OTHER", 4), None);
}

#[test]
fn env_is_inherited_through_from_chains() {
    let file = parse(
        "FROM a AS base\nENV TOKEN=x\nFROM base AS mid\nRUN y\nFROM mid\nRUN z\nFROM a\nRUN w\n",
    );
    let graph = StageGraph::build(&file);
    assert_eq!(graph.env_set_before(&file, 2, "TOKEN", 5), Some((0, 1)));
    assert_eq!(graph.env_set_before(&file, 0, "TOKEN", 1), None);
    assert_eq!(graph.env_set_before(&file, 3, "TOKEN", 7), None);
}
