#!/usr/bin/env python3
"""Generates a realistic, deterministic corpus of Dockerfiles and bitbucket-pipelines.yml.

Usage: bench/gen.py OUT_DIR [--dockerfiles N] [--pipelines M] [--seed S]

Each repository folder `OUT_DIR/repo-NNNNN/` holds one or more Dockerfiles
(multi-stage, long RUN chains, heredocs, ARG/ENV, secret mounts) and, for the first M
repositories, a `bitbucket-pipelines.yml` with anchors, merge keys and docker builds
that pass build args to those Dockerfiles. The same arguments always give the same bytes.
Standard library only.
"""

import argparse
import os
import random

BASES = [
    "node:20-alpine", "python:3.12-slim", "golang:1.22", "eclipse-temurin:21-jdk",
    "debian:bookworm-slim", "ubuntu:24.04", "rust:1.80", "ruby:3.3", "php:8.3-fpm",
]
RUNTIMES = ["gcr.io/distroless/base", "alpine:3.20", "debian:bookworm-slim", "nginx:1.27"]
PACKAGES = [
    "curl", "git", "ca-certificates", "build-essential", "libssl-dev", "openssh-client",
    "jq", "unzip", "tzdata", "gnupg", "make", "g++", "python3-dev", "libpq-dev",
]
SECRET_ARGS = ["NPM_TOKEN", "GITHUB_TOKEN", "PIP_INDEX_PASSWORD", "AWS_SECRET_ACCESS_KEY"]
PLAIN_ARGS = ["APP_VERSION", "BUILD_DATE", "GIT_SHA", "NODE_ENV", "PYTHON_VERSION", "REGION"]


def run_chain(rng, length):
    """A RUN instruction of `length` commands joined with `&& \\` continuations."""
    commands = ["apt-get update"]
    pkgs = " ".join(rng.sample(PACKAGES, k=min(len(PACKAGES), 3 + length // 2)))
    commands.append(f"apt-get install -y --no-install-recommends {pkgs}")
    for i in range(max(0, length - 3)):
        choice = rng.randrange(6)
        if choice == 0:
            commands.append(f"mkdir -p /opt/app/dir{i} && chown 1000:1000 /opt/app/dir{i}")
        elif choice == 1:
            commands.append(f'echo "step {i}: $APP_VERSION" >> /var/log/build.log')
        elif choice == 2:
            commands.append(f"curl -fsSL https://example.invalid/tool{i}.tar.gz | tar -xz -C /usr/local/bin")
        elif choice == 3:
            commands.append(f"export PATH=/opt/tool{i}/bin:$PATH")
        elif choice == 4:
            commands.append(f"if [ -f /etc/os-release ]; then cat /etc/os-release; fi")
        else:
            commands.append(f"cd /opt/app && ls -la dir{i - 1 if i else 0} || true")
    commands.append("rm -rf /var/lib/apt/lists/*")
    body = " && \\\n    ".join(commands)
    return f"RUN {body}\n"


def heredoc(rng):
    """A RUN with a heredoc script."""
    lines = [f"echo configuring {rng.choice(PLAIN_ARGS).lower()}" for _ in range(rng.randint(2, 8))]
    return "RUN <<EOF\nset -eux\n" + "\n".join(lines) + "\nEOF\n"


def dockerfile(rng, index):
    """One multi-stage Dockerfile; some leak a secret arg, some use a secret mount."""
    parts = ["# syntax=docker/dockerfile:1\n"]
    parts.append(f"ARG BASE={rng.choice(BASES)}\n")
    stages = rng.randint(2, 4)
    for stage in range(stages):
        last = stage == stages - 1
        base = rng.choice(RUNTIMES) if last else "${BASE}"
        name = "" if last else f" AS stage{stage}"
        parts.append(f"\nFROM {base}{name}\n")
        parts.append(f"WORKDIR /opt/app\n")
        for arg in rng.sample(PLAIN_ARGS, k=rng.randint(1, 3)):
            parts.append(f"ARG {arg}\n")
        parts.append(f"ENV APP_HOME=/opt/app PORT={8000 + index % 1000}\n")
        if not last and rng.random() < 0.4:
            secret = rng.choice(SECRET_ARGS)
            parts.append(f"ARG {secret}\n")
            parts.append(f'RUN echo "token=${{{secret}}}" > /root/.netrc && make build && rm /root/.netrc\n')
        if not last and rng.random() < 0.3:
            parts.append("RUN --mount=type=secret,id=npm,env=NPM_TOKEN npm ci\n")
        parts.append(run_chain(rng, rng.randint(4, 20)))
        if rng.random() < 0.5:
            parts.append(heredoc(rng))
        if stage > 0:
            parts.append(f"COPY --from=stage{stage - 1} /opt/app /opt/app\n")
        parts.append("COPY . .\n")
    parts.append('USER 1000\nCMD ["/opt/app/run", "--port", "8080"]\n')
    return "".join(parts)


def pipeline(rng, dockerfiles):
    """A bitbucket-pipelines.yml building `dockerfiles` (paths relative to the repo)."""
    builds = []
    for path in dockerfiles:
        arg = rng.choice(SECRET_ARGS + PLAIN_ARGS)
        builds.append(
            f"          - docker build -f {path} --build-arg {arg}=${arg} "
            f"-t myorg/app:$BITBUCKET_COMMIT .\n"
        )
    cache = "docker" if rng.random() < 0.5 else "node"
    return (
        "image: atlassian/default-image:4\n\n"
        "definitions:\n"
        "  caches:\n"
        "    node: ~/.npm\n"
        "  steps:\n"
        "    - step: &build\n"
        "        name: Build\n"
        "        services:\n"
        "          - docker\n"
        "        caches:\n"
        f"          - {cache}\n"
        "        script:\n"
        "          - export DOCKER_BUILDKIT=1\n"
        + "".join(builds)
        + "          - |\n"
        "            echo \"$REGISTRY_PASSWORD\" | docker login -u \"$REGISTRY_USER\" --password-stdin\n"
        "            docker push myorg/app:$BITBUCKET_COMMIT\n"
        "        artifacts:\n"
        "          - dist/**\n"
        "    - step: &test\n"
        "        name: Test\n"
        "        script:\n"
        "          - make test\n\n"
        "pipelines:\n"
        "  default:\n"
        "    - step: *test\n"
        "  branches:\n"
        "    main:\n"
        "      - step: *test\n"
        "      - step: *build\n"
        "  pull-requests:\n"
        "    '**':\n"
        "      - step:\n"
        "          <<: *build\n"
        "          name: Build (pull request)\n"
    )


def generate(out, dockerfiles, pipelines, seed):
    """Writes the corpus; returns the number of files written."""
    rng = random.Random(seed)
    repos = max(pipelines, (dockerfiles + 1) // 2, 1)
    per_repo = [dockerfiles // repos + (1 if i < dockerfiles % repos else 0) for i in range(repos)]
    written = 0
    for repo, count in enumerate(per_repo):
        root = os.path.join(out, f"repo-{repo:05d}")
        os.makedirs(root, exist_ok=True)
        paths = []
        for n in range(count):
            path = "Dockerfile" if n == 0 else f"services/svc{n}/Dockerfile"
            full = os.path.join(root, path)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, "w", encoding="utf-8") as f:
                f.write(dockerfile(rng, written))
            paths.append(path)
            written += 1
        if repo < pipelines:
            with open(os.path.join(root, "bitbucket-pipelines.yml"), "w", encoding="utf-8") as f:
                f.write(pipeline(rng, paths or ["Dockerfile"]))
            written += 1
    return written


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--dockerfiles", type=int, default=2000)
    parser.add_argument("--pipelines", type=int, default=200)
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args()
    written = generate(args.out, args.dockerfiles, args.pipelines, args.seed)
    print(f"wrote {written} files under {args.out}")


if __name__ == "__main__":
    main()
