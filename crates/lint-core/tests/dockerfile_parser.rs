//! The Dockerfile parser against BuildKit's behaviour, case by case, with exact ranges.

use stowaway_lint_core::dockerfile::{
    CommandForm, Directive, InstructionKind, KeyValue, SyntaxError, VarRef, Word, parse,
};
use stowaway_lint_core::text::{Spanned, TextRange};

fn r(start: usize, end: usize) -> TextRange {
    TextRange::new(start, end)
}

fn sp(value: &str, start: usize, end: usize) -> Spanned<String> {
    Spanned::new(value.to_owned(), r(start, end))
}

fn word(raw: &str, start: usize, value: &str, vars: Vec<VarRef>) -> Word {
    Word {
        raw: sp(raw, start, start + raw.len()),
        value: value.to_owned(),
        vars,
    }
}

fn shell(kind: &InstructionKind) -> String {
    match kind {
        InstructionKind::Run(c) | InstructionKind::Cmd(c) | InstructionKind::Entrypoint(c) => {
            match &c.form {
                CommandForm::Shell(text) => text.as_str().to_owned(),
                CommandForm::Exec(_) => "<exec>".to_owned(),
            }
        }
        _ => "<not a command>".to_owned(),
    }
}

fn messages(errors: &[SyntaxError]) -> Vec<(TextRange, &str)> {
    errors
        .iter()
        .map(|e| (e.range, e.message.as_str()))
        .collect()
}

#[test]
fn directives_are_read_until_the_first_other_line() {
    let text = "# Syntax = docker/dockerfile:1 \n#escape=`\n#check=skip=all\n\n# check=x\nFROM a\n";
    let file = parse(text);
    assert_eq!(
        file.directives,
        vec![
            Directive {
                name: sp("syntax", 2, 8),
                value: sp("docker/dockerfile:1", 11, 30),
                range: r(0, 31)
            },
            Directive {
                name: sp("escape", 33, 39),
                value: sp("`", 40, 41),
                range: r(32, 41)
            },
            Directive {
                name: sp("check", 43, 48),
                value: sp("skip=all", 49, 57),
                range: r(42, 57)
            },
        ]
    );
    assert_eq!(file.escape, '`');
    assert_eq!(file.instructions.len(), 1);
    assert!(file.errors.is_empty());
}

#[test]
fn a_comment_ends_the_directives() {
    let file = parse("# hello\n# escape=`\nFROM a\n");
    assert!(file.directives.is_empty());
    assert_eq!(file.escape, '\\');
}

#[test]
fn bom_and_crlf_keep_original_offsets() {
    let text = "\u{feff}# syntax=x\r\nFROM alpine\r\nENV A=1\r\n";
    let file = parse(text);
    assert_eq!(file.directives[0].range, r(3, 13));
    assert_eq!(file.directives[0].value, sp("x", 12, 13));
    assert_eq!(file.instructions[0].keyword, sp("FROM", 15, 19));
    assert_eq!(file.instructions[0].range, r(15, 26));
    let InstructionKind::Env(pairs) = &file.instructions[1].kind else {
        panic!("ENV")
    };
    assert_eq!(pairs[0].value, Some(word("1", 34, "1", vec![])));
}

#[test]
fn backtick_escape_continues_lines_and_keeps_backslashes() {
    let text = "# escape=`\nFROM w\nRUN copy .\\bin\\x `\n  .\\y\n";
    let file = parse(text);
    let run = &file.instructions[1];
    assert_eq!(shell(&run.kind), "copy .\\bin\\x   .\\y");
    assert_eq!(run.range, r(18, 42));
}

#[test]
fn continuation_skips_comment_and_blank_lines() {
    let text = "FROM a\nRUN apt-get install -y \\\n  # tools\n\n  curl git\n";
    let file = parse(text);
    let run = &file.instructions[1];
    assert_eq!(shell(&run.kind), "apt-get install -y   curl git");
    assert_eq!(run.range, r(7, 53));
    let InstructionKind::Run(command) = &run.kind else {
        panic!("RUN")
    };
    let CommandForm::Shell(mapped) = &command.form else {
        panic!("shell")
    };
    // "curl" maps back to its place on the last line.
    assert_eq!(mapped.source_range(r(21, 25)), r(45, 49));
}

#[test]
fn keyword_split_by_continuation_is_still_from() {
    let file = parse("FR\\\nOM alpine\n");
    assert_eq!(file.instructions[0].keyword, sp("FROM", 0, 6));
    let InstructionKind::From { image, stage_name } = &file.instructions[0].kind else {
        panic!("FROM")
    };
    assert_eq!(image, &word("alpine", 7, "alpine", vec![]));
    assert_eq!(stage_name, &None);
}

#[test]
fn whitespace_after_backslash_and_continuation_at_end_of_file() {
    let file = parse("FROM a\nRUN a \\  \n b\nRUN c \\");
    assert_eq!(shell(&file.instructions[1].kind), "a  b");
    assert_eq!(shell(&file.instructions[2].kind), "c");
    assert_eq!(file.instructions[2].range, r(20, 27));
    assert!(file.errors.is_empty());
}

#[test]
fn flags_in_any_order_with_and_without_values() {
    let text = "FROM a\nRUN --network=none --mount=id=x,type=cache,target=/c,sharing=locked \
                --mount=type=secret,id=s,required make\n";
    let file = parse(text);
    let run = &file.instructions[1];
    let names: Vec<_> = run.flags.iter().map(|f| f.name.value.as_str()).collect();
    assert_eq!(names, vec!["network", "mount", "mount"]);
    assert_eq!(run.flags[0].name, sp("network", 13, 20));
    assert_eq!(run.flags[0].value, Some(sp("none", 21, 25)));
    assert_eq!(run.flags[0].range, r(11, 25));
    assert_eq!(shell(&run.kind), "make");

    let mounts = run.mounts();
    assert_eq!(mounts[0].kind, "cache");
    assert_eq!(mounts[0].id(), Some("x"));
    assert_eq!(mounts[0].target(), Some("/c"));
    assert_eq!(
        mounts[0].get("sharing").and_then(|o| o.value.clone()),
        Some(sp("locked", 68, 74))
    );
    assert!(!mounts[0].required());
    assert_eq!(mounts[1].kind, "secret");
    assert!(mounts[1].required());
    assert_eq!(
        mounts[1]
            .get("required")
            .map(|o| (o.key.clone(), o.value.clone())),
        Some((sp("required", 100, 108), None))
    );
}

#[test]
fn secret_mount_with_env_and_dst_alias() {
    let text =
        "FROM a\nRUN --mount=type=secret,id=npm,env=NPM_TOKEN --mount=type=bind,dst=/x npm ci\n";
    let file = parse(text);
    let mounts = file.instructions[1].mounts();
    assert_eq!(mounts[0].range, r(11, 51));
    assert_eq!(mounts[0].env(), Some("NPM_TOKEN"));
    assert_eq!(
        mounts[0].get("env").and_then(|o| o.value.clone()),
        Some(sp("NPM_TOKEN", 42, 51))
    );
    assert_eq!(mounts[1].target(), Some("/x"));
    let bare = parse("FROM a\nRUN --mount=target=/y x\n").instructions[1].mounts();
    assert_eq!(bare[0].kind, "bind");
}

#[test]
fn copy_and_add_flags() {
    let text = "FROM a\nCOPY --link --parents --exclude=*.md --from=builder --chmod=600 a b /dst/\n\
                ADD --checksum=sha256:abc --unpack=true https://x/y.tgz /z\n";
    let file = parse(text);
    let copy = &file.instructions[1];
    let names: Vec<_> = copy
        .flags
        .iter()
        .map(|f| {
            (
                f.name.value.as_str(),
                f.value.as_ref().map(|v| v.value.as_str()),
            )
        })
        .collect();
    assert_eq!(
        names,
        vec![
            ("link", None),
            ("parents", None),
            ("exclude", Some("*.md")),
            ("from", Some("builder")),
            ("chmod", Some("600"))
        ]
    );
    assert_eq!(copy.flag("from").map(|f| f.range), Some(r(44, 58)));
    let InstructionKind::Copy(args) = &copy.kind else {
        panic!("COPY")
    };
    assert_eq!(
        args.sources,
        vec![word("a", 71, "a", vec![]), word("b", 73, "b", vec![])]
    );
    assert_eq!(args.dest, Some(word("/dst/", 75, "/dst/", vec![])));
    let add = &file.instructions[2];
    assert_eq!(
        add.flag("checksum").and_then(|f| f.value.clone()),
        Some(sp("sha256:abc", 96, 106))
    );
    assert_eq!(
        add.flag("unpack")
            .and_then(|f| f.value.clone())
            .map(|v| v.value),
        Some("true".to_owned())
    );
    assert!(file.errors.is_empty());
}

#[test]
fn from_platform_and_stage_name() {
    let file = parse("FROM --platform=$BUILDPLATFORM golang:1 AS Build\n");
    let from = &file.instructions[0];
    assert_eq!(
        from.flag("platform").and_then(|f| f.value.clone()),
        Some(sp("$BUILDPLATFORM", 16, 30))
    );
    let InstructionKind::From { image, stage_name } = &from.kind else {
        panic!("FROM")
    };
    assert_eq!(image, &word("golang:1", 31, "golang:1", vec![]));
    assert_eq!(stage_name, &Some(sp("build", 43, 48)));
}

#[test]
fn exec_form_only_for_json_string_arrays() {
    let text = "FROM a\nCMD ['a']\nENTRYPOINT [\"a\", ]\nCMD [\"echo\", \"say \\\"hi\\\"\"]\n";
    let file = parse(text);
    assert_eq!(shell(&file.instructions[1].kind), "['a']");
    assert_eq!(shell(&file.instructions[2].kind), "[\"a\", ]");
    let InstructionKind::Cmd(command) = &file.instructions[3].kind else {
        panic!("CMD")
    };
    assert_eq!(
        command.form,
        CommandForm::Exec(vec![sp("echo", 41, 47), sp("say \"hi\"", 49, 61)])
    );
}

#[test]
fn non_string_json_array_is_an_error() {
    let file = parse("FROM a\nCMD [1]\n");
    assert_eq!(
        messages(&file.errors),
        vec![(
            r(11, 14),
            "when using JSON array syntax, arrays must be comprised of strings only"
        )]
    );
}

#[test]
fn env_forms() {
    let text = "FROM a\nENV KEY value with spaces\nENV A=1 B=\"two words\"\n";
    let file = parse(text);
    let InstructionKind::Env(legacy) = &file.instructions[1].kind else {
        panic!("ENV")
    };
    assert_eq!(
        legacy,
        &vec![KeyValue {
            key: sp("KEY", 11, 14),
            value: Some(word("value with spaces", 15, "value with spaces", vec![])),
            range: r(11, 32),
        }]
    );
    let InstructionKind::Env(pairs) = &file.instructions[2].kind else {
        panic!("ENV")
    };
    assert_eq!(pairs[1].key, sp("B", 41, 42));
    assert_eq!(
        pairs[1].value,
        Some(word("\"two words\"", 43, "two words", vec![]))
    );
    assert_eq!(pairs[1].range, r(41, 54));
}

#[test]
fn arg_forms() {
    let file = parse("ARG A=1 B=2\nARG NAME\nFROM a\n");
    let InstructionKind::Arg(pairs) = &file.instructions[0].kind else {
        panic!("ARG")
    };
    assert_eq!(
        pairs[0],
        KeyValue {
            key: sp("A", 4, 5),
            value: Some(word("1", 6, "1", vec![])),
            range: r(4, 7)
        }
    );
    let InstructionKind::Arg(name) = &file.instructions[1].kind else {
        panic!("ARG")
    };
    assert_eq!(
        name,
        &vec![KeyValue {
            key: sp("NAME", 16, 20),
            value: None,
            range: r(16, 20)
        }]
    );
}

#[test]
fn variable_references_in_words() {
    let text = "FROM a\nENV X=$A Y=${B} Z=${C:-def} W=${D:+x} V=\\$E U='$F' T=\"$G\"\n";
    let file = parse(text);
    let InstructionKind::Env(pairs) = &file.instructions[1].kind else {
        panic!("ENV")
    };
    let vars: Vec<Vec<VarRef>> = pairs
        .iter()
        .filter_map(|p| p.value.as_ref())
        .map(|w| w.vars.clone())
        .collect();
    let var = |name: &str, n: usize, a: usize, b: usize| VarRef {
        name: sp(name, n, n + name.len()),
        range: r(a, b),
    };
    assert_eq!(
        vars,
        vec![
            vec![var("A", 14, 13, 15)],
            vec![var("B", 20, 18, 22)],
            vec![var("C", 27, 25, 34)],
            vec![var("D", 39, 37, 44)],
            vec![],
            vec![],
            vec![var("G", 62, 61, 63)],
        ]
    );
    assert_eq!(
        pairs[4].value.as_ref().map(|w| w.value.as_str()),
        Some("$E")
    );
    assert_eq!(
        pairs[5].value.as_ref().map(|w| w.value.as_str()),
        Some("$F")
    );
}

#[test]
fn onbuild_parses_its_trigger_with_original_ranges() {
    let file = parse("FROM a\nonbuild run --mount=type=secret,id=x make\n");
    let outer = &file.instructions[1];
    assert_eq!(outer.keyword, sp("ONBUILD", 7, 14));
    let InstructionKind::Onbuild(nested) = &outer.kind else {
        panic!("ONBUILD")
    };
    assert_eq!(nested.keyword, sp("RUN", 15, 18));
    assert_eq!(nested.range, r(15, 48));
    assert_eq!(nested.mounts()[0].id(), Some("x"));
    assert_eq!(shell(&nested.kind), "make");
}

#[test]
fn healthcheck_forms() {
    let file = parse("FROM a\nHEALTHCHECK --interval=5s CMD curl x\nHEALTHCHECK NONE\n");
    let check = &file.instructions[1];
    assert_eq!(
        check.flag("interval").and_then(|f| f.value.clone()),
        Some(sp("5s", 30, 32))
    );
    let InstructionKind::Healthcheck {
        command: Some(command),
    } = &check.kind
    else {
        panic!("CMD")
    };
    let CommandForm::Shell(text) = &command.form else {
        panic!("shell")
    };
    assert_eq!(text.as_str(), "curl x");
    assert_eq!(
        file.instructions[2].kind,
        InstructionKind::Healthcheck { command: None }
    );
}

#[test]
fn unknown_instruction_is_located_and_parsing_goes_on() {
    let file = parse("FROM a\nFOO bar\nrun x\n");
    assert_eq!(
        messages(&file.errors),
        vec![(r(7, 10), "unknown instruction: FOO")]
    );
    assert_eq!(file.instructions.len(), 2);
    assert_eq!(file.instructions[1].keyword, sp("RUN", 15, 18));
}

#[test]
fn empty_and_comment_only_files() {
    for text in ["", "# just a comment\n\n", "\u{feff}"] {
        let file = parse(text);
        assert!(file.instructions.is_empty());
        assert_eq!(file.errors.len(), 1, "{text:?}");
        assert_eq!(file.errors[0].message, "file with no instructions");
    }
}

#[test]
fn instruction_before_from_is_an_error() {
    let file = parse("ARG V=1\nRUN x\nFROM a\n");
    assert_eq!(
        messages(&file.errors),
        vec![(
            r(8, 11),
            "no build stage in current context: RUN before FROM"
        )]
    );
}

#[test]
fn other_instructions_keep_their_words() {
    let file = parse("FROM a\nWORKDIR \"/my app\"\nEXPOSE 80 443\nVOLUME [\"/data\"]\nUSER $U\n");
    let words = |i: usize| match &file.instructions[i].kind {
        InstructionKind::Other { words } => words.clone(),
        _ => Vec::new(),
    };
    assert_eq!(words(1), vec![word("\"/my app\"", 15, "/my app", vec![])]);
    assert_eq!(words(2).len(), 2);
    assert_eq!(words(3), vec![word("\"/data\"", 47, "/data", vec![])]);
    let user_var = VarRef {
        name: sp("U", 62, 63),
        range: r(61, 63),
    };
    assert_eq!(words(4), vec![word("$U", 61, "$U", vec![user_var])]);
}

#[test]
fn long_lines_and_many_continuations_parse_whole() {
    let mut text = String::from("FROM a\nRUN echo \\\n");
    for _ in 0..10_000 {
        text.push_str("  x \\\n  # c\n");
    }
    text.push_str("  done\n");
    text.push_str(&format!("ENV BIG={}\n", "y".repeat(2_000_000)));
    let file = parse(&text);
    assert_eq!(file.instructions.len(), 3);
    assert_eq!(
        shell(&file.instructions[1].kind).len(),
        "echo ".len() + 10_000 * 4 + 6
    );
}

#[test]
fn arbitrary_input_never_panics() {
    let alphabet: Vec<&str> = vec![
        "FROM ",
        "RUN ",
        "COPY ",
        "ONBUILD ",
        "ENV ",
        "ARG ",
        "HEALTHCHECK ",
        "CMD ",
        "<<",
        "<<-",
        "EOF",
        "'",
        "\"",
        "\\",
        "`",
        "$",
        "${",
        "}",
        ":-",
        "=",
        "--mount=",
        ",",
        "[",
        "]",
        " ",
        "\t",
        "\n",
        "\r\n",
        "#",
        "# escape=`\n",
        "é",
        "\u{feff}",
        "AS ",
        "x",
    ];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..3000 {
        let mut text = String::new();
        for _ in 0..40 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            text.push_str(alphabet[(seed % alphabet.len() as u64) as usize]);
        }
        let file = parse(&text);
        for error in &file.errors {
            assert!(error.range.start <= error.range.end && error.range.end <= text.len());
        }
        for instruction in &file.instructions {
            assert!(instruction.range.end <= text.len());
            let _ = instruction.mounts();
        }
        let graph = stowaway_lint_core::dockerfile::StageGraph::build(&file);
        let _ = graph.copy_from_edges(&file);
    }
}
