//! A minimal blocking HTTP/1.1 client: one request per connection, plain `http://` only,
//! optionally through an HTTP proxy that receives the absolute URL (as curl and the
//! Bitbucket Pipelines proxy expect; no `CONNECT` tunnel).

use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

use anyhow::{Context, bail};

/// How long to wait for a connection, a write or a read.
const TIMEOUT: Duration = Duration::from_secs(30);
/// The most of a response that is read.
const MAX_RESPONSE: u64 = 1024 * 1024;

/// A parsed `http://host[:port]/path` URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpUrl {
    /// The host name or address.
    pub host: String,
    /// The port, 80 unless given.
    pub port: u16,
    /// The path and query, starting with `/`.
    pub path: String,
}

impl HttpUrl {
    /// Parses `url`; anything but `http://` is refused with a message saying why.
    pub fn parse(url: &str) -> anyhow::Result<Self> {
        let Some(rest) = url.strip_prefix("http://") else {
            bail!(
                "`{url}` is not an http:// URL (https is not supported: use the in-pipeline proxy)"
            );
        };
        let (authority, path) = rest.find('/').map_or((rest, "/"), |at| rest.split_at(at));
        let (host, port) = match authority.rsplit_once(':') {
            Some((host, port)) => {
                let port = port
                    .parse()
                    .with_context(|| format!("bad port in `{url}`"))?;
                (host, port)
            }
            None => (authority, 80),
        };
        if host.is_empty() || authority.contains('@') {
            bail!("`{url}` has no usable host");
        }
        Ok(Self {
            host: host.to_owned(),
            port,
            path: path.to_owned(),
        })
    }

    /// `host:port`, or `host` alone for port 80.
    fn authority(&self) -> String {
        if self.port == 80 {
            self.host.clone()
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }
}

/// What the server answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// The status line after the code, and the body, for error messages.
    pub text: String,
}

/// Sends `body` as JSON with `method` to `url`, through `proxy` when given.
pub fn send(
    method: &str,
    url: &HttpUrl,
    proxy: Option<&HttpUrl>,
    body: &str,
) -> anyhow::Result<Response> {
    let peer = proxy.unwrap_or(url);
    let mut stream = connect(peer)?;
    let target = match proxy {
        Some(_) => format!("http://{}{}", url.authority(), url.path),
        None => url.path.clone(),
    };
    let head = format!(
        "{method} {target} HTTP/1.1\r\nHost: {}\r\nUser-Agent: stowaway/{}\r\n\
         Accept: application/json\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        url.authority(),
        env!("CARGO_PKG_VERSION"),
        body.len(),
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(body.as_bytes())?;
    stream.flush()?;

    let mut raw = Vec::new();
    stream.take(MAX_RESPONSE).read_to_end(&mut raw)?;
    parse_response(&raw)
}

/// Opens a connection to `url`'s host with timeouts set.
fn connect(url: &HttpUrl) -> anyhow::Result<TcpStream> {
    let addresses = (url.host.as_str(), url.port)
        .to_socket_addrs()
        .with_context(|| format!("cannot resolve {}", url.authority()))?;
    let mut last = None;
    for address in addresses {
        match TcpStream::connect_timeout(&address, TIMEOUT) {
            Ok(stream) => {
                stream.set_read_timeout(Some(TIMEOUT))?;
                stream.set_write_timeout(Some(TIMEOUT))?;
                return Ok(stream);
            }
            Err(error) => last = Some(error),
        }
    }
    match last {
        Some(error) => Err(error).with_context(|| format!("cannot connect to {}", url.authority())),
        None => bail!("{} resolves to no address", url.authority()),
    }
}

/// The status code and a readable text from a raw response.
fn parse_response(raw: &[u8]) -> anyhow::Result<Response> {
    let text = String::from_utf8_lossy(raw);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status_line = head.lines().next().unwrap_or("");
    let mut parts = status_line.splitn(3, ' ');
    let (Some(version), Some(code)) = (parts.next(), parts.next()) else {
        bail!("the server sent no HTTP status line");
    };
    if !version.starts_with("HTTP/") {
        bail!("the server sent no HTTP status line");
    }
    let status = code
        .parse()
        .with_context(|| format!("bad HTTP status `{code}`"))?;
    let reason = parts.next().unwrap_or("");
    Ok(Response {
        status,
        text: format!("{reason} {}", body.trim()).trim().to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_parse_into_host_port_and_path() {
        let url = HttpUrl::parse("http://api.bitbucket.org/2.0/x").expect("valid");
        assert_eq!(
            url,
            HttpUrl {
                host: "api.bitbucket.org".to_owned(),
                port: 80,
                path: "/2.0/x".to_owned()
            }
        );
        let url = HttpUrl::parse("http://localhost:29418").expect("valid");
        assert_eq!((url.port, url.path.as_str()), (29418, "/"));
    }

    #[test]
    fn https_and_junk_urls_are_refused_with_reasons() {
        let error = HttpUrl::parse("https://api.bitbucket.org").expect_err("no TLS");
        assert_eq!(
            error.to_string(),
            "`https://api.bitbucket.org` is not an http:// URL (https is not supported: \
             use the in-pipeline proxy)"
        );
        assert!(HttpUrl::parse("http://:80/").is_err());
        assert!(HttpUrl::parse("http://h:port/").is_err());
        assert!(HttpUrl::parse("http://user@h/").is_err());
    }

    #[test]
    fn responses_give_status_and_text() {
        let response =
            parse_response(b"HTTP/1.1 403 Forbidden\r\nA: b\r\n\r\n{\"error\":\"no\"}\n")
                .expect("valid");
        assert_eq!(response.status, 403);
        assert_eq!(response.text, "Forbidden {\"error\":\"no\"}");
        assert!(parse_response(b"").is_err());
        assert!(parse_response(b"SSH-2.0 x y").is_err());
    }
}
