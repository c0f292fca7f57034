//! `dig` and `nslookup` on the laptop: queries go to the laptop's stub resolver
//! (`127.0.0.53`), which asks the internet: the account's Route 53 zones and
//! AWS's own names answer ([`Cloud::dns_query`]). Positive answers are cached for
//! their TTL, which counts down as the clock moves, as a real resolver's do;
//! negative answers are not kept, so a record made after a failed lookup
//! answers at once.

use cloudlab_model::route53::fqdn;
use cloudlab_model::route53::records::RECORD_TYPES;
use cloudlab_model::route53::resolver::{DnsAnswer, DnsRecord, DnsStatus};
use cloudlab_model::{Cloud, SimTime};
use serde::{Deserialize, Serialize};

use crate::Terminal;
use crate::shell::CmdResult;

/// The laptop's resolver.
const STUB: &str = "127.0.0.53";

/// dig's banner.
const DIG_VERSION: &str = "DiG 9.18.30-0ubuntu0.24.04.2-Ubuntu";

/// An answer the laptop's resolver keeps, and when it got it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CachedAnswer {
    /// The answer as it came.
    pub answer: DnsAnswer,
    /// When it came.
    pub at: SimTime,
}

/// The records of the root zone's SOA (the authority of a name nobody hosts).
fn root_soa() -> DnsRecord {
    DnsRecord {
        name: ".".into(),
        ttl: 86_400,
        record_type: "SOA".into(),
        data: "a.root-servers.net. nstld.verisign-grs.com. 2026120700 1800 900 604800 86400".into(),
    }
}

/// Asks the laptop's resolver: from its cache while the answer's TTL lasts
/// (TTLs counted down), else from the internet. Answers whether it was cached.
fn query(term: &mut Terminal, cloud: &mut Cloud, name: &str, qtype: &str) -> (DnsAnswer, bool) {
    let key = format!("{} {qtype}", fqdn(name));
    let now = cloud.now();
    if let Some(cached) = term.dns_cache.get(&key) {
        let age = (now.since(cached.at).as_secs()).min(u64::from(u32::MAX)) as u32;
        let lasts = cached
            .answer
            .answers
            .iter()
            .map(|r| r.ttl)
            .min()
            .unwrap_or(0);
        if age < lasts {
            let mut answer = cached.answer.clone();
            for r in &mut answer.answers {
                r.ttl -= age;
            }
            return (answer, true);
        }
    }
    let mut answer = cloud.dns_query(name, qtype);
    if answer.status == DnsStatus::NxDomain && answer.authority.is_empty() {
        answer.authority.push(root_soa());
    }
    if answer.answers.is_empty() {
        term.dns_cache.remove(&key);
    } else {
        term.dns_cache.insert(
            key,
            CachedAnswer {
                answer: answer.clone(),
                at: now,
            },
        );
    }
    (answer, false)
}

/// `name` then tabs to column `to` (at least one), as dig lines up its columns.
fn tab_to(text: &str, to: usize) -> String {
    let mut out = text.to_string();
    let mut col = text.chars().count();
    loop {
        out.push('\t');
        col = (col / 8 + 1) * 8;
        if col >= to {
            return out;
        }
    }
}

fn record_line(r: &DnsRecord) -> String {
    format!(
        "{}{}\tIN\t{}\t{}",
        tab_to(&r.name, 24),
        r.ttl,
        r.record_type,
        r.data
    )
}

/// Roughly the size of the response on the wire.
fn message_size(name: &str, answer: &DnsAnswer) -> usize {
    let question = fqdn(name).len() + 1 + 4;
    let records: usize = answer
        .answers
        .iter()
        .chain(&answer.authority)
        .map(|r| 12 + r.data.len().min(255))
        .sum();
    12 + question + records + 11
}

/// A stable query id from the clock and the question.
fn query_id(cloud: &Cloud, name: &str) -> u16 {
    let seed = name.bytes().fold(cloud.now().unix_millis(), |h, b| {
        h.wrapping_mul(31).wrapping_add(u64::from(b))
    });
    (seed % 65_536) as u16
}

/// `dig [@server] [+short] [+noall +answer] NAME [TYPE]`.
pub fn dig(term: &mut Terminal, cloud: &mut Cloud, args: &[String]) -> CmdResult {
    let mut name: Option<String> = None;
    let mut qtype = "A".to_string();
    let mut short = false;
    let mut answer_only = false;
    for a in args {
        match a.as_str() {
            "+short" => short = true,
            "+noall" => answer_only = true,
            "+answer" | "+nocmd" | "+nocomments" | "+nostats" => {}
            a if a.starts_with('@') => {}
            a if a.starts_with('+') => {
                return CmdResult::fail(
                    format!(
                        "Invalid option: {a}\nUsage:  dig [@global-server] [domain] [q-type] [q-class] {{q-opt}}\n"
                    ),
                    1,
                );
            }
            a if a.starts_with('-') => {
                return CmdResult::fail(
                    format!(
                        "Invalid option: {a}\nUsage:  dig [@global-server] [domain] [q-type] [q-class] {{q-opt}}\n"
                    ),
                    1,
                );
            }
            a if RECORD_TYPES.contains(&a.to_ascii_uppercase().as_str()) && name.is_some() => {
                qtype = a.to_ascii_uppercase();
            }
            a if a.eq_ignore_ascii_case("IN") => {}
            a => name = Some(a.to_string()),
        }
    }
    let Some(name) = name else {
        // dig with no name asks for the root's name servers.
        return CmdResult::ok(format!(
            "\n; <<>> {DIG_VERSION} <<>>\n;; global options: +cmd\n;; connection timed out; no servers could be reached\n"
        ));
    };
    let (answer, cached) = query(term, cloud, &name, &qtype);
    if short {
        let lines: String = answer
            .answers
            .iter()
            .map(|r| format!("{}\n", r.data))
            .collect();
        return CmdResult::ok(lines);
    }
    let lines: Vec<String> = answer.answers.iter().map(record_line).collect();
    if answer_only {
        return CmdResult::ok(lines.iter().map(|l| format!("{l}\n")).collect::<String>());
    }
    let mut out = String::new();
    let typed = args
        .iter()
        .filter(|a| !a.starts_with('+'))
        .cloned()
        .collect::<Vec<_>>()
        .join(" ");
    out.push_str(&format!("\n; <<>> {DIG_VERSION} <<>> {typed}\n"));
    out.push_str(";; global options: +cmd\n;; Got answer:\n");
    out.push_str(&format!(
        ";; ->>HEADER<<- opcode: QUERY, status: {}, id: {}\n",
        answer.status.as_str(),
        query_id(cloud, &name)
    ));
    out.push_str(&format!(
        ";; flags: qr rd ra; QUERY: 1, ANSWER: {}, AUTHORITY: {}, ADDITIONAL: 1\n\n",
        answer.answers.len(),
        answer.authority.len()
    ));
    out.push_str(";; OPT PSEUDOSECTION:\n; EDNS: version: 0, flags:; udp: 65494\n");
    out.push_str(";; QUESTION SECTION:\n");
    out.push_str(&format!(
        "{}IN\t{qtype}\n\n",
        tab_to(&format!(";{}", fqdn(&name)), 32)
    ));
    if !lines.is_empty() {
        out.push_str(";; ANSWER SECTION:\n");
        for l in &lines {
            out.push_str(l);
            out.push('\n');
        }
        out.push('\n');
    }
    if !answer.authority.is_empty() {
        out.push_str(";; AUTHORITY SECTION:\n");
        for r in &answer.authority {
            out.push_str(&record_line(r));
            out.push('\n');
        }
        out.push('\n');
    }
    let when = cloud.now().to_utc();
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let day = DAYS[(cloud.now().unix_millis() / 86_400_000 % 7) as usize];
    let month = MONTHS[(when.month.clamp(1, 12) - 1) as usize];
    out.push_str(&format!(
        ";; Query time: {} msec\n;; SERVER: {STUB}#53({STUB}) (UDP)\n;; WHEN: {day} {month} {:02} {:02}:{:02}:{:02} UTC {}\n;; MSG SIZE  rcvd: {}\n\n",
        if cached { 0 } else { 24 },
        when.day,
        when.hour,
        when.minute,
        when.second,
        when.year,
        message_size(&name, &answer)
    ));
    CmdResult::ok(out)
}

/// `nslookup NAME`: its addresses (A and AAAA), with the CNAMEs on the way.
pub fn nslookup(term: &mut Terminal, cloud: &mut Cloud, args: &[String]) -> CmdResult {
    let Some(name) = args.iter().find(|a| !a.starts_with('-')) else {
        return CmdResult::fail(
            "nslookup: this lab's nslookup is not interactive: nslookup NAME\n",
            1,
        );
    };
    let mut out = format!("Server:\t\t{STUB}\nAddress:\t{STUB}#53\n\n");
    let (v4, _) = query(term, cloud, name, "A");
    let (v6, _) = query(term, cloud, name, "AAAA");
    if v4.status == DnsStatus::NxDomain {
        out.push_str(&format!("** server can't find {name}: NXDOMAIN\n\n"));
        return CmdResult {
            out,
            code: 1,
            ..CmdResult::default()
        };
    }
    out.push_str("Non-authoritative answer:\n");
    for r in v4.answers.iter().chain(v6.answers.iter()) {
        match r.record_type.as_str() {
            "CNAME" if v4.answers.iter().any(|x| std::ptr::eq(x, r)) => {
                out.push_str(&format!(
                    "{}\tcanonical name = {}\n",
                    r.name.trim_end_matches('.'),
                    r.data
                ));
            }
            "A" | "AAAA" => {
                out.push_str(&format!(
                    "Name:\t{}\nAddress: {}\n",
                    r.name.trim_end_matches('.'),
                    r.data
                ));
            }
            _ => {}
        }
    }
    if v4.answers.is_empty() && v6.answers.is_empty() {
        out.push_str(&format!("*** Can't find {name}: No answer\n"));
    }
    out.push('\n');
    CmdResult::ok(out)
}
