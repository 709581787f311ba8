//! The typed pipeline model: every structure form, anchors, aliases and merge keys,
//! mapped scripts, and tolerance of odd input.

use stowaway_lint_core::pipeline::{
    PipeVariable, PipelineFile, PipelineKind, ScalarText, ScriptItem, Step, parse,
};
use stowaway_lint_core::text::{LineColumn, LineIndex, Spanned, TextRange};

const FULL: &str = r#"image:
  name: my.registry/app:1
  username: $REG_USER
  password: $REG_PASS
options:
  docker: true
definitions:
  caches:
    gradle: ~/.gradle
    npm:
      path: node_modules
      key:
        files: [package-lock.json]
  services:
    docker:
      memory: 3072
    db:
      image: postgres:16
      variables:
        POSTGRES_PASSWORD: $DB_PASS
  steps:
    - step: &build
        name: Build
        caches: [docker, gradle]
        script:
          - echo start
          - |
            export A=1
            echo two
            docker build --build-arg T=$TOKEN .
        artifacts:
          - dist/**
    - step: &unused
        name: Unused
        script: [echo unused]
pipelines:
  default:
    - step: *build
    - step:
        <<: *build
        name: Merged
  branches:
    main:
      - parallel:
          - step:
              name: P1
              script: [echo p1]
          - step:
              name: P2
              script: 5
      - parallel:
          fail-fast: true
          steps:
            - step:
                name: P3
                script: [echo p3]
  tags:
    'v*':
      - stage:
          name: Release
          deployment: production
          steps:
            - step:
                name: S1
                deployment: production
                oidc: true
                size: 2x
                runtime:
                  cloud:
                    version: 3
                image: alpine
                services: [docker, db]
                artifacts:
                  paths: [out/*.txt]
                script:
                  - pipe: atlassian/aws-ecr-push-image:2.0.0
                    variables:
                      AWS_SECRET: $AWS_SECRET
                      EXTRA_ARGS: ['--a', '--b']
                after-script:
                  - >
                    echo folded
                    line
  pull-requests:
    '**':
      - step:
          script: ["echo \"pr\""]
  custom:
    deploy:
      - variables:
          - name: TARGET
          - name: DRY_RUN
      - step: *build
"#;

/// The range of the `nth` (0-based) occurrence of `needle` in `source`.
fn range_of(source: &str, needle: &str, nth: usize) -> TextRange {
    let start = source
        .match_indices(needle)
        .nth(nth)
        .expect("needle occurs")
        .0;
    TextRange::new(start, start + needle.len())
}

fn names(items: &[Spanned<String>]) -> Vec<&str> {
    items.iter().map(|item| item.value.as_str()).collect()
}

fn command(item: &ScriptItem) -> &ScalarText {
    match item {
        ScriptItem::Command(text) => text,
        ScriptItem::Pipe(call) => panic!("expected a command, got {call:?}"),
    }
}

fn commands(items: &[ScriptItem]) -> Vec<&str> {
    items
        .iter()
        .map(|item| command(item).text.as_str())
        .collect()
}

fn full() -> PipelineFile {
    let file = parse(FULL);
    assert_eq!(file.errors, vec![]);
    file
}

/// Line and column in `FULL` of `text`'s byte `at`.
fn position(text: &ScalarText, at: usize) -> LineColumn {
    LineIndex::new(FULL).line_column(FULL, text.text.source_offset(at))
}

fn step_names(file: &PipelineFile) -> Vec<Option<&str>> {
    file.steps
        .iter()
        .map(|s| s.name.as_ref().map(|n| n.value.as_str()))
        .collect()
}

#[test]
fn global_image_options_and_definitions() {
    let file = full();
    let image = file.image.as_ref().expect("image");
    assert_eq!(
        image.name,
        Spanned::new(
            "my.registry/app:1".into(),
            range_of(FULL, "my.", 0).cover(range_of(FULL, "app:1", 0))
        )
    );
    assert_eq!(
        image.username.as_ref().expect("user").text.as_str(),
        "$REG_USER"
    );
    let password = image.password.as_ref().expect("password");
    assert_eq!(password.range, range_of(FULL, "$REG_PASS", 0));
    assert!(!image.aws);
    assert_eq!(
        file.docker_option,
        Some(Spanned::new(true, range_of(FULL, "true", 0)))
    );

    let caches = &file.definitions.caches;
    assert_eq!(caches.len(), 2);
    assert_eq!(
        caches[0].name,
        Spanned::new("gradle".into(), range_of(FULL, "gradle", 0))
    );
    assert_eq!(
        caches[0].path,
        Some(Spanned::new(
            "~/.gradle".into(),
            range_of(FULL, "~/.gradle", 0)
        ))
    );
    assert_eq!(
        caches[1].path.as_ref().map(|p| p.value.as_str()),
        Some("node_modules")
    );

    let services = &file.definitions.services;
    assert_eq!(services.len(), 2);
    assert_eq!(
        (services[0].name.value.as_str(), services[0].memory),
        ("docker", Some(3072))
    );
    assert_eq!(
        services[1].image.as_ref().map(|i| i.value.as_str()),
        Some("postgres:16")
    );
    let (name, value) = &services[1].variables[0];
    assert_eq!(name.value, "POSTGRES_PASSWORD");
    assert_eq!(value.text.as_str(), "$DB_PASS");
    assert_eq!(value.range, range_of(FULL, "$DB_PASS", 0));
}

#[test]
fn pipelines_of_every_section_in_file_order() {
    let file = full();
    let summary: Vec<_> = file
        .pipelines
        .iter()
        .map(|p| (p.kind, p.name.value.as_str(), p.steps.clone()))
        .collect();
    assert_eq!(
        summary,
        vec![
            (PipelineKind::Default, "default", vec![0, 1]),
            (PipelineKind::Branches, "main", vec![2, 3, 4]),
            (PipelineKind::Tags, "v*", vec![5]),
            (PipelineKind::PullRequests, "**", vec![6]),
            (PipelineKind::Custom, "deploy", vec![7]),
        ]
    );
    assert_eq!(file.pipelines[0].name.range, range_of(FULL, "default", 0));
    assert_eq!(file.pipelines[2].name.range, range_of(FULL, "'v*'", 0));
    assert_eq!(
        names(&file.pipelines[4].variables),
        vec!["TARGET", "DRY_RUN"]
    );
    assert_eq!(
        file.pipelines[4].variables[0].range,
        range_of(FULL, "TARGET", 0)
    );
    let owners: Vec<usize> = file.steps.iter().map(|s| s.pipeline).collect();
    assert_eq!(owners, vec![0, 0, 1, 1, 1, 2, 3, 4]);
}

#[test]
fn only_steps_reached_from_pipelines_are_steps() {
    let file = full();
    assert_eq!(
        step_names(&file),
        vec![
            Some("Build"),
            Some("Merged"),
            Some("P1"),
            Some("P2"),
            Some("P3"),
            Some("S1"),
            None,
            Some("Build"),
        ]
    );
}

#[test]
fn aliased_step_keeps_anchor_ranges_and_alias_site() {
    let file = full();
    let step: &Step = &file.steps[0];
    assert!(step.via_alias);
    assert_eq!(step.referenced, range_of(FULL, "*build", 0));
    assert_eq!(step.defined.start, range_of(FULL, "name: Build", 0).start);
    assert_eq!(step.defined.end, range_of(FULL, "dist/**", 0).end);
    assert_eq!(
        step.name.as_ref().expect("name").range,
        range_of(FULL, "Build", 0)
    );
    assert_eq!(names(&step.caches), vec!["docker", "gradle"]);
    assert_eq!(names(&step.artifacts), vec!["dist/**"]);
    assert_eq!(file.steps[7].referenced, range_of(FULL, "*build", 2));
    assert_eq!(file.steps[7].defined, step.defined);
}

#[test]
fn script_line_of_an_aliased_step_maps_into_the_anchor() {
    let file = full();
    let script = commands(&file.steps[0].script);
    assert_eq!(
        script,
        vec![
            "echo start",
            "export A=1\necho two\ndocker build --build-arg T=$TOKEN .\n"
        ]
    );
    let block = command(&file.steps[0].script[1]);
    let at = block.text.as_str().find("$TOKEN").expect("token");
    assert_eq!(
        position(block, at),
        LineColumn {
            line: 30,
            column: 40
        }
    );
}

#[test]
fn merged_step_overrides_name_and_maps_script_into_the_anchor() {
    let file = full();
    let step = &file.steps[1];
    assert!(step.via_alias);
    assert_eq!(step.referenced, range_of(FULL, "*build", 1));
    assert_eq!(step.defined.start, range_of(FULL, "<<", 0).start);
    assert_eq!(
        step.name.as_ref().expect("name").range,
        range_of(FULL, "Merged", 0)
    );
    assert_eq!(names(&step.caches), vec!["docker", "gradle"]);
    let block = command(&step.script[1]);
    let at = block.text.as_str().find("$TOKEN").expect("token");
    assert_eq!(
        position(block, at),
        LineColumn {
            line: 30,
            column: 40
        }
    );
}

#[test]
fn parallel_list_and_steps_forms() {
    let file = full();
    let p1 = &file.steps[2];
    assert!(p1.in_parallel && !p1.via_alias);
    assert_eq!(p1.referenced, p1.defined);
    assert_eq!(p1.defined.start, range_of(FULL, "name: P1", 0).start);
    assert_eq!(commands(&p1.script), vec!["echo p1"]);
    assert_eq!(file.steps[3].script, vec![]);
    assert!(file.steps[4].in_parallel);
    assert_eq!(commands(&file.steps[4].script), vec!["echo p3"]);
    assert_eq!(file.steps[4].stage, None);
}

#[test]
fn staged_step_with_every_field() {
    let file = full();
    let step = &file.steps[5];
    assert!(!step.in_parallel);
    assert_eq!(
        step.stage,
        Some(Spanned::new("Release".into(), range_of(FULL, "Release", 0)))
    );
    assert_eq!(
        step.deployment.as_ref().map(|d| d.range),
        Some(range_of(FULL, "production", 1))
    );
    assert_eq!(
        step.oidc,
        Some(Spanned::new(true, range_of(FULL, "true", 2)))
    );
    assert_eq!(
        step.size,
        Some(Spanned::new("2x".into(), range_of(FULL, "2x", 0)))
    );
    let version = step.runtime_cloud_version.as_ref().expect("version");
    let version_at = range_of(FULL, "version: 3", 0).start + "version: ".len();
    assert_eq!(version.value, "3");
    assert_eq!(version.range, TextRange::new(version_at, version_at + 1));
    assert_eq!(
        step.image.as_ref().map(|i| i.name.value.as_str()),
        Some("alpine")
    );
    assert_eq!(names(&step.services), vec!["docker", "db"]);
    assert_eq!(names(&step.artifacts), vec!["out/*.txt"]);
    let after = commands(&step.after_script);
    assert_eq!(after, vec!["echo folded line\n"]);
}

#[test]
fn pipe_call_with_scalar_and_list_variables() {
    let file = full();
    let ScriptItem::Pipe(call) = &file.steps[5].script[0] else {
        panic!("expected a pipe");
    };
    assert_eq!(call.pipe.value, "atlassian/aws-ecr-push-image:2.0.0");
    assert_eq!(
        call.pipe.range,
        range_of(FULL, "atlassian/aws-ecr-push-image:2.0.0", 0)
    );
    assert_eq!(call.range.start, range_of(FULL, "pipe:", 0).start);
    assert_eq!(call.range.end, range_of(FULL, "'--b'", 0).end);
    assert_eq!(call.variables.len(), 2);
    let (name, PipeVariable::Scalar(value)) = &call.variables[0] else {
        panic!("expected a scalar");
    };
    assert_eq!(name.value, "AWS_SECRET");
    assert_eq!(value.range, range_of(FULL, "$AWS_SECRET", 0));
    let (_, PipeVariable::List(items)) = &call.variables[1] else {
        panic!("expected a list");
    };
    let values: Vec<_> = items.iter().map(|i| (i.text.as_str(), i.range)).collect();
    assert_eq!(
        values,
        vec![
            ("--a", range_of(FULL, "'--a'", 0)),
            ("--b", range_of(FULL, "'--b'", 0))
        ]
    );
}

#[test]
fn double_quoted_script_is_unescaped() {
    let file = full();
    let item = command(&file.steps[6].script[0]);
    assert_eq!(item.text.as_str(), "echo \"pr\"");
    assert_eq!(item.range, range_of(FULL, r#""echo \"pr\"""#, 0));
}

#[test]
fn empty_file_and_null_pipelines_give_an_empty_model() {
    assert_eq!(parse(""), PipelineFile::default());
    let file = parse("pipelines:\n");
    assert_eq!(file.errors, vec![]);
    assert_eq!(file.pipelines, vec![]);
    assert_eq!(file.steps, vec![]);
}

#[test]
fn invalid_yaml_lands_in_errors_with_a_location() {
    let file = parse("a: [1, 2\nb: c\n");
    assert_eq!(file.errors.len(), 1);
    assert_eq!(file.errors[0].range, TextRange::empty(10));
    assert_eq!(file.pipelines, vec![]);
}

#[test]
fn wrong_shapes_are_skipped() {
    let source = "image: [1]\noptions: 3\ndefinitions: x\npipelines:\n  default:\n    - step: 5\n    - step:\n        script: 5\n        caches: {a: b}\n        oidc: maybe\n    - 7\n  branches: [x]\n";
    let file = parse(source);
    assert_eq!(file.errors, vec![]);
    assert_eq!(file.image, None);
    assert_eq!(file.docker_option, None);
    assert_eq!(file.pipelines.len(), 1);
    assert_eq!(file.steps.len(), 1);
    let step = &file.steps[0];
    assert_eq!(
        (step.script.len(), step.caches.len(), step.oidc.clone()),
        (0, 0, None)
    );
}

#[test]
fn crlf_file_has_exact_ranges_and_no_carriage_returns() {
    let source = "pipelines:\r\n  default:\r\n    - step:\r\n        name: B\r\n        script:\r\n          - |\r\n            echo a\r\n            echo $T\r\n          - x\r\n            y\r\n";
    let file = parse(source);
    assert_eq!(file.errors, vec![]);
    let step = &file.steps[0];
    assert_eq!(
        step.name.as_ref().expect("name").range,
        range_of(source, "B", 0)
    );
    assert_eq!(commands(&step.script), vec!["echo a\necho $T\n", "x y"]);
    let block = command(&step.script[0]);
    let at = block.text.as_str().find("$T").expect("token");
    let index = LineIndex::new(source);
    let found = index.line_column(source, block.text.source_offset(at));
    assert_eq!(
        found,
        LineColumn {
            line: 8,
            column: 18
        }
    );
    assert_eq!(
        command(&step.script[1]).range,
        TextRange::new(range_of(source, "x", 0).start, range_of(source, "y", 0).end)
    );
}

#[test]
fn item_level_merge_and_anchor_inside_a_pipeline() {
    let source = "test: &test\n  step:\n    name: T\n    script: &cmds\n      - make\npipelines:\n  default:\n    - <<: *test\n    - step: &inline\n        script: *cmds\n  branches:\n    main:\n      - step: *inline\n";
    let file = parse(source);
    assert_eq!(file.errors, vec![]);
    assert_eq!(file.steps.len(), 3);
    let merged = &file.steps[0];
    assert!(merged.via_alias);
    assert_eq!(merged.referenced, range_of(source, "*test", 0));
    assert_eq!(merged.defined.start, range_of(source, "name: T", 0).start);
    assert_eq!(commands(&merged.script), vec!["make"]);
    assert_eq!(
        command(&merged.script[0]).range,
        range_of(source, "make", 0)
    );

    let inline = &file.steps[1];
    assert!(!inline.via_alias);
    assert_eq!(inline.defined, range_of(source, "script: *cmds", 0));
    assert_eq!(
        command(&inline.script[0]).range,
        range_of(source, "make", 0)
    );

    let reused = &file.steps[2];
    assert!(reused.via_alias);
    assert_eq!(reused.referenced, range_of(source, "*inline", 0));
    assert_eq!(reused.defined, inline.defined);
}
