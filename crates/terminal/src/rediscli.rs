//! `redis6-cli` (Amazon Linux 2023's `redis6` package) and `redis-cli`
//! (Ubuntu's `redis-tools`): Valkey's and Redis OSS's command-line client, on
//! an instance in the cache's VPC.
//!
//! `redis6-cli -h ENDPOINT [-p 6379] [-c] [--tls] [COMMAND ARGS...]` runs one
//! command, or without one keeps asking (`host:6379> `) until `quit`. Replies
//! print as the client prints them at a terminal (`"text"`, `(integer) 3`,
//! `(nil)`, numbered arrays) or raw into a pipe or with `--raw`. With `-c` a
//! `MOVED` reply is followed to the shard that owns the key.

use cloudlab_model::Cloud;
use cloudlab_model::ec2::private_endpoints::EndpointClient;
use cloudlab_model::elasticache::connect::{CacheConnectError, CacheConnection};
use cloudlab_model::elasticache::keyspace::Reply;
use serde::{Deserialize, Serialize};

use crate::shell::CmdResult;
use crate::{PendingInput, Session, Terminal};

/// An interactive session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RedisSession {
    /// The connection.
    pub connection: CacheConnection,
    /// `-c`: follow `MOVED` replies.
    pub follow: bool,
    /// `--raw`.
    pub raw: bool,
    /// The program's name, for messages.
    pub program: String,
    /// `--tls`.
    pub tls: bool,
}

impl RedisSession {
    /// `host:port> `.
    pub fn prompt(&self) -> String {
        format!("{}:{}> ", self.connection.host, self.connection.port)
    }
}

struct Options {
    host: String,
    port: u16,
    follow: bool,
    tls: bool,
    raw: Option<bool>,
    password: bool,
    command: Vec<String>,
}

/// The client (`program` is `redis6-cli` or `redis-cli`).
pub fn run(term: &mut Terminal, cloud: &mut Cloud, program: &str, args: &[String]) -> CmdResult {
    let mut options = Options {
        host: "127.0.0.1".into(),
        port: 6379,
        follow: false,
        tls: false,
        raw: None,
        password: false,
        command: Vec::new(),
    };
    let mut i = 0;
    while i < args.len() {
        let arg = args[i].as_str();
        let mut value = || {
            i += 1;
            args.get(i).cloned()
        };
        match arg {
            "-h" => match value() {
                Some(v) => options.host = v,
                None => return missing(program, arg),
            },
            "-p" => match value().and_then(|v| v.parse().ok()) {
                Some(p) => options.port = p,
                None => return missing(program, arg),
            },
            "-a" | "--pass" | "--user" => {
                if value().is_none() {
                    return missing(program, arg);
                }
                options.password = arg != "--user";
            }
            "-c" => options.follow = true,
            "--tls" => options.tls = true,
            "--raw" => options.raw = Some(true),
            "--no-raw" => options.raw = Some(false),
            "--no-auth-warning" => {}
            "-v" | "--version" => {
                return CmdResult::ok("redis-cli 6.2.14\n");
            }
            "--help" => return CmdResult::ok(help(program)),
            _ if arg.starts_with('-') && options.command.is_empty() => {
                return CmdResult::fail(
                    format!("Unrecognized option or bad number of args for: '{arg}'\n"),
                    1,
                );
            }
            _ => {
                options.command = args[i..].to_vec();
                break;
            }
        }
        i += 1;
    }
    let raw = options.raw.unwrap_or(!term.can_ask);
    let mut warning = String::new();
    if options.password {
        warning.push_str(
            "Warning: Using a password with '-a' or '-u' option on the command line interface may not be safe.\n",
        );
    }
    let client = match &term.session {
        Session::Remote(r) => r.instance_id.clone(),
        Session::Local => String::new(),
    };
    let connection = match connect(cloud, &client, &options.host, options.port, options.tls) {
        Ok(c) => c,
        Err(message) => return CmdResult::fail(format!("{warning}{message}"), 1),
    };
    let mut session = RedisSession {
        connection,
        follow: options.follow,
        raw,
        program: program.to_string(),
        tls: options.tls,
    };
    if options.password {
        let denied = "AUTH failed: ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?\n";
        return CmdResult::fail(format!("{warning}{denied}"), 1);
    }
    if !options.command.is_empty() {
        let (out, failed) = send(term, cloud, &mut session, &options.command);
        return CmdResult {
            out,
            err: warning,
            code: i32::from(failed),
            ..CmdResult::default()
        };
    }
    term.pending = Some(PendingInput::Redis(session));
    CmdResult {
        err: warning,
        ..CmdResult::default()
    }
}

fn missing(program: &str, option: &str) -> CmdResult {
    CmdResult::fail(
        format!("{program}: option '{option}' requires an argument\n"),
        1,
    )
}

fn help(program: &str) -> String {
    format!(
        "Usage: {program} [OPTIONS] [cmd [arg [arg ...]]]\n  -h <hostname>      Server hostname (default: 127.0.0.1).\n  -p <port>          Server port (default: 6379).\n  -c                 Enable cluster mode (follow -ASK and -MOVED redirections).\n  --tls              Establish a secure TLS connection.\n  --raw              Use raw formatting for replies.\n  --no-raw           Force formatted output even when STDOUT is not a tty.\n\nExamples:\n  {program} -h my-cache.abc123.ng.0001.apn2.cache.amazonaws.com -c\n  {program} -h HOST SET greeting hello EX 60\n"
    )
}

/// Connects from the session's instance (or the laptop).
pub(crate) fn connect(
    cloud: &mut Cloud,
    instance: &str,
    host: &str,
    port: u16,
    tls: bool,
) -> Result<CacheConnection, String> {
    let at = format!("Could not connect to Redis at {host}:{port}");
    if host == "127.0.0.1" || host == "localhost" {
        return Err(format!("{at}: Connection refused\n"));
    }
    let client = if instance.is_empty() {
        EndpointClient::Laptop(cloud.learner_ip())
    } else {
        EndpointClient::Instance(instance)
    };
    cloud
        .connect_to_cache(client, host, port, tls)
        .map_err(|e| match e {
            CacheConnectError::UnknownHost(_) => {
                format!("{at}: Name or service not known\n")
            }
            CacheConnectError::Blocked(_) => {
                cloud.advance(std::time::Duration::from_millis(
                    crate::curl::KERNEL_CONNECT_TIMEOUT_MS,
                ));
                format!("{at}: Connection timed out\n")
            }
            CacheConnectError::Refused(_) => format!("{at}: Connection refused\n"),
            CacheConnectError::TlsMismatch { required: true } => {
                "Error: Connection reset by peer\n".to_string()
            }
            CacheConnectError::TlsMismatch { required: false } => {
                "Could not negotiate a TLS connection: wrong version number\n".to_string()
            }
            CacheConnectError::Lost => format!("{at}: Connection reset by peer\n"),
        })
}

/// Sends one command (following `MOVED` with `-c`); returns what to print
/// and whether the reply was an error.
fn send(
    term: &Terminal,
    cloud: &mut Cloud,
    session: &mut RedisSession,
    args: &[String],
) -> (String, bool) {
    let mut out = String::new();
    for _ in 0..3 {
        let reply = match cloud.redis_command(&session.connection, args) {
            Ok(r) => r,
            Err(_) => return (format!("{out}Error: Server closed the connection\n"), true),
        };
        if let Reply::Error(message) = &reply
            && session.follow
            && let Some(target) = message.strip_prefix("MOVED ")
        {
            let (slot, address) = target.split_once(' ').unwrap_or(("0", target));
            let (ip, port) = address.rsplit_once(':').unwrap_or((address, "6379"));
            let port = port.parse().unwrap_or(6379);
            let instance = match &term.session {
                Session::Remote(r) => r.instance_id.clone(),
                Session::Local => String::new(),
            };
            match connect(cloud, &instance, ip, port, session.tls) {
                Ok(c) => {
                    out.push_str(&format!(
                        "-> Redirected to slot [{slot}] located at {address}\n"
                    ));
                    session.connection = c;
                    continue;
                }
                Err(message) => return (format!("{out}{message}"), true),
            }
        }
        let raw = session.raw || is_raw_command(args);
        let failed = matches!(reply, Reply::Error(_));
        out.push_str(&format_reply(&reply, raw, 0));
        return (out, failed);
    }
    (out, true)
}

/// Commands whose reply redis-cli always prints raw (long text).
fn is_raw_command(args: &[String]) -> bool {
    let name = args
        .first()
        .map(|a| a.to_ascii_lowercase())
        .unwrap_or_default();
    name == "info"
        || (name == "cluster" && args.get(1).is_some_and(|s| s.eq_ignore_ascii_case("info")))
}

/// A reply as redis-cli prints it.
fn format_reply(reply: &Reply, raw: bool, indent: usize) -> String {
    match (reply, raw) {
        (Reply::Status(s), _) => format!("{s}\n"),
        (Reply::Error(e), true) => format!("{e}\n"),
        (Reply::Error(e), false) => format!("(error) {e}\n"),
        (Reply::Int(n), true) => format!("{n}\n"),
        (Reply::Int(n), false) => format!("(integer) {n}\n"),
        (Reply::Bulk(s), true) => format!("{s}\n"),
        (Reply::Bulk(s), false) => format!("{}\n", quoted(s)),
        (Reply::Nil, true) => "\n".into(),
        (Reply::Nil, false) => "(nil)\n".into(),
        (Reply::Array(items), true) if items.is_empty() => "\n".into(),
        (Reply::Array(items), true) => items.iter().map(|i| format_reply(i, true, 0)).collect(),
        (Reply::Array(items), false) if items.is_empty() => "(empty array)\n".into(),
        (Reply::Array(items), false) => {
            let width = items.len().to_string().len();
            let mut out = String::new();
            for (n, item) in items.iter().enumerate() {
                let label = format!("{:>width$}) ", n + 1);
                let body = format_reply(item, false, indent + label.len());
                if n > 0 {
                    out.push_str(&" ".repeat(indent));
                }
                out.push_str(&label);
                out.push_str(&body);
            }
            out
        }
    }
}

/// `"text"` with redis-cli's escapes.
fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_ascii() && !c.is_ascii_control() => out.push(c),
            // Like redis-cli, every other byte is shown as `\xNN` (UTF-8 too: use --raw).
            c => {
                let mut bytes = [0; 4];
                for b in c.encode_utf8(&mut bytes).bytes() {
                    out.push_str(&format!("\\x{b:02x}"));
                }
            }
        }
    }
    out.push('"');
    out
}

/// Splits a line as redis-cli does: spaces separate, `"..."` and `'...'`
/// quote (with `\n`, `\"` escapes in double quotes). `None` for unbalanced quotes.
pub fn split_line(line: &str) -> Option<Vec<String>> {
    let mut words = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let Some(&first) = chars.peek() else {
            return Some(words);
        };
        let mut word = String::new();
        if first == '"' || first == '\'' {
            chars.next();
            let mut closed = false;
            while let Some(c) = chars.next() {
                if c == first {
                    closed = true;
                    break;
                }
                if c == '\\' && first == '"' {
                    match chars.next() {
                        Some('n') => word.push('\n'),
                        Some('t') => word.push('\t'),
                        Some('r') => word.push('\r'),
                        Some(other) => word.push(other),
                        None => return None,
                    }
                } else {
                    word.push(c);
                }
            }
            if !closed {
                return None;
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                word.push(c);
                chars.next();
            }
        }
        words.push(word);
    }
}

/// A line typed at the `host:port> ` prompt.
pub fn answer(
    term: &mut Terminal,
    cloud: &mut Cloud,
    mut session: RedisSession,
    line: &str,
) -> CmdResult {
    let Some(words) = split_line(line) else {
        term.pending = Some(PendingInput::Redis(session));
        return CmdResult::ok("Invalid argument(s)\n");
    };
    let Some(first) = words.first().map(|w| w.to_ascii_lowercase()) else {
        term.pending = Some(PendingInput::Redis(session));
        return CmdResult::ok("");
    };
    if first == "quit" || first == "exit" {
        return CmdResult::ok("");
    }
    if first == "help" {
        let program = session.program.clone();
        term.pending = Some(PendingInput::Redis(session));
        return CmdResult::ok(format!(
            "{} 6.2.14\nType: \"help @<group>\" for a list of commands; the lab's servers answer\nPING, SET/GET/DEL/EXISTS/EXPIRE/TTL/INCR, MGET/MSET, KEYS, DBSIZE, TYPE,\nLPUSH/RPUSH/LPOP/RPOP/LRANGE/LLEN, SADD/SREM/SMEMBERS/SISMEMBER/SCARD,\nHSET/HGET/HGETALL/HDEL/HINCRBY, ZADD/ZINCRBY/ZRANGE/ZREVRANGE/ZSCORE/ZRANK,\nINFO, ROLE, CLUSTER KEYSLOT/INFO. Type \"quit\" to leave.\n",
            program
        ));
    }
    let (out, _failed) = send(term, cloud, &mut session, &words);
    term.pending = Some(PendingInput::Redis(session));
    CmdResult::ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replies_print_as_redis_cli_prints_them() {
        let array = Reply::Array(vec![Reply::Bulk("park".into()), Reply::Bulk("450".into())]);
        assert_eq!(format_reply(&array, false, 0), "1) \"park\"\n2) \"450\"\n");
        assert_eq!(format_reply(&array, true, 0), "park\n450\n");
        assert_eq!(format_reply(&Reply::Int(3), false, 0), "(integer) 3\n");
        assert_eq!(format_reply(&Reply::Nil, false, 0), "(nil)\n");
        assert_eq!(
            format_reply(&Reply::Array(Vec::new()), false, 0),
            "(empty array)\n"
        );
        let nested = Reply::Array(vec![
            Reply::Bulk("master".into()),
            Reply::Array(vec![
                Reply::Bulk("10.0.0.5".into()),
                Reply::Bulk("6379".into()),
            ]),
        ]);
        assert_eq!(
            format_reply(&nested, false, 0),
            "1) \"master\"\n2) 1) \"10.0.0.5\"\n   2) \"6379\"\n"
        );
        assert_eq!(quoted("a\"b\n"), "\"a\\\"b\\n\"");
        assert_eq!(quoted("서"), "\"\\xec\\x84\\x9c\"");
    }

    #[test]
    fn lines_split_like_redis_cli() {
        assert_eq!(
            split_line(r#"SET greeting "hello world" EX 60"#),
            Some(vec![
                "SET".into(),
                "greeting".into(),
                "hello world".into(),
                "EX".into(),
                "60".into()
            ])
        );
        assert_eq!(
            split_line("GET 'a b'"),
            Some(vec!["GET".into(), "a b".into()])
        );
        assert_eq!(split_line("GET \"open"), None);
    }
}
