//! Literal credentials: well-known token shapes found anywhere in a text
//! ([`find_credentials`]), and the judgement of a literal value assigned to a name
//! ([`looks_like_secret_value`]).
//!
//! The matchers are hand-written byte scanners. Every shape starts and ends on an ASCII
//! byte, so match ranges always fall on character boundaries, whatever the text holds.
//! A shape must stand alone: the bytes around it are not letters, digits or `+`, so a
//! shape inside a longer base64 run or identifier is ignored. Documentation placeholders
//! are ignored too: a body made of one repeated character, or containing `EXAMPLE`
//! (`AKIAIOSFODNN7EXAMPLE`).

use crate::text::TextRange;

use CredentialKind as K;

/// A literal credential found in a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CredentialMatch {
    /// Where the credential is, in bytes of the scanned text.
    pub range: TextRange,
    /// What it is.
    pub kind: CredentialKind,
}

/// The kinds of literal credential stowaway recognises.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CredentialKind {
    /// `AKIA` or `ASIA` and 16 upper-case letters or digits.
    AwsAccessKeyId,
    /// 40 base64 characters assigned to a name ending in `secret_access_key`.
    AwsSecretAccessKey,
    /// `ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_` and 36 or more letters or digits, or
    /// `github_pat_` and 82 or more letters, digits or `_`.
    GitHubToken,
    /// `glpat-` and 20 or more letters, digits, `_`, `-` or `.`.
    GitLabToken,
    /// `xoxb-`, `xoxa-`, `xoxp-`, `xoxr-`, `xoxs-` and a digit, then 9 or more letters,
    /// digits or `-`.
    SlackToken,
    /// `https://hooks.slack.com/services/T…/B…/…`.
    SlackWebhook,
    /// `npm_` and 36 letters or digits.
    NpmToken,
    /// A `-----BEGIN … PRIVATE KEY-----` block with key material.
    PrivateKeyBlock,
    /// `sk_live_` or `rk_live_` and 16 or more letters or digits.
    StripeKey,
    /// `AIza` and 35 letters, digits, `_` or `-`.
    GoogleApiKey,
    /// `dckr_pat_` and 24 to 64 letters, digits, `_` or `-`.
    DockerHubToken,
    /// `ATBB` and 32 letters or digits.
    BitbucketAppPassword,
    /// A URL with a literal password: `https://user:password@host`. Only reported by
    /// [`looks_like_secret_value`].
    UrlWithCredentials,
    /// A high-entropy value assigned to a secret name. Only reported by
    /// [`looks_like_secret_value`].
    GenericHighEntropy,
    /// A literal value in a password position (`docker login -p VALUE`), whatever it
    /// looks like. Only reported by the rules that know the position.
    Password,
}

impl CredentialKind {
    /// A short description for messages, e.g. "AWS access key ID".
    pub fn description(self) -> &'static str {
        match self {
            CredentialKind::AwsAccessKeyId => "AWS access key ID",
            CredentialKind::AwsSecretAccessKey => "AWS secret access key",
            CredentialKind::GitHubToken => "GitHub token",
            CredentialKind::GitLabToken => "GitLab personal access token",
            CredentialKind::SlackToken => "Slack token",
            CredentialKind::SlackWebhook => "Slack webhook URL",
            CredentialKind::NpmToken => "npm access token",
            CredentialKind::PrivateKeyBlock => "private key",
            CredentialKind::StripeKey => "Stripe live secret key",
            CredentialKind::GoogleApiKey => "Google API key",
            CredentialKind::DockerHubToken => "Docker Hub access token",
            CredentialKind::BitbucketAppPassword => "Bitbucket app password",
            CredentialKind::UrlWithCredentials => "URL with an embedded password",
            CredentialKind::GenericHighEntropy => "high-entropy secret value",
            CredentialKind::Password => "literal password",
        }
    }
}

/// A token shape recognised by a fixed prefix and a run of body bytes.
struct PrefixShape {
    prefix: &'static str,
    body: fn(u8) -> bool,
    min: usize,
    max: usize,
    kind: CredentialKind,
}

const fn shape(
    prefix: &'static str,
    body: fn(u8) -> bool,
    min: usize,
    max: usize,
    kind: CredentialKind,
) -> PrefixShape {
    PrefixShape {
        prefix,
        body,
        min,
        max,
        kind,
    }
}

fn upper_or_digit(b: u8) -> bool {
    b.is_ascii_uppercase() || b.is_ascii_digit()
}

fn alnum(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

fn alnum_underscore(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn alnum_dash_underscore(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

fn alnum_dash(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-'
}

fn gitlab_body(b: u8) -> bool {
    alnum_dash_underscore(b) || b == b'.'
}

fn base64_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'+' || b == b'/'
}

/// Bytes that may not touch a token on either side.
const fn joins_token(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'+'
}

const PREFIX_SHAPES: &[PrefixShape] = &[
    shape("AKIA", upper_or_digit, 16, 16, K::AwsAccessKeyId),
    shape("ASIA", upper_or_digit, 16, 16, K::AwsAccessKeyId),
    shape("ghp_", alnum, 36, 251, K::GitHubToken),
    shape("gho_", alnum, 36, 251, K::GitHubToken),
    shape("ghu_", alnum, 36, 251, K::GitHubToken),
    shape("ghs_", alnum, 36, 251, K::GitHubToken),
    shape("ghr_", alnum, 36, 251, K::GitHubToken),
    shape("github_pat_", alnum_underscore, 82, 244, K::GitHubToken),
    shape("glpat-", gitlab_body, 20, 250, K::GitLabToken),
    shape("xoxb-", alnum_dash, 10, 250, K::SlackToken),
    shape("xoxa-", alnum_dash, 10, 250, K::SlackToken),
    shape("xoxp-", alnum_dash, 10, 250, K::SlackToken),
    shape("xoxr-", alnum_dash, 10, 250, K::SlackToken),
    shape("xoxs-", alnum_dash, 10, 250, K::SlackToken),
    shape("npm_", alnum, 36, 36, K::NpmToken),
    shape("sk_live_", alnum, 16, 247, K::StripeKey),
    shape("rk_live_", alnum, 16, 247, K::StripeKey),
    shape("AIza", alnum_dash_underscore, 35, 35, K::GoogleApiKey),
    shape(
        "dckr_pat_",
        alnum_dash_underscore,
        24,
        64,
        K::DockerHubToken,
    ),
    shape("ATBB", alnum, 32, 32, K::BitbucketAppPassword),
];

/// Every well-known credential shape in `text`, in order, without overlaps (an earlier,
/// then longer, match wins: a token shape inside a private key block is not reported).
pub fn find_credentials(text: &str) -> Vec<CredentialMatch> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    // One pass over the bytes: a table says which pairs of bytes may start a credential,
    // so most bytes cost one lookup, and a candidate is compared only with the shapes that
    // start with its first byte. The last byte pairs with a NUL, which starts nothing.
    let pairs = bytes.windows(2).map(|pair| (pair[0], pair[1]));
    let last = bytes.last().map(|&byte| (byte, 0));
    let mut after_token_byte = false;
    for (at, (byte, next)) in pairs.chain(last).enumerate() {
        let class = PAIR_CLASS[usize::from(u16::from_be_bytes([byte, next]))];
        if class != 0 {
            found.extend(candidate_at(text, at, class, after_token_byte));
        }
        after_token_byte = JOINS_TOKEN[usize::from(byte)];
    }

    found.sort_by_key(|m: &CredentialMatch| (m.range.start, std::cmp::Reverse(m.range.end)));
    let mut kept: Vec<CredentialMatch> = Vec::with_capacity(found.len());
    for m in found {
        if kept
            .last()
            .is_none_or(|last| m.range.start >= last.range.end)
        {
            kept.push(m);
        }
    }
    kept
}

/// [`PAIR_CLASS`] bit: the two bytes start one of the [`PREFIX_SHAPES`].
const STARTS_PREFIX: u8 = 1;
/// [`PAIR_CLASS`] bit: the two bytes start an AWS secret key name (`se…`, any case).
const STARTS_AWS_NAME: u8 = 2;
/// [`PAIR_CLASS`] bit: the two bytes start [`SLACK_HOST`] or [`PEM_BEGIN`].
const STARTS_ANCHOR: u8 = 4;

/// Whether each byte value may not touch a token ([`joins_token`]).
static JOINS_TOKEN: [bool; 256] = {
    let mut joins = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        joins[byte] = joins_token(byte as u8);
        byte += 1;
    }
    joins
};

/// The credential starting at `at`, whose two bytes have the [`PAIR_CLASS`] `class`;
/// `after_token_byte` when the byte before may not touch a token.
fn candidate_at(
    text: &str,
    at: usize,
    class: u8,
    after_token_byte: bool,
) -> Option<CredentialMatch> {
    let bytes = text.as_bytes();
    let prefixed = (class & STARTS_PREFIX != 0 && !after_token_byte)
        .then(|| prefix_shape_at(bytes, at))
        .flatten();
    prefixed
        .or_else(|| {
            (class & STARTS_AWS_NAME != 0)
                .then(|| aws_secret_key_at(bytes, at))
                .flatten()
        })
        .or_else(|| {
            (class & STARTS_ANCHOR != 0)
                .then(|| slack_webhook_at(text, at).or_else(|| private_key_block_at(text, at)))
                .flatten()
        })
}

/// The host of Slack webhook URLs.
const SLACK_HOST: &str = "hooks.slack.com/services/";
/// The start of a PEM block's BEGIN marker.
const PEM_BEGIN: &str = "-----BEGIN ";

/// The class bits of every pair of bytes (first byte × 256 + second byte): the scan looks
/// closer only where two bytes may start a credential.
static PAIR_CLASS: [u8; 65536] = pair_classes();

const fn pair_classes() -> [u8; 65536] {
    let mut classes = [0u8; 65536];
    let mut shape = 0;
    while shape < PREFIX_SHAPES.len() {
        classes[pair_index(PREFIX_SHAPES[shape].prefix)] |= STARTS_PREFIX;
        shape += 1;
    }
    let aws = [b"se", b"sE", b"Se", b"SE"];
    let mut case = 0;
    while case < aws.len() {
        classes[(aws[case][0] as usize) << 8 | aws[case][1] as usize] |= STARTS_AWS_NAME;
        case += 1;
    }
    classes[pair_index(SLACK_HOST)] |= STARTS_ANCHOR;
    classes[pair_index(PEM_BEGIN)] |= STARTS_ANCHOR;
    classes
}

/// The [`PAIR_CLASS`] index of the first two bytes of `prefix`.
const fn pair_index(prefix: &str) -> usize {
    let bytes = prefix.as_bytes();
    (bytes[0] as usize) << 8 | bytes[1] as usize
}

/// For every byte value, the indexes into [`PREFIX_SHAPES`] of the shapes starting with it,
/// as bits.
static SHAPES_BY_FIRST_BYTE: [u32; 256] = shapes_by_first_byte();

const fn shapes_by_first_byte() -> [u32; 256] {
    assert!(PREFIX_SHAPES.len() <= 32, "one bit per shape");
    let mut by_byte = [0u32; 256];
    let mut shape = 0;
    while shape < PREFIX_SHAPES.len() {
        let first = PREFIX_SHAPES[shape].prefix.as_bytes()[0];
        by_byte[first as usize] |= 1 << shape;
        shape += 1;
    }
    by_byte
}

/// The indexes of the shapes starting with `first`, in [`PREFIX_SHAPES`] order.
fn shapes_starting_with(first: u8) -> impl Iterator<Item = usize> {
    let mut bits = SHAPES_BY_FIRST_BYTE[usize::from(first)];
    std::iter::from_fn(move || {
        let index = bits.trailing_zeros();
        bits &= bits.wrapping_sub(1);
        (index < 32).then_some(index as usize)
    })
}

fn prefix_shape_at(bytes: &[u8], at: usize) -> Option<CredentialMatch> {
    let rest = bytes.get(at..)?;
    let first = *rest.first()?;
    let mut starting = shapes_starting_with(first).filter_map(|index| PREFIX_SHAPES.get(index));
    starting.find_map(|shape| {
        let body_start = shape.prefix.len();
        if !rest.starts_with(shape.prefix.as_bytes()) {
            return None;
        }
        let body = rest.get(body_start..)?;
        // Bounded, so that a long run of body bytes costs little at every start.
        let mut len = body
            .iter()
            .take(shape.max + 1)
            .take_while(|&&b| (shape.body)(b))
            .count();
        if len > shape.max {
            return None;
        }
        // A sentence may end right after a token whose body allows `.` or `-`.
        while len > 0 && matches!(body.get(len - 1), Some(b'.' | b'-')) {
            len -= 1;
        }
        let after = body.get(len).copied();
        let body = body.get(..len)?;
        let digit_first =
            shape.kind != K::SlackToken || body.first().is_some_and(u8::is_ascii_digit);
        let fits = (shape.min..=shape.max).contains(&len) && !after.is_some_and(joins_token);
        (fits && digit_first && !is_placeholder_body(body)).then(|| CredentialMatch {
            range: TextRange::new(at, at + body_start + len),
            kind: shape.kind,
        })
    })
}

/// A body that documentation uses as a stand-in: one repeated byte, or `EXAMPLE` in it.
fn is_placeholder_body(body: &[u8]) -> bool {
    let one_byte = body
        .first()
        .is_some_and(|&first| body.iter().all(|&b| b == first));
    let example = body.windows(7).any(|w| w.eq_ignore_ascii_case(b"EXAMPLE"));
    one_byte || example
}

/// The Slack webhook URL whose host starts at `at`, its scheme included.
fn slack_webhook_at(text: &str, at: usize) -> Option<CredentialMatch> {
    let bytes = text.as_bytes();
    if !bytes.get(at..)?.starts_with(SLACK_HOST.as_bytes()) {
        return None;
    }
    let len = slack_webhook_path(bytes.get(at + SLACK_HOST.len()..)?)?;
    let start = ["https://", "http://"]
        .iter()
        .find(|scheme| at >= scheme.len() && text.get(at - scheme.len()..at) == Some(scheme))
        .map_or(at, |scheme| at - scheme.len());
    Some(CredentialMatch {
        range: TextRange::new(start, at + SLACK_HOST.len() + len),
        kind: K::SlackWebhook,
    })
}

/// Length of `T…/B…/secret` at the start of `path`, when it has that shape.
fn slack_webhook_path(path: &[u8]) -> Option<usize> {
    let team = segment(path, b'T', upper_or_digit)?;
    let bot_start = team + 1;
    let bot = segment(path.get(bot_start..)?, b'B', upper_or_digit)?;
    let secret_start = bot_start + bot + 1;
    let secret = path.get(secret_start..)?;
    let len = secret.iter().take_while(|&&b| alnum(b)).count();
    let body = secret.get(..len)?;
    (len >= 16 && !is_placeholder_body(body)).then_some(secret_start + len)
}

/// Length of `first` and 6 or more `body` bytes, when followed by `/`.
fn segment(bytes: &[u8], first: u8, body: fn(u8) -> bool) -> Option<usize> {
    if bytes.first() != Some(&first) {
        return None;
    }
    let len = 1 + bytes.get(1..)?.iter().take_while(|&&b| body(b)).count();
    (len >= 7 && bytes.get(len) == Some(&b'/')).then_some(len)
}

/// The AWS secret key assigned to a `…secret_access_key` name starting at `at`.
fn aws_secret_key_at(bytes: &[u8], at: usize) -> Option<CredentialMatch> {
    const NAMES: [&[u8]; 3] = [
        b"secret_access_key",
        b"secretaccesskey",
        b"secret-access-key",
    ];
    let rest = bytes.get(at..)?;
    let name = NAMES.iter().find(|n| {
        rest.get(..n.len())
            .is_some_and(|r| r.eq_ignore_ascii_case(n))
    })?;
    let value_at = at + name.len() + assignment_len(rest.get(name.len()..)?)?;

    let value = bytes.get(value_at..)?;
    let len = value.iter().take_while(|&&b| base64_char(b)).count();
    let after = value.get(len).copied();
    let alone = !after.is_some_and(|b| base64_char(b) || b == b'=');
    (len == 40 && alone && !is_placeholder_body(value.get(..len)?)).then(|| CredentialMatch {
        range: TextRange::new(value_at, value_at + len),
        kind: K::AwsSecretAccessKey,
    })
}

/// Length of an assignment between a name and its value: one `=` or `:` with spaces and
/// quotes around it; `None` when there is no operator.
fn assignment_len(bytes: &[u8]) -> Option<usize> {
    let filler = |from: usize| {
        let rest = bytes.get(from..).unwrap_or_default();
        from + rest
            .iter()
            .take_while(|&&b| matches!(b, b' ' | b'\t' | b'"' | b'\''))
            .count()
    };
    let operator = filler(0);
    matches!(bytes.get(operator), Some(b'=' | b':')).then(|| filler(operator + 1))
}

/// Least number of base64 bytes that make a private key block a credential.
const MIN_KEY_MATERIAL: usize = 40;

/// Private key blocks: a `-----BEGIN <label>-----` marker naming a private key, then body
/// lines (base64, or PEM headers such as `Proc-Type: 4,ENCRYPTED`), then the END marker
/// of the same label. Body lines are split at line breaks and at the `\n` escapes of a
/// quoted string. A block whose body stops before such an END marker (another line, a
/// closing quote, the end of the text) is reported from its BEGIN marker to its last key
/// material, so that it never reaches into a later key.
/// The private key block whose BEGIN marker starts at `at`.
fn private_key_block_at(text: &str, at: usize) -> Option<CredentialMatch> {
    if !text.as_bytes().get(at..)?.starts_with(PEM_BEGIN.as_bytes()) {
        return None;
    }
    let (label, body_start) = private_key_label(text, at)?;
    let body = key_body(text, body_start, label);
    (body.material >= MIN_KEY_MATERIAL).then(|| CredentialMatch {
        range: TextRange::new(at, body.end),
        kind: K::PrivateKeyBlock,
    })
}

/// The label of a `-----BEGIN <label>-----` marker at `at` naming a private key, and the
/// offset after the marker.
fn private_key_label(text: &str, at: usize) -> Option<(&str, usize)> {
    let label_start = at + PEM_BEGIN.len();
    let after_begin = text.get(label_start..)?;
    let label_len = after_begin.find("-----")?;
    let label = after_begin.get(..label_len)?;
    let private = label.contains("PRIVATE KEY") && !label.contains('\n');
    private.then_some((label, label_start + label_len + "-----".len()))
}

/// What follows a BEGIN marker.
struct KeyBody {
    /// Number of base64 bytes in the body lines.
    material: usize,
    /// After the END marker when the block is closed, else after the last key material
    /// (or at the body's start when there is none).
    end: usize,
}

/// How one body line reads; offsets count from the line's first non-blank byte.
enum BodyLine {
    /// Blank, a quote, or a PEM header: the body goes on.
    Blank,
    /// Base64 (quoted or not) with this many bytes, ending at this offset: the body goes on.
    Material(usize, usize),
    /// Base64 then a closing quote and more (`...' > key`): the body ends at this offset.
    Closing(usize, usize),
    /// The END marker of the block's label, ending at this offset.
    End(usize),
    /// Anything else: the body stopped before it.
    Other,
}

/// Reads the body lines from `start` up to the END marker of `label`.
fn key_body(text: &str, start: usize, label: &str) -> KeyBody {
    let end_marker = format!("-----END {label}-----");
    let mut body = KeyBody {
        material: 0,
        end: start,
    };
    let mut line_start = start;
    while line_start <= text.len() {
        let (line_end, next) = body_line_end(text, line_start);
        let line = text.get(line_start..line_end).unwrap_or_default();
        let content_start = line_start + (line.len() - line.trim_start().len());
        match body_line(line.trim(), &end_marker) {
            BodyLine::Blank => {}
            BodyLine::Material(material, end) => {
                body.material += material;
                body.end = content_start + end;
            }
            BodyLine::Closing(material, end) => {
                body.material += material;
                body.end = content_start + end;
                break;
            }
            BodyLine::End(end) => {
                body.end = content_start + end;
                break;
            }
            BodyLine::Other => break,
        }
        line_start = next;
    }
    body
}

/// The end of the body line starting at `start` (a line break, a `\n` escape, or the end
/// of the text), and where the next line starts.
fn body_line_end(text: &str, start: usize) -> (usize, usize) {
    let rest = text.get(start..).unwrap_or_default();
    let newline = rest.find('\n').map(|at| (start + at, start + at + 1));
    let escape = rest.find("\\n").map(|at| (start + at, start + at + 2));
    match (newline, escape) {
        (Some(a), Some(b)) => a.min(b),
        (Some(found), None) | (None, Some(found)) => found,
        // Past the end: the loop stops.
        (None, None) => (text.len(), text.len() + 1),
    }
}

/// Classifies one trimmed body line. A line may be quoted on its own (`'MIIE...' \`, one
/// `printf` argument a line), and ends with a continuation backslash in a Dockerfile.
fn body_line(line: &str, end_marker: &str) -> BodyLine {
    let line = line.trim_end_matches(['\\', '\r']).trim_end();
    let quote = usize::from(line.starts_with(['"', '\'']));
    let inner = line.get(quote..).unwrap_or_default();
    if inner.starts_with(end_marker) {
        return BodyLine::End(quote + end_marker.len());
    }
    let bytes = inner.as_bytes();
    let material = bytes.iter().take_while(|&&b| pem_body_byte(b)).count();
    let end = quote + material;
    match (bytes.get(material), bytes.get(material + 1..)) {
        (None, _) if material == 0 => BodyLine::Blank,
        (None, _) => BodyLine::Material(material, end),
        (Some(b'"' | b'\''), Some([])) if material > 0 => BodyLine::Material(material, end),
        (Some(b'"' | b'\''), _) if material > 0 => BodyLine::Closing(material, end),
        (Some(b'"' | b'\''), Some([])) => BodyLine::Blank,
        _ if is_pem_header(inner) => BodyLine::Blank,
        _ => BodyLine::Other,
    }
}

/// A byte of a PEM body line: base64, padding, or the `-` and `_` of base64url.
fn pem_body_byte(b: u8) -> bool {
    base64_char(b) || matches!(b, b'=' | b'-' | b'_')
}

/// A PEM header line (RFC 1421): `Proc-Type: 4,ENCRYPTED`, `DEK-Info: AES-128-CBC,...`.
fn is_pem_header(line: &str) -> bool {
    line.split_once(": ").is_some_and(|(name, value)| {
        !name.is_empty()
            && name.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-')
            && !value.trim().is_empty()
            && !value.contains("-----")
    })
}

/// Shortest literal, in characters, judged a high-entropy secret.
pub const MIN_SECRET_CHARS: usize = 10;

/// Lowest Shannon entropy, in bits per character, of a high-entropy secret.
pub const MIN_SECRET_ENTROPY: f64 = 3.0;

/// Whether the literal `value` of a `NAME=value` pair is a credential, and which kind.
///
/// Whatever the name: a well-known shape anywhere in the value gives its kind, and a URL
/// with a literal password (`https://user:s3cr3t@host`) gives
/// [`CredentialKind::UrlWithCredentials`] (not when the password is a `$` reference, a
/// placeholder, or equal to the user name, as in `postgres://postgres:postgres@db`).
/// When `name_verdict_is_secret`, the value is also a credential
/// ([`CredentialKind::GenericHighEntropy`]) when it has [`MIN_SECRET_CHARS`] characters or
/// more, two character classes or more (lower, upper, digit, other) and a Shannon entropy
/// of [`MIN_SECRET_ENTROPY`] bits per character or more, unless it is one of the forms that
/// are not secret values: empty, a `$VAR`, `${VAR}`, `$(...)` or backtick reference, a path,
/// a URL, a key fingerprint ([`is_fingerprint`]), a placeholder (`changeme`, `<token>`,
/// `your-token-here`, `xxxx`, one repeated character, ...), a boolean or number, or words
/// (`my-app-name`, `AwsSecretsManager`). Surrounding spaces and one pair of quotes are
/// ignored.
pub fn looks_like_secret_value(
    name_verdict_is_secret: bool,
    value: &str,
) -> Option<CredentialKind> {
    let value = unquote(value.trim());
    if let Some(found) = find_credentials(value).first() {
        return Some(found.kind);
    }
    if value.contains("://") {
        return url_has_password(value).then_some(CredentialKind::UrlWithCredentials);
    }
    if !name_verdict_is_secret || is_not_secret_literal(value) {
        return None;
    }
    is_high_entropy(value).then_some(CredentialKind::GenericHighEntropy)
}

/// Whether `value` is an OpenPGP key fingerprint or long key id: 40 or 16 hexadecimal
/// digits, optionally after `0x` and in groups separated by spaces, letters all of one case.
pub fn is_fingerprint(value: &str) -> bool {
    let value = value.trim();
    let value = value
        .strip_prefix("0x")
        .or_else(|| value.strip_prefix("0X"))
        .unwrap_or(value);
    let digits: Vec<u8> = value.bytes().filter(|&b| b != b' ').collect();
    let all_hex = digits.iter().all(u8::is_ascii_hexdigit);
    let has_upper = digits.iter().any(u8::is_ascii_uppercase);
    let has_lower = digits.iter().any(u8::is_ascii_lowercase);
    matches!(digits.len(), 16 | 40) && all_hex && !(has_upper && has_lower)
}

fn unquote(value: &str) -> &str {
    for quote in ['"', '\''] {
        if let Some(inner) = value
            .strip_prefix(quote)
            .and_then(|v| v.strip_suffix(quote))
        {
            return inner;
        }
    }
    value
}

/// Whether the URL `value` carries a literal password in its authority.
fn url_has_password(value: &str) -> bool {
    let Some((_, after_scheme)) = value.split_once("://") else {
        return false;
    };
    let authority_end = after_scheme
        .find(['/', '?', '#'])
        .unwrap_or(after_scheme.len());
    let authority = after_scheme.get(..authority_end).unwrap_or_default();
    let Some((userinfo, _host)) = authority.rsplit_once('@') else {
        return false;
    };
    let Some((user, password)) = userinfo.split_once(':') else {
        return false;
    };
    !password.is_empty()
        && !password.starts_with('$')
        && !password.eq_ignore_ascii_case(user)
        && !is_placeholder(password)
}

fn is_not_secret_literal(value: &str) -> bool {
    value.is_empty()
        || is_reference(value)
        || is_path(value)
        || is_fingerprint(value)
        || is_placeholder(value)
        || is_boolean_or_number(value)
        || is_words(value)
        || is_name_list(value)
}

/// A list of names or relative paths (`vault/app/db,vault/app/api`, `secret1 secret2`):
/// every part between `/`, `,`, `;` or spaces is written in one letter case, which
/// encoded credentials (base64, random tokens) are not.
fn is_name_list(value: &str) -> bool {
    let separated = value.contains(['/', ',', ';', ' ']);
    let one_case = |part: &str| {
        let upper = part.bytes().any(|b| b.is_ascii_uppercase());
        let lower = part.bytes().any(|b| b.is_ascii_lowercase());
        let tidy = part
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-:".contains(&b));
        tidy && !(upper && lower)
    };
    separated && value.split(['/', ',', ';', ' ']).all(one_case)
}

/// `$VAR`, `${VAR}`, `$(cmd)` or a backtick command anywhere in the value.
fn is_reference(value: &str) -> bool {
    let bytes = value.as_bytes();
    let dollar = bytes.windows(2).any(|w| {
        w.first() == Some(&b'$')
            && w.get(1)
                .is_some_and(|&b| b.is_ascii_alphabetic() || matches!(b, b'_' | b'{' | b'('))
    });
    dollar || value.contains('`')
}

fn is_path(value: &str) -> bool {
    let relative = ["./", "../", "~/"].iter().any(|p| value.starts_with(p)) || value == "~";
    let absolute = value.starts_with('/')
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/._-~@".contains(&b));
    relative || absolute
}

const PLACEHOLDER_WORDS: &[&str] = &[
    "password",
    "passwd",
    "secret",
    "token",
    "test",
    "testing",
    "dummy",
    "example",
    "sample",
    "placeholder",
    "none",
    "null",
    "nil",
    "undefined",
    "empty",
    "unset",
    "default",
    "todo",
    "tbd",
    "fake",
    "mock",
    "foo",
    "bar",
    "foobar",
    "redacted",
    "hidden",
    "masked",
    "changeme",
];

const PLACEHOLDER_FRAGMENTS: &[&str] = &[
    "changeme",
    "change_me",
    "change-me",
    "your-",
    "your_",
    "yourtoken",
    "placeholder",
    "example",
    "dummy",
    "replace",
    "redacted",
    "fixme",
    "xxxx",
    "...",
    "…",
];

fn is_placeholder(value: &str) -> bool {
    let lower = value.to_lowercase();
    let mut chars = lower.chars();
    let first = chars.next();
    let one_char = first.is_some_and(|f| chars.all(|c| c == f));
    let wrapped = [("<", ">"), ("{{", "}}"), ("[", "]"), ("%", "%")]
        .iter()
        .any(|(open, close)| lower.len() >= 2 && lower.starts_with(open) && lower.ends_with(close));
    one_char
        || wrapped
        || PLACEHOLDER_WORDS.contains(&lower.as_str())
        || PLACEHOLDER_FRAGMENTS.iter().any(|f| lower.contains(f))
}

fn is_boolean_or_number(value: &str) -> bool {
    let boolean = ["true", "false", "yes", "no", "on", "off"]
        .iter()
        .any(|b| value.eq_ignore_ascii_case(b));
    let number = value.bytes().any(|b| b.is_ascii_digit())
        && value
            .bytes()
            .all(|b| b.is_ascii_digit() || b".,-+_: ".contains(&b));
    boolean || number
}

/// Words and numbers joined by `-`, `_`, `.`, spaces or camelCase: `my-app-name`,
/// `eu-west-1`, `AwsSecretsManager`. A word of four letters or more has a vowel.
fn is_words(value: &str) -> bool {
    let allowed = value
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-_. ".contains(&b));
    allowed && super::names::split_words(value).iter().all(|w| is_word(w))
}

fn is_word(word: &str) -> bool {
    if word.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    let letters = word.bytes().all(|b| b.is_ascii_alphabetic());
    let tail = word.get(1..).unwrap_or_default();
    let cased = word.bytes().all(|b| b.is_ascii_uppercase())
        || tail.bytes().all(|b| b.is_ascii_lowercase());
    let vowel = word.len() < 4 || word.bytes().any(|b| b"aeiouyAEIOUY".contains(&b));
    letters && word.len() >= 2 && cased && vowel
}

fn is_high_entropy(value: &str) -> bool {
    let chars: Vec<char> = value.chars().collect();
    let classes = [
        chars.iter().any(|c| c.is_lowercase()),
        chars.iter().any(|c| c.is_uppercase()),
        chars.iter().any(|c| c.is_numeric()),
        chars.iter().any(|c| !c.is_alphanumeric()),
    ];
    let class_count = classes.iter().filter(|&&present| present).count();
    chars.len() >= MIN_SECRET_CHARS
        && class_count >= 2
        && shannon_entropy(&chars) >= MIN_SECRET_ENTROPY
}

/// Shannon entropy of `chars`, in bits per character.
fn shannon_entropy(chars: &[char]) -> f64 {
    let mut sorted = chars.to_vec();
    sorted.sort_unstable();
    let total = sorted.len() as f64;
    sorted
        .chunk_by(|a, b| a == b)
        .map(|run| {
            let p = run.len() as f64 / total;
            -p * p.log2()
        })
        .sum()
}
