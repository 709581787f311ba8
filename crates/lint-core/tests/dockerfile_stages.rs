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
    assert_eq!(graph.arg_declared_in_scope(0, "TOKEN", 1), Some(0));
    assert_eq!(graph.arg_declared_in_scope(0, "TOKEN", 2), None);
    assert_eq!(graph.arg_declared_in_scope(0, "TOKEN", 4), Some(3));
    assert_eq!(graph.arg_declared_in_scope(0, "OTHER", 4), None);
}

#[test]
fn env_is_inherited_through_from_chains() {
    let file = parse(
        "FROM a AS base\nENV TOKEN=x\nFROM base AS mid\nRUN y\nFROM mid\nRUN z\nFROM a\nRUN w\n",
    );
    let graph = StageGraph::build(&file);
    assert_eq!(graph.env_set_before(2, "TOKEN", 5), Some((0, 1)));
    assert_eq!(graph.env_set_before(0, "TOKEN", 1), None);
    assert_eq!(graph.env_set_before(3, "TOKEN", 7), None);
}

#[test]
fn scope_lookups_take_the_latest_declaration_in_range() {
    // 0 ARG T, 1 ARG T=1, 2 FROM, 3 ARG T, 4 ENV, 5 RUN, 6 ARG T U, 7 RUN, 8 FROM, 9 ENV, 10 RUN
    let file = parse(
        "ARG T\nARG T=1\nFROM a AS One\nARG T\nENV T=x\nRUN a\nARG T U\nRUN b\n\
         FROM one AS two\nENV T=y\nRUN c\n",
    );
    let graph = StageGraph::build(&file);
    assert_eq!(graph.arg_declared_in_scope(0, "T", 2), Some(1));
    assert_eq!(graph.arg_declared_in_scope(0, "T", 5), Some(3));
    assert_eq!(graph.arg_declared_in_scope(0, "T", 7), Some(6));
    assert_eq!(graph.arg_declared_in_scope(0, "U", 7), Some(6));
    assert_eq!(graph.arg_declared_in_scope(0, "U", 6), None);
    assert_eq!(graph.arg_declared_in_scope(1, "T", 10), None);
    assert_eq!(graph.env_set_before(1, "T", 10), Some((1, 9)));
    assert_eq!(graph.env_set_before(1, "T", 9), Some((0, 4)));
    assert_eq!(graph.resolve("ONE"), Some(0));
}

#[test]
fn thousands_of_stages_resolve_their_names_and_scopes() {
    // Each stage is built on the previous one by name: one lookup per FROM, and scope
    // questions answered without scanning the file.
    let mut text = String::from("FROM alpine AS s0\nARG T\n");
    for i in 1..3000 {
        text.push_str(&format!("FROM s{} AS s{i}\nENV E{i}=$T\n", i - 1));
    }
    let file = parse(&text);
    let graph = StageGraph::build(&file);
    assert_eq!(graph.stages.len(), 3000);
    assert_eq!(graph.stages[2999].base, StageBase::Stage(2998));
    assert_eq!(graph.env_set_before(2999, "E5", 5999), Some((5, 11)));
    assert_eq!(graph.arg_declared_in_scope(0, "T", 2), Some(1));
}
