//! A Memcached node's data and its text protocol, as `telnet` or `nc`
//! reach it on port 11211: `set`/`add`/`replace`/`append`/`prepend` with a
//! data line, `get`/`gets`, `delete`, `incr`/`decr`, `touch`, `flush_all`,
//! `stats`, `version`. Only strings: Memcached has no lists, sets or hashes,
//! no replication and no persistence (a node that restarts comes back empty).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::clock::SimTime;

/// The Memcached version the lab's nodes run.
pub const MEMCACHED_VERSION: &str = "1.6.22";

/// Expiry times above this many seconds are Unix times, not offsets.
const RELATIVE_EXPIRY_LIMIT: u64 = 60 * 60 * 24 * 30;

/// One stored item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// The client's flags.
    pub flags: u32,
    /// The data.
    pub data: String,
    /// When it expires, if ever.
    pub expires_at: Option<SimTime>,
    /// `gets`'s CAS value.
    pub cas: u64,
}

/// A node's items.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemStore {
    items: BTreeMap<String, Item>,
    next_cas: u64,
    /// `get_hits` since the node started.
    pub get_hits: u64,
    /// `get_misses` since the node started.
    pub get_misses: u64,
}

/// A storage command waiting for its data line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct PendingStore {
    command: String,
    key: String,
    flags: u32,
    exptime: i32,
    bytes: usize,
    noreply: bool,
}

/// One client connection: lines in, replies out.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conversation {
    pending: Option<PendingStore>,
    /// Whether the client sent `quit`.
    pub closed: bool,
}

impl ItemStore {
    /// How many items are live at `now`.
    pub fn len(&self, now: SimTime) -> usize {
        self.items
            .values()
            .filter(|i| i.expires_at.is_none_or(|t| t > now))
            .count()
    }

    /// Whether no item is live at `now`.
    pub fn is_empty(&self, now: SimTime) -> bool {
        self.len(now) == 0
    }

    fn live(&self, key: &str, now: SimTime) -> Option<&Item> {
        self.items
            .get(key)
            .filter(|i| i.expires_at.is_none_or(|t| t > now))
    }

    /// The data under `key`, counted as a hit or a miss.
    pub fn get(&mut self, key: &str, now: SimTime) -> Option<String> {
        let found = self.live(key, now).map(|i| i.data.clone());
        if found.is_some() {
            self.get_hits += 1;
        } else {
            self.get_misses += 1;
        }
        found
    }

    /// Stores `data` under `key` for `ttl_seconds` (0: no expiry).
    pub fn set(&mut self, key: &str, data: &str, ttl_seconds: i32, now: SimTime) {
        self.store(key, 0, data.to_string(), expiry(ttl_seconds, now));
    }

    fn store(&mut self, key: &str, flags: u32, data: String, expires_at: Option<SimTime>) {
        self.next_cas += 1;
        self.items.insert(
            key.to_string(),
            Item {
                flags,
                data,
                expires_at,
                cas: self.next_cas,
            },
        );
    }

    /// Forgets everything (a restarted node).
    pub fn clear(&mut self) {
        self.items.clear();
    }
}

/// When an item given `exptime` expires: never for 0, already for a negative
/// value, after so many seconds up to 30 days, else at that Unix time.
fn expiry(exptime: i32, now: SimTime) -> Option<SimTime> {
    let seconds = match u64::try_from(exptime) {
        Ok(0) => return None,
        Err(_) => return Some(now),
        Ok(s) if s <= RELATIVE_EXPIRY_LIMIT => s,
        Ok(unix) => {
            let now_unix = (crate::clock::ACCOUNT_CREATED_UNIX_MS + now.0) / 1000;
            unix.saturating_sub(now_unix)
        }
    };
    Some(SimTime(now.0.saturating_add(seconds.saturating_mul(1000))))
}

fn valid_key(key: &str) -> bool {
    !key.is_empty() && key.len() <= 250 && !key.chars().any(|c| c.is_control() || c == ' ')
}

impl Conversation {
    /// Feeds one line (without its `\r\n`) and returns what the server
    /// answers, if anything, with `\r\n` line ends turned into `\n`.
    pub fn feed(&mut self, line: &str, store: &mut ItemStore, now: SimTime) -> String {
        if let Some(p) = self.pending.take() {
            if line.len() != p.bytes {
                return "CLIENT_ERROR bad data chunk\nERROR\n".into();
            }
            let exists = store.live(&p.key, now).cloned();
            let stored = match (p.command.as_str(), exists) {
                ("add", Some(_)) | ("replace" | "append" | "prepend", None) => false,
                ("append", Some(item)) => {
                    store.store(&p.key, item.flags, item.data + line, item.expires_at);
                    true
                }
                ("prepend", Some(item)) => {
                    store.store(
                        &p.key,
                        item.flags,
                        format!("{line}{}", item.data),
                        item.expires_at,
                    );
                    true
                }
                _ => {
                    store.store(&p.key, p.flags, line.to_string(), expiry(p.exptime, now));
                    true
                }
            };
            return if p.noreply {
                String::new()
            } else if stored {
                "STORED\n".into()
            } else {
                "NOT_STORED\n".into()
            };
        }
        let words: Vec<&str> = line.split_whitespace().collect();
        let Some(command) = words.first().map(|w| w.to_ascii_lowercase()) else {
            return "ERROR\n".into();
        };
        let bad_format = || "CLIENT_ERROR bad command line format\n".to_string();
        match command.as_str() {
            "set" | "add" | "replace" | "append" | "prepend" => {
                let (Some(key), Some(flags), Some(exptime), Some(bytes)) = (
                    words.get(1),
                    words.get(2).and_then(|f| f.parse::<u32>().ok()),
                    words.get(3).and_then(|e| e.parse::<i32>().ok()),
                    words.get(4).and_then(|b| b.parse::<usize>().ok()),
                ) else {
                    return if words.len() < 5 {
                        "ERROR\n".into()
                    } else {
                        bad_format()
                    };
                };
                if !valid_key(key) {
                    return bad_format();
                }
                self.pending = Some(PendingStore {
                    command,
                    key: key.to_string(),
                    flags,
                    exptime,
                    bytes,
                    noreply: words.get(5) == Some(&"noreply"),
                });
                String::new()
            }
            "get" | "gets" => {
                if words.len() < 2 {
                    return "ERROR\n".into();
                }
                let mut out = String::new();
                for key in &words[1..] {
                    if store.get(key, now).is_some()
                        && let Some(item) = store.live(key, now)
                    {
                        out.push_str(&format!("VALUE {key} {} {}", item.flags, item.data.len()));
                        if command == "gets" {
                            out.push_str(&format!(" {}", item.cas));
                        }
                        out.push('\n');
                        out.push_str(&item.data);
                        out.push('\n');
                    }
                }
                out + "END\n"
            }
            "delete" => match words.get(1) {
                Some(key) if store.live(key, now).is_some() => {
                    store.items.remove(*key);
                    "DELETED\n".into()
                }
                Some(_) => "NOT_FOUND\n".into(),
                None => "ERROR\n".into(),
            },
            "incr" | "decr" => {
                let (Some(key), Some(by)) = (
                    words.get(1),
                    words.get(2).and_then(|n| n.parse::<u64>().ok()),
                ) else {
                    return "CLIENT_ERROR invalid numeric delta argument\n".into();
                };
                let Some(item) = store.live(key, now).cloned() else {
                    return "NOT_FOUND\n".into();
                };
                let Ok(current) = item.data.trim().parse::<u64>() else {
                    return "CLIENT_ERROR cannot increment or decrement non-numeric value\n".into();
                };
                let next = if command == "incr" {
                    current.wrapping_add(by)
                } else {
                    current.saturating_sub(by)
                };
                store.store(key, item.flags, next.to_string(), item.expires_at);
                format!("{next}\n")
            }
            "touch" => {
                let (Some(key), Some(exptime)) = (
                    words.get(1),
                    words.get(2).and_then(|e| e.parse::<i32>().ok()),
                ) else {
                    return "ERROR\n".into();
                };
                match store.items.get_mut(*key) {
                    Some(item) if item.expires_at.is_none_or(|t| t > now) => {
                        item.expires_at = expiry(exptime, now);
                        "TOUCHED\n".into()
                    }
                    _ => "NOT_FOUND\n".into(),
                }
            }
            "flush_all" => {
                store.clear();
                "OK\n".into()
            }
            "version" => format!("VERSION {MEMCACHED_VERSION}\n"),
            "stats" => format!(
                "STAT version {MEMCACHED_VERSION}\nSTAT curr_items {}\nSTAT get_hits {}\nSTAT get_misses {}\nSTAT threads 4\nEND\n",
                store.len(now),
                store.get_hits,
                store.get_misses
            ),
            "quit" => {
                self.closed = true;
                String::new()
            }
            _ => "ERROR\n".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn talk(store: &mut ItemStore, now: u64, lines: &[&str]) -> String {
        let mut c = Conversation::default();
        lines
            .iter()
            .map(|l| c.feed(l, store, SimTime(now)))
            .collect()
    }

    #[test]
    fn set_get_and_expire() {
        let mut store = ItemStore::default();
        assert_eq!(
            talk(
                &mut store,
                0,
                &["set greeting 0 60 5", "hello", "get greeting"]
            ),
            "STORED\nVALUE greeting 0 5\nhello\nEND\n"
        );
        assert_eq!(talk(&mut store, 61_000, &["get greeting"]), "END\n");
        assert_eq!(
            talk(
                &mut store,
                0,
                &["add n 0 0 1", "5", "add n 0 0 1", "6", "incr n 10"]
            ),
            "STORED\nNOT_STORED\n15\n"
        );
        assert_eq!(
            talk(&mut store, 0, &["set x 0 0 3", "toolong"]),
            "CLIENT_ERROR bad data chunk\nERROR\n"
        );
        assert_eq!(talk(&mut store, 0, &["lpush list a"]), "ERROR\n");
        // Expiry times beyond a signed 32-bit number are refused, negative ones expire at once.
        assert_eq!(
            talk(&mut store, 0, &["set big 0 18446744073709551615 1"]),
            "CLIENT_ERROR bad command line format\n"
        );
        assert_eq!(
            talk(&mut store, 0, &["set gone 0 -1 1", "x", "get gone"]),
            "STORED\nEND\n"
        );
        assert_eq!(
            talk(
                &mut store,
                0,
                &["set later 0 2000000000 1", "x", "get later"]
            ),
            "STORED\nVALUE later 0 1\nx\nEND\n"
        );
        assert_eq!(store.get_hits, 2);
        assert_eq!(store.get_misses, 2);
    }
}
