//! Source maps of YAML scalar values: every style rebuilds YAML's value, and every copied
//! byte points at the identical source byte.

use stowaway_lint_core::pipeline::{YamlNode, YamlValue, parse_yaml, scalar_text};
use stowaway_lint_core::text::{LineColumn, LineIndex, MappedText};

/// The value of top-level key `key`.
fn node<'a>(root: &'a YamlNode, key: &str) -> &'a YamlNode {
    root.get(key).expect("key is present")
}

/// Maps `key`'s scalar and checks the copied-bytes property.
fn mapped(source: &str, key: &str) -> MappedText {
    let root = parse_yaml(source).expect("valid YAML");
    let mapped = scalar_text(source, node(&root, key)).expect("scalar maps");
    assert_copied_bytes_match(source, &mapped);
    mapped
}

/// For every byte copied from the source, the source holds the same byte.
fn assert_copied_bytes_match(source: &str, mapped: &MappedText) {
    let text = mapped.as_str().as_bytes();
    for segment in mapped.segments() {
        let copied = text
            .iter()
            .enumerate()
            .skip(segment.text_start)
            .take(segment.len);
        for (i, byte) in copied {
            assert_eq!(
                source.as_bytes()[mapped.source_offset(i)],
                *byte,
                "byte {i}"
            );
        }
    }
}

/// Line and column of text offset `at` once mapped to the source.
fn position(source: &str, mapped: &MappedText, at: usize) -> LineColumn {
    LineIndex::new(source).line_column(source, mapped.source_offset(at))
}

#[test]
fn plain_single_line_is_verbatim() {
    let source = "a: echo $TOKEN\n";
    let text = mapped(source, "a");
    assert_eq!(text.as_str(), "echo $TOKEN");
    assert_eq!(text.source_offset(5), 8);
}

#[test]
fn plain_multi_line_folds_with_single_spaces() {
    let source = "a: docker build\n   --build-arg T=$TOKEN  \n\n   .\n";
    let text = mapped(source, "a");
    assert_eq!(text.as_str(), "docker build --build-arg T=$TOKEN\n.");
    let at = text.as_str().find("$TOKEN").expect("token");
    assert_eq!(
        position(source, &text, at),
        LineColumn {
            line: 2,
            column: 18
        }
    );
    assert_eq!(
        text.source_offset(text.as_str().len() - 1),
        source.rfind('.').expect("dot")
    );
}

#[test]
fn single_quoted_maps_doubled_quote_to_one_source_quote() {
    let source = "a: 'it''s $X\n  next'\n";
    let text = mapped(source, "a");
    assert_eq!(text.as_str(), "it's $X next");
    assert_eq!(text.source_offset(2), 6);
    assert_eq!(text.source_offset(5), 10);
    assert_eq!(
        position(source, &text, 8),
        LineColumn { line: 2, column: 3 }
    );
}

#[test]
fn double_quoted_escapes_map_to_their_backslash() {
    let source = "a: \"x\\ty \\u00e9 $T\\\n    end\"\n";
    let text = mapped(source, "a");
    assert_eq!(text.as_str(), "x\ty \u{e9} $Tend");
    assert_eq!(text.source_offset(1), 5);
    assert_eq!(text.source_offset(2), 7);
    let at = text.as_str().find("$T").expect("token");
    assert_eq!(text.source_offset(at), 16);
    assert_eq!(
        position(source, &text, at + 2),
        LineColumn { line: 2, column: 5 }
    );
}

#[test]
fn literal_block_maps_each_line_without_indentation() {
    let source = "a:\n  - |\n    echo one\n      echo two\n    docker login -p $TOKEN\n";
    let root = parse_yaml(source).expect("valid YAML");
    let item = &node(&root, "a").as_sequence().expect("list")[0];
    let text = scalar_text(source, item).expect("maps");
    assert_copied_bytes_match(source, &text);
    assert_eq!(
        text.as_str(),
        "echo one\n  echo two\ndocker login -p $TOKEN\n"
    );
    let at = text.as_str().find("$TOKEN").expect("token");
    assert_eq!(
        position(source, &text, at),
        LineColumn {
            line: 5,
            column: 21
        }
    );
}

#[test]
fn literal_block_chomping_and_explicit_indentation() {
    let strip = mapped("a: |-\n  x\n\n", "a");
    assert_eq!(strip.as_str(), "x");
    let keep = mapped("a: |+\n  x\n\nb: 1\n", "a");
    assert_eq!(keep.as_str(), "x\n\n");
    let clip_at_eof = mapped("a: |\n  x", "a");
    assert_eq!(clip_at_eof.as_str(), "x\n");
    let source = "a: |2\n\n     x\n    y\n";
    let explicit = mapped(source, "a");
    assert_eq!(explicit.as_str(), "\n   x\n  y\n");
    assert_eq!(explicit.source_offset(0), 6);
    assert_eq!(explicit.source_offset(1), 9);
    assert_eq!(explicit.source_offset(4), 12);
}

#[test]
fn folded_block_folds_normal_lines_and_keeps_more_indented() {
    let source = "a: >-\n  one\n  two\n\n    three\n  four\n";
    let text = mapped(source, "a");
    assert_eq!(text.as_str(), "one two\n\n  three\nfour");
    let at = text.as_str().find("three").expect("three");
    assert_eq!(
        position(source, &text, at),
        LineColumn { line: 5, column: 5 }
    );
}

#[test]
fn crlf_values_hold_no_carriage_return() {
    let source = "a: |\r\n  x\r\n  y $T\r\nb: \"q\r\n  r\"\r\nc: p\r\n  q\r\n";
    let a = mapped(source, "a");
    assert_eq!(a.as_str(), "x\ny $T\n");
    assert_eq!(position(source, &a, 4), LineColumn { line: 3, column: 5 });
    assert_eq!(mapped(source, "b").as_str(), "q r");
    assert_eq!(mapped(source, "c").as_str(), "p q");
}

#[test]
fn null_and_collections_have_no_scalar_text() {
    let source = "a:\nb: [1]\n";
    let root = parse_yaml(source).expect("valid YAML");
    assert_eq!(scalar_text(source, node(&root, "a")), None);
    assert_eq!(scalar_text(source, node(&root, "b")), None);
}

/// Every scalar of `node` that maps, maps its copied bytes to identical source bytes.
fn check_tree(source: &str, node: &YamlNode, mapped_count: &mut usize) {
    match &node.value {
        YamlValue::Sequence(items) => items
            .iter()
            .for_each(|i| check_tree(source, i, mapped_count)),
        YamlValue::Mapping(entries) => entries.iter().for_each(|(k, v)| {
            check_tree(source, k, mapped_count);
            check_tree(source, v, mapped_count);
        }),
        _ => {
            if let Some(mapped) = scalar_text(source, node) {
                assert_copied_bytes_match(source, &mapped);
                *mapped_count += 1;
            }
        }
    }
}

#[test]
fn generated_documents_never_panic_and_map_exactly() {
    const PIECES: [&str; 20] = [
        "a", "b c", "\n", "\r\n", "- ", "k: ", "|", ">", "-", "+", "2", "\"", "'", "\\", "#", "\t",
        "  ", "é", "$T", "\\n",
    ];
    let mut seed: u64 = 0x5eed;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        usize::try_from(seed >> 33).expect("fits")
    };
    let mut mapped_count = 0;
    for _ in 0..3_000 {
        let len = 1 + next() % 24;
        let source: String = (0..len).map(|_| PIECES[next() % PIECES.len()]).collect();
        let _ = stowaway_lint_core::pipeline::parse(&source);
        if let Ok(root) = parse_yaml(&source) {
            check_tree(&source, &root, &mut mapped_count);
        }
    }
    assert!(mapped_count > 1_000, "only {mapped_count} scalars mapped");
}
