//! `docker build`, `login` and `save` recognition, flag forms and source ranges.

use stowaway_lint_core::shell::{ScriptFacts, Word, analyze};
use stowaway_lint_core::text::{MappedText, TextRange};

/// Analyzes `src` as one input copied verbatim from offset 0.
fn run(src: &str) -> ScriptFacts {
    analyze(&[&MappedText::verbatim(src, 0)])
}

fn slice(src: &str, range: TextRange) -> &str {
    src.get(range.start..range.end)
        .expect("range inside the source")
}

fn text(word: Option<&Word>) -> Option<&str> {
    word.map(|w| w.text.as_str())
}

#[test]
fn build_flags_in_every_form() {
    let src = "docker build --build-arg TOKEN=$TOKEN --build-arg=A=1 --build-arg \"K=$V\" \
               --build-arg NPM -f Dockerfile.prod --file=other.Dockerfile -t a -t b \
               --target final --secret id=npm,env=NPM_TOKEN --secret=id=x,src=f \
               --cache-to type=local,dest=c,mode=max --cache-from type=local,src=c \
               --provenance=mode=max --push --platform linux/amd64 --ssh default .";
    let facts = run(src);
    assert_eq!(facts.docker_builds.len(), 1);
    let build = &facts.docker_builds[0];
    assert!(!build.buildx);
    assert_eq!(build.buildkit, None);
    assert_eq!(slice(src, build.range), src);

    let args: Vec<(&str, &str, Option<&str>)> = build
        .build_args
        .iter()
        .map(|b| {
            (
                slice(src, b.range),
                slice(src, b.name.range),
                b.value.as_ref().map(|v| slice(src, v.range)),
            )
        })
        .collect();
    assert_eq!(
        args,
        vec![
            ("--build-arg TOKEN=$TOKEN", "TOKEN", Some("$TOKEN")),
            ("--build-arg=A=1", "A", Some("1")),
            ("--build-arg \"K=$V\"", "K", Some("$V\"")),
            ("--build-arg NPM", "NPM", None),
        ]
    );
    let token = build.build_args[0].value.as_ref().expect("value");
    assert_eq!(token.text, "$TOKEN");
    assert_eq!(token.literal, None);
    assert_eq!(token.vars.len(), 1);
    assert_eq!(token.vars[0].name, "TOKEN");
    assert_eq!(slice(src, token.vars[0].range), "$TOKEN");
    assert_eq!(
        build.build_args[1]
            .value
            .as_ref()
            .and_then(|v| v.literal.as_deref()),
        Some("1")
    );
    assert_eq!(
        build.build_args[2].value.as_ref().map(|v| v.text.as_str()),
        Some("$V")
    );

    assert_eq!(text(build.file.as_ref()), Some("other.Dockerfile"));
    assert_eq!(
        build.file.as_ref().map(|f| slice(src, f.range)),
        Some("other.Dockerfile")
    );
    assert_eq!(
        build
            .tags
            .iter()
            .map(|t| t.text.as_str())
            .collect::<Vec<_>>(),
        ["a", "b"]
    );
    assert_eq!(text(build.target.as_ref()), Some("final"));
    assert_eq!(text(build.context.as_ref()), Some("."));
    assert_eq!(text(build.platform.as_ref()), Some("linux/amd64"));
    assert_eq!(text(build.provenance.as_ref()), Some("mode=max"));
    assert_eq!(
        build
            .ssh
            .iter()
            .map(|t| t.text.as_str())
            .collect::<Vec<_>>(),
        ["default"]
    );
    assert_eq!(
        build
            .cache_to
            .iter()
            .map(|t| t.text.as_str())
            .collect::<Vec<_>>(),
        ["type=local,dest=c,mode=max"]
    );
    assert_eq!(
        build
            .cache_from
            .iter()
            .map(|t| t.text.as_str())
            .collect::<Vec<_>>(),
        ["type=local,src=c"]
    );
    assert!(build.push);
    assert!(!build.load);

    let secrets: Vec<_> = build
        .secrets
        .iter()
        .map(|s| {
            (
                slice(src, s.range),
                s.id.as_ref()
                    .map(|i| (i.value.as_str(), slice(src, i.range))),
                s.env
                    .as_ref()
                    .map(|e| (e.value.as_str(), slice(src, e.range))),
                s.src
                    .as_ref()
                    .map(|e| (e.value.as_str(), slice(src, e.range))),
                s.kind.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        secrets,
        vec![
            (
                "--secret id=npm,env=NPM_TOKEN",
                Some(("npm", "npm")),
                Some(("NPM_TOKEN", "NPM_TOKEN")),
                None,
                Some("env")
            ),
            (
                "--secret=id=x,src=f",
                Some(("x", "x")),
                None,
                Some(("f", "f")),
                Some("file")
            ),
        ]
    );
}

#[test]
fn build_arg_ranges_point_into_the_source() {
    let src = "docker build --build-arg TOKEN=$TOKEN .";
    let facts = run(src);
    let arg = &facts.docker_builds[0].build_args[0];
    assert_eq!(arg.range, TextRange::new(13, 37));
    assert_eq!(arg.name.value, "TOKEN");
    assert_eq!(arg.name.range, TextRange::new(25, 30));
}

#[test]
fn subcommand_aliases_wrappers_and_global_options() {
    let src = "sudo -E docker --config /tmp/cfg image build -t x ctx\n\
               docker buildx --builder b build --load -o type=docker dir\n\
               docker buildx b .\n\
               docker -H tcp://h:2375 builder build --file=f.Dockerfile sub\n\
               docker buildx bake\n\
               docker compose build\n\
               env DOCKER_BUILDKIT=1 docker build .";
    let facts = run(src);
    let builds: Vec<_> = facts
        .docker_builds
        .iter()
        .map(|b| {
            (
                b.command,
                b.buildx,
                text(b.context.as_ref()),
                b.load,
                b.buildkit.as_ref().map(|k| k.value),
            )
        })
        .collect();
    assert_eq!(
        builds,
        vec![
            (0, false, Some("ctx"), false, None),
            (1, true, Some("dir"), true, None),
            (2, true, Some("."), false, None),
            (3, false, Some("sub"), false, None),
            (6, false, Some("."), false, Some(true)),
        ]
    );
    assert_eq!(
        text(facts.docker_builds[3].file.as_ref()),
        Some("f.Dockerfile")
    );
    let env = facts.docker_builds[4].buildkit.as_ref().expect("buildkit");
    assert_eq!(slice(src, env.range), "DOCKER_BUILDKIT=1");
}

#[test]
fn buildkit_comes_from_prefix_or_earlier_assignment() {
    let lines = [
        "export DOCKER_BUILDKIT=1",
        "docker build .",
        "DOCKER_BUILDKIT=0 docker build .",
        "unset DOCKER_BUILDKIT",
        "docker build .",
    ];
    let src = lines.join("\n");
    let mapped = mapped_lines(&src);
    let facts = analyze(&mapped.iter().collect::<Vec<_>>());
    let kits: Vec<_> = facts
        .docker_builds
        .iter()
        .map(|b| b.buildkit.as_ref().map(|k| (k.value, slice(&src, k.range))))
        .collect();
    assert_eq!(
        kits,
        vec![
            Some((true, "DOCKER_BUILDKIT=1")),
            Some((false, "DOCKER_BUILDKIT=0")),
            None
        ]
    );
}

/// One [`MappedText`] per line of `src`, each verbatim at its offset.
fn mapped_lines(src: &str) -> Vec<MappedText> {
    let mut offset = 0;
    src.split('\n')
        .map(|line| {
            let mapped = MappedText::verbatim(line, offset);
            offset += line.len() + 1;
            mapped
        })
        .collect()
}

#[test]
fn login_password_forms() {
    let src = "docker login -u u -p \"$PASS\" reg.example.com\n\
               docker login --password=$P --username=bot\n\
               docker login -p$Q\n\
               docker login --password=`cat f`\n\
               docker login -p=lit\n\
               echo \"$P\" | docker login -u u --password-stdin reg";
    let facts = run(src);
    let logins: Vec<_> = facts
        .docker_logins
        .iter()
        .map(|l| {
            (
                l.password
                    .as_ref()
                    .map(|p| (p.text.as_str(), slice(src, p.range))),
                l.password_flag.map(|r| slice(src, r)),
                l.password_stdin,
                text(l.username.as_ref()),
                text(l.registry.as_ref()),
            )
        })
        .collect();
    assert_eq!(
        logins,
        vec![
            (
                Some(("$PASS", "\"$PASS\"")),
                Some("-p \"$PASS\""),
                false,
                Some("u"),
                Some("reg.example.com")
            ),
            (
                Some(("$P", "$P")),
                Some("--password=$P"),
                false,
                Some("bot"),
                None
            ),
            (Some(("$Q", "$Q")), Some("-p$Q"), false, None, None),
            (
                Some(("`cat f`", "`cat f`")),
                Some("--password=`cat f`"),
                false,
                None,
                None
            ),
            (Some(("lit", "lit")), Some("-p=lit"), false, None, None),
            (None, None, true, Some("u"), Some("reg")),
        ]
    );
    let pass = facts.docker_logins[0].password.as_ref().expect("password");
    assert_eq!(pass.vars[0].name, "PASS");
    let substituted = facts.docker_logins[3].password.as_ref().expect("password");
    assert_eq!(substituted.literal, None);
    let literal = facts.docker_logins[4].password.as_ref().expect("password");
    assert_eq!(literal.literal.as_deref(), Some("lit"));
    let piped = &facts.commands[facts.docker_logins[5].command];
    assert_eq!(piped.pipe_from, Some(piped.index - 1));
}

#[test]
fn save_output_from_flag_or_redirect() {
    let src = "docker save -o img.tar app\ndocker image save app:1 other > all.tar\ndocker save --output=x.tar a";
    let facts = run(src);
    let saves: Vec<_> = facts
        .docker_saves
        .iter()
        .map(|s| {
            (
                s.command,
                text(s.output.as_ref()),
                s.images.iter().map(|i| i.text.as_str()).collect::<Vec<_>>(),
            )
        })
        .collect();
    assert_eq!(
        saves,
        vec![
            (0, Some("img.tar"), vec!["app"]),
            (1, Some("all.tar"), vec!["app:1", "other"]),
            (2, Some("x.tar"), vec!["a"]),
        ]
    );
}

#[test]
fn continued_block_scalar_keeps_source_ranges() {
    // A `- |` script: the MappedText is the verbatim block, `\`-newlines included.
    let yaml = "script:\n  - |\n    docker build \\\n      --build-arg NPM_TOKEN=$NPM_TOKEN \\\n      -t app .\n";
    let block_start = yaml.find("docker").expect("block");
    let block = &yaml[block_start..];
    let facts = analyze(&[&MappedText::verbatim(block, block_start)]);
    let build = &facts.docker_builds[0];
    assert_eq!(
        slice(yaml, build.build_args[0].range),
        "--build-arg NPM_TOKEN=$NPM_TOKEN"
    );
    assert_eq!(text(build.tags.first()), Some("app"));
    assert_eq!(text(build.context.as_ref()), Some("."));
    assert_eq!(facts.commands.len(), 1);
}

#[test]
fn segmented_mapped_text_maps_back_through_dropped_continuation() {
    // Dockerfile: `RUN docker build \` / `  --build-arg X=$Y .` with the `\`-newline dropped.
    let dockerfile = "RUN docker build \\\n  --build-arg X=$Y .\n";
    let mut mapped = MappedText::new();
    mapped.push_source("docker build ", 4);
    mapped.push_source("  --build-arg X=$Y .", 19);
    let facts = analyze(&[&mapped]);
    let build = &facts.docker_builds[0];
    let arg = &build.build_args[0];
    assert_eq!(slice(dockerfile, arg.range), "--build-arg X=$Y");
    assert_eq!(slice(dockerfile, arg.name.range), "X");
    let value = arg.value.as_ref().expect("value");
    assert_eq!(slice(dockerfile, value.vars[0].range), "$Y");
    assert_eq!(
        slice(dockerfile, build.range),
        "docker build \\\n  --build-arg X=$Y ."
    );
}
