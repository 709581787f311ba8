//! Hostile inputs against the real binary: every case pins the exact exit status and
//! output, and shows that the other files of the run are still checked. The limits these
//! tests rely on are stated in `docs/limits.md`.

mod support;

use std::fs;
use std::io::{BufWriter, Write};

use support::{TempDir, run, stowaway};

/// A Dockerfile with one known finding, checked beside every hostile file.
const OTHER: &[u8] = b"FROM alpine\nARG NPM_TOKEN\nRUN npm ci\n";

/// The concise line `OTHER` produces at `path`.
fn other_finding(path: &str) -> String {
    format!(
        "{path}:2:5: warning[secret-build-arg] build arg `NPM_TOKEN` in stage 0 looks like a \
         secret (its name contains TOKEN) and is recorded in the exported image's history: \
         readable by \
         anyone who can pull the image\n"
    )
}

/// A folder holding `other/Dockerfile` with its one finding.
fn dir_with_other(name: &str) -> TempDir {
    let dir = TempDir::new(name);
    dir.write("other/Dockerfile", OTHER);
    dir
}

fn concise(dir: &TempDir, paths: &[&str]) -> support::Run {
    let mut args = vec!["check", "--format", "concise"];
    args.extend_from_slice(paths);
    stowaway(&dir.0, &args)
}

#[test]
fn yaml_alias_bomb_is_refused_at_the_alias_that_breaks_the_node_budget() {
    let dir = dir_with_other("alias-bomb");
    let mut yaml = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for level in 1..12 {
        let aliases = vec![format!("*a{}", level - 1); 10].join(", ");
        yaml.push_str(&format!("a{level}: &a{level} [{aliases}]\n"));
    }
    yaml.push_str("pipelines:\n  default:\n    - step:\n        script: *a11\n");
    dir.write("bitbucket-pipelines.yml", yaml.as_bytes());

    // The budget of 10^5 nodes breaks while replaying the eighth `*a3` on line 5.
    let stdout = format!(
        "bitbucket-pipelines.yml:5:45: error[syntax-error] YAML too large: more than 100000 \
         nodes once aliases are expanded\n{}",
        other_finding("other/Dockerfile")
    );
    assert_eq!(concise(&dir, &[]), run(1, &stdout, ""));
}

#[test]
fn ten_thousand_nested_flow_collections_are_a_located_syntax_error() {
    let dir = dir_with_other("deep-yaml");
    let sequences = format!("{}{}\n", "[".repeat(10_000), "]".repeat(10_000));
    let mappings = format!("{}1{}\n", "{a: ".repeat(10_000), "}".repeat(10_000));
    dir.write("seq/bitbucket-pipelines.yml", sequences.as_bytes());
    dir.write("map/bitbucket-pipelines.yml", mappings.as_bytes());

    // The scanner stops at its own nesting limit, before the model's depth budget.
    let stdout = format!(
        "map/bitbucket-pipelines.yml:1:1021: error[syntax-error] recursion limit exceeded\n{}\
         seq/bitbucket-pipelines.yml:1:256: error[syntax-error] recursion limit exceeded\n",
        other_finding("other/Dockerfile")
    );
    assert_eq!(concise(&dir, &[]), run(1, &stdout, ""));
}

#[test]
fn dockerfile_of_100_mb_is_refused_without_being_analyzed() {
    let dir = dir_with_other("huge");
    let path = dir.path("huge/Dockerfile");
    fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    let mut file = BufWriter::new(fs::File::create(&path).expect("create"));
    file.write_all(b"FROM alpine\n").expect("write");
    let line = format!("RUN echo {}\n", "x".repeat(90));
    for _ in 0..(100 << 20) / line.len() {
        file.write_all(line.as_bytes()).expect("write");
    }
    file.flush().expect("flush");

    let stdout = format!(
        "huge/Dockerfile:1:1: error[syntax-error] file too large: more than 10485760 bytes \
         (raise the limit with --max-file-size)\n{}",
        other_finding("other/Dockerfile")
    );
    assert_eq!(concise(&dir, &[]), run(1, &stdout, ""));
}

#[test]
fn single_line_at_the_size_limit_is_analyzed_and_one_byte_more_is_refused() {
    let limit = 10 << 20;
    let head = "FROM alpine\nRUN echo ";
    let line = format!("{head}{}\n", "y".repeat(limit - head.len() - 1));
    assert_eq!(line.len(), limit);
    let dir = dir_with_other("long-line");
    dir.write("long/Dockerfile", line.as_bytes());

    // Exactly 10 MiB: read and analyzed like any file, but its RUN is too long to be
    // shell-parsed, which is said where it stands.
    let stdout = format!(
        "long/Dockerfile:2:1: error[syntax-error] script of 10485743 bytes is longer than \
         stowaway analyzes (256 KiB); it was not checked\n{}",
        other_finding("other/Dockerfile")
    );
    assert_eq!(concise(&dir, &[]), run(1, &stdout, ""));

    // One byte more: refused unread.
    dir.write("long/Dockerfile", format!("{line}y").as_bytes());
    let stdout = format!(
        "long/Dockerfile:1:1: error[syntax-error] file too large: more than 10485760 bytes \
         (raise the limit with --max-file-size)\n{}",
        other_finding("other/Dockerfile")
    );
    assert_eq!(concise(&dir, &[]), run(1, &stdout, ""));
}

#[test]
fn invalid_utf8_and_nul_bytes_are_located_at_the_first_bad_byte() {
    let dir = dir_with_other("encoding");
    dir.write(
        "latin1/Dockerfile",
        b"FROM alpine\nLABEL author=\"Ren\xe9\"\n",
    );
    dir.write("nul/Dockerfile", b"FROM alpine\nRUN echo a\0b\n");
    let stdout = format!(
        "latin1/Dockerfile:2:18: error[syntax-error] not a text file: invalid UTF-8 at byte \
         29\nnul/Dockerfile:2:11: error[syntax-error] binary file (NUL byte at 22)\n{}",
        other_finding("other/Dockerfile")
    );
    assert_eq!(concise(&dir, &[]), run(1, &stdout, ""));
}

#[test]
fn binary_file_named_dockerfile_is_refused_at_its_first_nul_byte() {
    let dir = dir_with_other("binary");
    let mut elf = b"\x7fELF\x02\x01\x01".to_vec();
    elf.extend((0..=255u8).cycle().take(64 * 1024));
    dir.write("bin/Dockerfile", &elf);
    let stdout = format!(
        "bin/Dockerfile:1:8: error[syntax-error] binary file (NUL byte at 7)\n{}",
        other_finding("other/Dockerfile")
    );
    assert_eq!(concise(&dir, &[]), run(1, &stdout, ""));
}

#[test]
fn heredoc_that_never_ends_is_located_at_its_opener() {
    let dir = dir_with_other("heredoc");
    dir.write(
        "open/Dockerfile",
        b"FROM alpine\nRUN <<EOF\necho one\necho two\n",
    );
    let stdout = format!(
        "open/Dockerfile:2:5: error[syntax-error] unterminated heredoc `EOF`\n{}",
        other_finding("other/Dockerfile")
    );
    assert_eq!(concise(&dir, &[]), run(1, &stdout, ""));
}

#[test]
fn ten_thousand_continuation_lines_are_one_clean_instruction() {
    let dir = dir_with_other("continuations");
    let body = "  && echo x \\\n".repeat(10_000);
    let text = format!("FROM alpine\nRUN echo start \\\n{body}  && echo done\n");
    dir.write("long/Dockerfile", text.as_bytes());
    let stdout = other_finding("other/Dockerfile");
    assert_eq!(concise(&dir, &[]), run(1, &stdout, ""));
}

#[cfg(unix)]
#[test]
fn fifo_named_dockerfile_is_skipped_by_the_walk_and_an_error_when_named() {
    let dir = dir_with_other("fifo");
    fs::create_dir(dir.path("pipe")).expect("mkdir");
    let status = std::process::Command::new("mkfifo")
        .arg(dir.path("pipe/Dockerfile"))
        .status()
        .expect("run mkfifo");
    assert!(status.success(), "mkfifo failed");

    // Walking: only regular files are candidates, so the FIFO is never opened.
    let stdout = other_finding("other/Dockerfile");
    assert_eq!(concise(&dir, &[]), run(1, &stdout, ""));

    // Named: opening would block until a writer comes; it is refused instead.
    let named = concise(&dir, &["pipe/Dockerfile", "other"]);
    let stderr = "error: pipe/Dockerfile: not a regular file\n";
    assert_eq!(named, run(2, &stdout, stderr));
}

#[cfg(unix)]
#[test]
fn symlinks_to_folders_loops_and_dangling_links_are_skipped_and_a_dangling_one_named_is_an_error() {
    let dir = dir_with_other("symlinks");
    fs::create_dir(dir.path("links")).expect("mkdir");
    std::os::unix::fs::symlink("..", dir.path("links/up")).expect("symlink");
    std::os::unix::fs::symlink("Dockerfile", dir.path("links/Dockerfile")).expect("symlink");
    std::os::unix::fs::symlink("missing", dir.path("links/dangling.Dockerfile")).expect("symlink");

    let stdout = other_finding("other/Dockerfile");
    assert_eq!(concise(&dir, &[]), run(1, &stdout, ""));

    let named = concise(
        &dir,
        &["links/Dockerfile", "links/dangling.Dockerfile", "other"],
    );
    let stderr = "error: links/Dockerfile: Too many levels of symbolic links\n\
        error: links/dangling.Dockerfile: No such file or directory\n";
    assert_eq!(named, run(2, &stdout, stderr));
}

#[cfg(unix)]
#[test]
fn symlink_to_a_regular_file_is_checked_under_the_link_path_and_one_to_a_fifo_is_skipped() {
    let dir = dir_with_other("symlink-file");
    fs::create_dir(dir.path("docker")).expect("mkdir");
    dir.write("docker/prod", OTHER);
    std::os::unix::fs::symlink("docker/prod", dir.path("Dockerfile")).expect("symlink");
    let status = std::process::Command::new("mkfifo")
        .arg(dir.path("docker/pipe"))
        .status()
        .expect("run mkfifo");
    assert!(status.success(), "mkfifo failed");
    std::os::unix::fs::symlink("docker/pipe", dir.path("pipe.Dockerfile")).expect("symlink");
    // The link's target is not itself a candidate name: only the link is checked.
    let stdout = format!(
        "{}{}",
        other_finding("Dockerfile"),
        other_finding("other/Dockerfile")
    );
    assert_eq!(concise(&dir, &[]), run(1, &stdout, ""));
}

#[test]
fn directory_named_dockerfile_is_walked_not_read() {
    let dir = dir_with_other("dir-named");
    dir.write("Dockerfile/README.md", b"not a Dockerfile\n");
    let stdout = other_finding("other/Dockerfile");
    assert_eq!(concise(&dir, &["Dockerfile", "other"]), run(1, &stdout, ""));
}

#[cfg(unix)]
#[test]
fn unreadable_file_is_an_error_and_the_rest_is_checked() {
    use std::os::unix::fs::PermissionsExt;

    let dir = dir_with_other("unreadable");
    dir.write("locked/Dockerfile", b"FROM alpine\n");
    let locked = dir.path("locked/Dockerfile");
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).expect("chmod");
    if fs::read(&locked).is_ok() {
        // Running as root (CI does): permissions do not stop root from reading, so there
        // is no unreadable regular file to test with. The FIFO test covers a file that
        // cannot be read; this case runs for unprivileged users.
        return;
    }
    let stderr = "error: locked/Dockerfile: Permission denied\n";
    let stdout = other_finding("other/Dockerfile");
    assert_eq!(concise(&dir, &[]), run(2, &stdout, stderr));
}

#[test]
fn path_that_does_not_exist_is_an_error_and_the_rest_is_checked() {
    let dir = dir_with_other("missing");
    let stdout = other_finding("other/Dockerfile");
    let stderr = "error: nowhere/Dockerfile: No such file or directory\n";
    assert_eq!(
        concise(&dir, &["nowhere/Dockerfile", "other"]),
        run(2, &stdout, stderr)
    );
}
