//! `telnet HOST PORT` (interactive) and `nc HOST PORT` (reads its standard
//! input), the way AWS's guide talks to a Memcached node: the text protocol
//! line by line (`set key 0 60 5`, then the data; `get key`; `quit`). Other
//! hosts and ports answer as a closed or unreachable port does.

use cloudlab_model::Cloud;
use cloudlab_model::ec2::private_endpoints::EndpointClient;
use cloudlab_model::elasticache::connect::{CacheConnectError, CacheConnection};
use cloudlab_model::elasticache::memcached::Conversation;
use serde::{Deserialize, Serialize};

use crate::shell::CmdResult;
use crate::{PendingInput, Session, Terminal};

/// An open telnet session to a cache node.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TelnetSession {
    /// The connection.
    pub connection: CacheConnection,
    /// The protocol state.
    pub conversation: Conversation,
}

fn target(args: &[String]) -> Option<(String, u16)> {
    let words: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let host = words.first()?.to_string();
    let port = match words.get(1) {
        Some(p) => p.parse().ok()?,
        None => 23,
    };
    Some((host, port))
}

fn open(
    term: &Terminal,
    cloud: &mut Cloud,
    host: &str,
    port: u16,
) -> Result<CacheConnection, CacheConnectError> {
    let client = match &term.session {
        Session::Remote(r) => EndpointClient::Instance(&r.instance_id),
        Session::Local => EndpointClient::Laptop(cloud.learner_ip()),
    };
    let connection = cloud.connect_to_cache(client, host, port, false);
    if matches!(connection, Err(CacheConnectError::Blocked(_))) {
        cloud.advance(std::time::Duration::from_millis(
            crate::curl::KERNEL_CONNECT_TIMEOUT_MS,
        ));
    }
    connection
}

/// `telnet HOST PORT`.
pub fn telnet(term: &mut Terminal, cloud: &mut Cloud, args: &[String]) -> CmdResult {
    let Some((host, port)) = target(args) else {
        return CmdResult::fail("usage: telnet [-l user] [host [port]]\n", 1);
    };
    let resolved = cloud.resolve_cache_host(&host).and_then(|(cluster, node)| {
        let c = cloud.cache_cluster(&cluster)?;
        c.nodes.iter().find(|n| n.id == node).map(|n| n.ip)
    });
    let Some(ip) = resolved else {
        return CmdResult::fail(
            format!("telnet: {host}: Name or service not known\n{host}: Unknown host\n"),
            1,
        );
    };
    let trying = format!("Trying {ip}...\n");
    match open(term, cloud, &host, port) {
        Ok(connection) => {
            term.pending = Some(PendingInput::Telnet(TelnetSession {
                connection,
                conversation: Conversation::default(),
            }));
            CmdResult::ok(format!(
                "{trying}Connected to {host}.\nEscape character is '^]'.\n"
            ))
        }
        Err(CacheConnectError::Blocked(_)) => CmdResult::fail(
            format!("{trying}telnet: connect to address {ip}: Connection timed out\n"),
            1,
        ),
        Err(_) => CmdResult::fail(
            format!("{trying}telnet: connect to address {ip}: Connection refused\n"),
            1,
        ),
    }
}

/// A line typed into an open telnet session.
pub fn answer(
    term: &mut Terminal,
    cloud: &mut Cloud,
    mut session: TelnetSession,
    line: &str,
) -> CmdResult {
    match cloud.memcached_line(&session.connection, &mut session.conversation, line) {
        Ok(reply) if session.conversation.closed => {
            CmdResult::ok(format!("{reply}Connection closed by foreign host.\n"))
        }
        Ok(reply) => {
            term.pending = Some(PendingInput::Telnet(session));
            CmdResult::ok(reply)
        }
        Err(_) => CmdResult::fail("Connection closed by foreign host.\n", 1),
    }
}

/// `nc HOST PORT`: sends standard input, prints what comes back.
pub fn nc(
    term: &mut Terminal,
    cloud: &mut Cloud,
    args: &[String],
    stdin: Option<&str>,
) -> CmdResult {
    let Some((host, port)) = target(args) else {
        return CmdResult::fail(
            "Ncat: You must specify a host to connect to. QUITTING.\n",
            2,
        );
    };
    let connection = match open(term, cloud, &host, port) {
        Ok(c) => c,
        Err(CacheConnectError::UnknownHost(_)) => {
            return CmdResult::fail(
                "Ncat: Could not resolve hostname \"".to_string()
                    + &host
                    + "\": Name or service not known. QUITTING.\n",
                2,
            );
        }
        Err(CacheConnectError::Blocked(_)) => {
            return CmdResult::fail("Ncat: TIMEOUT.\n", 1);
        }
        Err(_) => return CmdResult::fail("Ncat: Connection refused.\n", 1),
    };
    let mut conversation = Conversation::default();
    let mut out = String::new();
    let input = stdin.unwrap_or_default().replace("\r\n", "\n");
    for line in input.lines() {
        match cloud.memcached_line(&connection, &mut conversation, line) {
            Ok(reply) => out.push_str(&reply),
            Err(_) => break,
        }
        if conversation.closed {
            break;
        }
    }
    CmdResult::ok(out)
}
