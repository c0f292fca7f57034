//! A node's data as Valkey and Redis OSS keep it: strings, lists, hashes,
//! sets and sorted sets under keys that may expire on the simulated clock, and
//! the commands a learner types into `redis-cli`, answered with the server's
//! own replies and error texts. Pure: the caller passes the time and whether
//! the node is a read-only replica.
//!
//! ElastiCache renames or refuses administrative commands (`CONFIG`, `SAVE`,
//! `BGSAVE`, `SLAVEOF`, `DEBUG`, ...); they answer as unknown commands here too.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::clock::SimTime;
use crate::ec2::filters::wildcard_match;

/// A value under a key.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Value {
    /// A string (also what `INCR` counts in).
    Str(String),
    /// A list, head first.
    List(Vec<String>),
    /// A hash of fields.
    Hash(BTreeMap<String, String>),
    /// A set.
    Set(BTreeSet<String>),
    /// A sorted set, kept ordered by score then member.
    ZSet(Vec<(f64, String)>),
}

impl Value {
    /// The name `TYPE` answers.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Str(_) => "string",
            Value::List(_) => "list",
            Value::Hash(_) => "hash",
            Value::Set(_) => "set",
            Value::ZSet(_) => "zset",
        }
    }

    /// About how many bytes it holds (for `INFO memory`).
    fn size(&self) -> usize {
        match self {
            Value::Str(s) => s.len(),
            Value::List(v) => v.iter().map(String::len).sum(),
            Value::Hash(m) => m.iter().map(|(k, v)| k.len() + v.len()).sum(),
            Value::Set(s) => s.iter().map(String::len).sum(),
            Value::ZSet(z) => z.iter().map(|(_, m)| m.len() + 8).sum(),
        }
    }
}

/// A key's value and when it expires.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The value.
    pub value: Value,
    /// When it expires, if ever.
    pub expires_at: Option<SimTime>,
}

/// The keys of one node (database 0).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct KeySpace {
    entries: BTreeMap<String, Entry>,
}

/// A reply, as RESP2 carries it.
#[derive(Clone, Debug, PartialEq)]
pub enum Reply {
    /// `+OK`.
    Status(String),
    /// `-ERR ...`.
    Error(String),
    /// `:5`.
    Int(i64),
    /// `$5 hello`.
    Bulk(String),
    /// `$-1`.
    Nil,
    /// `*2 ...`.
    Array(Vec<Reply>),
}

/// What the server the command reaches is.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ServerInfo {
    /// `valkey` or `redis`.
    pub engine: String,
    /// `8.0.1`, `7.1.0`.
    pub version: String,
    /// Whether this node is a replica (writes are refused).
    pub replica: bool,
    /// The primary's address, for a replica.
    pub primary_ip: Option<String>,
    /// The replicas' addresses, for a primary.
    pub replica_ips: Vec<String>,
    /// Whether cluster mode is on.
    pub cluster_mode: bool,
    /// Read hits and misses counted so far (for `INFO stats`).
    pub hits: u64,
    /// Misses counted so far.
    pub misses: u64,
    /// The node's memory, bytes.
    pub max_memory: u64,
}

/// What one command did.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// The reply.
    pub reply: Reply,
    /// Whether it changed the data (replicas then follow).
    pub wrote: bool,
    /// Keys looked up for reading that existed.
    pub hits: u64,
    /// Keys looked up for reading that did not.
    pub misses: u64,
}

const WRONGTYPE: &str = "WRONGTYPE Operation against a key holding the wrong kind of value";
const NOT_INTEGER: &str = "ERR value is not an integer or out of range";
const SYNTAX: &str = "ERR syntax error";

/// Commands that change data (refused on a replica).
const WRITES: &[&str] = &[
    "set", "setex", "setnx", "del", "unlink", "expire", "pexpire", "persist", "incr", "incrby",
    "decr", "decrby", "append", "mset", "lpush", "rpush", "lpop", "rpop", "sadd", "srem", "hset",
    "hdel", "hincrby", "zadd", "zincrby", "zrem", "flushall", "flushdb", "getdel",
];

/// Commands ElastiCache does not let a customer run.
const RESTRICTED: &[&str] = &[
    "config",
    "save",
    "bgsave",
    "bgrewriteaof",
    "slaveof",
    "replicaof",
    "debug",
    "shutdown",
    "migrate",
    "sync",
    "psync",
    "module",
    "acl",
];

/// The hash slot (0..16384) of a key, as cluster mode places it: CRC16 of the
/// key, or of the part inside the first non-empty `{...}`.
pub fn key_slot(key: &str) -> u16 {
    let bytes = key.as_bytes();
    let hashed = match key.find('{') {
        Some(open) => match key[open + 1..].find('}') {
            Some(len) if len > 0 => &bytes[open + 1..open + 1 + len],
            _ => bytes,
        },
        None => bytes,
    };
    crc16(hashed) % 16384
}

/// CRC16-CCITT (XMODEM), the checksum Redis Cluster uses.
fn crc16(bytes: &[u8]) -> u16 {
    let mut crc: u16 = 0;
    for &b in bytes {
        crc ^= u16::from(b) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 {
                (crc << 1) ^ 0x1021
            } else {
                crc << 1
            };
        }
    }
    crc
}

/// The first key a command names, for cluster-mode routing.
pub fn first_key(args: &[String]) -> Option<&str> {
    let name = args.first()?.to_ascii_lowercase();
    match name.as_str() {
        "ping" | "echo" | "info" | "dbsize" | "flushall" | "flushdb" | "keys" | "role"
        | "command" | "select" | "cluster" | "auth" | "hello" => None,
        _ => args.get(1).map(String::as_str),
    }
}

fn int(text: &str) -> Result<i64, Reply> {
    text.parse::<i64>()
        .map_err(|_| Reply::Error(NOT_INTEGER.into()))
}

fn float(text: &str) -> Result<f64, Reply> {
    match text.to_ascii_lowercase().as_str() {
        "inf" | "+inf" => Ok(f64::INFINITY),
        "-inf" => Ok(f64::NEG_INFINITY),
        t => t
            .parse::<f64>()
            .ok()
            .filter(|f| !f.is_nan())
            .ok_or_else(|| Reply::Error("ERR value is not a valid float".into())),
    }
}

/// A score as the server prints it (`1.5`, `100`, `inf`).
pub fn format_score(score: f64) -> String {
    if score == f64::INFINITY {
        "inf".into()
    } else if score == f64::NEG_INFINITY {
        "-inf".into()
    } else {
        format!("{score}")
    }
}

fn bulks(items: impl IntoIterator<Item = String>) -> Reply {
    Reply::Array(items.into_iter().map(Reply::Bulk).collect())
}

fn ok() -> Reply {
    Reply::Status("OK".into())
}

/// `[start, stop]` of Redis's inclusive, negative-from-the-end ranges, or
/// `None` when empty.
fn range(len: usize, start: i64, stop: i64) -> Option<(usize, usize)> {
    let len = len as i64;
    let fix = |i: i64| if i < 0 { len + i } else { i };
    let start = fix(start).max(0);
    let stop = fix(stop).min(len - 1);
    (start <= stop && start < len).then_some((start as usize, stop as usize))
}

impl KeySpace {
    /// The live entries (expired keys are gone at `now`).
    pub fn live(&self, now: SimTime) -> impl Iterator<Item = (&String, &Entry)> {
        self.entries
            .iter()
            .filter(move |(_, e)| e.expires_at.is_none_or(|t| t > now))
    }

    /// How many keys are live at `now`.
    pub fn len(&self, now: SimTime) -> usize {
        self.live(now).count()
    }

    /// Whether no key is live at `now`.
    pub fn is_empty(&self, now: SimTime) -> bool {
        self.len(now) == 0
    }

    /// About how many bytes the live keys hold.
    pub fn used_bytes(&self, now: SimTime) -> usize {
        self.live(now).map(|(k, e)| k.len() + e.value.size()).sum()
    }

    /// Forgets keys that have expired by `now`.
    pub fn purge_expired(&mut self, now: SimTime) {
        self.entries
            .retain(|_, e| e.expires_at.is_none_or(|t| t > now));
    }

    fn get(&self, key: &str, now: SimTime) -> Option<&Entry> {
        self.entries
            .get(key)
            .filter(|e| e.expires_at.is_none_or(|t| t > now))
    }

    /// The string under `key`, if any (for applications reading the cache).
    pub fn get_string(&self, key: &str, now: SimTime) -> Option<&str> {
        match self.get(key, now).map(|e| &e.value) {
            Some(Value::Str(s)) => Some(s),
            _ => None,
        }
    }

    /// Stores a string with an expiry, as `SET key value EX seconds` does.
    pub fn set_string(&mut self, key: &str, value: &str, expires_at: Option<SimTime>) {
        self.entries.insert(
            key.to_string(),
            Entry {
                value: Value::Str(value.to_string()),
                expires_at,
            },
        );
    }

    /// The entry under `key` for changing, created by `make` when missing;
    /// an error when it holds another type.
    fn entry_of(
        &mut self,
        key: &str,
        now: SimTime,
        matches: fn(&Value) -> bool,
        make: fn() -> Value,
    ) -> Result<&mut Value, Reply> {
        self.purge_key(key, now);
        let entry = self.entries.entry(key.to_string()).or_insert(Entry {
            value: make(),
            expires_at: None,
        });
        if matches(&entry.value) {
            Ok(&mut entry.value)
        } else {
            Err(Reply::Error(WRONGTYPE.into()))
        }
    }

    fn purge_key(&mut self, key: &str, now: SimTime) {
        if self
            .entries
            .get(key)
            .is_some_and(|e| e.expires_at.is_some_and(|t| t <= now))
        {
            self.entries.remove(key);
        }
    }

    /// Drops `key` if its collection became empty (Redis deletes empty
    /// lists, sets and hashes).
    fn drop_if_empty(&mut self, key: &str) {
        let empty = match self.entries.get(key).map(|e| &e.value) {
            Some(Value::List(v)) => v.is_empty(),
            Some(Value::Hash(m)) => m.is_empty(),
            Some(Value::Set(s)) => s.is_empty(),
            Some(Value::ZSet(z)) => z.is_empty(),
            _ => false,
        };
        if empty {
            self.entries.remove(key);
        }
    }

    /// Runs one command (`args[0]` is its name) at `now` on a node described
    /// by `server`.
    pub fn execute(&mut self, args: &[String], now: SimTime, server: &ServerInfo) -> Outcome {
        let mut outcome = Outcome {
            reply: Reply::Nil,
            wrote: false,
            hits: 0,
            misses: 0,
        };
        let Some(name) = args.first().map(|n| n.to_ascii_lowercase()) else {
            outcome.reply = Reply::Error("ERR empty command".into());
            return outcome;
        };
        if RESTRICTED.contains(&name.as_str()) {
            outcome.reply = unknown_command(args);
            return outcome;
        }
        if server.replica && WRITES.contains(&name.as_str()) {
            outcome.reply =
                Reply::Error("READONLY You can't write against a read only replica.".into());
            return outcome;
        }
        let reply = match self.run(&name, args, now, server, &mut outcome) {
            Ok(reply) | Err(reply) => reply,
        };
        outcome.reply = reply;
        outcome
    }

    fn run(
        &mut self,
        name: &str,
        args: &[String],
        now: SimTime,
        server: &ServerInfo,
        outcome: &mut Outcome,
    ) -> Result<Reply, Reply> {
        let rest = args.get(1..).unwrap_or(&[]);
        let arity = |min: usize, max: Option<usize>| -> Result<(), Reply> {
            if rest.len() < min || max.is_some_and(|m| rest.len() > m) {
                Err(Reply::Error(format!(
                    "ERR wrong number of arguments for '{name}' command"
                )))
            } else {
                Ok(())
            }
        };
        let arg = |i: usize| rest.get(i).map(String::as_str).unwrap_or_default();
        let mut looked_up = |found: bool| {
            if found {
                outcome.hits += 1;
            } else {
                outcome.misses += 1;
            }
        };
        let writes = WRITES.contains(&name);
        let reply = match name {
            "ping" => {
                arity(0, Some(1))?;
                match rest.first() {
                    Some(m) => Reply::Bulk(m.clone()),
                    None => Reply::Status("PONG".into()),
                }
            }
            "echo" => {
                arity(1, Some(1))?;
                Reply::Bulk(arg(0).into())
            }
            "select" => {
                arity(1, Some(1))?;
                match (int(arg(0))?, server.cluster_mode) {
                    (0, _) => ok(),
                    (_, true) => Reply::Error("ERR SELECT is not allowed in cluster mode".into()),
                    (n, false) if (0..16).contains(&n) => ok(),
                    _ => Reply::Error("ERR DB index is out of range".into()),
                }
            }
            "set" => {
                arity(2, None)?;
                let mut expires_at = None;
                let (mut nx, mut xx) = (false, false);
                let mut i = 2;
                while i < rest.len() {
                    match arg(i).to_ascii_lowercase().as_str() {
                        "nx" => nx = true,
                        "xx" => xx = true,
                        unit @ ("ex" | "px") => {
                            i += 1;
                            if i >= rest.len() || expires_at.is_some() {
                                return Err(Reply::Error(SYNTAX.into()));
                            }
                            let n = int(arg(i))?;
                            let factor = if unit == "ex" { 1000 } else { 1 };
                            let ms =
                                n.checked_mul(factor).filter(|ms| *ms > 0).ok_or_else(|| {
                                    Reply::Error("ERR invalid expire time in 'set' command".into())
                                })?;
                            expires_at = Some(SimTime(now.0.saturating_add(ms as u64)));
                        }
                        _ => return Err(Reply::Error(SYNTAX.into())),
                    }
                    i += 1;
                }
                if nx && xx {
                    return Err(Reply::Error(SYNTAX.into()));
                }
                let exists = self.get(arg(0), now).is_some();
                if (nx && exists) || (xx && !exists) {
                    Reply::Nil
                } else {
                    self.set_string(arg(0), arg(1), expires_at);
                    ok()
                }
            }
            "setex" => {
                arity(3, Some(3))?;
                let ms = int(arg(1))?
                    .checked_mul(1000)
                    .filter(|ms| *ms > 0)
                    .ok_or_else(|| {
                        Reply::Error("ERR invalid expire time in 'setex' command".into())
                    })?;
                let at = SimTime(now.0.saturating_add(ms as u64));
                self.set_string(arg(0), arg(2), Some(at));
                ok()
            }
            "setnx" => {
                arity(2, Some(2))?;
                if self.get(arg(0), now).is_some() {
                    Reply::Int(0)
                } else {
                    self.set_string(arg(0), arg(1), None);
                    Reply::Int(1)
                }
            }
            "mset" => {
                if rest.is_empty() || rest.len() % 2 != 0 {
                    return Err(Reply::Error(
                        "ERR wrong number of arguments for 'mset' command".into(),
                    ));
                }
                for pair in rest.chunks(2) {
                    if let [k, v] = pair {
                        self.set_string(k, v, None);
                    }
                }
                ok()
            }
            "get" | "getdel" => {
                arity(1, Some(1))?;
                let value = match self.get(arg(0), now).map(|e| &e.value) {
                    Some(Value::Str(s)) => Some(s.clone()),
                    Some(_) => return Err(Reply::Error(WRONGTYPE.into())),
                    None => None,
                };
                looked_up(value.is_some());
                if name == "getdel" && value.is_some() {
                    self.entries.remove(arg(0));
                }
                value.map(Reply::Bulk).unwrap_or(Reply::Nil)
            }
            "mget" => {
                arity(1, None)?;
                let mut items = Vec::new();
                for key in rest {
                    let value = match self.get(key, now).map(|e| &e.value) {
                        Some(Value::Str(s)) => Some(s.clone()),
                        _ => None,
                    };
                    looked_up(value.is_some());
                    items.push(value.map(Reply::Bulk).unwrap_or(Reply::Nil));
                }
                Reply::Array(items)
            }
            "strlen" => {
                arity(1, Some(1))?;
                match self.get(arg(0), now).map(|e| &e.value) {
                    Some(Value::Str(s)) => Reply::Int(s.len() as i64),
                    Some(_) => return Err(Reply::Error(WRONGTYPE.into())),
                    None => Reply::Int(0),
                }
            }
            "append" => {
                arity(2, Some(2))?;
                let value = self.entry_of(
                    arg(0),
                    now,
                    |v| matches!(v, Value::Str(_)),
                    || Value::Str(String::new()),
                )?;
                if let Value::Str(s) = value {
                    s.push_str(arg(1));
                    Reply::Int(s.len() as i64)
                } else {
                    Reply::Int(0)
                }
            }
            "incr" | "decr" | "incrby" | "decrby" => {
                let by = match name {
                    "incr" | "decr" => {
                        arity(1, Some(1))?;
                        1
                    }
                    _ => {
                        arity(2, Some(2))?;
                        int(arg(1))?
                    }
                };
                let by = if name.starts_with("decr") {
                    by.checked_neg()
                        .ok_or_else(|| Reply::Error("ERR decrement would overflow".into()))?
                } else {
                    by
                };
                let value = self.entry_of(
                    arg(0),
                    now,
                    |v| matches!(v, Value::Str(_)),
                    || Value::Str("0".into()),
                )?;
                let Value::Str(s) = value else {
                    return Err(Reply::Error(WRONGTYPE.into()));
                };
                let current = int(s)?;
                let next = current.checked_add(by).ok_or_else(|| {
                    Reply::Error("ERR increment or decrement would overflow".into())
                })?;
                *s = next.to_string();
                Reply::Int(next)
            }
            "del" | "unlink" => {
                arity(1, None)?;
                let mut n = 0;
                for key in rest {
                    if self.get(key, now).is_some() {
                        n += 1;
                    }
                    self.entries.remove(key);
                }
                Reply::Int(n)
            }
            "exists" => {
                arity(1, None)?;
                let n = rest.iter().filter(|k| self.get(k, now).is_some()).count();
                Reply::Int(n as i64)
            }
            "type" => {
                arity(1, Some(1))?;
                Reply::Status(
                    self.get(arg(0), now)
                        .map(|e| e.value.type_name())
                        .unwrap_or("none")
                        .into(),
                )
            }
            "expire" | "pexpire" => {
                arity(2, Some(2))?;
                let n = int(arg(1))?;
                let ms = if name == "expire" {
                    n.saturating_mul(1000)
                } else {
                    n
                };
                self.purge_key(arg(0), now);
                match self.entries.get_mut(arg(0)) {
                    Some(_) if ms <= 0 => {
                        self.entries.remove(arg(0));
                        Reply::Int(1)
                    }
                    Some(e) => {
                        e.expires_at = Some(SimTime(now.0.saturating_add(ms as u64)));
                        Reply::Int(1)
                    }
                    None => Reply::Int(0),
                }
            }
            "persist" => {
                arity(1, Some(1))?;
                self.purge_key(arg(0), now);
                match self.entries.get_mut(arg(0)) {
                    Some(e) if e.expires_at.is_some() => {
                        e.expires_at = None;
                        Reply::Int(1)
                    }
                    _ => Reply::Int(0),
                }
            }
            "ttl" | "pttl" => {
                arity(1, Some(1))?;
                match self.get(arg(0), now) {
                    None => Reply::Int(-2),
                    Some(Entry {
                        expires_at: None, ..
                    }) => Reply::Int(-1),
                    Some(Entry {
                        expires_at: Some(at),
                        ..
                    }) => {
                        let left = at.0.saturating_sub(now.0);
                        Reply::Int(if name == "ttl" {
                            ((left + 500) / 1000) as i64
                        } else {
                            left as i64
                        })
                    }
                }
            }
            "keys" => {
                arity(1, Some(1))?;
                let pattern = arg(0);
                bulks(
                    self.live(now)
                        .filter(|(k, _)| wildcard_match(pattern, k))
                        .map(|(k, _)| k.clone())
                        .collect::<Vec<_>>(),
                )
            }
            "dbsize" => {
                arity(0, Some(0))?;
                Reply::Int(self.len(now) as i64)
            }
            "flushall" | "flushdb" => {
                self.entries.clear();
                ok()
            }
            "lpush" | "rpush" => {
                arity(2, None)?;
                let value = self.entry_of(
                    arg(0),
                    now,
                    |v| matches!(v, Value::List(_)),
                    || Value::List(Vec::new()),
                )?;
                let Value::List(list) = value else {
                    return Err(Reply::Error(WRONGTYPE.into()));
                };
                for item in &rest[1..] {
                    if name == "lpush" {
                        list.insert(0, item.clone());
                    } else {
                        list.push(item.clone());
                    }
                }
                Reply::Int(list.len() as i64)
            }
            "lpop" | "rpop" => {
                arity(1, Some(1))?;
                self.purge_key(arg(0), now);
                let popped = match self.entries.get_mut(arg(0)).map(|e| &mut e.value) {
                    Some(Value::List(list)) if !list.is_empty() => {
                        if name == "lpop" {
                            Some(list.remove(0))
                        } else {
                            list.pop()
                        }
                    }
                    Some(Value::List(_)) | None => None,
                    Some(_) => return Err(Reply::Error(WRONGTYPE.into())),
                };
                self.drop_if_empty(arg(0));
                popped.map(Reply::Bulk).unwrap_or(Reply::Nil)
            }
            "llen" => {
                arity(1, Some(1))?;
                match self.get(arg(0), now).map(|e| &e.value) {
                    Some(Value::List(l)) => Reply::Int(l.len() as i64),
                    Some(_) => return Err(Reply::Error(WRONGTYPE.into())),
                    None => Reply::Int(0),
                }
            }
            "lrange" => {
                arity(3, Some(3))?;
                let (start, stop) = (int(arg(1))?, int(arg(2))?);
                let found = self.get(arg(0), now).map(|e| &e.value);
                looked_up(found.is_some());
                match found {
                    Some(Value::List(l)) => match range(l.len(), start, stop) {
                        Some((a, b)) => bulks(l[a..=b].to_vec()),
                        None => Reply::Array(Vec::new()),
                    },
                    Some(_) => return Err(Reply::Error(WRONGTYPE.into())),
                    None => Reply::Array(Vec::new()),
                }
            }
            "sadd" | "srem" => {
                arity(2, None)?;
                if name == "srem" && self.get(arg(0), now).is_none() {
                    return Ok(Reply::Int(0));
                }
                let value = self.entry_of(
                    arg(0),
                    now,
                    |v| matches!(v, Value::Set(_)),
                    || Value::Set(BTreeSet::new()),
                )?;
                let Value::Set(set) = value else {
                    return Err(Reply::Error(WRONGTYPE.into()));
                };
                let changed = rest[1..]
                    .iter()
                    .filter(|m| {
                        if name == "sadd" {
                            set.insert((*m).clone())
                        } else {
                            set.remove(*m)
                        }
                    })
                    .count();
                self.drop_if_empty(arg(0));
                Reply::Int(changed as i64)
            }
            "smembers" | "scard" | "sismember" => {
                arity(
                    if name == "sismember" { 2 } else { 1 },
                    Some(if name == "sismember" { 2 } else { 1 }),
                )?;
                let found = self.get(arg(0), now).map(|e| &e.value);
                if name == "smembers" {
                    looked_up(found.is_some());
                }
                let set = match found {
                    Some(Value::Set(s)) => s.clone(),
                    Some(_) => return Err(Reply::Error(WRONGTYPE.into())),
                    None => BTreeSet::new(),
                };
                match name {
                    "smembers" => bulks(set),
                    "scard" => Reply::Int(set.len() as i64),
                    _ => Reply::Int(i64::from(set.contains(arg(1)))),
                }
            }
            "hset" => {
                if rest.len() < 3 || rest.len() % 2 == 0 {
                    return Err(Reply::Error(
                        "ERR wrong number of arguments for 'hset' command".into(),
                    ));
                }
                let value = self.entry_of(
                    arg(0),
                    now,
                    |v| matches!(v, Value::Hash(_)),
                    || Value::Hash(BTreeMap::new()),
                )?;
                let Value::Hash(hash) = value else {
                    return Err(Reply::Error(WRONGTYPE.into()));
                };
                let mut added = 0;
                for pair in rest[1..].chunks(2) {
                    if let [f, v] = pair
                        && hash.insert(f.clone(), v.clone()).is_none()
                    {
                        added += 1;
                    }
                }
                Reply::Int(added)
            }
            "hincrby" => {
                arity(3, Some(3))?;
                let by = int(arg(2))?;
                let value = self.entry_of(
                    arg(0),
                    now,
                    |v| matches!(v, Value::Hash(_)),
                    || Value::Hash(BTreeMap::new()),
                )?;
                let Value::Hash(hash) = value else {
                    return Err(Reply::Error(WRONGTYPE.into()));
                };
                let current = match hash.get(arg(1)) {
                    Some(v) => v
                        .parse::<i64>()
                        .map_err(|_| Reply::Error("ERR hash value is not an integer".into()))?,
                    None => 0,
                };
                let next = current.checked_add(by).ok_or_else(|| {
                    Reply::Error("ERR increment or decrement would overflow".into())
                })?;
                hash.insert(arg(1).to_string(), next.to_string());
                Reply::Int(next)
            }
            "hget" | "hgetall" | "hdel" | "hlen" | "hexists" => {
                self.purge_key(arg(0), now);
                let (min, max) = match name {
                    "hget" | "hexists" => (2, Some(2)),
                    "hdel" => (2, None),
                    _ => (1, Some(1)),
                };
                arity(min, max)?;
                let found = self.get(arg(0), now).map(|e| &e.value);
                let hash = match found {
                    Some(Value::Hash(h)) => h.clone(),
                    Some(_) => return Err(Reply::Error(WRONGTYPE.into())),
                    None => BTreeMap::new(),
                };
                match name {
                    "hget" => {
                        let value = hash.get(arg(1)).cloned();
                        looked_up(value.is_some());
                        value.map(Reply::Bulk).unwrap_or(Reply::Nil)
                    }
                    "hgetall" => {
                        looked_up(!hash.is_empty());
                        bulks(hash.into_iter().flat_map(|(k, v)| [k, v]))
                    }
                    "hlen" => Reply::Int(hash.len() as i64),
                    "hexists" => Reply::Int(i64::from(hash.contains_key(arg(1)))),
                    _ => {
                        let mut removed = 0;
                        if let Some(Entry {
                            value: Value::Hash(h),
                            ..
                        }) = self.entries.get_mut(arg(0))
                        {
                            for field in &rest[1..] {
                                if h.remove(field).is_some() {
                                    removed += 1;
                                }
                            }
                        }
                        self.drop_if_empty(arg(0));
                        Reply::Int(removed)
                    }
                }
            }
            "zadd" | "zincrby" => {
                if name == "zadd" && rest.len() < 3 {
                    return Err(Reply::Error(
                        "ERR wrong number of arguments for 'zadd' command".into(),
                    ));
                }
                if name == "zadd" && rest.len() % 2 == 0 {
                    return Err(Reply::Error(SYNTAX.into()));
                }
                if name == "zincrby" {
                    arity(3, Some(3))?;
                }
                let mut pairs = Vec::new();
                for pair in rest[1..].chunks(2) {
                    if let [score, member] = pair {
                        pairs.push((float(score)?, member.clone()));
                    }
                }
                let value = self.entry_of(
                    arg(0),
                    now,
                    |v| matches!(v, Value::ZSet(_)),
                    || Value::ZSet(Vec::new()),
                )?;
                let Value::ZSet(zset) = value else {
                    return Err(Reply::Error(WRONGTYPE.into()));
                };
                let mut added = 0;
                let mut last = 0.0;
                for (score, member) in pairs {
                    let existing = zset.iter().position(|(_, m)| *m == member);
                    let new_score = match (name, existing) {
                        ("zincrby", Some(i)) => {
                            zset.get(i).map(|(s, _)| s + score).unwrap_or(score)
                        }
                        _ => score,
                    };
                    if new_score.is_nan() {
                        return Err(Reply::Error(
                            "ERR resulting score is not a number (NaN)".into(),
                        ));
                    }
                    match existing {
                        Some(i) => {
                            zset.remove(i);
                        }
                        None => added += 1,
                    }
                    zset.push((new_score, member));
                    last = new_score;
                }
                zset.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
                if name == "zincrby" {
                    Reply::Bulk(format_score(last))
                } else {
                    Reply::Int(added)
                }
            }
            "zrem" => {
                arity(2, None)?;
                self.purge_key(arg(0), now);
                let mut removed = 0;
                match self.entries.get_mut(arg(0)).map(|e| &mut e.value) {
                    Some(Value::ZSet(z)) => {
                        let before = z.len();
                        z.retain(|(_, m)| !rest[1..].contains(m));
                        removed = before - z.len();
                    }
                    Some(_) => return Err(Reply::Error(WRONGTYPE.into())),
                    None => {}
                }
                self.drop_if_empty(arg(0));
                Reply::Int(removed as i64)
            }
            "zrange" | "zrevrange" => {
                arity(3, Some(5))?;
                let (start, stop) = (int(arg(1))?, int(arg(2))?);
                let mut scores = false;
                let mut rev = name == "zrevrange";
                for option in rest.iter().skip(3) {
                    match option.to_ascii_lowercase().as_str() {
                        "withscores" => scores = true,
                        "rev" if name == "zrange" => rev = true,
                        _ => return Err(Reply::Error(SYNTAX.into())),
                    }
                }
                let found = self.get(arg(0), now).map(|e| &e.value);
                looked_up(found.is_some());
                let mut zset = match found {
                    Some(Value::ZSet(z)) => z.clone(),
                    Some(_) => return Err(Reply::Error(WRONGTYPE.into())),
                    None => Vec::new(),
                };
                if rev {
                    zset.reverse();
                }
                match range(zset.len(), start, stop) {
                    Some((a, b)) => Reply::Array(
                        zset[a..=b]
                            .iter()
                            .flat_map(|(s, m)| {
                                let mut out = vec![Reply::Bulk(m.clone())];
                                if scores {
                                    out.push(Reply::Bulk(format_score(*s)));
                                }
                                out
                            })
                            .collect(),
                    ),
                    None => Reply::Array(Vec::new()),
                }
            }
            "zscore" | "zrank" | "zrevrank" | "zcard" => {
                arity(
                    if name == "zcard" { 1 } else { 2 },
                    Some(if name == "zcard" { 1 } else { 2 }),
                )?;
                let zset = match self.get(arg(0), now).map(|e| &e.value) {
                    Some(Value::ZSet(z)) => z.clone(),
                    Some(_) => return Err(Reply::Error(WRONGTYPE.into())),
                    None => Vec::new(),
                };
                let position = zset.iter().position(|(_, m)| m == arg(1));
                match name {
                    "zcard" => Reply::Int(zset.len() as i64),
                    "zscore" => position
                        .and_then(|i| zset.get(i))
                        .map(|(s, _)| Reply::Bulk(format_score(*s)))
                        .unwrap_or(Reply::Nil),
                    "zrank" => position.map(|i| Reply::Int(i as i64)).unwrap_or(Reply::Nil),
                    _ => position
                        .map(|i| Reply::Int((zset.len() - 1 - i) as i64))
                        .unwrap_or(Reply::Nil),
                }
            }
            "info" => Reply::Bulk(self.info(arg(0), now, server)),
            "role" => {
                if server.replica {
                    Reply::Array(vec![
                        Reply::Bulk("slave".into()),
                        Reply::Bulk(server.primary_ip.clone().unwrap_or_default()),
                        Reply::Int(6379),
                        Reply::Bulk("connected".into()),
                        Reply::Int(0),
                    ])
                } else {
                    Reply::Array(vec![
                        Reply::Bulk("master".into()),
                        Reply::Int(0),
                        Reply::Array(
                            server
                                .replica_ips
                                .iter()
                                .map(|ip| {
                                    Reply::Array(vec![
                                        Reply::Bulk(ip.clone()),
                                        Reply::Bulk("6379".into()),
                                        Reply::Bulk("0".into()),
                                    ])
                                })
                                .collect(),
                        ),
                    ])
                }
            }
            _ => return Err(unknown_command(args)),
        };
        if writes && !matches!(reply, Reply::Error(_)) {
            outcome.wrote = true;
        }
        Ok(reply)
    }

    fn info(&self, section: &str, now: SimTime, server: &ServerInfo) -> String {
        let section = section.to_ascii_lowercase();
        let all = section.is_empty() || section == "all" || section == "everything";
        let mut out = String::new();
        if all || section == "server" {
            out.push_str("# Server\r\n");
            if server.engine == "valkey" {
                out.push_str("redis_version:7.2.4\r\n");
                out.push_str(&format!("valkey_version:{}\r\n", server.version));
                out.push_str("server_name:valkey\r\n");
            } else {
                out.push_str(&format!("redis_version:{}\r\n", server.version));
            }
            out.push_str(&format!(
                "redis_mode:{}\r\nos:Amazon ElastiCache\r\narch_bits:64\r\ntcp_port:6379\r\n\r\n",
                if server.cluster_mode {
                    "cluster"
                } else {
                    "standalone"
                }
            ));
        }
        if all || section == "memory" {
            out.push_str(&format!(
                "# Memory\r\nused_memory:{}\r\nmaxmemory:{}\r\nmaxmemory_policy:volatile-lru\r\n\r\n",
                self.used_bytes(now) + 1_000_000,
                server.max_memory
            ));
        }
        if all || section == "stats" {
            out.push_str(&format!(
                "# Stats\r\nkeyspace_hits:{}\r\nkeyspace_misses:{}\r\n\r\n",
                server.hits, server.misses
            ));
        }
        if all || section == "replication" {
            out.push_str("# Replication\r\n");
            if server.replica {
                out.push_str(&format!(
                    "role:slave\r\nmaster_host:{}\r\nmaster_port:6379\r\nmaster_link_status:up\r\nslave_read_only:1\r\n",
                    server.primary_ip.clone().unwrap_or_default()
                ));
            } else {
                out.push_str(&format!(
                    "role:master\r\nconnected_slaves:{}\r\n",
                    server.replica_ips.len()
                ));
                for (i, ip) in server.replica_ips.iter().enumerate() {
                    out.push_str(&format!(
                        "slave{i}:ip={ip},port=6379,state=online,offset=0,lag=0\r\n"
                    ));
                }
            }
            out.push_str("\r\n");
        }
        if all || section == "keyspace" {
            out.push_str("# Keyspace\r\n");
            let keys = self.len(now);
            if keys > 0 {
                let expires = self
                    .live(now)
                    .filter(|(_, e)| e.expires_at.is_some())
                    .count();
                out.push_str(&format!("db0:keys={keys},expires={expires},avg_ttl=0\r\n"));
            }
        }
        out.trim_end_matches("\r\n").replace("\r\n", "\n") + "\n"
    }
}

fn unknown_command(args: &[String]) -> Reply {
    let name = args.first().cloned().unwrap_or_default();
    let with: String = args.iter().skip(1).map(|a| format!("'{a}' ")).collect();
    Reply::Error(format!(
        "ERR unknown command '{name}', with args beginning with: {with}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(ks: &mut KeySpace, now: u64, line: &str) -> Reply {
        let args: Vec<String> = line.split_whitespace().map(String::from).collect();
        ks.execute(&args, SimTime(now), &ServerInfo::default())
            .reply
    }

    #[test]
    fn strings_expire_on_the_clock() {
        let mut ks = KeySpace::default();
        assert_eq!(run(&mut ks, 0, "SET greeting hello EX 10"), ok());
        assert_eq!(
            run(&mut ks, 1_000, "GET greeting"),
            Reply::Bulk("hello".into())
        );
        assert_eq!(run(&mut ks, 1_500, "TTL greeting"), Reply::Int(9));
        assert_eq!(run(&mut ks, 10_000, "GET greeting"), Reply::Nil);
        assert_eq!(run(&mut ks, 10_000, "TTL greeting"), Reply::Int(-2));
        assert_eq!(run(&mut ks, 0, "SET n 41"), ok());
        assert_eq!(run(&mut ks, 0, "INCR n"), Reply::Int(42));
        assert_eq!(run(&mut ks, 0, "TTL n"), Reply::Int(-1));
        assert_eq!(
            run(&mut ks, 0, "INCR greeting2 x"),
            Reply::Error("ERR wrong number of arguments for 'incr' command".into())
        );
        assert_eq!(run(&mut ks, 0, "SET word abc"), ok());
        assert_eq!(
            run(&mut ks, 0, "INCR word"),
            Reply::Error(NOT_INTEGER.into())
        );
    }

    #[test]
    fn huge_or_odd_numbers_are_refused_not_wrapped() {
        let mut ks = KeySpace::default();
        assert_eq!(
            run(&mut ks, 0, "SET k v EX 9223372036854775807"),
            Reply::Error("ERR invalid expire time in 'set' command".into())
        );
        assert_eq!(run(&mut ks, 0, "SET k v EX"), Reply::Error(SYNTAX.into()));
        assert_eq!(
            run(&mut ks, 0, "SET k v EX 5 PX 10"),
            Reply::Error(SYNTAX.into())
        );
        assert_eq!(
            run(&mut ks, 0, "SETEX k 9223372036854775807 v"),
            Reply::Error("ERR invalid expire time in 'setex' command".into())
        );
        assert_eq!(
            run(&mut ks, 0, "DECRBY n -9223372036854775808"),
            Reply::Error("ERR decrement would overflow".into())
        );
        assert_eq!(run(&mut ks, 0, "ZADD z inf a"), Reply::Int(1));
        assert_eq!(
            run(&mut ks, 0, "ZINCRBY z -inf a"),
            Reply::Error("ERR resulting score is not a number (NaN)".into())
        );
        // An expired list is gone for LPOP too.
        assert_eq!(run(&mut ks, 0, "RPUSH q a"), Reply::Int(1));
        assert_eq!(run(&mut ks, 0, "PEXPIRE q 10"), Reply::Int(1));
        assert_eq!(run(&mut ks, 20, "LPOP q"), Reply::Nil);
    }

    #[test]
    fn types_are_kept_apart() {
        let mut ks = KeySpace::default();
        assert_eq!(run(&mut ks, 0, "RPUSH queue a b c"), Reply::Int(3));
        assert_eq!(
            run(&mut ks, 0, "LRANGE queue 0 -1"),
            bulks(["a".into(), "b".into(), "c".into()])
        );
        assert_eq!(run(&mut ks, 0, "GET queue"), Reply::Error(WRONGTYPE.into()));
        assert_eq!(run(&mut ks, 0, "TYPE queue"), Reply::Status("list".into()));
        assert_eq!(
            run(&mut ks, 0, "ZADD board 300 kim 120 lee 450 park"),
            Reply::Int(3)
        );
        assert_eq!(
            run(&mut ks, 0, "ZREVRANGE board 0 1 WITHSCORES"),
            bulks(["park".into(), "450".into(), "kim".into(), "300".into()])
        );
        assert_eq!(
            run(&mut ks, 0, "ZINCRBY board 200 lee"),
            Reply::Bulk("320".into())
        );
        assert_eq!(run(&mut ks, 0, "ZREVRANK board lee"), Reply::Int(1));
        assert_eq!(
            run(&mut ks, 0, "HSET user:1 name Kim city Seoul"),
            Reply::Int(2)
        );
        assert_eq!(
            run(&mut ks, 0, "HGET user:1 city"),
            Reply::Bulk("Seoul".into())
        );
        assert_eq!(run(&mut ks, 0, "SADD tags a b a"), Reply::Int(2));
        assert_eq!(run(&mut ks, 0, "SREM tags a b"), Reply::Int(2));
        assert_eq!(run(&mut ks, 0, "EXISTS tags"), Reply::Int(0));
        assert_eq!(run(&mut ks, 0, "DBSIZE"), Reply::Int(3));
    }

    #[test]
    fn replicas_refuse_writes_and_elasticache_refuses_admin_commands() {
        let mut ks = KeySpace::default();
        let replica = ServerInfo {
            replica: true,
            ..Default::default()
        };
        let args = |l: &str| l.split_whitespace().map(String::from).collect::<Vec<_>>();
        assert_eq!(
            ks.execute(&args("SET a 1"), SimTime(0), &replica).reply,
            Reply::Error("READONLY You can't write against a read only replica.".into())
        );
        assert_eq!(
            ks.execute(&args("GET a"), SimTime(0), &replica).reply,
            Reply::Nil
        );
        assert_eq!(
            run(&mut ks, 0, "CONFIG GET maxmemory"),
            Reply::Error(
                "ERR unknown command 'CONFIG', with args beginning with: 'GET' 'maxmemory' ".into()
            )
        );
    }

    #[test]
    fn reads_count_hits_and_misses() {
        let mut ks = KeySpace::default();
        let args = |l: &str| l.split_whitespace().map(String::from).collect::<Vec<_>>();
        let server = ServerInfo::default();
        ks.execute(&args("SET a 1"), SimTime(0), &server);
        let read = ks.execute(&args("MGET a b"), SimTime(0), &server);
        assert_eq!((read.hits, read.misses), (1, 1));
    }

    #[test]
    fn key_slots_follow_redis_cluster() {
        // Values from the Redis Cluster specification and redis-cli.
        assert_eq!(key_slot("123456789"), 12739);
        assert_eq!(key_slot("foo"), 12182);
        assert_eq!(
            key_slot("{user1000}.following"),
            key_slot("{user1000}.followers")
        );
        assert_eq!(key_slot("foo{}{bar}"), key_slot("foo{}{bar}"));
    }
}
