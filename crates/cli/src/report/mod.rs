//! `stowaway report`: publishing findings to a CI service over HTTP. Only Bitbucket Code
//! Insights for now, through a tiny HTTP/1.1 client written for the in-pipeline proxy.

pub mod bitbucket;
pub mod http;

#[cfg(test)]
pub(crate) mod test_server;
