//! Whether a variable name looks secret, and which word says so.
//!
//! A name is split into words ([`split_words`]) and judged word by word ([`classify`]).
//! The principle, in order:
//!
//! 1. **Configuration** decides first: a configured secret name is secret (high, even when
//!    it is also listed as not secret), then a configured not-secret name is not.
//! 2. **Known names**: `BITBUCKET_SSH_KEY_FILE` is a credential (Bitbucket treats it as one,
//!    and whatever is built from it, `$(cat $BITBUCKET_SSH_KEY_FILE)`, is key material); the
//!    bare shell variables `PWD` and `OLDPWD` are directories, not passwords.
//! 3. **Secret words.** A *secret noun* anywhere ([`STRONG_NOUNS`], `PASS`, `PWD`, and fused
//!    compounds ending in `PASSWORD`, `PASSWD`, `SECRET`, `TOKEN` such as `dbpassword`).
//!    `KEY` counts only right after a *key qualifier* (`API_KEY`, `PRIVATE_KEY`,
//!    `ACCESS_KEY`, `SSH_KEY`, ...): a bare `KEY`, `GPG_KEY` or `CACHE_KEY` is usually a
//!    fingerprint, an id or a lookup key. `AUTH` counts only as the last word after a
//!    registry or tool word (`NPM_AUTH`, `NPM_CONFIG__AUTH`, `DOCKER_AUTH`), weakly after
//!    another word (`BASIC_AUTH`), never after a switch word (`ENABLE_AUTH`); `AUTH_TOKEN` is
//!    secret through `TOKEN`. `PAT` (personal access token) counts only as the last word.
//! 4. **Vetoes.** Once a name mentions a secret (a secret word, or `KEY`/`AUTH` anywhere), a
//!    *public adjective* anywhere (`PUBLIC`, `PUB`, `PUBLISHABLE`) or a *reference word*
//!    after the last such mention (`ID`, `NAME`, `FILE`, `URL`, `VERSION`, `PROMPT`, ...)
//!    makes it a name *about* a secret rather than the secret itself: `AWS_ACCESS_KEY_ID`,
//!    `SESSION_SECRET_FILE`, `PASSWORD_PROMPT_STRING`. A reference word *before* the secret
//!    word only qualifies it: `K8S_USER_TOKEN`, `ID_TOKEN` stay secret.
//!
//! Strength: [`Confidence::High`] for configured names and strong words; [`Confidence::Low`]
//! for words with a common harmless meaning: `PASS` (a pass, pass-through), `PWD` (the
//! current directory), `AUTH` after a word that is not a tool, `PAT` not after a tool word
//! (`FILE_PAT` may be a pattern), and `KEY` after a weak qualifier (`LICENSE_KEY`,
//! `CLIENT_KEY`, `APP_KEY`). This is the strength of the *name*; a finding's confidence is
//! decided by the flow analysis.

use std::ops::Range;

use crate::diagnostic::Confidence;

/// Nouns that make a name secret on their own, with high strength.
pub const STRONG_NOUNS: &[&str] = &[
    "PASSWORD",
    "PASSWORDS",
    "PASSWD",
    "PSW",
    "SECRET",
    "SECRETS",
    "TOKEN",
    "TOKENS",
    "CREDENTIAL",
    "CREDENTIALS",
    "CREDS",
    "APIKEY",
    "PASSPHRASE",
    "PRIVATEKEY",
    "SECRETKEY",
    "ACCESSKEY",
    "AUTHTOKEN",
];

/// Nouns that make a name secret with low strength: they have a common harmless meaning.
const WEAK_NOUNS: &[&str] = &["PASS", "PWD"];

/// Nouns also recognised as the end of a fused word (`dbpassword`, `GITHUBTOKEN`).
const FUSED_SUFFIXES: &[&str] = &["PASSWORD", "PASSWD", "SECRET", "TOKEN"];

/// Words after which `KEY` is key material, with high strength.
const STRONG_KEY_QUALIFIERS: &[&str] = &[
    "API",
    "PRIVATE",
    "ACCESS",
    "SECRET",
    "SSH",
    "SIGNING",
    "SIGN",
    "ENCRYPTION",
    "ENCRYPT",
    "DECRYPTION",
    "DECRYPT",
    "CRYPT",
    "CRYPTO",
    "MASTER",
    "DEPLOY",
    "HMAC",
    "JWT",
    "SESSION",
    "AUTH",
    "TLS",
    "SSL",
    "ACCOUNT",
];

/// Words after which `KEY` is probably key material, with low strength.
const WEAK_KEY_QUALIFIERS: &[&str] = &[
    "LICENSE", "LICENCE", "CLIENT", "APP", "SERVICE", "ADMIN", "STORAGE", "WEBHOOK",
];

/// Registry and tool words: `AUTH` or `PAT` after one of them is a credential.
const TOOL_WORDS: &[&str] = &[
    "NPM",
    "YARN",
    "PNPM",
    "PIP",
    "PYPI",
    "POETRY",
    "TWINE",
    "GITHUB",
    "GH",
    "GITLAB",
    "GL",
    "BITBUCKET",
    "BB",
    "DOCKER",
    "DOCKERHUB",
    "HUB",
    "REGISTRY",
    "ECR",
    "GCR",
    "ACR",
    "GHCR",
    "QUAY",
    "NUGET",
    "MAVEN",
    "MVN",
    "GRADLE",
    "ARTIFACTORY",
    "JFROG",
    "NEXUS",
    "AZURE",
    "ADO",
    "COMPOSER",
    "GEM",
    "RUBYGEMS",
    "CARGO",
    "HELM",
    "GIT",
    "SONAR",
    "CODECOV",
    "SENTRY",
    "VAULT",
];

/// Words that turn `AUTH` after them into a switch (`ENABLE_AUTH`), not a credential.
const SWITCH_WORDS: &[&str] = &[
    "USE", "ENABLE", "ENABLED", "DISABLE", "DISABLED", "SKIP", "REQUIRE", "REQUIRED", "NO", "WITH",
    "WITHOUT", "ALLOW", "ALLOWED", "IS", "HAS", "ENFORCE",
];

/// Adjectives that mark a secret-looking name as public wherever they stand.
const PUBLIC_WORDS: &[&str] = &["PUBLIC", "PUB", "PUBLISHABLE"];

/// Words that, after a secret word, make the name a reference to or a property of the
/// secret: where it is (`FILE`, `PATH`, `URL`), what it is called (`ID`, `NAME`, `ALIAS`),
/// who owns it (`USER`), or what describes it (`VERSION`, `TYPE`, `PROMPT`, `LENGTH`).
pub const REFERENCE_WORDS: &[&str] = &[
    "ID",
    "IDS",
    "NAME",
    "NAMES",
    "USER",
    "USERNAME",
    "USR",
    "FILE",
    "FILES",
    "FILENAME",
    "FILEPATH",
    "PATH",
    "PATHS",
    "DIR",
    "DIRS",
    "DIRECTORY",
    "URL",
    "URLS",
    "URI",
    "HOST",
    "HOSTNAME",
    "ENDPOINT",
    "ARN",
    "VERSION",
    "ALIAS",
    "TYPE",
    "FINGERPRINT",
    "PROMPT",
    "HINT",
    "LENGTH",
    "LEN",
    "TTL",
    "EXPIRY",
    "EXPIRES",
    "EXPIRATION",
    "HEADER",
    "HEADERS",
    "FIELD",
    "PARAM",
    "PARAMETER",
];

/// Bare names that look secret and are shell directories.
const SHELL_DIRECTORIES: &[&str] = &["PWD", "OLDPWD"];

/// Names Bitbucket Pipelines provides that are credentials although no word says so.
const BITBUCKET_CREDENTIALS: &[&str] = &["BITBUCKET_SSH_KEY_FILE"];

/// The configuration that extends or overrides the built-in word lists.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NameRules {
    secret_names: Vec<String>,
    not_secret_names: Vec<String>,
    extra_nouns: Vec<String>,
}

impl NameRules {
    /// Rules with configured secret names, not-secret names and extra secret nouns (all
    /// compared case-insensitively; nouns are compared to whole words).
    pub fn new(
        secret_names: &[String],
        not_secret_names: &[String],
        extra_nouns: &[String],
    ) -> Self {
        Self {
            secret_names: secret_names.to_vec(),
            not_secret_names: not_secret_names.to_vec(),
            extra_nouns: extra_nouns.to_vec(),
        }
    }
}

/// What a name says about its value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NameVerdict {
    /// The name looks secret.
    Secret {
        /// The word that made it secret, as written (`apiKey`, `TOKEN`, `PRIVATE_KEY`); the
        /// whole name when configuration or a known Bitbucket credential decided.
        word: String,
        /// The strength of the match: [`Confidence::High`] or [`Confidence::Low`].
        confidence: Confidence,
        /// Whether the name was configured as secret.
        configured: bool,
    },
    /// The name mentions a secret but refers to something public or non-secret.
    NotSecret {
        /// The word that marks it as such, as written, or `"configuration"`.
        word: String,
    },
    /// The name says nothing about secrets.
    Neutral,
}

impl NameVerdict {
    /// Whether the verdict is [`NameVerdict::Secret`].
    pub fn is_secret(&self) -> bool {
        matches!(self, NameVerdict::Secret { .. })
    }
}

/// Judges `name` under `rules`; see the [module documentation](self) for the principle.
pub fn classify(name: &str, rules: &NameRules) -> NameVerdict {
    if let Some(verdict) = configured(name, rules) {
        return verdict;
    }
    if let Some(verdict) = known_name(name) {
        return verdict;
    }

    let words = word_ranges(name);
    let upper: Vec<String> = words
        .iter()
        .map(|r| slice(name, r).to_ascii_uppercase())
        .collect();
    let hits = secret_hits(&words, &upper, rules);
    let mentions = upper
        .iter()
        .rposition(|w| w == "KEY" || w == "KEYS" || w == "AUTH");
    let last_mention = hits.iter().map(|hit| hit.last_word).chain(mentions).max();
    let Some(last_mention) = last_mention else {
        return NameVerdict::Neutral;
    };
    if let Some(veto) = veto_word(&upper, last_mention) {
        return NameVerdict::NotSecret {
            word: words.get(veto).map_or("", |r| slice(name, r)).to_string(),
        };
    }

    // The strongest hit wins; among equals, the first one written.
    let mut best: Option<&Hit> = None;
    for hit in &hits {
        if best.is_none_or(|b| hit.confidence > b.confidence) {
            best = Some(hit);
        }
    }
    match best {
        Some(hit) => NameVerdict::Secret {
            word: slice(name, &hit.range).to_string(),
            confidence: hit.confidence,
            configured: false,
        },
        None => NameVerdict::Neutral,
    }
}

/// Splits `name` into words on any character that is not a letter or digit (`_`, `-`, `.`)
/// and on camelCase boundaries, keeping acronyms whole: `AWSSecretKey` gives `AWS`,
/// `Secret`, `Key`; `githubToken` gives `github`, `Token`; digits stay in their word
/// (`K8S`, `s3Bucket` gives `s3`, `Bucket`).
pub fn split_words(name: &str) -> Vec<&str> {
    word_ranges(name).iter().map(|r| slice(name, r)).collect()
}

/// One word, or qualifier and `KEY`, that makes a name secret.
#[derive(Debug)]
struct Hit {
    range: Range<usize>,
    last_word: usize,
    confidence: Confidence,
}

fn configured(name: &str, rules: &NameRules) -> Option<NameVerdict> {
    let listed = |list: &[String]| list.iter().any(|n| n.eq_ignore_ascii_case(name));
    if listed(&rules.secret_names) {
        return Some(NameVerdict::Secret {
            word: name.to_string(),
            confidence: Confidence::High,
            configured: true,
        });
    }
    if listed(&rules.not_secret_names) {
        return Some(NameVerdict::NotSecret {
            word: "configuration".to_string(),
        });
    }
    None
}

fn known_name(name: &str) -> Option<NameVerdict> {
    if BITBUCKET_CREDENTIALS
        .iter()
        .any(|n| n.eq_ignore_ascii_case(name))
    {
        return Some(NameVerdict::Secret {
            word: name.to_string(),
            confidence: Confidence::High,
            configured: false,
        });
    }
    if SHELL_DIRECTORIES
        .iter()
        .any(|n| n.eq_ignore_ascii_case(name))
    {
        return Some(NameVerdict::NotSecret {
            word: name.to_string(),
        });
    }
    None
}

fn secret_hits(words: &[Range<usize>], upper: &[String], rules: &NameRules) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (i, word) in upper.iter().enumerate() {
        let Some(range) = words.get(i) else { continue };
        let single = |confidence| Hit {
            range: range.clone(),
            last_word: i,
            confidence,
        };
        if let Some(confidence) = noun_strength(word, rules) {
            hits.push(single(confidence));
        } else if word == "KEY" || word == "KEYS" {
            let qualifier = i
                .checked_sub(1)
                .and_then(|q| Some((upper.get(q)?, words.get(q)?)));
            if let Some((qualifier, qrange)) = qualifier
                && let Some(confidence) = key_qualifier_strength(qualifier)
            {
                hits.push(Hit {
                    range: qrange.start..range.end,
                    last_word: i,
                    confidence,
                });
            }
        } else if i + 1 == upper.len() && i > 0 {
            let before = upper.get(..i).unwrap_or_default();
            if let Some(confidence) = last_word_strength(word, before) {
                hits.push(single(confidence));
            }
        }
    }
    hits
}

fn noun_strength(word: &str, rules: &NameRules) -> Option<Confidence> {
    let strong = STRONG_NOUNS.contains(&word)
        || rules
            .extra_nouns
            .iter()
            .any(|n| n.eq_ignore_ascii_case(word))
        || FUSED_SUFFIXES
            .iter()
            .any(|s| word.len() > s.len() && word.ends_with(s));
    if strong {
        Some(Confidence::High)
    } else if WEAK_NOUNS.contains(&word) {
        Some(Confidence::Low)
    } else {
        None
    }
}

fn key_qualifier_strength(qualifier: &str) -> Option<Confidence> {
    if STRONG_KEY_QUALIFIERS.contains(&qualifier) {
        Some(Confidence::High)
    } else if WEAK_KEY_QUALIFIERS.contains(&qualifier) {
        Some(Confidence::Low)
    } else {
        None
    }
}

/// `AUTH` and `PAT` as the last word of a name, after the words `before` (never empty).
fn last_word_strength(word: &str, before: &[String]) -> Option<Confidence> {
    if word != "AUTH" && word != "PAT" {
        return None;
    }
    let after_tool = before.iter().any(|w| TOOL_WORDS.contains(&w.as_str()));
    let after_switch = before
        .last()
        .is_some_and(|w| SWITCH_WORDS.contains(&w.as_str()));
    if after_tool {
        Some(Confidence::High)
    } else if after_switch {
        None
    } else {
        Some(Confidence::Low)
    }
}

/// The index of the word that vetoes a name whose last secret mention is word `last`.
fn veto_word(upper: &[String], last: usize) -> Option<usize> {
    upper
        .iter()
        .position(|w| PUBLIC_WORDS.contains(&w.as_str()))
        .or_else(|| {
            let after = upper.get(last + 1..).unwrap_or_default();
            let found = after
                .iter()
                .position(|w| REFERENCE_WORDS.contains(&w.as_str()))?;
            Some(last + 1 + found)
        })
}

fn slice<'a>(name: &'a str, range: &Range<usize>) -> &'a str {
    name.get(range.clone()).unwrap_or_default()
}

fn word_ranges(name: &str) -> Vec<Range<usize>> {
    let chars: Vec<(usize, char)> = name.char_indices().collect();
    let mut words = Vec::new();
    let mut start: Option<usize> = None;
    for (k, &(at, c)) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if let Some(s) = start.take() {
                words.push(s..at);
            }
            continue;
        }
        match start {
            Some(s) if is_camel_boundary(&chars, k) => {
                words.push(s..at);
                start = Some(at);
            }
            Some(_) => {}
            None => start = Some(at),
        }
    }
    if let Some(s) = start {
        words.push(s..name.len());
    }
    words
}

/// Whether a new word starts at character `k`: lower to upper (`githubToken`), or the last
/// capital of an acronym or of a digit run followed by lower case (`AWSSecret`, `s3Bucket`).
fn is_camel_boundary(chars: &[(usize, char)], k: usize) -> bool {
    let Some(&(_, c)) = chars.get(k) else {
        return false;
    };
    if !c.is_uppercase() {
        return false;
    }
    let prev = k.checked_sub(1).and_then(|p| chars.get(p)).map(|&(_, p)| p);
    let next_is_lower = chars.get(k + 1).is_some_and(|&(_, n)| n.is_lowercase());
    match prev {
        Some(p) if p.is_lowercase() => true,
        Some(p) if p.is_uppercase() || p.is_numeric() => next_is_lower,
        _ => false,
    }
}
