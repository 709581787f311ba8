//! Protocol tests: the server driven in-process over `Connection::memory()` through
//! initialize, document sync, cross-file publishing, code actions, hover, position
//! encodings, errors and shutdown, on a temporary copy of `examples/leaky-node-app`.

mod support;

use lsp_server::{Message, Notification};
use lsp_types::{DiagnosticSeverity, NumberOrString, Position, Range};
use serde_json::{Value, json};
use stowaway_lsp::ServerError;

use support::{Client, TempWorkspace, error_code, initialize_params, ok};

const RULE: &str = "secret-in-build-cache";
const DOCKERFILE_ARG_LINE: u32 = 3;
/// The checks at startup: the workspace folder and the unit of files outside it.
const STARTUP_CHECKS: usize = 2;

fn range(start: (u32, u32), end: (u32, u32)) -> Range {
    Range::new(Position::new(start.0, start.1), Position::new(end.0, end.1))
}

fn start(ws: &TempWorkspace) -> (Client, Value) {
    Client::start(initialize_params(&ws.root, json!({}), Value::Null))
}

fn utf8_capabilities() -> Value {
    json!({ "general": { "positionEncodings": ["utf-8", "utf-16"] } })
}

fn open(client: &Client, ws: &TempWorkspace, name: &str, text: &str) {
    let language = if name == "Dockerfile" {
        "dockerfile"
    } else {
        "yaml"
    };
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": {
            "uri": ws.uri(name).as_str(), "languageId": language, "version": 1, "text": text,
        }}),
    );
}

fn change(client: &Client, ws: &TempWorkspace, name: &str, version: i32, changes: Value) {
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": ws.uri(name).as_str(), "version": version },
            "contentChanges": changes,
        }),
    );
}

fn code_actions(
    client: &mut Client,
    ws: &TempWorkspace,
    name: &str,
    at: Range,
    only: Value,
) -> Value {
    let mut context = json!({ "diagnostics": [] });
    if !only.is_null() {
        context["only"] = only;
    }
    let response = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": ws.uri(name).as_str() }, "range": at, "context": context }),
    );
    ok(response)
}

fn hover(client: &mut Client, ws: &TempWorkspace, name: &str, at: Position) -> Value {
    let response = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": ws.uri(name).as_str() }, "position": at }),
    );
    ok(response)
}

/// The example with non-ASCII text before the flagged range and before a related range.
fn non_ascii_example(ws: &TempWorkspace) -> (String, String) {
    let dockerfile = ws
        .read("Dockerfile")
        .replace("ARG NPM_TOKEN\n", "ARG CAFÉ=crème😀 NPM_TOKEN\n");
    let pipeline = ws.read("bitbucket-pipelines.yml").replace(
        "--build-arg NPM_TOKEN=$NPM_TOKEN",
        "--label \"é😀\" --build-arg NPM_TOKEN=$NPM_TOKEN",
    );
    (dockerfile, pipeline)
}

#[test]
fn initialize_announces_capabilities_and_utf16_by_default() {
    let ws = TempWorkspace::new("capabilities");
    let (client, result) = start(&ws);
    let capabilities = &result["capabilities"];
    assert_eq!(capabilities["positionEncoding"], "utf-16");
    assert_eq!(capabilities["textDocumentSync"]["change"], 2);
    assert_eq!(capabilities["textDocumentSync"]["openClose"], true);
    assert_eq!(
        capabilities["codeActionProvider"]["codeActionKinds"],
        json!(["quickfix", "source.fixAll.stowaway"])
    );
    assert_eq!(capabilities["hoverProvider"], true);
    assert_eq!(result["serverInfo"]["name"], "stowaway");
    client.shutdown().expect("clean shutdown");
}

#[test]
fn findings_on_disk_are_published_at_startup_with_related_pipeline_locations() {
    let ws = TempWorkspace::new("startup");
    let (mut client, _) = start(&ws);
    let publish = client.publish_for(&ws.uri("Dockerfile"));
    assert_eq!(publish.version, None);
    assert_eq!(publish.diagnostics.len(), 1);
    let diagnostic = &publish.diagnostics[0];
    assert_eq!(diagnostic.range, range((3, 4), (3, 13)));
    assert_eq!(diagnostic.severity, Some(DiagnosticSeverity::ERROR));
    assert_eq!(
        diagnostic.code,
        Some(NumberOrString::String(RULE.to_string()))
    );
    assert_eq!(diagnostic.source.as_deref(), Some("stowaway"));
    assert_eq!(
        diagnostic
            .code_description
            .as_ref()
            .map(|d| d.href.as_str()),
        Some("https://github.com/stowaway-dev/stowaway/blob/main/rules/secret-in-build-cache.md")
    );
    assert!(
        diagnostic
            .message
            .starts_with("build arg `NPM_TOKEN` in stage `deps` holds the secret")
    );
    let data = diagnostic.data.as_ref().expect("the fix travels in data");
    assert_eq!(data["fix"]["applicability"], "safe");
    assert_eq!(
        data["fix"]["title"],
        "Pass `NPM_TOKEN` as a BuildKit secret (`id=npm_token`) mounted into the RUNs that \
         read it, instead of a build arg"
    );
    assert_eq!(data["fix"]["edits"].as_array().map(Vec::len), Some(5));
    let related: Vec<(String, Range)> = diagnostic
        .related_information
        .iter()
        .flatten()
        .map(|r| (r.location.uri.as_str().to_string(), r.location.range))
        .collect();
    let pipeline = ws.uri("bitbucket-pipelines.yml").as_str().to_string();
    assert_eq!(
        related,
        vec![
            (pipeline.clone(), range((18, 36), (18, 46))),
            (pipeline.clone(), range((18, 14), (18, 46))),
            (pipeline.clone(), range((29, 14), (29, 26))),
            (pipeline.clone(), range((25, 14), (25, 26))),
            (pipeline, range((13, 12), (13, 18))),
        ]
    );
    client.shutdown().expect("clean shutdown");
}

#[test]
fn utf16_ranges_count_surrogate_pairs_before_the_flagged_range() {
    let ws = TempWorkspace::new("utf16");
    let (dockerfile, pipeline) = non_ascii_example(&ws);
    let (mut client, _) = start(&ws);
    open(&client, &ws, "bitbucket-pipelines.yml", &pipeline);
    open(&client, &ws, "Dockerfile", &dockerfile);
    let publish = loop {
        let publish = client.publish_for(&ws.uri("Dockerfile"));
        if publish.version == Some(1) {
            break publish;
        }
    };
    let diagnostic = &publish.diagnostics[0];
    // "ARG CAFÉ=crème😀 " is 17 UTF-16 units (21 bytes).
    assert_eq!(diagnostic.range, range((3, 17), (3, 26)));
    let related = diagnostic.related_information.as_ref().expect("related");
    // `--label "é😀" ` adds 13 characters, 14 UTF-16 units, before `--build-arg`.
    assert_eq!(related[0].location.range, range((18, 50), (18, 60)));
    assert_eq!(related[1].location.range, range((18, 28), (18, 60)));
    client.shutdown().expect("clean shutdown");
}

#[test]
fn utf8_is_negotiated_when_offered_and_ranges_count_bytes() {
    let ws = TempWorkspace::new("utf8");
    let (dockerfile, pipeline) = non_ascii_example(&ws);
    let params = initialize_params(&ws.root, utf8_capabilities(), Value::Null);
    let (mut client, result) = Client::start(params);
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-8");
    open(&client, &ws, "bitbucket-pipelines.yml", &pipeline);
    open(&client, &ws, "Dockerfile", &dockerfile);
    let publish = loop {
        let publish = client.publish_for(&ws.uri("Dockerfile"));
        if publish.version == Some(1) {
            break publish;
        }
    };
    let diagnostic = &publish.diagnostics[0];
    assert_eq!(diagnostic.range, range((3, 21), (3, 30)));
    let related = diagnostic.related_information.as_ref().expect("related");
    // `--label "é😀" ` adds 13 characters, 17 bytes, before `--build-arg`.
    assert_eq!(related[0].location.range, range((18, 53), (18, 63)));
    assert_eq!(related[1].location.range, range((18, 31), (18, 63)));
    // Hover positions are read as bytes too: byte 21 is the start of NPM_TOKEN.
    let shown = hover(&mut client, &ws, "Dockerfile", Position::new(3, 21));
    assert_eq!(shown["range"], json!(range((3, 21), (3, 30))));
    client.shutdown().expect("clean shutdown");
}

#[test]
fn editing_the_pipeline_republishes_the_dockerfile_it_builds() {
    let ws = TempWorkspace::new("cross-file");
    let (mut client, _) = start(&ws);
    let dockerfile = ws.uri("Dockerfile");
    assert_eq!(client.publish_for(&dockerfile).diagnostics.len(), 1);
    let pipeline = ws.read("bitbucket-pipelines.yml");
    open(&client, &ws, "bitbucket-pipelines.yml", &pipeline);

    // Delete line 18 (0-based), `--build-arg NPM_TOKEN=$NPM_TOKEN \`.
    let build_arg_line = "              --build-arg NPM_TOKEN=$NPM_TOKEN \\\n";
    let delete = json!([{ "range": range((18, 0), (19, 0)), "text": "" }]);
    change(&client, &ws, "bitbucket-pipelines.yml", 2, delete);
    let cleared = client.publish_for(&dockerfile);
    assert_eq!(cleared.diagnostics, vec![]);
    assert_eq!(cleared.version, None);

    let insert = json!([{ "range": range((18, 0), (18, 0)), "text": build_arg_line }]);
    change(&client, &ws, "bitbucket-pipelines.yml", 3, insert);
    let back = client.publish_for(&dockerfile);
    assert_eq!(back.diagnostics.len(), 1);
    assert_eq!(back.diagnostics[0].range, range((3, 4), (3, 13)));
    client.shutdown().expect("clean shutdown");
}

#[test]
fn incremental_change_in_the_dockerfile_moves_the_published_range() {
    let ws = TempWorkspace::new("incremental");
    let (mut client, _) = start(&ws);
    open(&client, &ws, "Dockerfile", &ws.read("Dockerfile"));
    let insert = json!([{ "range": range((0, 0), (0, 0)), "text": "# café 😀\n" }]);
    change(&client, &ws, "Dockerfile", 2, insert);
    let publish = loop {
        let publish = client.publish_for(&ws.uri("Dockerfile"));
        if publish.version == Some(2) {
            break publish;
        }
    };
    assert_eq!(publish.diagnostics[0].range, range((4, 4), (4, 13)));
    // Renaming the ARG to a name that is not secret clears the finding.
    let rename = json!([{ "range": range((4, 4), (4, 13)), "text": "NPM_REGISTRY" }]);
    change(&client, &ws, "Dockerfile", 3, rename);
    let publish = client.publish_for(&ws.uri("Dockerfile"));
    assert_eq!((publish.version, publish.diagnostics), (Some(3), vec![]));
    client.shutdown().expect("clean shutdown");
}

#[test]
fn a_burst_of_changes_is_checked_once_at_the_latest_version() {
    let ws = TempWorkspace::new("burst");
    let params = initialize_params(&ws.root, json!({}), Value::Null);
    let uri = ws.uri("Dockerfile");
    let mut queued = vec![Message::Notification(Notification::new(
        "textDocument/didOpen".to_string(),
        json!({ "textDocument": {
            "uri": uri.as_str(), "languageId": "dockerfile", "version": 1, "text": ws.read("Dockerfile"),
        }}),
    ))];
    for version in 2..=6 {
        queued.push(Message::Notification(Notification::new(
            "textDocument/didChange".to_string(),
            json!({
                "textDocument": { "uri": uri.as_str(), "version": version },
                "contentChanges": [{ "range": range((0, 0), (0, 0)), "text": "\n" }],
            }),
        )));
    }
    let (mut client, _) = Client::start_with_queue(params, queued);
    // No check starts while messages wait: the first one is of version 6 (5 lines down).
    let first = client.publish_for(&uri);
    assert_eq!(first.version, Some(6));
    assert_eq!(first.diagnostics[0].range, range((8, 4), (8, 13)));
    let _ = hover(&mut client, &ws, "Dockerfile", Position::new(0, 0));
    assert_eq!(publishes_of(&mut client, &uri), vec![]);
    client.shutdown().expect("clean shutdown");
}

/// The versions published for `uri` and not yet consumed.
fn publishes_of(client: &mut Client, uri: &lsp_types::Uri) -> Vec<Option<i32>> {
    client
        .take_publishes()
        .into_iter()
        .filter(|publish| &publish.uri == uri)
        .map(|publish| publish.version)
        .collect()
}

/// Queues a full-text change of the Dockerfile to `text` at `version`.
fn replace_dockerfile(client: &Client, ws: &TempWorkspace, version: i32, text: &str) {
    change(client, ws, "Dockerfile", version, json!([{ "text": text }]));
}

#[test]
fn a_burst_of_changes_while_a_check_runs_ends_with_one_publish_of_the_latest_version() {
    let ws = TempWorkspace::new("burst-in-flight");
    let (mut client, _, checks) =
        Client::start_held(initialize_params(&ws.root, json!({}), Value::Null));
    let uri = ws.uri("Dockerfile");
    let disk = ws.read("Dockerfile");
    // The startup checks (the folder and the unit of loose files) are in flight, held,
    // while the whole burst arrives.
    checks.wait_started(STARTUP_CHECKS);
    open(&client, &ws, "Dockerfile", &disk);
    for version in 2..=5 {
        replace_dockerfile(
            &client,
            &ws,
            version,
            &format!("{}{disk}", "\n".repeat(version as usize)),
        );
    }
    let _ = hover(&mut client, &ws, "Dockerfile", Position::new(0, 0));
    checks.release(STARTUP_CHECKS);

    // The folder's startup result is stale and dropped; one check of version 5 follows.
    checks.wait_started(1);
    checks.release(1);
    let publish = client.publish_for(&uri);
    assert_eq!(publish.version, Some(5));
    assert_eq!(publish.diagnostics[0].range, range((8, 4), (8, 13)));
    let _ = hover(&mut client, &ws, "Dockerfile", Position::new(0, 0));
    assert_eq!(publishes_of(&mut client, &uri), vec![]);
    drop(checks);
    client.shutdown().expect("clean shutdown");
}

#[test]
fn hover_is_answered_from_the_last_publish_while_a_check_is_in_flight() {
    let ws = TempWorkspace::new("hover-in-flight");
    let (mut client, _, checks) =
        Client::start_held(initialize_params(&ws.root, json!({}), Value::Null));
    let uri = ws.uri("Dockerfile");
    checks.wait_started(STARTUP_CHECKS);
    checks.release(STARTUP_CHECKS);
    assert_eq!(client.publish_at(&uri, None).diagnostics.len(), 1);

    // An edit that clears the finding is being checked, held: hover still shows it.
    let cleared = ws.read("Dockerfile").replace("ARG NPM_TOKEN\n", "");
    open(&client, &ws, "Dockerfile", &cleared);
    checks.wait_started(1);
    let shown = hover(&mut client, &ws, "Dockerfile", Position::new(3, 8));
    assert_eq!(shown["range"], json!(range((3, 4), (3, 13))));
    assert_eq!(publishes_of(&mut client, &uri), vec![]);

    checks.release(1);
    let publish = client.publish_for(&uri);
    assert_eq!((publish.version, publish.diagnostics), (Some(1), vec![]));
    assert_eq!(
        hover(&mut client, &ws, "Dockerfile", Position::new(3, 8)),
        Value::Null
    );
    drop(checks);
    client.shutdown().expect("clean shutdown");
}

#[test]
fn code_actions_offer_an_indented_ignore_comment_and_no_fix_all_without_fixes() {
    let ws = TempWorkspace::new("ignore-action");
    let pipeline = ws.read("bitbucket-pipelines.yml").replace(
        "          - export IMAGE=myorg/web:$BITBUCKET_COMMIT\n",
        "          - export IMAGE=myorg/web:$BITBUCKET_COMMIT\n          - export NPM_TOKEN=npm_a8Kd02LmQx7ZpR4tVw9YcB3nE6hJ1sUfGo5i\n",
    );
    let (mut client, _) = start(&ws);
    open(&client, &ws, "bitbucket-pipelines.yml", &pipeline);
    client.publish_at(&ws.uri("bitbucket-pipelines.yml"), Some(1));
    let at = range((16, 30), (16, 30));
    let actions = code_actions(&mut client, &ws, "bitbucket-pipelines.yml", at, Value::Null);
    let actions = actions.as_array().expect("a list");
    assert_eq!(actions.len(), 1);
    assert_eq!(
        actions[0]["title"],
        "Ignore this finding (hardcoded-secret)"
    );
    assert_eq!(actions[0]["kind"], "quickfix");
    assert_eq!(actions[0]["diagnostics"][0]["code"], "hardcoded-secret");
    let uri = ws.uri("bitbucket-pipelines.yml").as_str().to_string();
    assert_eq!(
        actions[0]["edit"]["changes"][&uri],
        json!([{ "range": range((16, 0), (16, 0)),
                 "newText": "          # stowaway: ignore[hardcoded-secret]\n" }])
    );
    let only_fix_all = json!(["source.fixAll"]);
    let fix_all = code_actions(
        &mut client,
        &ws,
        "bitbucket-pipelines.yml",
        at,
        only_fix_all,
    );
    assert_eq!(fix_all, json!([]));
    client.shutdown().expect("clean shutdown");
}

#[test]
fn code_action_on_the_dockerfile_arg_inserts_the_comment_above_it() {
    let ws = TempWorkspace::new("dockerfile-action");
    let (mut client, _) = start(&ws);
    client.publish_at(&ws.uri("Dockerfile"), None);
    let at = range((DOCKERFILE_ARG_LINE, 6), (DOCKERFILE_ARG_LINE, 6));
    let only = json!(["quickfix"]);
    let actions = code_actions(&mut client, &ws, "Dockerfile", at, only);
    let uri = ws.uri("Dockerfile").as_str().to_string();
    assert_eq!(
        actions[0]["title"],
        "Pass `NPM_TOKEN` as a BuildKit secret (`id=npm_token`) mounted into the RUNs that \
         read it, instead of a build arg"
    );
    let pipeline = ws.uri("bitbucket-pipelines.yml").as_str().to_string();
    assert_eq!(
        actions[0]["edit"]["changes"][&uri].as_array().map(Vec::len),
        Some(3)
    );
    assert_eq!(
        actions[0]["edit"]["changes"][&pipeline]
            .as_array()
            .map(Vec::len),
        Some(2)
    );
    assert_eq!(
        actions[1]["title"],
        "Ignore this finding (secret-in-build-cache)"
    );
    assert_eq!(
        actions[1]["edit"]["changes"][&uri],
        json!([{ "range": range((3, 0), (3, 0)),
                 "newText": "# stowaway: ignore[secret-in-build-cache]\n" }])
    );
    let elsewhere = code_actions(
        &mut client,
        &ws,
        "Dockerfile",
        range((0, 0), (0, 3)),
        Value::Null,
    );
    // Away from a finding only the document-wide fix-all is offered.
    let kinds: Vec<&Value> = elsewhere
        .as_array()
        .expect("a list")
        .iter()
        .map(|a| &a["kind"])
        .collect();
    assert_eq!(kinds, vec!["source.fixAll.stowaway"]);
    assert_eq!(elsewhere[0]["title"], "Fix all safe stowaway findings");
    client.shutdown().expect("clean shutdown");
}

#[test]
fn hover_shows_rule_message_and_related_paths() {
    let ws = TempWorkspace::new("hover");
    let (mut client, _) = start(&ws);
    client.publish_at(&ws.uri("Dockerfile"), None);
    let shown = hover(&mut client, &ws, "Dockerfile", Position::new(3, 8));
    assert_eq!(shown["range"], json!(range((3, 4), (3, 13))));
    assert_eq!(shown["contents"]["kind"], "markdown");
    let text = shown["contents"]["value"].as_str().expect("markdown");
    let expected_head = "**stowaway: [secret-in-build-cache](https://github.com/stowaway-dev/stowaway/blob/main/rules/secret-in-build-cache.md)** (error, high confidence)\n\nbuild arg `NPM_TOKEN` in stage `deps` holds the secret";
    assert!(text.starts_with(expected_head), "{text}");
    let related_list = "\nRelated:\n\
        - `bitbucket-pipelines.yml:19:37` `NPM_TOKEN` looks like a secured variable (its name contains TOKEN)\n\
        - `bitbucket-pipelines.yml:19:15` passed to `docker build` as `--build-arg NPM_TOKEN`\n\
        - `bitbucket-pipelines.yml:30:15` the anchored step runs in pipeline `pull-requests: **` here\n\
        - `bitbucket-pipelines.yml:26:15` the anchored step runs in pipeline `branches: main` here\n\
        - `bitbucket-pipelines.yml:14:13` the `docker` cache keeps every stage's layers (the build does not enable BuildKit)\n\
        \nFix (safe): Pass `NPM_TOKEN` as a BuildKit secret (`id=npm_token`) mounted into the RUNs that read it, instead of a build arg\n";
    assert!(text.ends_with(related_list), "{text}");
    let nothing = hover(&mut client, &ws, "Dockerfile", Position::new(0, 2));
    assert_eq!(nothing, Value::Null);
    client.shutdown().expect("clean shutdown");
}

#[test]
fn closing_a_modified_document_republishes_the_disk_text() {
    let ws = TempWorkspace::new("close");
    let (mut client, _) = start(&ws);
    let uri = ws.uri("Dockerfile");
    open(
        &client,
        &ws,
        "Dockerfile",
        &ws.read("Dockerfile").replace("ARG NPM_TOKEN\n", ""),
    );
    let edited = loop {
        let publish = client.publish_for(&uri);
        if publish.version == Some(1) {
            break publish;
        }
    };
    assert_eq!(edited.diagnostics, vec![]);
    client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri.as_str() } }),
    );
    let reverted = client.publish_for(&uri);
    assert_eq!(reverted.version, None);
    assert_eq!(reverted.diagnostics[0].range, range((3, 4), (3, 13)));
    client.shutdown().expect("clean shutdown");
}

#[test]
fn watched_file_changes_are_read_from_disk() {
    let ws = TempWorkspace::new("watched");
    let params = initialize_params(
        &ws.root,
        json!({ "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } } }),
        Value::Null,
    );
    let (mut client, _) = Client::start(params);
    let uri = ws.uri("Dockerfile");
    assert_eq!(client.publish_for(&uri).diagnostics.len(), 1);
    let pipeline = ws.read("bitbucket-pipelines.yml");
    ws.write(
        "bitbucket-pipelines.yml",
        &pipeline.replace("              --build-arg NPM_TOKEN=$NPM_TOKEN \\\n", ""),
    );
    let pipeline_uri = ws.uri("bitbucket-pipelines.yml");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": pipeline_uri.as_str(), "type": 2 }] }),
    );
    assert_eq!(client.publish_for(&uri).diagnostics, vec![]);
    assert_eq!(
        client.server_requests,
        vec!["client/registerCapability".to_string()]
    );
    client.shutdown().expect("clean shutdown");
}

#[test]
fn initialization_options_can_ignore_a_rule() {
    let ws = TempWorkspace::new("options");
    let options = json!({ "ignore": [RULE] });
    let (mut client, _) = Client::start(initialize_params(&ws.root, json!({}), options));
    open(&client, &ws, "Dockerfile", &ws.read("Dockerfile"));
    let publish = client.publish_for(&ws.uri("Dockerfile"));
    assert_eq!((publish.version, publish.diagnostics), (Some(1), vec![]));
    client.shutdown().expect("clean shutdown");
}

#[test]
fn unknown_requests_get_method_not_found() {
    let ws = TempWorkspace::new("unknown");
    let (mut client, _) = start(&ws);
    let response = client.request("textDocument/formatting", json!({}));
    assert_eq!(error_code(&response), Some(-32601));
    client.shutdown().expect("clean shutdown");
}

#[test]
fn malformed_params_get_invalid_params_and_the_server_carries_on() {
    let ws = TempWorkspace::new("malformed");
    let (mut client, _) = start(&ws);
    client.publish_at(&ws.uri("Dockerfile"), None);
    let response = client.request("textDocument/codeAction", json!({ "range": 3 }));
    assert_eq!(error_code(&response), Some(-32602));
    client.notify("textDocument/didOpen", json!({ "textDocument": 42 }));
    client.notify("textDocument/didChange", Value::Null);
    let shown = hover(&mut client, &ws, "Dockerfile", Position::new(3, 8));
    assert_eq!(shown["range"], json!(range((3, 4), (3, 13))));
    client.shutdown().expect("clean shutdown");
}

#[test]
fn requests_after_shutdown_are_invalid_and_exit_ends_cleanly() {
    let ws = TempWorkspace::new("shutdown");
    let (mut client, _) = start(&ws);
    let response = client.request("shutdown", Value::Null);
    assert_eq!(ok(response), Value::Null);
    let late = client.request("textDocument/hover", json!({}));
    assert_eq!(error_code(&late), Some(-32600));
    client.notify("exit", Value::Null);
    assert!(matches!(client.join(), Ok(())));
}

#[test]
fn exit_without_shutdown_is_reported_as_an_error() {
    let ws = TempWorkspace::new("exit");
    let (client, _) = start(&ws);
    client.notify("exit", Value::Null);
    assert!(matches!(
        client.join(),
        Err(ServerError::ExitWithoutShutdown)
    ));
}
