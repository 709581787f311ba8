//! Variable flow, file writes and removals, cwd tracking and robustness of shell analysis.

use stowaway_lint_core::shell::{ScriptFacts, analyze};
use stowaway_lint_core::text::{MappedText, TextRange};

fn run(src: &str) -> ScriptFacts {
    analyze(&[&MappedText::verbatim(src, 0)])
}

/// One [`MappedText`] per line of `src`, each verbatim at its offset.
fn run_lines(src: &str) -> ScriptFacts {
    let mut offset = 0;
    let mapped: Vec<MappedText> = src
        .split('\n')
        .map(|line| {
            let mapped = MappedText::verbatim(line, offset);
            offset += line.len() + 1;
            mapped
        })
        .collect();
    analyze(&mapped.iter().collect::<Vec<_>>())
}

fn slice(src: &str, range: TextRange) -> &str {
    src.get(range.start..range.end)
        .expect("range inside the source")
}

fn var_names(vars: &[stowaway_lint_core::shell::VarUse]) -> Vec<&str> {
    vars.iter().map(|v| v.name.as_str()).collect()
}

#[test]
fn export_of_a_secret_is_an_exported_assignment() {
    let src = "export X=$S";
    let facts = run(src);
    assert_eq!(facts.assignments.len(), 1);
    let a = &facts.assignments[0];
    assert_eq!(a.name.value, "X");
    assert_eq!(slice(src, a.name.range), "X");
    assert_eq!(slice(src, a.range), "X=$S");
    assert!(a.exported);
    assert_eq!(a.prefix_of, None);
    assert_eq!(var_names(&a.depends_on), ["S"]);
    assert_eq!(a.value.as_ref().map(|v| v.text.as_str()), Some("$S"));
    let names: Vec<_> = facts
        .commands
        .iter()
        .map(|c| c.name.as_ref().map(|n| n.text.as_str()))
        .collect();
    assert_eq!(names, [Some("export")]);
}

#[test]
fn derived_value_depends_on_vars_inside_command_substitution() {
    let src = "X=$(printf %s \"$S\" | base64 -d)";
    let facts = run(src);
    let a = &facts.assignments[0];
    assert!(!a.exported);
    assert_eq!(var_names(&a.depends_on), ["S"]);
    assert!(a.depends_on[0].in_command_substitution);
    assert_eq!(slice(src, a.depends_on[0].range), "$S");
    let commands: Vec<_> = facts
        .commands
        .iter()
        .map(|c| {
            (
                c.index,
                c.name.as_ref().map(|n| n.text.as_str()),
                c.pipe_from,
            )
        })
        .collect();
    assert_eq!(
        commands,
        [
            (0, None, None),
            (1, Some("printf"), None),
            (2, Some("base64"), Some(1))
        ]
    );
}

#[test]
fn export_marks_later_assignments_exported_and_prefixes_belong_to_their_command() {
    let src = "export A\nA=1\nB=2\nC=$A D=x make build";
    let facts = run_lines(src);
    let rows: Vec<_> = facts
        .assignments
        .iter()
        .map(|a| {
            (
                a.name.value.as_str(),
                a.value.as_ref().map(|v| v.text.as_str()),
                a.exported,
                a.prefix_of,
                a.line,
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("A", None, true, None, 0),
            ("A", Some("1"), true, None, 1),
            ("B", Some("2"), false, None, 2),
            ("C", Some("$A"), true, Some(3), 3),
            ("D", Some("x"), true, Some(3), 3),
        ]
    );
}

#[test]
fn declare_local_readonly_assignments() {
    let facts = run("declare -x K=1; local L=\"a b\"; readonly R=$S; declare N");
    let rows: Vec<_> = facts
        .assignments
        .iter()
        .map(|a| {
            (
                a.name.value.as_str(),
                a.value.as_ref().map(|v| v.text.as_str()),
                a.exported,
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("K", Some("1"), true),
            ("L", Some("a b"), false),
            ("R", Some("$S"), false),
            ("N", None, false)
        ]
    );
}

#[test]
fn echo_redirect_writes_the_echoed_var() {
    let src = "echo \"$T\" > .npmrc";
    let facts = run(src);
    assert_eq!(facts.file_writes.len(), 1);
    let w = &facts.file_writes[0];
    assert_eq!(w.path.text, ".npmrc");
    assert_eq!(slice(src, w.range), "> .npmrc");
    assert_eq!(var_names(&w.content_vars), ["T"]);
    assert_eq!(slice(src, w.content_vars[0].range), "$T");
    assert!(!w.append);
    assert_eq!(w.command, 0);
}

#[test]
fn write_then_use_then_remove() {
    let src = "echo $T > /cfg && use /cfg && rm -f /cfg";
    let facts = run(src);
    let writes: Vec<_> = facts
        .file_writes
        .iter()
        .map(|w| (w.command, w.path.text.as_str()))
        .collect();
    assert_eq!(writes, [(0, "/cfg")]);
    let removals: Vec<_> = facts
        .file_removals
        .iter()
        .map(|r| (r.command, r.path.text.as_str(), slice(src, r.range)))
        .collect();
    assert_eq!(removals, [(2, "/cfg", "rm -f /cfg")]);
    assert_eq!(facts.commands.len(), 3);
    assert_eq!(slice(src, facts.commands[0].range), "echo $T > /cfg");
}

#[test]
fn shred_and_unlink_remove_files() {
    let facts = run("shred -zu a; shred b; unlink c; sudo rm -rf -- d -e");
    let removed: Vec<_> = facts
        .file_removals
        .iter()
        .map(|r| (r.command, r.path.text.as_str()))
        .collect();
    assert_eq!(removed, [(0, "a"), (2, "c"), (3, "d"), (3, "-e")]);
}

#[test]
fn tee_writes_what_is_piped_into_it() {
    let src = "printf '%s' \"$T\" | tee -a f >/dev/null";
    let facts = run(src);
    let writes: Vec<_> = facts
        .file_writes
        .iter()
        .map(|w| {
            (
                w.command,
                w.path.text.as_str(),
                var_names(&w.content_vars),
                w.append,
            )
        })
        .collect();
    assert_eq!(writes, [(1, "f", vec!["T"], true)]);
    assert_eq!(slice(src, facts.file_writes[0].range), "tee -a f");
    assert_eq!(facts.commands[1].pipe_from, Some(0));
}

#[test]
fn content_flows_through_filters_into_a_redirect() {
    let facts = run("echo \"$S\" | base64 -d | tr -d '\\n' > key");
    let w = &facts.file_writes[0];
    assert_eq!(
        (w.command, w.path.text.as_str(), var_names(&w.content_vars)),
        (2, "key", vec!["S"])
    );
}

#[test]
fn heredoc_body_vars_are_written() {
    let src = "cat <<EOF > f\ntoken=$T\nuser=${U:-x}\nEOF\ncat <<'EOF' >> g\n$NOT\nEOF";
    let facts = run(src);
    let writes: Vec<_> = facts
        .file_writes
        .iter()
        .map(|w| (w.path.text.as_str(), var_names(&w.content_vars), w.append))
        .collect();
    assert_eq!(writes, [("f", vec!["T", "U"], false), ("g", vec![], true)]);
    let heredoc = &facts.commands[0].redirects[0];
    assert_eq!(
        (heredoc.op.as_str(), slice(src, heredoc.range)),
        ("<<", "<<EOF")
    );
    assert_eq!(slice(src, heredoc.heredoc_body_vars[1].range), "${U:-x}");
}

#[test]
fn heredoc_piped_into_tee() {
    let facts = run("cat <<EOF | tee out.cfg\nkey=$K\nEOF");
    let writes: Vec<_> = facts
        .file_writes
        .iter()
        .map(|w| (w.command, w.path.text.as_str(), var_names(&w.content_vars)))
        .collect();
    assert_eq!(writes, [(1, "out.cfg", vec!["K"])]);
    assert_eq!(facts.commands[1].pipe_from, Some(0));
    let ranges: Vec<_> = facts.commands.iter().map(|c| c.range).collect();
    assert_eq!(ranges, [TextRange::new(0, 9), TextRange::new(12, 23)]);
}

#[test]
fn stderr_and_device_redirects_carry_no_content() {
    let facts = run("echo $T 2> err.log >/dev/null; echo $T 2>&1");
    let writes: Vec<_> = facts
        .file_writes
        .iter()
        .map(|w| (w.path.text.as_str(), var_names(&w.content_vars)))
        .collect();
    assert_eq!(writes, [("err.log", vec![])]);
    let ops: Vec<_> = facts.commands[0]
        .redirects
        .iter()
        .map(|r| r.op.as_str())
        .collect();
    assert_eq!(ops, ["2>", ">"]);
}

#[test]
fn cwd_is_tracked_across_lines() {
    let src = "cd app\ndocker build .\ncd ../web && docker build -t w .\n(cd sub; docker build .)\n\
               docker build .\nif [ -n \"$X\" ]; then cd deep; fi\ndocker build .\ncd /abs\ndocker build .";
    let facts = run_lines(src);
    let cwds: Vec<_> = facts
        .docker_builds
        .iter()
        .map(|b| b.cwd.as_deref())
        .collect();
    assert_eq!(
        cwds,
        [
            Some("app"),
            Some("web"),
            Some("web/sub"),
            Some("web"),
            None,
            Some("/abs")
        ]
    );
    let lines: Vec<_> = facts
        .docker_builds
        .iter()
        .map(|b| facts.commands[b.command].line)
        .collect();
    assert_eq!(lines, [1, 2, 3, 4, 6, 8]);
}

#[test]
fn cwd_becomes_unknown_after_cd_dash_or_variable() {
    let facts = run_lines("cd a\ncd -\nls\ncd b\ncd $DIR\nls\ncd /x\nls");
    let cwds: Vec<_> = facts
        .commands
        .iter()
        .filter(|c| c.name.as_ref().is_some_and(|n| n.text == "ls"))
        .map(|c| c.cwd.as_deref())
        .collect();
    assert_eq!(cwds, [None, None, Some("/x")]);
}

#[test]
fn words_unquote_and_keep_expansions_as_written() {
    let src = "cmd 'a b' \"c\\\"d\" e\\ f \"x${Y}z\" $(echo $Q) pre\"$R\"post";
    let facts = run(src);
    let args: Vec<_> = facts.commands[0]
        .args
        .iter()
        .map(|a| (a.text.as_str(), a.literal.as_deref(), slice(src, a.range)))
        .collect();
    assert_eq!(
        args,
        [
            ("a b", Some("a b"), "'a b'"),
            ("c\"d", Some("c\"d"), "\"c\\\"d\""),
            ("e f", Some("e f"), "e\\ f"),
            ("x${Y}z", None, "\"x${Y}z\""),
            ("$(echo $Q)", None, "$(echo $Q)"),
            ("pre$Rpost", None, "pre\"$R\"post"),
        ]
    );
    let q = &facts.commands[0].args[4].vars[0];
    assert_eq!((q.name.as_str(), q.in_command_substitution), ("Q", true));
    assert_eq!(
        facts.commands[1].name.as_ref().map(|n| n.text.as_str()),
        Some("echo")
    );
}

#[test]
fn broken_input_does_not_panic_and_keeps_what_parses() {
    let src = "docker build --build-arg \"A=$B";
    let facts = run(src);
    let arg = &facts.docker_builds[0].build_args[0];
    assert_eq!(arg.name.value, "A");
    assert_eq!(arg.value.as_ref().map(|v| v.text.as_str()), Some("$B"));

    let facts = run_lines("if then fi\ndocker build -t x .\n$(\n\"\n'\n<<\n))((\n\\");
    assert_eq!(facts.docker_builds.len(), 1);
    assert_eq!(facts.docker_builds[0].tags[0].text, "x");
    let _ = run("é\u{0}$((${é[\"");
    let _ = run("cat <<EOF\n$(docker build \\\n");
}

#[test]
fn deep_nesting_and_long_chains_stay_bounded() {
    let nested = format!("{}x{}", "$(".repeat(3000), ")".repeat(3000));
    let facts = run(&format!("echo {nested}"));
    assert_eq!(
        facts.commands[0].name.as_ref().map(|n| n.text.as_str()),
        Some("echo")
    );
    assert!(facts.commands.len() < 200);

    let chain = vec!["true"; 5000].join(" && ");
    assert_eq!(run(&chain).commands.len(), 5000);

    let braces = format!("{}echo hi;{}", "{ ".repeat(2000), " }".repeat(2000));
    let _ = run(&braces);
}

#[test]
fn three_thousand_lines_are_analyzed() {
    let line = "export V=$(echo \"$S\" | base64 -d) && cd /d && echo \"$V\" >> out";
    let script = vec![line; 3_000].join("\n");
    let facts = run(&script);
    assert_eq!(facts.commands.len(), 15_000);
    assert_eq!(facts.file_writes.len(), 3_000);
    let facts = run_lines(&script);
    assert_eq!(facts.assignments.len(), 3_000);
    assert_eq!(facts.commands[15_000 - 1].cwd.as_deref(), Some("/d"));
}

#[test]
fn a_script_over_the_size_limit_is_skipped_and_says_so() {
    let line = "export V=$(echo \"$S\" | base64 -d) && cd /d && echo \"$V\" >> out";
    let script = vec![line; 10_000].join("\n");
    let facts = run(&script);
    assert_eq!(facts.skipped, Some(script.len()));
    assert!(facts.commands.is_empty());
}

#[test]
fn trailing_redirect_of_a_list_belongs_to_its_last_command() {
    let facts = run("cd /d && echo \"$V\" >> out; { echo $A; echo $B; } > both");
    let writes: Vec<_> = facts
        .file_writes
        .iter()
        .map(|w| {
            (
                w.command,
                w.path.text.as_str(),
                var_names(&w.content_vars),
                w.append,
            )
        })
        .collect();
    assert_eq!(
        writes,
        [
            (1, "out", vec!["V"], true),
            (2, "both", vec!["A"], false),
            (3, "both", vec!["B"], false)
        ]
    );
}

#[test]
fn syntax_errors_are_reparsed_piece_by_piece() {
    // `RUN case x in; docker build \` + `  --build-arg A=$B .` with the continuation dropped.
    let dockerfile = "RUN case x in; docker build \\\n  --build-arg A=$B .\n";
    let mut mapped = MappedText::new();
    mapped.push_source("case x in; docker build ", 4);
    mapped.push_source("  --build-arg A=$B .", 30);
    let facts = analyze(&[&mapped]);
    let names: Vec<_> = facts
        .commands
        .iter()
        .map(|c| c.name.as_ref().map(|n| n.text.as_str()))
        .collect();
    assert_eq!(names, [Some("docker")]);
    let arg = &facts.docker_builds[0].build_args[0];
    assert_eq!(slice(dockerfile, arg.range), "--build-arg A=$B");
    assert_eq!(
        slice(dockerfile, facts.docker_builds[0].range),
        "docker build \\\n  --build-arg A=$B ."
    );

    let facts = run("for ; do docker build --secret id=s,env=S .; done; ))");
    let secret = &facts.docker_builds[0].secrets[0];
    assert_eq!(secret.env.as_ref().map(|e| e.value.as_str()), Some("S"));
    assert_eq!(
        facts.commands[0].name.as_ref().map(|n| n.text.as_str()),
        Some("docker")
    );
}

/// A tiny deterministic generator, so the fuzz test needs no dependency.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, bound: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        usize::try_from(self.0 >> 33).unwrap_or(0) % bound.max(1)
    }
}

#[test]
fn random_shell_text_never_panics_and_ranges_stay_in_the_source() {
    const PIECES: &[&str] = &[
        "docker",
        " build",
        " buildx b",
        " login",
        " save",
        " -p",
        " --password=",
        " -f",
        " --build-arg",
        " --secret",
        " id=a,env=B",
        " -t",
        " --file=",
        "=",
        "$X",
        "${Y:-z}",
        "$(",
        ")",
        "`",
        "\"",
        "'",
        "\\",
        "\n",
        " && ",
        " | ",
        "; ",
        " > f",
        " >> g",
        "<<EOF\n",
        "EOF\n",
        "<<'E'\n",
        " <<< ",
        "cd ",
        " ..",
        "export ",
        "A=",
        "é",
        "日本",
        "$((",
        "))",
        "{ ",
        " }",
        "( ",
        "if ",
        " then ",
        " fi",
        "for ",
        " in ",
        " do ",
        " done",
        "case ",
        " esac",
        "#",
        " tee -a ",
        "rm -rf ",
        "sudo ",
        "\t",
        "\\\n",
        "\r\n",
        "DOCKER_BUILDKIT=1 ",
        "[[ ",
        " ]]",
        "!",
        "&",
        "2>&1",
        "$'\\x'",
        "\u{0}",
    ];
    let mut rng = Lcg(42);
    for _ in 0..1500 {
        let mut text = String::new();
        for _ in 0..rng.next(40) {
            text.push_str(PIECES[rng.next(PIECES.len())]);
        }
        // Split the text into segments at char boundaries, with synthetic bytes between.
        let mut mapped = MappedText::new();
        let mut source_at = 7;
        let mut rest = text.as_str();
        while !rest.is_empty() {
            let mut cut = rng.next(rest.len() + 1).max(1);
            while !rest.is_char_boundary(cut) {
                cut += 1;
            }
            let (piece, tail) = rest.split_at(cut);
            mapped.push_source(piece, source_at);
            source_at += piece.len() + rng.next(3);
            if rng.next(4) == 0 {
                mapped.push_synthetic(" ");
            }
            rest = tail;
        }
        let facts = analyze(&[&mapped, &MappedText::verbatim(&text, 0)]);
        let limit = source_at.max(text.len()) + 1;
        for command in &facts.commands {
            assert!(
                command.range.start <= command.range.end && command.range.end <= limit,
                "{text:?}"
            );
        }
    }
}

#[test]
fn bare_redirect_truncates_a_file_and_heredoc_continues_after_its_body() {
    let src = "> empty\ncat <<EOF && rm -f out\n$T\nEOF";
    let facts = run(src);
    let commands: Vec<_> = facts
        .commands
        .iter()
        .map(|c| {
            (
                c.name.as_ref().map(|n| n.text.as_str()),
                slice(src, c.range),
            )
        })
        .collect();
    assert_eq!(
        commands,
        [
            (None, "> empty"),
            (Some("cat"), "cat <<EOF"),
            (Some("rm"), "rm -f out")
        ]
    );
    let writes: Vec<_> = facts
        .file_writes
        .iter()
        .map(|w| (w.command, w.path.text.as_str()))
        .collect();
    assert_eq!(writes, [(0, "empty")]);
    assert_eq!(
        var_names(&facts.commands[1].redirects[0].heredoc_body_vars),
        ["T"]
    );
}
