//! `ping` from the laptop: ICMP echo through security groups and network ACLs
//! (a new security group drops it). Sends 4 packets unless `-c N` says otherwise,
//! since nobody can press Ctrl-C here.

use std::time::Duration;

use cloudlab_model::Cloud;
use cloudlab_model::ec2::Protocol;
use cloudlab_model::ec2::network::Reachability;

use crate::shell::CmdResult;

/// ICMP type of an echo request (what security group ICMP rules match).
const ECHO_REQUEST: u16 = 8;

/// Runs `ping [-c N] host`.
pub fn run(cloud: &mut Cloud, args: &[String]) -> CmdResult {
    let mut count: u64 = 4;
    let mut host: Option<String> = None;
    let mut i = 0;
    while let Some(a) = args.get(i) {
        i += 1;
        if a == "-c" {
            let v = args.get(i).cloned().unwrap_or_default();
            i += 1;
            match v.parse::<u64>() {
                Ok(n) if n > 0 => count = n.min(100),
                _ => return CmdResult::fail(format!("ping: invalid argument: '{v}'\n"), 1),
            }
        } else if let Some(v) = a.strip_prefix("-c") {
            match v.parse::<u64>() {
                Ok(n) if n > 0 => count = n.min(100),
                _ => return CmdResult::fail(format!("ping: invalid argument: '{v}'\n"), 1),
            }
        } else if a.starts_with('-') {
            let flag = a.trim_start_matches('-');
            return CmdResult::fail(
                format!(
                    "ping: invalid option -- '{flag}'\nUsage\n  ping [options] <destination>\n"
                ),
                2,
            );
        } else {
            host = Some(a.clone());
        }
    }
    let Some(host) = host else {
        return CmdResult::fail("ping: usage error: Destination address required\n", 1);
    };
    let Some(ip) = cloud.resolve_public_host(&host) else {
        return CmdResult::fail(format!("ping: {host}: Name or service not known\n"), 2);
    };
    let reachable = matches!(
        cloud.check_reachability(cloud.learner_ip(), &host, Protocol::Icmp, ECHO_REQUEST),
        Reachability::Reachable { .. }
    );
    let mut out = format!("PING {host} ({ip}) 56(84) bytes of data.\n");
    let elapsed_ms = (count - 1) * 1000 + 4;
    cloud.advance(Duration::from_millis(elapsed_ms));
    if reachable {
        // Round trips in microseconds, the same for the same line.
        let times: Vec<u64> = (1..=count).map(|seq| 3_000 + (seq * 373) % 1_700).collect();
        for (seq, t) in times.iter().enumerate() {
            out.push_str(&format!(
                "64 bytes from {ip}: icmp_seq={} ttl=51 time={}.{:02} ms\n",
                seq + 1,
                t / 1000,
                (t % 1000) / 10
            ));
        }
        let min = times.iter().min().copied().unwrap_or(0);
        let max = times.iter().max().copied().unwrap_or(0);
        let avg = times.iter().sum::<u64>() / count.max(1);
        let mdev = times.iter().map(|t| t.abs_diff(avg)).sum::<u64>() / count.max(1);
        let ms = |us: u64| format!("{}.{:03}", us / 1000, us % 1000);
        out.push_str(&format!(
            "\n--- {host} ping statistics ---\n{count} packets transmitted, {count} received, 0% packet loss, time {elapsed_ms}ms\nrtt min/avg/max/mdev = {}/{}/{}/{} ms\n",
            ms(min),
            ms(avg),
            ms(max),
            ms(mdev)
        ));
        CmdResult::ok(out)
    } else {
        out.push_str(&format!(
            "\n--- {host} ping statistics ---\n{count} packets transmitted, 0 received, 100% packet loss, time {elapsed_ms}ms\n\n"
        ));
        CmdResult {
            out,
            err: String::new(),
            code: 1,
            ..CmdResult::default()
        }
    }
}
