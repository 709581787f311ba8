//! Docker CLI commands: `build` (classic, `image build`, `builder build`, `buildx build`/`b`),
//! `login` and `save`, with their flags parsed the way the CLI parses them (`--flag value`,
//! `--flag=value`, `-fvalue`) so that values and the build context are found exactly.

use super::syntax::Walker;
use super::words::WordBuf;
use super::{BuildArgFlag, DockerBuild, DockerLogin, DockerSave, Redirect, SecretFlag};
use crate::text::{Spanned, TextRange};

/// Global `docker` options that take a value.
const GLOBAL_VALUED: &[&str] = &[
    "--config",
    "-c",
    "--context",
    "-H",
    "--host",
    "-l",
    "--log-level",
    "--tlscacert",
    "--tlscert",
    "--tlskey",
];

/// `docker build` / `docker buildx build` options that take a value.
const BUILD_VALUED: &[&str] = &[
    "--add-host",
    "--allow",
    "--annotation",
    "--attest",
    "--build-arg",
    "--build-context",
    "--builder",
    "--cache-from",
    "--cache-to",
    "--call",
    "--cgroup-parent",
    "--cpu-period",
    "--cpu-quota",
    "-c",
    "--cpu-shares",
    "--cpuset-cpus",
    "--cpuset-mems",
    "-f",
    "--file",
    "--iidfile",
    "--isolation",
    "--label",
    "-m",
    "--memory",
    "--memory-swap",
    "--metadata-file",
    "--network",
    "--no-cache-filter",
    "-o",
    "--output",
    "--platform",
    "--progress",
    "--provenance",
    "--sbom",
    "--secret",
    "--security-opt",
    "--shm-size",
    "--ssh",
    "-t",
    "--tag",
    "--target",
    "--ulimit",
];

/// `docker login` options that take a value.
const LOGIN_VALUED: &[&str] = &["-u", "--username", "-p", "--password"];

/// `docker save` options that take a value.
const SAVE_VALUED: &[&str] = &["-o", "--output", "--platform"];

/// One parsed command-line argument.
enum Arg<'a> {
    /// An option, with its value when it takes one.
    Flag {
        name: String,
        word: &'a WordBuf,
        value: Option<WordBuf>,
    },
    /// Anything else.
    Operand(&'a WordBuf),
}

impl Arg<'_> {
    /// From the option's first byte through its value's last.
    fn range(word: &WordBuf, value: Option<&WordBuf>) -> TextRange {
        value.map_or(word.word.range, |v| word.word.range.cover(v.word.range))
    }
}

/// Records the docker build, login or save that `args` (after `docker`) describe.
pub(crate) fn record(
    walker: &mut Walker,
    index: usize,
    args: &[WordBuf],
    buildkit: Option<Spanned<bool>>,
    redirects: &[Redirect],
) {
    let Some((range, cwd)) = walker
        .facts
        .commands
        .get(index)
        .map(|c| (c.range, c.cwd.clone()))
    else {
        return;
    };
    let start = skip_options(args, 0, GLOBAL_VALUED);
    let word = |i: usize| args.get(i).and_then(WordBuf::literal);
    let (sub, buildx) = match (word(start), word(start + 1)) {
        (Some("builder" | "image"), Some("build")) => (start + 2, false),
        (Some("image"), Some("save")) => {
            return save(walker, index, range, &args[start + 2..], redirects);
        }
        (Some("build"), _) => (start + 1, false),
        (Some("login"), _) => return login(walker, index, range, &args[start + 1..]),
        (Some("save"), _) => return save(walker, index, range, &args[start + 1..], redirects),
        (Some("buildx"), _) => {
            let at = skip_options(args, start + 1, &["--builder"]);
            if !matches!(word(at), Some("build" | "b")) {
                return;
            }
            (at + 1, true)
        }
        _ => return,
    };
    let rest = args.get(sub..).unwrap_or_default();
    let build = build(index, range, buildx, buildkit, cwd, rest);
    walker.facts.docker_builds.push(build);
}

/// The index of the first argument from `at` on that is not an option or option value.
fn skip_options(args: &[WordBuf], mut at: usize, valued: &[&str]) -> usize {
    while let Some(text) = args.get(at).map(WordBuf::text) {
        if !text.starts_with('-') || text == "-" {
            break;
        }
        at += if valued.contains(&text) { 2 } else { 1 };
    }
    at
}

/// Splits arguments into options (with values) and operands.
fn parse_args<'a>(args: &'a [WordBuf], valued: &[&str]) -> Vec<Arg<'a>> {
    let mut out = Vec::new();
    let mut iter = args.iter();
    let mut operands_only = false;
    while let Some(word) = iter.next() {
        let text = word.text();
        if operands_only || !text.starts_with('-') || text == "-" {
            out.push(Arg::Operand(word));
        } else if text == "--" {
            operands_only = true;
        } else if let Some((name, _)) = text.split_once('=').filter(|_| text.starts_with("--")) {
            let value = Some(word.suffix_buf(name.len() + 1));
            out.push(Arg::Flag {
                name: name.to_owned(),
                word,
                value,
            });
        } else if text.starts_with("--") {
            let value = if valued.contains(&text) {
                iter.next().cloned()
            } else {
                None
            };
            out.push(Arg::Flag {
                name: text.to_owned(),
                word,
                value,
            });
        } else {
            out.push(short_flag(word, valued, &mut iter));
        }
    }
    out
}

/// `-f x`, `-fx`, `-f=x`, or a cluster of boolean short options.
fn short_flag<'a>(
    word: &'a WordBuf,
    valued: &[&str],
    rest: &mut std::slice::Iter<'a, WordBuf>,
) -> Arg<'a> {
    let text = word.text();
    let split = text.char_indices().nth(2).map_or(text.len(), |(i, _)| i);
    let name = text.get(..split).unwrap_or(text).to_owned();
    if !valued.contains(&name.as_str()) {
        return Arg::Flag {
            name,
            word,
            value: None,
        };
    }
    let value = if split < text.len() {
        let skip = usize::from(text[split..].starts_with('='));
        Some(word.suffix_buf(split + skip))
    } else {
        rest.next().cloned()
    };
    Arg::Flag { name, word, value }
}

/// Builds a [`DockerBuild`] from the arguments after the subcommand.
fn build(
    command: usize,
    range: TextRange,
    buildx: bool,
    buildkit: Option<Spanned<bool>>,
    cwd: Option<String>,
    args: &[WordBuf],
) -> DockerBuild {
    let mut build = DockerBuild {
        command,
        range,
        buildx,
        buildkit,
        file: None,
        context: None,
        target: None,
        build_args: Vec::new(),
        secrets: Vec::new(),
        ssh: Vec::new(),
        cache_to: Vec::new(),
        cache_from: Vec::new(),
        provenance: None,
        push: false,
        load: false,
        tags: Vec::new(),
        platform: None,
        cwd,
    };
    for arg in parse_args(args, BUILD_VALUED) {
        match arg {
            Arg::Operand(word) => {
                build.context.get_or_insert_with(|| word.word.clone());
            }
            Arg::Flag { name, word, value } => build_flag(&mut build, &name, word, value),
        }
    }
    build
}

/// Applies one option to a [`DockerBuild`].
fn build_flag(build: &mut DockerBuild, name: &str, word: &WordBuf, value: Option<WordBuf>) {
    let range = Arg::range(word, value.as_ref());
    match (name, value) {
        ("--push", value) => build.push = bool_value(value.as_ref()),
        ("--load", value) => build.load = bool_value(value.as_ref()),
        (_, None) => {}
        ("--build-arg", Some(value)) => build.build_args.push(build_arg(range, &value)),
        ("--secret", Some(value)) => build.secrets.push(secret(range, &value)),
        ("-f" | "--file", Some(value)) => build.file = Some(value.word),
        ("-t" | "--tag", Some(value)) => build.tags.push(value.word),
        ("--target", Some(value)) => build.target = Some(value.word),
        ("--ssh", Some(value)) => build.ssh.push(value.word),
        ("--cache-to", Some(value)) => build.cache_to.push(value.word),
        ("--cache-from", Some(value)) => build.cache_from.push(value.word),
        ("--provenance", Some(value)) => build.provenance = Some(value.word),
        ("--attest", Some(value)) if has_pair(value.text(), "type", "provenance") => {
            build.provenance = Some(value.word);
        }
        ("--platform", Some(value)) => build.platform = Some(value.word),
        ("-o" | "--output", Some(value)) => {
            let text = value.text();
            if has_pair(text, "type", "registry") || has_pair(text, "push", "true") {
                build.push = true;
            }
            if has_pair(text, "type", "docker") && !text.split(',').any(|p| p.starts_with("dest="))
            {
                build.load = true;
            }
        }
        _ => {}
    }
}

/// `--push`, `--push=true`: anything but a literal false value enables it.
fn bool_value(value: Option<&WordBuf>) -> bool {
    !matches!(value.and_then(WordBuf::literal), Some("false" | "0"))
}

/// Whether a `k=v,k=v` list holds `key=value`.
fn has_pair(text: &str, key: &str, value: &str) -> bool {
    text.split(',')
        .any(|pair| pair.split_once('=') == Some((key, value)))
}

/// `--build-arg K=V` or `--build-arg K`.
fn build_arg(range: TextRange, value: &WordBuf) -> BuildArgFlag {
    let text = value.text();
    let (name_end, arg_value) = match text.find('=') {
        Some(eq) => (eq, Some(value.suffix(eq + 1))),
        None => (text.len(), None),
    };
    let name = value
        .spanned(0, name_end)
        .unwrap_or_else(|| Spanned::new(String::new(), TextRange::empty(value.word.range.start)));
    BuildArgFlag {
        range,
        name,
        value: arg_value,
    }
}

/// `--secret id=x,env=Y` / `id=x,src=f` / `type=env,...`.
fn secret(range: TextRange, value: &WordBuf) -> SecretFlag {
    let mut flag = SecretFlag {
        range,
        id: None,
        env: None,
        src: None,
        kind: None,
    };
    let text = value.text().to_owned();
    let mut at = 0;
    for pair in text.split(',') {
        let start = at;
        at += pair.len() + 1;
        let Some((key, _)) = pair.split_once('=') else {
            continue;
        };
        let spanned = value.spanned(start + key.len() + 1, start + pair.len());
        match key {
            "id" => flag.id = spanned,
            "env" => flag.env = spanned,
            "src" | "source" => flag.src = spanned,
            "type" => flag.kind = spanned.map(|s| s.value),
            _ => {}
        }
    }
    if flag.kind.is_none() {
        flag.kind = match (&flag.env, &flag.src) {
            (Some(_), _) => Some("env".to_owned()),
            (None, Some(_)) => Some("file".to_owned()),
            (None, None) => None,
        };
    }
    flag
}

/// `docker login [-u U] [-p P | --password-stdin] [REGISTRY]`.
fn login(walker: &mut Walker, command: usize, range: TextRange, args: &[WordBuf]) {
    let mut login = DockerLogin {
        command,
        range,
        password: None,
        password_flag: None,
        password_stdin: false,
        username: None,
        registry: None,
    };
    for arg in parse_args(args, LOGIN_VALUED) {
        match arg {
            Arg::Operand(word) => {
                login.registry.get_or_insert_with(|| word.word.clone());
            }
            Arg::Flag { name, word, value } => match (name.as_str(), value) {
                ("--password-stdin", _) => login.password_stdin = true,
                ("-p" | "--password", Some(value)) => {
                    login.password_flag = Some(Arg::range(word, Some(&value)));
                    login.password = Some(value.word);
                }
                ("-u" | "--username", Some(value)) => login.username = Some(value.word),
                _ => {}
            },
        }
    }
    walker.facts.docker_logins.push(login);
}

/// `docker save [-o FILE] IMAGE...`, or `docker save IMAGE > FILE`.
fn save(
    walker: &mut Walker,
    command: usize,
    range: TextRange,
    args: &[WordBuf],
    redirects: &[Redirect],
) {
    let mut save = DockerSave {
        command,
        range,
        output: None,
        images: Vec::new(),
    };
    for arg in parse_args(args, SAVE_VALUED) {
        match arg {
            Arg::Operand(word) => save.images.push(word.word.clone()),
            Arg::Flag {
                name,
                value: Some(value),
                ..
            } if name == "-o" || name == "--output" => {
                save.output = Some(value.word);
            }
            Arg::Flag { .. } => {}
        }
    }
    if save.output.is_none() {
        let stdout = redirects
            .iter()
            .find(|r| matches!(r.op.as_str(), ">" | "1>" | ">|"));
        save.output = stdout.and_then(|r| r.target.clone());
    }
    walker.facts.docker_saves.push(save);
}
