//! Heredocs on RUN, COPY and ADD as BuildKit reads them, with exact ranges.

use stowaway_lint_core::dockerfile::{CommandForm, Heredoc, InstructionKind, parse};
use stowaway_lint_core::text::TextRange;

fn r(start: usize, end: usize) -> TextRange {
    TextRange::new(start, end)
}

fn summary(doc: &Heredoc) -> (&str, TextRange, bool, bool, &str, TextRange) {
    (
        doc.name.as_str(),
        doc.marker,
        doc.quoted,
        doc.strip_tabs,
        doc.body.as_str(),
        doc.terminator,
    )
}

#[test]
fn run_heredoc_with_body_and_terminator() {
    let text = "FROM a\nRUN <<EOF bash\necho hi\nEOF\nUSER x\n";
    let file = parse(text);
    let run = &file.instructions[1];
    assert_eq!(run.range, r(7, 33));
    assert_eq!(
        run.heredocs().iter().map(summary).collect::<Vec<_>>(),
        vec![("EOF", r(11, 16), false, false, "echo hi\n", r(30, 33))]
    );
    assert_eq!(run.heredocs()[0].body.source_offset(0), 22);
    assert_eq!(file.instructions[2].keyword.value, "USER");
    assert!(file.errors.is_empty());
}

#[test]
fn dash_heredoc_strips_leading_tabs() {
    let text = "FROM a\nRUN <<-EOT\n\techo a\n\t\techo b\n\tEOT\n";
    let file = parse(text);
    let docs = file.instructions[1].heredocs();
    assert_eq!(
        summary(&docs[0]),
        ("EOT", r(11, 17), false, true, "echo a\necho b\n", r(36, 39))
    );
}

#[test]
fn quoted_delimiters_are_quoted() {
    let file = parse("FROM a\nRUN <<\"EOF\" <<'B'\n$x\nEOF\ny\nB\n");
    let docs = file.instructions[1].heredocs();
    assert_eq!(
        summary(&docs[0]),
        ("EOF", r(11, 18), true, false, "$x\n", r(28, 31))
    );
    assert_eq!(
        summary(&docs[1]),
        ("B", r(19, 24), true, false, "y\n", r(34, 35))
    );
}

#[test]
fn copy_heredoc_is_a_source_not_a_path() {
    let file = parse("FROM a\nCOPY <<EOF /etc/app.conf\nkey=1\nEOF\n");
    let InstructionKind::Copy(args) = &file.instructions[1].kind else {
        panic!("COPY")
    };
    assert!(args.sources.is_empty());
    assert_eq!(
        args.dest.as_ref().map(|d| d.value.as_str()),
        Some("/etc/app.conf")
    );
    assert_eq!(
        summary(&args.heredocs[0]),
        ("EOF", r(12, 17), false, false, "key=1\n", r(38, 41))
    );
    assert!(file.errors.is_empty());
}

#[test]
fn two_heredocs_on_one_line_in_order() {
    let file = parse("FROM a\nRUN <<A cat && <<B cat\n1\nA\n2\nB\n");
    let bodies: Vec<_> = file.instructions[1]
        .heredocs()
        .iter()
        .map(|d| d.body.as_str().to_owned())
        .collect();
    assert_eq!(bodies, vec!["1\n", "2\n"]);
    assert_eq!(file.instructions[1].range, r(7, 37));
}

#[test]
fn heredoc_opening_on_a_continued_line() {
    let file = parse("FROM a\nRUN --network=none \\\n  <<EOF sh\nls\nEOF\n# done\nUSER u\n");
    let run = &file.instructions[1];
    assert_eq!(
        summary(&run.heredocs()[0]),
        ("EOF", r(30, 35), false, false, "ls\n", r(42, 45))
    );
    let InstructionKind::Run(command) = &run.kind else {
        panic!("RUN")
    };
    assert_eq!(command.form, CommandForm::Shell(shell_of(&run.kind)));
    assert_eq!(file.instructions.len(), 3);
    assert!(file.errors.is_empty());
}

fn shell_of(kind: &InstructionKind) -> stowaway_lint_core::text::MappedText {
    match kind {
        InstructionKind::Run(c) => match &c.form {
            CommandForm::Shell(text) => {
                assert_eq!(text.as_str(), "<<EOF sh");
                text.clone()
            }
            CommandForm::Exec(_) => panic!("exec"),
        },
        _ => panic!("RUN"),
    }
}

#[test]
fn space_after_angles_is_not_a_heredoc() {
    let file = parse("FROM a\nRUN cat > f << 'EOF'\nhello\nEOF\n");
    assert!(file.instructions[1].heredocs().is_empty());
    let errors: Vec<_> = file
        .errors
        .iter()
        .map(|e| (e.range, e.message.as_str()))
        .collect();
    assert_eq!(
        errors,
        vec![
            (r(28, 33), "unknown instruction: HELLO"),
            (r(34, 37), "unknown instruction: EOF")
        ]
    );
}

#[test]
fn unterminated_heredoc_runs_to_end_of_file() {
    let text = "FROM a\nRUN <<EOF\necho\nUSER x";
    let file = parse(text);
    let doc = &file.instructions[1].heredocs()[0];
    assert_eq!(
        summary(doc),
        ("EOF", r(11, 16), false, false, "echo\nUSER x", r(28, 28))
    );
    assert_eq!(file.instructions[1].range, r(7, 28));
    assert_eq!(file.errors.len(), 1);
    assert_eq!(file.errors[0].range, r(11, 16));
    assert_eq!(file.errors[0].message, "unterminated heredoc `EOF`");
}

#[test]
fn heredocs_only_on_run_copy_add() {
    let file = parse("FROM a\nCMD <<EOF\nUSER x\n");
    assert_eq!(file.instructions.len(), 3);
    assert!(file.errors.is_empty());
    let exec = parse("FROM a\nRUN [\"sh\", \"<<EOF\"]\nUSER x\n");
    assert_eq!(exec.instructions.len(), 3);
}

#[test]
fn crlf_heredoc_body_has_no_carriage_returns() {
    let file = parse("FROM a\r\nRUN <<EOF\r\nx\r\nEOF\r\n");
    assert_eq!(
        summary(&file.instructions[1].heredocs()[0]),
        ("EOF", r(12, 17), false, false, "x\n", r(22, 25))
    );
}

#[test]
fn onbuild_run_heredoc() {
    let file = parse("FROM a\nONBUILD RUN <<EOF\nx\nEOF\n");
    let InstructionKind::Onbuild(nested) = &file.instructions[1].kind else {
        panic!("ONBUILD")
    };
    assert_eq!(nested.heredocs()[0].body.as_str(), "x\n");
    assert_eq!(file.instructions[1].range, r(7, 30));
    assert_eq!(nested.range, r(15, 30));
}
