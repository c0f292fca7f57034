//! `cache-demo`: the lab's sample application on its instances. It reads one
//! DynamoDB item several times, as an application serving the same page
//! would, and prints how long each read took:
//!
//! - with no cache, every read goes to DynamoDB;
//! - `--redis HOST[:PORT]`: lazy loading (cache-aside) through a Valkey or
//!   Redis OSS node: `GET`, and on a miss `GetItem` then `SET ... EX ttl`;
//! - `--dax dax://ENDPOINT`: through a DAX cluster, which reads through and
//!   keeps the item for its TTL.
//!
//! It acts as the instance profile's role (the SDK's credential chain on EC2),
//! and every read moves the simulated clock by its time, so caches expire as
//! the clock goes on.

use std::time::Duration;

use cloudlab_model::Cloud;
use cloudlab_model::auth::CallerIdentity;
use cloudlab_model::dynamodb::expressions::Item;
use cloudlab_model::dynamodb::items::ItemRequest;
use cloudlab_model::dynamodb::values::AttributeValue;
use cloudlab_model::ec2::private_endpoints::EndpointClient;
use cloudlab_model::elasticache::connect::CacheConnection;
use cloudlab_model::elasticache::keyspace::Reply;
use cloudlab_model::latency::RoundTrip;

use crate::shell::CmdResult;
use crate::{Session, Terminal};

const USAGE: &str = "usage: cache-demo --table TABLE --key JSON [--redis HOST[:PORT] [--ttl SECONDS] | --dax dax://ENDPOINT] [--reads N] [--consistent-read]\n";

enum Cache {
    None,
    Redis { host: String, port: u16 },
    Dax(String),
}

struct Options {
    table: String,
    key: Item,
    cache: Cache,
    reads: u32,
    ttl: u64,
    consistent: bool,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut table = None;
    let mut key = None;
    let mut cache = Cache::None;
    let (mut reads, mut ttl, mut consistent) = (5, 300, false);
    let mut i = 0;
    while i < args.len() {
        let flag = args[i].as_str();
        let mut value = || {
            i += 1;
            args.get(i)
                .cloned()
                .ok_or_else(|| format!("cache-demo: {flag} needs a value\n{USAGE}"))
        };
        match flag {
            "--table" => table = Some(value()?),
            "--key" => {
                let text = value()?;
                key = Some(serde_json::from_str::<Item>(&text).map_err(|e| {
                    format!("cache-demo: --key is not a DynamoDB key in JSON ({e}), e.g. '{{\"Artist\":{{\"S\":\"IU\"}},\"SongTitle\":{{\"S\":\"Palette\"}}}}'\n")
                })?);
            }
            "--redis" => {
                let target = value()?;
                let (host, port) = match target.rsplit_once(':') {
                    Some((h, p)) => (
                        h.to_string(),
                        p.parse()
                            .map_err(|_| format!("cache-demo: bad port in {target}\n"))?,
                    ),
                    None => (target, 6379),
                };
                cache = Cache::Redis { host, port };
            }
            "--dax" => cache = Cache::Dax(value()?),
            "--reads" => {
                reads = value()?
                    .parse()
                    .ok()
                    .filter(|n| (1..=100).contains(n))
                    .ok_or("cache-demo: --reads takes 1 to 100\n")?;
            }
            "--ttl" => {
                ttl = value()?
                    .parse()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or("cache-demo: --ttl takes a number of seconds\n")?;
            }
            "--consistent-read" => consistent = true,
            "--help" | "-h" => return Err(USAGE.to_string()),
            other => return Err(format!("cache-demo: unknown option {other}\n{USAGE}")),
        }
        i += 1;
    }
    match (table, key) {
        (Some(table), Some(key)) => Ok(Options {
            table,
            key,
            cache,
            reads,
            ttl,
            consistent,
        }),
        _ => Err(USAGE.to_string()),
    }
}

fn ms(us: u64) -> String {
    format!("{:.2} ms", us as f64 / 1000.0)
}

/// The key's values joined after the table's name: `Music:IU:Palette`.
fn cache_key(table: &str, key: &Item) -> String {
    let mut out = table.to_string();
    for value in key.values() {
        out.push(':');
        match value {
            AttributeValue::S(s) | AttributeValue::N(s) | AttributeValue::B(s) => out.push_str(s),
            other => out.push_str(&serde_json::to_string(other).unwrap_or_default()),
        }
    }
    out
}

/// Runs the sample application on the session's instance.
pub fn run(term: &mut Terminal, cloud: &mut Cloud, args: &[String]) -> CmdResult {
    let Session::Remote(remote) = &term.session else {
        return CmdResult::fail("cache-demo: command not found\n", 127);
    };
    let instance = remote.instance_id.clone();
    let options = match parse(args) {
        Ok(o) => o,
        Err(message) => return CmdResult::fail(message, 2),
    };
    let identity = match cloud.instance_credentials(&instance) {
        Ok(identity) => identity,
        Err(why) => {
            return CmdResult::fail(
                format!(
                    "cache-demo: Unable to locate credentials: {why}. Give the instance a role that may read the table.\n"
                ),
                1,
            );
        }
    };
    let request = ItemRequest {
        table_name: options.table.clone(),
        key: Some(options.key.clone()),
        consistent_read: options.consistent.then_some(true),
        ..Default::default()
    };
    let shown_key = serde_json::to_string(&options.key).unwrap_or_default();
    match &options.cache {
        Cache::None => direct(cloud, &identity, &options, &request, &shown_key),
        Cache::Redis { host, port } => {
            lazy_loading(cloud, &instance, &identity, &options, &request, host, *port)
        }
        Cache::Dax(endpoint) => through_dax(cloud, &instance, &options, request, endpoint),
    }
}

/// One `GetItem` as the instance's role: the item (or none) and its time.
fn get_item(
    cloud: &mut Cloud,
    identity: &CallerIdentity,
    request: &ItemRequest,
) -> Result<(Option<Item>, u64), String> {
    let found = cloud
        .as_caller(identity.clone())
        .get_item(request.clone())
        .map_err(|e| {
            format!(
                "cache-demo: An error occurred ({}) when calling the GetItem operation: {}\n",
                e.code(),
                e.message()
            )
        })?;
    let us = cloud.sample_round_trip_us(RoundTrip::DynamoDbRead);
    Ok((found.item, us))
}

fn spend(cloud: &mut Cloud, us: u64) {
    cloud.advance(Duration::from_micros(us));
}

struct Tally {
    hits: Vec<u64>,
    misses: Vec<u64>,
}

impl Tally {
    fn summary(&self) -> String {
        let avg = |v: &[u64]| v.iter().sum::<u64>() / (v.len().max(1) as u64);
        let all: Vec<u64> = self.hits.iter().chain(&self.misses).copied().collect();
        format!(
            "{} {}, {} {}: {} a read on average (hits {}, misses {}).\n",
            self.misses.len(),
            if self.misses.len() == 1 {
                "miss"
            } else {
                "misses"
            },
            self.hits.len(),
            if self.hits.len() == 1 { "hit" } else { "hits" },
            ms(avg(&all)),
            if self.hits.is_empty() {
                "-".into()
            } else {
                ms(avg(&self.hits))
            },
            if self.misses.is_empty() {
                "-".into()
            } else {
                ms(avg(&self.misses))
            },
        )
    }
}

fn direct(
    cloud: &mut Cloud,
    identity: &CallerIdentity,
    options: &Options,
    request: &ItemRequest,
    shown_key: &str,
) -> CmdResult {
    let mut out = format!(
        "cache-demo: {} reads of {} {shown_key} straight from DynamoDB\n",
        options.reads, options.table
    );
    let mut total = 0;
    for n in 1..=options.reads {
        let (item, us) = match get_item(cloud, identity, request) {
            Ok(x) => x,
            Err(e) => return CmdResult::fail(e, 1).with_out(out),
        };
        spend(cloud, us);
        total += us;
        out.push_str(&format!(
            "read {n}  DynamoDB  {}{}\n",
            ms(us),
            if item.is_none() {
                "  (no such item)"
            } else {
                ""
            }
        ));
    }
    out.push_str(&format!(
        "{} reads from DynamoDB: {} a read on average.\n",
        options.reads,
        ms(total / u64::from(options.reads))
    ));
    CmdResult::ok(out)
}

fn lazy_loading(
    cloud: &mut Cloud,
    instance: &str,
    identity: &CallerIdentity,
    options: &Options,
    request: &ItemRequest,
    host: &str,
    port: u16,
) -> CmdResult {
    let mut connection =
        match cloud.connect_to_cache(EndpointClient::Instance(instance), host, port, false) {
            Ok(c) => c,
            Err(e) => {
                return CmdResult::fail(
                    format!("cache-demo: cannot connect to {host}:{port}: {e}\n"),
                    1,
                );
            }
        };
    let key = cache_key(&options.table, &options.key);
    let mut out = format!(
        "cache-demo: {} reads of {} through {host}:{port} (lazy loading: GET {key}, on a miss GetItem then SET with a {} s TTL)\n",
        options.reads, options.table, options.ttl
    );
    let mut tally = Tally {
        hits: Vec::new(),
        misses: Vec::new(),
    };
    for n in 1..=options.reads {
        let get = match redis(
            cloud,
            instance,
            &mut connection,
            &["GET".into(), key.clone()],
        ) {
            Ok(reply) => reply,
            Err(e) => return CmdResult::fail(e, 1).with_out(out),
        };
        let get_us = cloud.sample_round_trip_us(RoundTrip::CacheNode);
        if let Reply::Bulk(_) = get {
            spend(cloud, get_us);
            tally.hits.push(get_us);
            out.push_str(&format!("read {n}  hit   {}\n", ms(get_us)));
            continue;
        }
        let (item, db_us) = match get_item(cloud, identity, request) {
            Ok(x) => x,
            Err(e) => return CmdResult::fail(e, 1).with_out(out),
        };
        let Some(item) = item else {
            spend(cloud, get_us + db_us);
            tally.misses.push(get_us + db_us);
            out.push_str(&format!(
                "read {n}  miss  {}  (no such item in {}: nothing to cache)\n",
                ms(get_us + db_us),
                options.table
            ));
            continue;
        };
        let value = serde_json::to_string(&item).unwrap_or_default();
        let set = vec![
            "SET".into(),
            key.clone(),
            value,
            "EX".into(),
            options.ttl.to_string(),
        ];
        if let Err(e) = redis(cloud, instance, &mut connection, &set) {
            return CmdResult::fail(e, 1).with_out(out);
        }
        let set_us = cloud.sample_round_trip_us(RoundTrip::CacheNode);
        let total = get_us + db_us + set_us;
        spend(cloud, total);
        tally.misses.push(total);
        out.push_str(&format!(
            "read {n}  miss  {}  (GET {}, DynamoDB GetItem {}, SET {})\n",
            ms(total),
            ms(get_us),
            ms(db_us),
            ms(set_us)
        ));
    }
    out.push_str(&tally.summary());
    CmdResult::ok(out)
}

/// A command to the cache, following a cluster-mode `MOVED` once.
fn redis(
    cloud: &mut Cloud,
    instance: &str,
    connection: &mut CacheConnection,
    args: &[String],
) -> Result<Reply, String> {
    let reply = cloud
        .redis_command(connection, args)
        .map_err(|e| format!("cache-demo: the cache connection failed: {e}\n"))?;
    if let Reply::Error(message) = &reply {
        if let Some(address) = message
            .strip_prefix("MOVED ")
            .and_then(|t| t.split_once(' '))
            .map(|(_, a)| a.to_string())
        {
            let (ip, port) = address.rsplit_once(':').unwrap_or((&address, "6379"));
            *connection = cloud
                .connect_to_cache(
                    EndpointClient::Instance(instance),
                    ip,
                    port.parse().unwrap_or(6379),
                    false,
                )
                .map_err(|e| format!("cache-demo: cannot follow MOVED to {address}: {e}\n"))?;
            return cloud
                .redis_command(connection, args)
                .map_err(|e| format!("cache-demo: the cache connection failed: {e}\n"));
        }
        return Err(format!("cache-demo: the cache answered: {message}\n"));
    }
    Ok(reply)
}

fn through_dax(
    cloud: &mut Cloud,
    instance: &str,
    options: &Options,
    request: ItemRequest,
    endpoint: &str,
) -> CmdResult {
    let cluster = match cloud.dax_connect(instance, endpoint) {
        Ok(c) => c,
        Err(e) => return CmdResult::fail(format!("cache-demo: cannot reach {endpoint}: {e}\n"), 1),
    };
    let mut out = format!(
        "cache-demo: {} reads of {} through DAX cluster {cluster}{}\n",
        options.reads,
        options.table,
        if options.consistent {
            " (strongly consistent: DAX passes them to DynamoDB)"
        } else {
            ""
        }
    );
    let mut tally = Tally {
        hits: Vec::new(),
        misses: Vec::new(),
    };
    for n in 1..=options.reads {
        let read = match cloud.dax_get_item(instance, &cluster, request.clone()) {
            Ok(r) => r,
            Err(e) => return CmdResult::fail(format!("cache-demo: {e}\n"), 1).with_out(out),
        };
        let what = match (read.hit, read.passed_through) {
            (true, _) => "hit ",
            (false, true) => "pass",
            (false, false) => "miss",
        };
        if read.hit {
            tally.hits.push(read.latency_us);
        } else {
            tally.misses.push(read.latency_us);
        }
        out.push_str(&format!(
            "read {n}  {what}  {}{}\n",
            ms(read.latency_us),
            if read.items.is_empty() {
                "  (no such item)"
            } else {
                ""
            }
        ));
    }
    out.push_str(&tally.summary());
    CmdResult::ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_read_like_the_item() {
        let key: Item =
            serde_json::from_str(r#"{"Artist":{"S":"IU"},"SongTitle":{"S":"Palette"}}"#)
                .expect("key");
        assert_eq!(cache_key("Music", &key), "Music:IU:Palette");
        assert!(parse(&["--table".into(), "Music".into()]).is_err());
    }
}
