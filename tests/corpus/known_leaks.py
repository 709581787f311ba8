"""Asserts that the corpus's two known leaks are reported with their whole flow."""
import json
import subprocess
import sys

binary, corpus = sys.argv[1], sys.argv[2]


def findings(target):
    out = subprocess.run(
        [binary, "check", "--format", "json", "--fail-on", "never", target],
        cwd=corpus, capture_output=True, text=True, check=True,
    ).stdout
    return json.loads(out)["diagnostics"]


def expect(target, rule, path, line, name, related_messages):
    for d in findings(target):
        if d["rule"] == rule and d["path"] == path and d["range"]["start"]["line"] == line:
            messages = [r["message"] for r in d["related"]]
            missing = [m for m in related_messages if not any(m in got for got in messages)]
            assert name in d["message"], (target, d["message"])
            assert not missing, (target, missing, messages)
            assert d["confidence"] == "high", (target, d["confidence"])
            return
    raise SystemExit(f"corpus: {rule} at {path}:{line} not reported for {target}")


rhn = "bitbucket/JuanPabloMorgade__rhn"
expect(rhn, "secret-in-build-cache", f"{rhn}/Dockerfile", 23, "FIREBASE_SERVICE_ACCOUNT_KEY", [
    "looks like a secured variable",
    "passed to `docker build` as `--build-arg FIREBASE_SERVICE_ACCOUNT_KEY`",
    "the `docker` cache keeps every stage's layers",
])
todo = "bitbucket/Darsh76__php-todo-app"
expect(todo, "secret-build-arg", f"{todo}/Dockerfile", 47, "AWS_SECRET_ACCESS_KEY", [
    "looks like a secured variable",
    "passed to `docker build` as `--build-arg AWS_SECRET_ACCESS_KEY`",
])
expect(todo, "secret-env", f"{todo}/Dockerfile", 51, "AWS_SECRET_ACCESS_KEY", [
    "passed to `docker build` as `--build-arg AWS_SECRET_ACCESS_KEY`",
    "declared as `ARG AWS_SECRET_ACCESS_KEY`",
])
print("corpus: the two known leaks are reported with their whole flow")
