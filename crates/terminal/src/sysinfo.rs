//! What an instance says about itself over ssh: `ps` (the processes its
//! services and the learner's session run, with their users), `ip addr` /
//! `ip route` and `hostname -I` (its network interface from the model), bash's
//! `help` and `sudo -l`. Everything is derived from the model's state and the
//! terminal's session, so the same lab prints the same bytes.

use std::net::Ipv4Addr;
use std::time::Duration;

use cloudlab_model::ec2::Instance;
use cloudlab_model::{Cloud, OsFamily, PackageManager, SimTime};

use crate::Terminal;
use crate::remote::session;
use crate::shell::CmdResult;

/// One process as `ps` shows it.
struct Proc {
    user: String,
    pid: u32,
    ppid: u32,
    /// `%CPU` as printed.
    cpu: &'static str,
    vsz: u32,
    rss: u32,
    tty: &'static str,
    stat: &'static str,
    start: SimTime,
    /// Cumulative CPU time in seconds.
    cpu_secs: u32,
    /// The command line (`args`).
    args: String,
    /// The command name (`comm`), for `ps` without options.
    comm: String,
}

/// The Main PID `systemctl status` shows for a service (kept in step with it).
pub fn service_pid(service: &str) -> u32 {
    1000 + service.bytes().map(u32::from).sum::<u32>()
}

/// The kB of memory the kernel reports (MemTotal) for an instance type.
fn mem_total_kb(instance: &Instance) -> u32 {
    let mib = cloudlab_model::catalog::instance_type(&instance.instance_type)
        .and_then(|t| t.memory_mib)
        .unwrap_or(1024);
    mib.saturating_mul(1024) / 100 * 93
}

fn vcpus(instance: &Instance) -> u32 {
    cloudlab_model::catalog::instance_type(&instance.instance_type)
        .map_or(2, |t| t.vcpus)
        .clamp(1, 8)
}

/// How processes the learner's services run: the main process and its workers.
fn service_procs(
    os: OsFamily,
    service: &str,
    workers: u32,
) -> Vec<(&'static str, &'static str, &str, String)> {
    let apt = os.package_manager() == PackageManager::Apt;
    let web_user = if apt { "www-data" } else { "apache" };
    let mut procs = Vec::new();
    match service {
        "apache2" | "httpd" => {
            let cmd = if service == "apache2" {
                "/usr/sbin/apache2 -k start"
            } else {
                "/usr/sbin/httpd -DFOREGROUND"
            };
            procs.push(("root", "Ss", service, cmd.to_string()));
            let count = if service == "apache2" { 2 } else { 4 };
            for _ in 0..count {
                procs.push((web_user, "Sl", service, cmd.to_string()));
            }
        }
        "nginx" => {
            let master = if apt {
                "nginx: master process /usr/sbin/nginx -g daemon on; master_process on;"
            } else {
                "nginx: master process /usr/sbin/nginx"
            };
            procs.push(("root", "Ss", "nginx", master.to_string()));
            let user = if apt { "www-data" } else { "nginx" };
            for _ in 0..workers {
                procs.push((user, "S", "nginx", "nginx: worker process".to_string()));
            }
        }
        "mysql" => procs.push(("mysql", "Ssl", "mysqld", "/usr/sbin/mysqld".into())),
        "mariadb" => procs.push(("mysql", "Ssl", "mariadbd", "/usr/sbin/mariadbd".into())),
        "docker" => procs.push((
            "root",
            "Ssl",
            "dockerd",
            "/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock".into(),
        )),
        "cron" => procs.push(("root", "Ss", "cron", "/usr/sbin/cron -f -P".into())),
        "crond" => procs.push(("root", "Ss", "crond", "/usr/sbin/crond -n".into())),
        "chronyd" => procs.push(("chrony", "S", "chronyd", "/usr/sbin/chronyd -F 2".into())),
        _ => {}
    }
    procs
}

/// A system daemon: user, PID, (VSZ, RSS), STAT, command line, command name.
type Daemon = (
    &'static str,
    u32,
    (u32, u32),
    &'static str,
    &'static str,
    &'static str,
);

/// Every process on the instance, by PID: a trimmed set of the system's own
/// daemons (no kernel threads), sshd, the services that are active, the
/// learner's session and `ps` itself.
fn processes(term: &Terminal, cloud: &Cloud, shown_cmd: &str, sudo: bool) -> Vec<Proc> {
    let Some(r) = session(term) else {
        return Vec::new();
    };
    let Some(instance) = cloud.instance(&r.instance_id) else {
        return Vec::new();
    };
    let guest = &instance.guest;
    let os = instance.os;
    let boot = instance.state_since;
    let now = cloud.now();
    let login = term
        .last_logins
        .get(&r.instance_id)
        .copied()
        .filter(|t| *t >= boot)
        .unwrap_or(now);
    let mut procs: Vec<Proc> = Vec::new();
    let mut push = |user: &str,
                    pid: u32,
                    ppid: u32,
                    (vsz, rss): (u32, u32),
                    tty: &'static str,
                    stat: &'static str,
                    start: SimTime,
                    args: String,
                    comm: &str| {
        procs.push(Proc {
            user: user.to_string(),
            pid,
            ppid,
            cpu: if pid == 1 { "0.1" } else { "0.0" },
            vsz,
            rss,
            tty,
            stat,
            start,
            cpu_secs: u32::from(pid == 1),
            args,
            comm: comm.to_string(),
        });
    };
    let apt = os.package_manager() == PackageManager::Apt;
    let init = if apt {
        "/sbin/init"
    } else {
        "/usr/lib/systemd/systemd --switched-root --system --deserialize=32"
    };
    push(
        "root",
        1,
        0,
        (22_184, 13_184),
        "?",
        "Ss",
        boot,
        init.into(),
        "systemd",
    );
    let daemons: &[Daemon] = if apt {
        &[
            (
                "root",
                153,
                (50_592, 15_744),
                "S<s",
                "/usr/lib/systemd/systemd-journald",
                "systemd-journal",
            ),
            (
                "root",
                402,
                (11_116, 6_272),
                "Ss",
                "/usr/lib/systemd/systemd-udevd",
                "systemd-udevd",
            ),
            (
                "systemd-network",
                485,
                (19_004, 8_320),
                "Ss",
                "/usr/lib/systemd/systemd-networkd",
                "systemd-network",
            ),
            (
                "systemd-resolve",
                492,
                (21_452, 12_928),
                "Ss",
                "/usr/lib/systemd/systemd-resolved",
                "systemd-resolve",
            ),
            (
                "messagebus",
                599,
                (9_744, 5_120),
                "Ss",
                "@dbus-daemon --system --address=systemd: --nofork --nopidfile --systemd-activation --syslog-only",
                "dbus-daemon",
            ),
            (
                "syslog",
                621,
                (222_508, 6_272),
                "Ssl",
                "/usr/sbin/rsyslogd -n -iNONE",
                "rsyslogd",
            ),
            (
                "root",
                625,
                (18_004, 7_424),
                "Ss",
                "/usr/lib/systemd/systemd-logind",
                "systemd-logind",
            ),
            (
                "root",
                660,
                (1_842_340, 17_792),
                "Ssl",
                "/snap/amazon-ssm-agent/9881/amazon-ssm-agent",
                "amazon-ssm-agen",
            ),
        ]
    } else {
        &[
            (
                "root",
                1_011,
                (42_468, 14_976),
                "Ss",
                "/usr/lib/systemd/systemd-journald",
                "systemd-journal",
            ),
            (
                "root",
                1_466,
                (33_120, 8_064),
                "Ss",
                "/usr/lib/systemd/systemd-udevd",
                "systemd-udevd",
            ),
            (
                "systemd-network",
                1_617,
                (18_052, 8_192),
                "Ss",
                "/usr/lib/systemd/systemd-networkd",
                "systemd-network",
            ),
            (
                "systemd-resolve",
                1_619,
                (20_100, 12_416),
                "Ss",
                "/usr/lib/systemd/systemd-resolved",
                "systemd-resolve",
            ),
            (
                "dbus",
                1_640,
                (8_624, 3_968),
                "Ss",
                "/usr/bin/dbus-broker-launch --scope system --audit",
                "dbus-broker-lau",
            ),
            (
                "root",
                1_646,
                (17_592, 8_320),
                "Ss",
                "/usr/lib/systemd/systemd-logind",
                "systemd-logind",
            ),
            (
                "root",
                1_914,
                (1_843_012, 19_328),
                "Ssl",
                "/usr/bin/amazon-ssm-agent",
                "amazon-ssm-agen",
            ),
        ]
    };
    for (user, pid, mem, stat, args, comm) in daemons {
        push(user, *pid, 1, *mem, "?", stat, boot, args.to_string(), comm);
    }
    push(
        "root",
        688,
        1,
        (6_104, 1_920),
        "ttyS0",
        "Ss+",
        boot,
        "/sbin/agetty -o -p -- \\u --keep-baud 115200,57600,38400,9600 - vt220".into(),
        "agetty",
    );
    push(
        "root",
        695,
        1,
        (6_148, 1_792),
        "tty1",
        "Ss+",
        boot,
        "/sbin/agetty -o -p -- \\u --noclear - linux".into(),
        "agetty",
    );
    // The services systemd runs now, started at boot or since.
    let started = |name: &str| {
        term.service_started
            .get(&format!("{}/{name}", r.instance_id))
            .copied()
            .filter(|t| *t >= boot)
            .unwrap_or(boot)
    };
    let sshd_name = if guest.services.contains_key("ssh") {
        "ssh"
    } else {
        "sshd"
    };
    let listener = service_pid(sshd_name);
    if guest.service_active(sshd_name) {
        push(
            "root",
            listener,
            1,
            (12_020, 8_064),
            "?",
            "Ss",
            started(sshd_name),
            "sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups".into(),
            "sshd",
        );
    }
    for (name, state) in &guest.services {
        if !state.active || name == sshd_name || name == "systemd-journald" {
            continue;
        }
        let main = service_pid(name);
        for (i, (user, stat, comm, args)) in service_procs(os, name, vcpus(instance))
            .into_iter()
            .enumerate()
        {
            let i = u32::try_from(i).unwrap_or(0);
            let (pid, ppid) = if i == 0 { (main, 1) } else { (main + i, main) };
            let mem = if i == 0 {
                (55_744, 11_520)
            } else {
                (1_998_492, 5_760)
            };
            push(user, pid, ppid, mem, "?", stat, started(name), args, comm);
        }
    }
    // The learner's login: sshd's privileged and user halves, systemd --user,
    // the login shell, and a root shell after `sudo -i`.
    let user = r.login_user.as_str();
    let base = 2_100 + (login.as_millis() / 1_000 % 500) as u32;
    push(
        "root",
        base,
        listener,
        (14_936, 11_136),
        "?",
        "Ss",
        login,
        format!("sshd: {user} [priv]"),
        "sshd",
    );
    push(
        user,
        base + 3,
        1,
        (20_200, 10_624),
        "?",
        "Ss",
        login,
        "/usr/lib/systemd/systemd --user".into(),
        "systemd",
    );
    push(
        user,
        base + 4,
        base + 3,
        (21_148, 3_504),
        "?",
        "S",
        login,
        "(sd-pam)".into(),
        "(sd-pam)",
    );
    push(
        user,
        base + 82,
        base,
        (15_196, 6_996),
        "?",
        "S",
        login,
        format!("sshd: {user}@pts/0"),
        "sshd",
    );
    push(
        user,
        base + 83,
        base + 82,
        (8_788, 5_504),
        "pts/0",
        "Ss",
        login,
        "-bash".into(),
        "bash",
    );
    let mut parent = base + 83;
    if r.user == "root" && user != "root" {
        push(
            "root",
            base + 120,
            parent,
            (11_484, 5_632),
            "pts/0",
            "S",
            now,
            "sudo -i".into(),
            "sudo",
        );
        push(
            "root",
            base + 121,
            base + 120,
            (8_792, 5_376),
            "pts/0",
            "S",
            now,
            "-bash".into(),
            "bash",
        );
        parent = base + 121;
    }
    // `ps` itself, the newest process.
    let ps_pid = base + 200 + (term.history.len() % 700) as u32;
    let ps_user = if sudo { "root" } else { r.user.as_str() };
    if sudo {
        push(
            "root",
            ps_pid - 1,
            parent,
            (11_484, 5_632),
            "pts/0",
            "S+",
            now,
            format!("sudo {shown_cmd}"),
            "sudo",
        );
        parent = ps_pid - 1;
    }
    push(
        ps_user,
        ps_pid,
        parent,
        (11_320, 4_480),
        "pts/0",
        "R+",
        now,
        shown_cmd.to_string(),
        "ps",
    );
    procs.sort_by_key(|p| p.pid);
    procs
}

/// `ps`'s START column: the time today, else the month and day.
fn start_column(start: SimTime, now: SimTime) -> String {
    let date = crate::shell::builtins::format_date(start);
    // "Mon Jan  5 09:03:12 UTC 2026"
    if now.since(start) < Duration::from_secs(24 * 3600) {
        date.get(11..16).unwrap_or("").to_string()
    } else {
        let month = date.get(4..7).unwrap_or("");
        let day = date.get(8..10).unwrap_or("").trim();
        format!("{month}{day:0>2}")
    }
}

/// procps's column layout: a field wider than its column borrows from the
/// padding of the ones after it.
fn columns(fields: &[(String, usize, bool)]) -> String {
    let mut line = String::new();
    let mut debt = 0usize;
    for (i, (text, width, right)) in fields.iter().enumerate() {
        if i > 0 {
            line.push(' ');
        }
        let len = text.chars().count();
        let room = width.saturating_sub(debt);
        let pad = room.saturating_sub(len);
        debt = (debt + len + pad).saturating_sub(*width);
        if i + 1 == fields.len() {
            line.push_str(text);
        } else if *right {
            line.push_str(&" ".repeat(pad));
            line.push_str(text);
        } else {
            line.push_str(text);
            line.push_str(&" ".repeat(pad));
        }
    }
    line.trim_end().to_string()
}

/// A user name as `ps` fits it in 8 columns: `systemd+`.
fn ps_user(user: &str) -> String {
    if user.chars().count() > 8 {
        format!("{}+", user.chars().take(7).collect::<String>())
    } else {
        user.to_string()
    }
}

/// What the simulated `ps` says to options it does not show.
const UNSUPPORTED: &str =
    "ps: this lab's instances show ps, ps aux (ax, -e, -A) and ps -ef only.\n";

/// `ps`, `ps aux` (also `ax`, `-aux`), `ps -e`/`-A`, `ps -ef`.
pub fn ps(term: &Terminal, cloud: &Cloud, args: &[String], sudo: bool) -> CmdResult {
    let shown = std::iter::once("ps".to_string())
        .chain(args.iter().cloned())
        .collect::<Vec<_>>()
        .join(" ");
    let joined: String = args.concat();
    enum Format {
        Simple { all: bool },
        User,
        Full,
    }
    let format = if args.is_empty() {
        Format::Simple { all: false }
    } else if args.iter().all(|a| !a.starts_with('-')) || joined.trim_start_matches('-') == "aux" {
        let letters = joined.trim_start_matches('-');
        if !letters.chars().all(|c| "auxwe".contains(c)) {
            return CmdResult::fail(UNSUPPORTED, 1);
        }
        if letters.contains('u') {
            Format::User
        } else {
            Format::Simple { all: true }
        }
    } else {
        let letters: String = args
            .iter()
            .map(|a| a.trim_start_matches('-'))
            .collect::<String>();
        if !args.iter().all(|a| a.starts_with('-')) || !letters.chars().all(|c| "eAfF".contains(c))
        {
            return CmdResult::fail(UNSUPPORTED, 1);
        }
        if letters.contains('f') || letters.contains('F') {
            Format::Full
        } else {
            Format::Simple { all: true }
        }
    };
    let now = cloud.now();
    let procs = processes(term, cloud, &shown, sudo);
    let mem_total = session(term)
        .and_then(|r| cloud.instance(&r.instance_id))
        .map_or(958_000, mem_total_kb)
        .max(1);
    let mut out = String::new();
    match format {
        Format::Simple { all } => {
            out.push_str("    PID TTY          TIME CMD\n");
            let me = session(term).map(|r| r.user.clone()).unwrap_or_default();
            let me = if sudo { "root".to_string() } else { me };
            for p in &procs {
                let mine = p.user == me && p.tty == "pts/0";
                if !(all || mine) {
                    continue;
                }
                let time = format!("00:00:{:02}", p.cpu_secs);
                out.push_str(&columns(&[
                    (p.pid.to_string(), 7, true),
                    (p.tty.to_string(), 8, false),
                    (time, 8, true),
                    (p.comm.clone(), 0, false),
                ]));
                out.push('\n');
            }
        }
        Format::User => {
            out.push_str(
                "USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n",
            );
            for p in &procs {
                let tenths = u64::from(p.rss) * 1000 / u64::from(mem_total);
                let mem = format!("{}.{}", tenths / 10, tenths % 10);
                out.push_str(&columns(&[
                    (ps_user(&p.user), 8, false),
                    (p.pid.to_string(), 7, true),
                    (p.cpu.to_string(), 4, true),
                    (mem, 4, true),
                    (p.vsz.to_string(), 6, true),
                    (p.rss.to_string(), 5, true),
                    (p.tty.to_string(), 8, false),
                    (p.stat.to_string(), 4, false),
                    (start_column(p.start, now), 5, true),
                    (format!("0:{:02}", p.cpu_secs), 6, true),
                    (p.args.clone(), 0, false),
                ]));
                out.push('\n');
            }
        }
        Format::Full => {
            out.push_str("UID          PID    PPID  C STIME TTY          TIME CMD\n");
            for p in &procs {
                out.push_str(&columns(&[
                    (ps_user(&p.user), 8, false),
                    (p.pid.to_string(), 7, true),
                    (p.ppid.to_string(), 7, true),
                    ("0".to_string(), 2, true),
                    (start_column(p.start, now), 5, true),
                    (p.tty.to_string(), 8, false),
                    (format!("00:00:{:02}", p.cpu_secs), 8, true),
                    (p.args.clone(), 0, false),
                ]));
                out.push('\n');
            }
        }
    }
    CmdResult::ok(out)
}

/// The instance's network as `ip` sees it: the interface name, address,
/// prefix, MAC and the subnet's router.
struct Nic {
    name: &'static str,
    ip: Ipv4Addr,
    prefix: u8,
    broadcast: Ipv4Addr,
    router: Ipv4Addr,
    dns: Ipv4Addr,
    mac: String,
    eni: String,
    /// systemd-networkd's route metric (Ubuntu 100, Amazon Linux 512).
    metric: u32,
    amazon: bool,
    /// Seconds left on the DHCP lease.
    lease_left: u64,
}

fn nic(term: &Terminal, cloud: &Cloud) -> Option<Nic> {
    let r = session(term)?;
    let instance = cloud.instance(&r.instance_id)?;
    let cidr = cloud.subnet(&instance.subnet_id)?.cidr_block.clone();
    let (base, prefix) = cidr.split_once('/')?;
    let base: Ipv4Addr = base.parse().ok()?;
    let prefix: u8 = prefix.parse().ok().filter(|p| *p <= 32)?;
    let mask = u32::MAX.checked_shl(32 - u32::from(prefix)).unwrap_or(0);
    let network = u32::from(base) & mask;
    let vpc_base = cloud
        .vpcs()
        .iter()
        .find(|v| v.vpc_id == instance.vpc_id)
        .and_then(|v| v.cidr_block.split('/').next()?.parse::<Ipv4Addr>().ok())
        .map_or(network, u32::from);
    let amazon = instance.os == OsFamily::AmazonLinux2023;
    // networkd renews a one-hour lease at half time.
    let up = cloud.now().since(instance.state_since).as_secs();
    Some(Nic {
        name: "ens5",
        ip: instance.private_ip,
        prefix,
        broadcast: Ipv4Addr::from(network | !mask),
        router: Ipv4Addr::from(network.wrapping_add(1)),
        dns: Ipv4Addr::from(vpc_base.wrapping_add(2)),
        mac: instance.mac_address.clone(),
        eni: instance.network_interface_id.clone(),
        metric: if amazon { 512 } else { 100 },
        amazon,
        lease_left: 3600 - up % 1800,
    })
}

/// The IPv6 link-local address from a MAC (EUI-64), as `ip` prints it.
fn link_local(mac: &str) -> String {
    let b: Vec<u8> = mac
        .split(':')
        .filter_map(|h| u8::from_str_radix(h, 16).ok())
        .collect();
    if b.len() != 6 {
        return "fe80::1".to_string();
    }
    let g = |hi: u8, lo: u8| format!("{:x}", (u16::from(hi) << 8) | u16::from(lo));
    format!(
        "fe80::{}:{}:{}:{}",
        g(b[0] ^ 0x02, b[1]),
        g(b[2], 0xff),
        g(0xfe, b[3]),
        g(b[4], b[5])
    )
}

fn ip_addr(n: &Nic, dev: Option<&str>, family: Option<u8>) -> Result<String, String> {
    if let Some(d) = dev
        && d != "lo"
        && d != n.name
    {
        return Err(format!("Device \"{d}\" does not exist.\n"));
    }
    let v4 = family != Some(6);
    let v6 = family != Some(4);
    let mut out = String::new();
    if dev.is_none_or(|d| d == "lo") {
        out.push_str("1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n");
        if family.is_none() {
            out.push_str("    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n");
        }
        if v4 {
            out.push_str(
                "    inet 127.0.0.1/8 scope host lo\n       valid_lft forever preferred_lft forever\n",
            );
        }
        if v6 {
            out.push_str("    inet6 ::1/128 scope host noprefixroute\n       valid_lft forever preferred_lft forever\n");
        }
    }
    if dev.is_none_or(|d| d == n.name) {
        out.push_str(&format!(
            "2: {}: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 9001 qdisc mq state UP group default qlen 1000\n",
            n.name
        ));
        if family.is_none() {
            out.push_str(&format!("    link/ether {} brd ff:ff:ff:ff:ff:ff\n", n.mac));
            if n.amazon {
                out.push_str(&format!(
                    "    altname enp0s5\n    altname {}\n    altname device-number-0.0\n",
                    n.eni
                ));
            }
        }
        if v4 {
            out.push_str(&format!(
                "    inet {}/{} metric {} brd {} scope global dynamic {}\n       valid_lft {}sec preferred_lft {}sec\n",
                n.ip, n.prefix, n.metric, n.broadcast, n.name, n.lease_left, n.lease_left
            ));
        }
        if v6 {
            out.push_str(&format!(
                "    inet6 {}/64 scope link{}\n       valid_lft forever preferred_lft forever\n",
                link_local(&n.mac),
                if n.amazon { " proto kernel_ll" } else { "" }
            ));
        }
    }
    Ok(out)
}

/// The routing table in the kernel's order: the default route, then by
/// address (a prefix before the addresses in it).
fn ip_route(n: &Nic) -> String {
    let (ip, dev, metric, router) = (n.ip, n.name, n.metric, n.router);
    let network = Ipv4Addr::from(
        u32::from(n.broadcast) & u32::MAX.checked_shl(32 - u32::from(n.prefix)).unwrap_or(0),
    );
    let mut routes = vec![
        (
            network,
            n.prefix,
            format!(
                "{network}/{} dev {dev} proto kernel scope link src {ip} metric {metric} \n",
                n.prefix
            ),
        ),
        (
            router,
            32,
            format!("{router} dev {dev} proto dhcp scope link src {ip} metric {metric} \n"),
        ),
    ];
    if n.dns != router {
        routes.push((
            n.dns,
            32,
            format!(
                "{} dev {dev} proto dhcp scope link src {ip} metric {metric} \n",
                n.dns
            ),
        ));
    }
    routes.sort_by_key(|(addr, prefix, _)| (u32::from(*addr), *prefix));
    let mut out = format!("default via {router} dev {dev} proto dhcp src {ip} metric {metric} \n");
    for (_, _, line) in routes {
        out.push_str(&line);
    }
    out
}

const IP_USAGE: &str = "Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }\n       ip [ -force ] -batch filename\nwhere  OBJECT := { address | addrlabel | amt | fou | help | ila | ioam | l2tp |\n                   link | macsec | maddress | monitor | mptcp | mroute | mrule |\n                   neighbor | neighbour | netconf | netns | nexthop | ntable |\n                   ntbl | route | rule | sr | stats | tap | tcpmetrics |\n                   token | tunnel | tuntap | vrf | xfrm }\n       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] | -r[esolve] |\n                    -h[uman-readable] | -iec | -j[son] | -p[retty] |\n                    -f[amily] { inet | inet6 | mpls | bridge | link } |\n                    -4 | -6 | -M | -B | -0 |\n                    -l[oops] { maximum-addr-flush-attempts } | -br[ief] |\n                    -o[neline] | -t[imestamp] | -ts[hort] | -b[atch] [filename] |\n                    -rc[vbuf] [size] | -n[etns] name | -N[umeric] | -a[ll] |\n                    -c[olor]}\n";

/// `ip addr [show [dev] IF]`, `ip -4|-6 addr`, `ip route`.
pub fn ip(term: &Terminal, cloud: &Cloud, args: &[String]) -> CmdResult {
    let mut family = None;
    let mut words: Vec<&str> = Vec::new();
    for a in args {
        match a.as_str() {
            "-4" => family = Some(4),
            "-6" => family = Some(6),
            other if other.starts_with('-') => {
                return CmdResult::fail(
                    format!("Option \"{other}\" is unknown, try \"ip -help\".\n"),
                    255,
                );
            }
            other => words.push(other),
        }
    }
    let Some((object, rest)) = words.split_first() else {
        return CmdResult::fail(IP_USAGE, 255);
    };
    let Some(n) = nic(term, cloud) else {
        return CmdResult::default();
    };
    let is = |full: &str| !object.is_empty() && full.starts_with(object);
    if is("address") {
        let rest: Vec<&str> = rest.iter().copied().filter(|w| *w != "dev").collect();
        let dev = match rest.as_slice() {
            [] => None,
            [verb] if ["show", "list", "ls", "s", "sh", "lst"].contains(verb) => None,
            [verb, dev] if ["show", "list", "ls", "s", "sh", "lst"].contains(verb) => Some(*dev),
            [verb, ..] => {
                return CmdResult::fail(
                    format!("Command \"{verb}\" is unknown, try \"ip address help\".\n"),
                    255,
                );
            }
        };
        return match ip_addr(&n, dev, family) {
            Ok(out) => CmdResult::ok(out),
            Err(e) => CmdResult::fail(e, 1),
        };
    }
    if is("route") {
        if family == Some(6) {
            return CmdResult::ok(format!(
                "fe80::/64 dev {} proto kernel metric 256 pref medium\n",
                n.name
            ));
        }
        return match rest.first() {
            None | Some(&("show" | "list" | "ls" | "s")) => CmdResult::ok(ip_route(&n)),
            Some(verb) => CmdResult::fail(
                format!("Command \"{verb}\" is unknown, try \"ip route help\".\n"),
                255,
            ),
        };
    }
    const KNOWN: &[&str] = &[
        "addrlabel",
        "link",
        "maddress",
        "monitor",
        "mroute",
        "mrule",
        "neighbor",
        "neighbour",
        "netconf",
        "netns",
        "nexthop",
        "ntable",
        "rule",
        "stats",
        "tunnel",
        "tuntap",
        "vrf",
        "xfrm",
    ];
    if KNOWN.iter().any(|k| k.starts_with(object)) {
        return CmdResult::fail(
            format!(
                "ip: this lab's instances show 'ip addr' and 'ip route' only, not 'ip {object}'.\n"
            ),
            1,
        );
    }
    CmdResult::fail(
        format!("Object \"{object}\" is unknown, try \"ip help\".\n"),
        255,
    )
}

/// `hostname`, `hostname -I` (every address, with the trailing space
/// hostname prints), `hostname -f`.
pub fn hostname(term: &Terminal, cloud: &Cloud, args: &[String]) -> CmdResult {
    let name = session(term)
        .map(|r| r.hostname.clone())
        .unwrap_or_default();
    match args.first().map(String::as_str) {
        None | Some("-s" | "--short") => CmdResult::ok(format!("{name}\n")),
        Some("-I" | "--all-ip-addresses") => match nic(term, cloud) {
            Some(n) => CmdResult::ok(format!("{} \n", n.ip)),
            None => CmdResult::ok("\n"),
        },
        Some("-i" | "--ip-address") => match nic(term, cloud) {
            Some(n) => CmdResult::ok(format!("{}\n", n.ip)),
            None => CmdResult::ok("\n"),
        },
        Some("-f" | "--fqdn" | "--long") => {
            let region = cloud.config().region.clone();
            let domain = if region == "us-east-1" {
                "ec2.internal".to_string()
            } else {
                format!("{region}.compute.internal")
            };
            CmdResult::ok(format!("{name}.{domain}\n"))
        }
        Some(other) => CmdResult::fail(
            format!(
                "hostname: invalid option -- '{}'\nTry 'hostname --help' or 'hostname --usage' for more information.\n",
                other.trim_start_matches('-').chars().next().unwrap_or('?')
            ),
            1,
        ),
    }
}

/// The builtins the instance's shell runs, with bash 5.2's synopsis and
/// summary.
const BUILTINS: &[(&str, &str, &str)] = &[
    (
        "cd",
        "cd [-L|[-P [-e]] [-@]] [dir]",
        "Change the shell working directory.",
    ),
    (
        "echo",
        "echo [-neE] [arg ...]",
        "Write arguments to the standard output.",
    ),
    ("exit", "exit [n]", "Exit the shell."),
    ("false", "false", "Return an unsuccessful result."),
    (
        "help",
        "help [-dms] [pattern ...]",
        "Display information about builtin commands.",
    ),
    (
        "history",
        "history [-c] [-d offset] [n] or history -anrw [filename] or history -ps arg [arg...]",
        "Display or manipulate the history list.",
    ),
    ("logout", "logout [n]", "Exit a login shell."),
    (
        "printf",
        "printf [-v var] format [arguments]",
        "Formats and prints ARGUMENTS under control of the FORMAT.",
    ),
    (
        "pwd",
        "pwd [-LP]",
        "Print the name of the current working directory.",
    ),
    ("true", "true", "Return a successful result."),
];

/// The programs (not builtins) the instance's shell runs.
const PROGRAMS: &str = "apt-get (Ubuntu, Debian), cat, chmod, curl, date, dnf (Amazon Linux, RHEL), grep, head, hostname, id, ip, ls, ps, rm, sleep, sudo, systemctl, tail, tee, touch, uname, wc, whoami";

fn bash_version(os: OsFamily) -> &'static str {
    match os {
        OsFamily::Ubuntu2404 => "5.2.21(1)-release (x86_64-pc-linux-gnu)",
        OsFamily::Ubuntu2204 => "5.1.16(1)-release (x86_64-pc-linux-gnu)",
        OsFamily::AmazonLinux2023 => "5.2.15(1)-release (x86_64-amazon-linux-gnu)",
        OsFamily::Debian12 => "5.2.15(1)-release (x86_64-pc-linux-gnu)",
        _ => "5.1.8(1)-release (x86_64-redhat-linux-gnu)",
    }
}

/// One cell of bash's two-column `help` list (`dispcolumn`): the synopsis
/// after a space, cut with `>` where it would not fit in half of 80 columns.
fn help_cell(doc: &str, first_column: bool) -> String {
    const WIDTH: usize = 40;
    let chars: Vec<char> = doc.chars().collect();
    let shown = chars.len().min(WIDTH - 2);
    if shown + 1 >= WIDTH - 2 {
        let keep = if first_column { shown - 1 } else { shown - 2 };
        let text: String = chars.iter().take(keep).collect();
        format!(" {text}>")
    } else {
        format!(" {doc}")
    }
}

/// bash's `help`: the list of builtins in two columns, `help NAME` and
/// `help -d NAME`. The list is bash's own, trimmed to the builtins this
/// simulated shell runs, and says so.
pub fn help(term: &Terminal, cloud: &Cloud, args: &[String]) -> CmdResult {
    let os = session(term)
        .and_then(|r| cloud.instance(&r.instance_id))
        .map_or(OsFamily::Ubuntu2404, |i| i.os);
    let describe = args.first().is_some_and(|a| a == "-d");
    let names: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    if !names.is_empty() {
        let mut out = String::new();
        for name in &names {
            let matches: Vec<&(&str, &str, &str)> = BUILTINS
                .iter()
                .filter(|(n, _, _)| n.starts_with(name.as_str()))
                .collect();
            if matches.is_empty() {
                return CmdResult {
                    out,
                    err: format!(
                        "-bash: help: no help topics match `{name}'.  Try `help help' or `man -k {name}' or `info {name}'.\n"
                    ),
                    code: 1,
                    err_last: true,
                    ..CmdResult::default()
                };
            }
            for (n, synopsis, summary) in matches {
                if describe {
                    out.push_str(&format!("{n} - {summary}\n"));
                } else {
                    out.push_str(&format!("{n}: {synopsis}\n    {summary}\n"));
                }
            }
        }
        return CmdResult::ok(out);
    }
    let mut out = format!(
        "GNU bash, version {}\nThese shell commands are defined internally.  Type `help' to see this list.\nType `help name' to find out more about the function `name'.\nUse `info bash' to find out more about the shell in general.\nUse `man -k' or `info' to find out more about commands not in this list.\n\nA star (*) next to a name means that the command is disabled.\n\n",
        bash_version(os)
    );
    let height = BUILTINS.len().div_ceil(2);
    for i in 0..height {
        let Some((_, left, _)) = BUILTINS.get(i) else {
            break;
        };
        let left = help_cell(left, true);
        match BUILTINS.get(i + height) {
            Some((_, right, _)) => {
                out.push_str(&format!("{left:<40}{}\n", help_cell(right, false)));
            }
            None => out.push_str(&format!("{left}\n")),
        }
    }
    out.push_str(&format!(
        "\n(CloudLab: bash has about 75 builtins; this list shows the {} this instance's shell runs. Its other commands: {PROGRAMS}.)\n",
        BUILTINS.len()
    ));
    CmdResult::ok(out)
}

/// `sudo -l`: what the default user may run (cloud-init gives it
/// `ALL=(ALL) NOPASSWD:ALL`, besides its group's rule).
pub fn sudo_list(term: &Terminal, cloud: &Cloud) -> CmdResult {
    let Some(r) = session(term) else {
        return CmdResult::default();
    };
    let os = cloud
        .instance(&r.instance_id)
        .map_or(OsFamily::Ubuntu2404, |i| i.os);
    let (user, host) = (r.login_user.as_str(), r.hostname.as_str());
    let (defaults, group_rule) = match os.package_manager() {
        PackageManager::Apt => (
            "env_reset, mail_badpass,\n    secure_path=/usr/local/sbin\\:/usr/local/bin\\:/usr/sbin\\:/usr/bin\\:/sbin\\:/bin\\:/snap/bin,\n    use_pty",
            "(ALL : ALL) ALL",
        ),
        _ => (
            "!visiblepw, always_set_home, match_group_by_gid, always_query_group_plugin,\n    env_reset, env_keep=\"COLORS DISPLAY HOSTNAME HISTSIZE KDEDIR LS_COLORS\",\n    env_keep+=\"MAIL QTDIR USERNAME LANG LC_ADDRESS LC_CTYPE\",\n    env_keep+=\"LC_COLLATE LC_IDENTIFICATION LC_MEASUREMENT LC_MESSAGES\",\n    env_keep+=\"LC_MONETARY LC_NAME LC_NUMERIC LC_PAPER LC_TELEPHONE\",\n    env_keep+=\"LC_TIME LC_ALL LANGUAGE LINGUAS _XKB_CHARSET XAUTHORITY\",\n    secure_path=/sbin\\:/bin\\:/usr/sbin\\:/usr/bin",
            "(ALL) ALL",
        ),
    };
    CmdResult::ok(format!(
        "Matching Defaults entries for {user} on {host}:\n    {defaults}\n\nUser {user} may run the following commands on {host}:\n    {group_rule}\n    (ALL) NOPASSWD: ALL\n"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn procps_columns_borrow_padding() {
        let line = columns(&[
            ("root".into(), 8, false),
            ("660".into(), 7, true),
            ("1842340".into(), 6, true),
            ("17792".into(), 5, true),
            ("?".into(), 8, false),
            ("Ssl".into(), 4, false),
            ("cmd".into(), 0, false),
        ]);
        assert_eq!(line, "root         660 1842340 17792 ?       Ssl  cmd");
        assert_eq!(ps_user("systemd-network"), "systemd+");
        assert_eq!(ps_user("www-data"), "www-data");
    }

    #[test]
    fn link_local_addresses_follow_eui64() {
        assert_eq!(link_local("06:c2:5f:21:0f:f3"), "fe80::4c2:5fff:fe21:ff3");
        assert_eq!(link_local("02:ab:cd:ef:12:34"), "fe80::ab:cdff:feef:1234");
        assert_eq!(link_local("nonsense"), "fe80::1");
    }

    #[test]
    fn help_cells_are_cut_as_bash_cuts_them() {
        let history = BUILTINS[5].1;
        assert_eq!(
            help_cell(history, false),
            " history [-c] [-d offset] [n] or hist>"
        );
        assert_eq!(
            help_cell("bind [-lpsvPSVX] [-m keymap] [-f filename] [-q name]", true),
            " bind [-lpsvPSVX] [-m keymap] [-f file>"
        );
        assert_eq!(help_cell("pwd [-LP]", true), " pwd [-LP]");
    }

    #[test]
    fn start_shows_the_time_today_and_the_date_before() {
        let t = SimTime::ZERO;
        assert_eq!(start_column(t, t), "09:00");
        let later = SimTime::ZERO.plus(Duration::from_secs(2 * 86_400));
        assert_eq!(start_column(t, later), "Jan05");
    }
}
