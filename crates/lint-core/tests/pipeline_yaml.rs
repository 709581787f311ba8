//! The YAML layer: byte ranges of nodes, anchors, aliases and merge keys, and located
//! errors for invalid and hostile input.

use std::time::{Duration, Instant};

use stowaway_lint_core::pipeline::{SyntaxError, YamlNode, YamlValue, parse_yaml};
use stowaway_lint_core::text::TextRange;

fn parse(source: &str) -> YamlNode {
    parse_yaml(source).expect("valid YAML")
}

fn error(source: &str) -> SyntaxError {
    parse_yaml(source).expect_err("invalid YAML")
}

#[test]
fn scalars_carry_their_token_ranges() {
    let root = parse("a: 'x y'\nb: 1.50\nc: true\nd: ~\n");
    let a = root.get("a").expect("a");
    assert_eq!(a.value, YamlValue::String("x y".into()));
    assert_eq!(a.defined, TextRange::new(3, 8));
    assert_eq!(
        root.get("b").expect("b").value,
        YamlValue::Number("1.50".into())
    );
    assert_eq!(root.get("c").expect("c").value, YamlValue::Bool(true));
    assert_eq!(root.get("d").expect("d").value, YamlValue::Null);
    assert_eq!(root.defined, TextRange::new(0, 29));
    assert!(!a.via_alias());
}

#[test]
fn yes_is_a_string_not_a_boolean() {
    let root = parse("a: yes\n");
    assert_eq!(
        root.get("a").expect("a").value,
        YamlValue::String("yes".into())
    );
}

#[test]
fn alias_keeps_the_anchor_range_and_the_alias_site() {
    let source = "x: &x {k: v}\ny: *x\n";
    let root = parse(source);
    let y = root.get("y").expect("y");
    assert_eq!(y.defined, TextRange::new(6, 11));
    assert_eq!(y.referenced, TextRange::new(16, 18));
    assert_eq!(&source[16..18], "*x");
    let v = y.get("k").expect("k");
    assert_eq!(v.defined, TextRange::new(10, 11));
    assert_eq!(v.referenced, TextRange::new(16, 18));
    assert!(y.via_alias());
}

#[test]
fn merge_key_entries_point_at_the_anchor_and_the_merge_alias() {
    let source = "x: &x {k: v, m: old}\nz:\n  <<: *x\n  m: new\n";
    let root = parse(source);
    let z = root.get("z").expect("z");
    let entries = z.as_mapping().expect("mapping");
    assert_eq!(entries.len(), 2);
    let m = z.get("m").expect("m");
    assert_eq!(m.value, YamlValue::String("new".into()));
    assert!(!m.via_alias());
    let k = z.get("k").expect("k");
    assert_eq!(k.defined, TextRange::new(10, 11));
    assert_eq!(k.referenced, TextRange::new(30, 32));
    assert_eq!(&source[30..32], "*x");
}

#[test]
fn crlf_ranges_exclude_carriage_returns() {
    let root = parse("a: 1\r\nb:\r\n  - c\r\n");
    let b = root.get("b").expect("b");
    assert_eq!(b.defined, TextRange::new(12, 15));
    let c = &b.as_sequence().expect("list")[0];
    assert_eq!(c.value, YamlValue::String("c".into()));
    assert_eq!(c.defined, TextRange::new(14, 15));
}

#[test]
fn empty_file_and_null_key_are_null() {
    assert_eq!(parse("").value, YamlValue::Null);
    assert_eq!(parse("# only a comment\n").value, YamlValue::Null);
    let root = parse("pipelines:\n");
    let pipelines = root.get("pipelines").expect("key");
    assert_eq!(pipelines.value, YamlValue::Null);
    assert_eq!(pipelines.defined, TextRange::new(9, 9));
}

#[test]
fn unclosed_flow_sequence_is_located_at_the_colon() {
    let found = error("a: [1, 2\nb: c\n");
    assert_eq!(found.range, TextRange::new(10, 10));
    assert_eq!(found.message, "illegal placement of ':' indicator");
}

#[test]
fn billion_laughs_fails_fast_at_an_alias() {
    let mut source = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let p = i - 1;
        let aliases = vec![format!("*a{p}"); 9].join(", ");
        source.push_str(&format!("a{i}: &a{i} [{aliases}]\n"));
    }
    let started = Instant::now();
    let found = error(&source);
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(
        found.message,
        "YAML too large: more than 100000 nodes once aliases are expanded"
    );
    assert_eq!(&source[found.range.start..found.range.end], "*a4");
}

#[test]
fn ten_thousand_nested_sequences_fail_with_a_location() {
    let found = error(&"[".repeat(10_000));
    assert_eq!(found.range, TextRange::new(255, 255));
    assert_eq!(found.message, "recursion limit exceeded");
}

#[test]
fn deep_block_nesting_fails_with_a_location_even_on_a_small_stack() {
    let source: String = (0..200).map(|i| format!("{}- \n", " ".repeat(i))).collect();
    let small_stack = std::thread::Builder::new().stack_size(256 * 1024);
    let parsed = small_stack.spawn(move || parse_yaml(&source).map(|_| ()));
    let found = parsed
        .expect("spawn")
        .join()
        .expect("no overflow")
        .expect_err("too deep");
    assert_eq!(found.message, "YAML nested too deeply: more than 64 levels");
    // The dash of the 65th line, indented by 64 spaces.
    let line_65: usize = (0..64).map(|i| i + 3).sum();
    assert_eq!(found.range, TextRange::empty(line_65 + 64));
}

#[test]
fn alias_inside_its_own_anchor_is_a_recursive_anchor_at_the_alias() {
    let found = error("a: &x\n  b: *x\n");
    assert_eq!(found.range, TextRange::new(11, 13));
    assert_eq!(
        found.message,
        "alias `*x` refers to the node that contains it (recursive anchor)"
    );
    let merged = error("a: &x\n  <<: *x\n");
    assert_eq!(merged.range, TextRange::new(12, 14));
}

#[test]
fn second_document_is_reported_at_its_marker_in_plain_words() {
    let found = error("a: 1\n---\nb: 2\n");
    assert_eq!(found.range, TextRange::new(5, 8));
    assert_eq!(
        found.message,
        "more than one YAML document (`---`): a pipeline file holds a single document"
    );
    assert_eq!(error("a: 1\n---\n").range, TextRange::new(5, 8));
    assert!(parse_yaml("---\na: 1\n...\n").is_ok());
}

#[test]
fn alias_to_an_undefined_anchor_is_named_and_located_over_its_token() {
    let found = error("a: *nope\n");
    assert_eq!(found.range, TextRange::new(3, 8));
    assert_eq!(
        found.message,
        "alias `*nope` refers to no anchor defined before it"
    );
    assert_eq!(error("[a, *b]\n").range, TextRange::new(4, 6));
}

#[test]
fn tag_and_merge_errors_name_no_parser_api() {
    let cases = [
        (
            "a: !!binary AAEC/w==\n",
            (12, 20),
            "`!!binary` value is not text (not valid UTF-8)",
        ),
        (
            "a: !!binary 'zz'\n",
            (12, 16),
            "`!!binary` value is not valid base64",
        ),
        (
            "a: !!int abc\n",
            (9, 12),
            "value does not match its tag: not an integer",
        ),
        (
            "a: !!float x\n",
            (11, 12),
            "value does not match its tag: not a number",
        ),
        (
            "a: !!bool yes\n",
            (10, 13),
            "value is neither `true` nor `false`",
        ),
        (
            "<<: 5\n",
            (4, 5),
            "a merge key (`<<`) takes a mapping or a list of mappings",
        ),
    ];
    for (source, (start, end), message) in cases {
        let found = error(source);
        assert_eq!(
            (found.range, found.message.as_str()),
            (TextRange::new(start, end), message),
            "{source:?}"
        );
    }
}
