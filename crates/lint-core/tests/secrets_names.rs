//! Secret-name classification: every pinned name, configuration, and word splitting.

use stowaway_lint_core::diagnostic::Confidence;
use stowaway_lint_core::secrets::{NameRules, NameVerdict, classify, split_words};

fn verdict(name: &str) -> NameVerdict {
    classify(name, &NameRules::default())
}

fn secret(word: &str, confidence: Confidence) -> NameVerdict {
    NameVerdict::Secret {
        word: word.to_string(),
        confidence,
        configured: false,
    }
}

fn not_secret(word: &str) -> NameVerdict {
    NameVerdict::NotSecret {
        word: word.to_string(),
    }
}

fn strings(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| n.to_string()).collect()
}

#[test]
fn public_adjective_vetoes_anywhere() {
    assert_eq!(verdict("PUBLIC_KEY"), not_secret("PUBLIC"));
    assert_eq!(verdict("public_token"), not_secret("public"));
    assert_eq!(verdict("STRIPE_PUBLISHABLE_KEY"), not_secret("PUBLISHABLE"));
}

#[test]
fn reference_word_after_the_secret_word_vetoes() {
    assert_eq!(verdict("AUTH_MODULE_VERSION"), not_secret("VERSION"));
    assert_eq!(verdict("SESSION_SECRET_FILE"), not_secret("FILE"));
    assert_eq!(verdict("KMS_KEY_ALIAS"), not_secret("ALIAS"));
    assert_eq!(verdict("KEY_NAME"), not_secret("NAME"));
    assert_eq!(verdict("PASSWORD_PROMPT_STRING"), not_secret("PROMPT"));
    assert_eq!(verdict("AWS_WEB_IDENTITY_TOKEN_FILE"), not_secret("FILE"));
    assert_eq!(verdict("AWS_ACCESS_KEY_ID"), not_secret("ID"));
    assert_eq!(verdict("TOKEN_URL"), not_secret("URL"));
    assert_eq!(verdict("AUTH_TYPE"), not_secret("TYPE"));
    assert_eq!(verdict("API_KEY_HEADER"), not_secret("HEADER"));
    assert_eq!(verdict("TOKEN_FIELD"), not_secret("FIELD"));
    assert_eq!(verdict("SECRET_PARAMETER"), not_secret("PARAMETER"));
    assert_eq!(verdict("SSH_KEY_PATH"), not_secret("PATH"));
    assert_eq!(verdict("gpgKeyFingerprint"), not_secret("Fingerprint"));
}

#[test]
fn reference_word_before_the_secret_word_only_qualifies_it() {
    assert_eq!(verdict("K8S_USER_TOKEN"), secret("TOKEN", Confidence::High));
    assert_eq!(verdict("ID_TOKEN"), secret("TOKEN", Confidence::High));
    assert_eq!(
        verdict("DB_USER_PASSWORD"),
        secret("PASSWORD", Confidence::High)
    );
}

#[test]
fn names_without_secret_words_are_neutral() {
    for name in [
        "GOPRIVATE",
        "GPG_KEY",
        "BITBUCKET_COMMIT",
        "DOCKER_HUB_USERNAME",
        "NODE_ENV",
        "PATH",
        "KEY",
        "CACHE_KEY",
        "AUTH",
        "ENABLE_AUTH",
        "PAT",
        "PASSTHROUGH",
        "",
        "__",
    ] {
        assert_eq!(verdict(name), NameVerdict::Neutral, "{name}");
    }
}

#[test]
fn bare_shell_directories_are_not_passwords() {
    assert_eq!(verdict("PWD"), not_secret("PWD"));
    assert_eq!(verdict("OLDPWD"), not_secret("OLDPWD"));
    assert_eq!(verdict("DB_PWD"), secret("PWD", Confidence::Low));
}

#[test]
fn strong_secret_nouns() {
    assert_eq!(verdict("NPM_TOKEN"), secret("TOKEN", Confidence::High));
    assert_eq!(
        verdict("OAUTH_CLIENT_SECRET"),
        secret("SECRET", Confidence::High)
    );
    assert_eq!(verdict("db_password"), secret("password", Confidence::High));
    assert_eq!(verdict("githubToken"), secret("Token", Confidence::High));
    assert_eq!(verdict("SOME_PSW"), secret("PSW", Confidence::High));
    assert_eq!(
        verdict("DOCKER_HUB_PASSWORD"),
        secret("PASSWORD", Confidence::High)
    );
    assert_eq!(verdict("FIREBASE_TOKEN"), secret("TOKEN", Confidence::High));
    assert_eq!(
        verdict("BITBUCKET_STEP_OIDC_TOKEN"),
        secret("TOKEN", Confidence::High)
    );
    assert_eq!(
        verdict("GOOGLE_CREDENTIALS"),
        secret("CREDENTIALS", Confidence::High)
    );
    assert_eq!(
        verdict("GPG_PASSPHRASE"),
        secret("PASSPHRASE", Confidence::High)
    );
    assert_eq!(
        verdict("SENDGRID_APIKEY"),
        secret("APIKEY", Confidence::High)
    );
    assert_eq!(verdict("AUTH_TOKEN"), secret("TOKEN", Confidence::High));
}

#[test]
fn fused_words_ending_in_a_noun_are_secret() {
    assert_eq!(
        verdict("dbpassword"),
        secret("dbpassword", Confidence::High)
    );
    assert_eq!(
        verdict("GITHUBTOKEN"),
        secret("GITHUBTOKEN", Confidence::High)
    );
}

#[test]
fn key_after_a_qualifier_is_secret() {
    assert_eq!(verdict("apiKey"), secret("apiKey", Confidence::High));
    assert_eq!(
        verdict("SSH_PRIVATE_KEY"),
        secret("PRIVATE_KEY", Confidence::High)
    );
    assert_eq!(
        verdict("AZURE_STORAGE_ACCOUNT_KEY"),
        secret("ACCOUNT_KEY", Confidence::High)
    );
    assert_eq!(
        verdict("LICENSE_KEY"),
        secret("LICENSE_KEY", Confidence::Low)
    );
}

#[test]
fn first_strongest_word_is_reported() {
    assert_eq!(
        verdict("AWS_SECRET_ACCESS_KEY"),
        secret("SECRET", Confidence::High)
    );
    assert_eq!(verdict("AWSSecretKey"), secret("Secret", Confidence::High));
    assert_eq!(
        verdict("ADMIN_PASS_TOKEN"),
        secret("TOKEN", Confidence::High)
    );
}

#[test]
fn auth_as_last_word() {
    assert_eq!(verdict("NPM_AUTH"), secret("AUTH", Confidence::High));
    assert_eq!(
        verdict("NPM_CONFIG__AUTH"),
        secret("AUTH", Confidence::High)
    );
    assert_eq!(verdict("BASIC_AUTH"), secret("AUTH", Confidence::Low));
    assert_eq!(verdict("USE_AUTH"), NameVerdict::Neutral);
}

#[test]
fn pat_as_last_word() {
    assert_eq!(verdict("GITHUB_PAT"), secret("PAT", Confidence::High));
    assert_eq!(verdict("FILE_PAT"), secret("PAT", Confidence::Low));
    assert_eq!(verdict("PAT_OWNER"), NameVerdict::Neutral);
}

#[test]
fn weak_nouns_have_low_strength() {
    assert_eq!(verdict("ADMIN_PASS"), secret("PASS", Confidence::Low));
}

#[test]
fn bitbucket_ssh_key_file_is_a_credential() {
    assert_eq!(
        verdict("BITBUCKET_SSH_KEY_FILE"),
        secret("BITBUCKET_SSH_KEY_FILE", Confidence::High)
    );
}

#[test]
fn other_bitbucket_defaults_are_not_secret() {
    for name in [
        "BITBUCKET_BUILD_NUMBER",
        "BITBUCKET_CLONE_DIR",
        "BITBUCKET_COMMIT",
        "BITBUCKET_WORKSPACE",
        "BITBUCKET_REPO_SLUG",
        "BITBUCKET_REPO_UUID",
        "BITBUCKET_REPO_FULL_NAME",
        "BITBUCKET_REPO_OWNER",
        "BITBUCKET_REPO_IS_PRIVATE",
        "BITBUCKET_BRANCH",
        "BITBUCKET_TAG",
        "BITBUCKET_BOOKMARK",
        "BITBUCKET_PARALLEL_STEP",
        "BITBUCKET_PARALLEL_STEP_COUNT",
        "BITBUCKET_PR_ID",
        "BITBUCKET_PR_DESTINATION_BRANCH",
        "BITBUCKET_GIT_HTTP_ORIGIN",
        "BITBUCKET_GIT_SSH_ORIGIN",
        "BITBUCKET_EXIT_CODE",
        "BITBUCKET_STEP_UUID",
        "BITBUCKET_PIPELINE_UUID",
        "BITBUCKET_DEPLOYMENT_ENVIRONMENT",
        "BITBUCKET_PROJECT_KEY",
        "BITBUCKET_PROJECT_UUID",
        "BITBUCKET_STEP_TRIGGERER_UUID",
        "BITBUCKET_DOCKER_HOST_INTERNAL",
    ] {
        assert!(!verdict(name).is_secret(), "{name}");
    }
}

#[test]
fn matching_is_case_insensitive() {
    assert_eq!(verdict("npm_token"), secret("token", Confidence::High));
    assert_eq!(verdict("Aws_Access_Key_Id"), not_secret("Id"));
}

#[test]
fn configured_secret_names_win() {
    let rules = NameRules::new(
        &strings(&["BUILD_ARG_X", "PUBLIC_KEY"]),
        &strings(&["PUBLIC_KEY"]),
        &[],
    );
    let configured = |word: &str| NameVerdict::Secret {
        word: word.to_string(),
        confidence: Confidence::High,
        configured: true,
    };
    assert_eq!(classify("BUILD_ARG_X", &rules), configured("BUILD_ARG_X"));
    assert_eq!(classify("build_arg_x", &rules), configured("build_arg_x"));
    assert_eq!(classify("PUBLIC_KEY", &rules), configured("PUBLIC_KEY"));
}

#[test]
fn configured_not_secret_names_win_over_words() {
    let rules = NameRules::new(&[], &strings(&["NPM_TOKEN", "PWD"]), &[]);
    assert_eq!(classify("NPM_TOKEN", &rules), not_secret("configuration"));
    assert_eq!(classify("PWD", &rules), not_secret("configuration"));
    assert_eq!(
        classify("YARN_TOKEN", &rules),
        secret("TOKEN", Confidence::High)
    );
}

#[test]
fn extra_nouns_are_strong_whole_words() {
    let rules = NameRules::new(&[], &[], &strings(&["cookie"]));
    assert_eq!(
        classify("SESSION_COOKIE", &rules),
        secret("COOKIE", Confidence::High)
    );
    assert_eq!(classify("COOKIE_NAME", &rules), not_secret("NAME"));
    assert_eq!(classify("COOKIES", &rules), NameVerdict::Neutral);
}

#[test]
fn split_words_on_separators_and_camel_case() {
    assert_eq!(split_words("AWSSecretKey"), ["AWS", "Secret", "Key"]);
    assert_eq!(split_words("githubToken"), ["github", "Token"]);
    assert_eq!(split_words("NPM_CONFIG__AUTH"), ["NPM", "CONFIG", "AUTH"]);
    assert_eq!(
        split_words("docker-hub.password"),
        ["docker", "hub", "password"]
    );
    assert_eq!(split_words("K8S_USER_TOKEN"), ["K8S", "USER", "TOKEN"]);
    assert_eq!(split_words("s3BucketName"), ["s3", "Bucket", "Name"]);
    assert_eq!(split_words("APIKey"), ["API", "Key"]);
    assert_eq!(split_words("_"), Vec::<&str>::new());
}

#[test]
fn split_words_keeps_multibyte_letters() {
    assert_eq!(
        split_words("clé_Secrète🔑token"),
        ["clé", "Secrète", "token"]
    );
    assert_eq!(split_words("ÉtéToken"), ["Été", "Token"]);
}
