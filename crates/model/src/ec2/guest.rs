//! The software on an instance: packages, systemd services and files, set up from
//! the AMI. Not an AWS API: these calls are what the learner does over ssh, so
//! they are not in the API log.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Deserialize, Serialize};

use super::InstanceStateName;
use crate::catalog::{OsFamily, PackageManager};
use crate::cloud::Cloud;

/// A systemd unit's state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceState {
    /// Running now.
    pub active: bool,
    /// Starts at boot.
    pub enabled: bool,
}

/// What to do with a service (`systemctl <action> <unit>`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ServiceAction {
    /// `start`.
    Start,
    /// `stop`.
    Stop,
    /// `restart`.
    Restart,
    /// `enable`.
    Enable,
    /// `disable`.
    Disable,
    /// `status` (changes nothing).
    Status,
}

/// Why a guest operation failed. `Display` gives the text the OS would print.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum GuestError {
    /// No such instance.
    NoSuchInstance,
    /// The instance is not running, so nothing on it can be done.
    NotRunning {
        /// Its state.
        state: InstanceStateName,
    },
    /// The package manager knows no such package.
    UnknownPackage {
        /// The package name.
        name: String,
        /// The package manager that looked.
        manager: PackageManager,
    },
    /// systemd knows no such unit.
    UnitNotFound {
        /// The unit name as given.
        name: String,
    },
    /// The OS has no Unix package manager or systemd (Windows).
    NotSupported,
    /// The file does not exist.
    NoSuchFile {
        /// The path.
        path: String,
    },
}

impl fmt::Display for GuestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GuestError::NoSuchInstance => f.write_str("No such instance"),
            GuestError::NotRunning { state } => write!(f, "The instance is {state}"),
            GuestError::UnknownPackage { name, manager } => match manager {
                PackageManager::Apt => write!(f, "E: Unable to locate package {name}"),
                _ => write!(
                    f,
                    "No match for argument: {name}\nError: Unable to find a match: {name}"
                ),
            },
            GuestError::UnitNotFound { name } => {
                write!(f, "Unit {} not found.", unit_name(name))
            }
            GuestError::NotSupported => f.write_str("Not supported on this operating system"),
            GuestError::NoSuchFile { path } => write!(f, "{path}: No such file or directory"),
        }
    }
}

impl std::error::Error for GuestError {}

fn unit_name(name: &str) -> String {
    if name.contains('.') {
        name.to_string()
    } else {
        format!("{name}.service")
    }
}

/// The software on one instance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Guest {
    /// The OS family.
    pub os: OsFamily,
    /// The login user.
    pub default_user: String,
    /// Host name, e.g. `ip-172-31-5-10`.
    pub hostname: String,
    /// Installed packages.
    pub packages: BTreeSet<String>,
    /// systemd services by unit name (without `.service`).
    pub services: BTreeMap<String, ServiceState>,
    /// Files by absolute path.
    pub files: BTreeMap<String, String>,
    /// How many times it booted.
    pub boot_count: u32,
    /// Whether apt's package lists were downloaded (`apt-get update`). An
    /// Ubuntu or Debian image starts without them, so nothing can be installed
    /// before the first update. dnf fetches its metadata by itself.
    #[serde(default)]
    pub package_lists: bool,
    /// Permission bits set with `chmod`, by absolute path (files and
    /// directories); other paths have the distribution's defaults.
    #[serde(default)]
    pub modes: BTreeMap<String, u32>,
    /// The services that were running when it hibernated: their memory is on the
    /// root volume and they run again, without booting, when it resumes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suspended: Vec<String>,
    /// Directories made with `mkdir` (others exist as the OS's or a package's, or
    /// because files are in them).
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub dirs: BTreeSet<String>,
    /// Mounted volumes: mount point → volume id (see [`super::disks`]).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub mounts: BTreeMap<String, String>,
    /// Files a mount hides (they were in the directory before it was mounted on).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub hidden_files: BTreeMap<String, String>,
}

/// Directories every guest has.
pub const BASE_DIRS: &[&str] = &[
    "/",
    "/bin",
    "/boot",
    "/dev",
    "/etc",
    "/home",
    "/mnt",
    "/opt",
    "/proc",
    "/root",
    "/run",
    "/srv",
    "/sys",
    "/tmp",
    "/usr",
    "/usr/bin",
    "/usr/lib",
    "/usr/share",
    "/var",
    "/var/lib",
    "/var/log",
    "/var/tmp",
];

/// An instance's SSH host key: the ED25519 key its sshd presents, created on
/// first boot. Derived from the instance id (which the account's seeded
/// generator drew), without drawing anything more, so it is the same for the
/// instance's whole life (stop and start keep it), different for every other
/// instance even at the same address, and the same as the key saved labs
/// already have in `known_hosts` (the terminal derived it this way before).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostKey {
    /// The public key blob (`string "ssh-ed25519"`, `string key`).
    pub blob: Vec<u8>,
}

impl HostKey {
    /// The key of the instance `instance_id`.
    pub fn derive(instance_id: &str) -> HostKey {
        let key = crate::digest::sha256(format!("host key of {instance_id}").as_bytes());
        let mut blob = Vec::new();
        for part in [b"ssh-ed25519".as_slice(), key.as_slice()] {
            blob.extend_from_slice(&(part.len() as u32).to_be_bytes());
            blob.extend_from_slice(part);
        }
        HostKey { blob }
    }

    /// OpenSSH's name for its type in messages: `ED25519`.
    pub fn type_name(&self) -> &'static str {
        "ED25519"
    }

    /// The key as `known_hosts` and `.pub` files hold it:
    /// `ssh-ed25519 AAAA...` (with ` comment` if one is given).
    pub fn public_key_line(&self, comment: &str) -> String {
        crate::ssh_keys::public_key_line(crate::ssh_keys::KeyType::Ed25519, &self.blob, comment)
    }

    /// OpenSSH's fingerprint: `SHA256:` and unpadded base64.
    pub fn fingerprint(&self) -> String {
        crate::ssh_keys::openssh_fingerprint(&self.blob)
    }
}

/// Where sshd reads a user's authorized keys.
pub fn authorized_keys_path(user: &str) -> String {
    if user == "root" {
        "/root/.ssh/authorized_keys".to_string()
    } else {
        format!("/home/{user}/.ssh/authorized_keys")
    }
}

/// The public half of an instance's ED25519 host key.
pub const HOST_KEY_PUB_PATH: &str = "/etc/ssh/ssh_host_ed25519_key.pub";

/// Apache's default page on Ubuntu (shortened; title and heading as Ubuntu ships them).
pub const UBUNTU_APACHE_DEFAULT_PAGE: &str = "<!DOCTYPE html>\n<html>\n<head>\n<title>Apache2 Ubuntu Default Page: It works</title>\n</head>\n<body>\n<div class=\"page_header\">Apache2 Default Page<br>It works!</div>\n<p>This is the default welcome page used to test the correct operation of the Apache2 server after installation on Ubuntu systems. You should replace this file (located at /var/www/html/index.html) before continuing to operate your HTTP server.</p>\n</body>\n</html>\n";

/// Apache's default page on Debian.
pub const DEBIAN_APACHE_DEFAULT_PAGE: &str = "<!DOCTYPE html>\n<html>\n<head>\n<title>Apache2 Debian Default Page: It works</title>\n</head>\n<body>\n<div class=\"page_header\">Apache2 Debian Default Page<br>It works!</div>\n<p>This is the default welcome page used to test the correct operation of the Apache2 server after installation on Debian systems. You should replace this file (located at /var/www/html/index.html) before continuing to operate your HTTP server.</p>\n</body>\n</html>\n";

/// What httpd serves on Amazon Linux 2023 when there is no index.html (with 403).
pub const AL2023_HTTPD_TEST_PAGE: &str = "<html><body><h1>It works!</h1></body></html>\n";

/// What httpd serves on RHEL 9 when there is no index.html (with 403).
pub const RHEL_HTTPD_TEST_PAGE: &str = "<!doctype html>\n<html>\n<head>\n<title>Test Page for the HTTP Server on Red Hat Enterprise Linux</title>\n</head>\n<body>\n<h1>Red Hat Enterprise Linux <strong>Test Page</strong></h1>\n<p>This page is used to test the proper operation of the HTTP server after it has been installed. If you can read this page, it means that the HTTP server installed at this site is working properly.</p>\n</body>\n</html>\n";

/// nginx's welcome page.
pub const NGINX_WELCOME_PAGE: &str = "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n<p>If you see this page, the nginx web server is successfully installed and working. Further configuration is required.</p>\n</body>\n</html>\n";

/// Packages each package manager can install. Others are unknown.
const APT_PACKAGES: &[&str] = &[
    "apache2",
    "nginx",
    "git",
    "curl",
    "wget",
    "mysql-client",
    "mariadb-client",
    "mysql-server",
    "mariadb-server",
    "php",
    "libapache2-mod-php",
    "python3-pip",
    "python3-venv",
    "nodejs",
    "npm",
    "htop",
    "tree",
    "unzip",
    "zip",
    "vim",
    "nano",
    "jq",
    "net-tools",
    "stress",
    "awscli",
    "openjdk-17-jdk",
    "docker.io",
    "certbot",
    "tmux",
    "redis-tools",
    "telnet",
];
const DNF_PACKAGES: &[&str] = &[
    "httpd",
    "nginx",
    "git",
    "curl",
    "wget",
    "mariadb105",
    "mariadb105-server",
    "redis6",
    "telnet",
    "nmap-ncat",
    "php",
    "php-mysqlnd",
    "python3-pip",
    "nodejs",
    "npm",
    "htop",
    "tree",
    "unzip",
    "zip",
    "vim",
    "vim-enhanced",
    "nano",
    "jq",
    "net-tools",
    "stress",
    "awscli",
    "java-17-amazon-corretto",
    "docker",
    "tmux",
    "cronie",
];

/// Services a package brings, and whether the package manager starts and enables
/// it at install time (Debian-family packages do; dnf packages do not).
fn services_of(package: &str) -> &'static [&'static str] {
    match package {
        "apache2" => &["apache2"],
        "httpd" => &["httpd"],
        "nginx" => &["nginx"],
        "mysql-server" => &["mysql"],
        "mariadb-server" | "mariadb105-server" => &["mariadb"],
        "docker" | "docker.io" => &["docker"],
        "cronie" => &["crond"],
        _ => &[],
    }
}

impl Guest {
    /// A fresh guest as the AMI boots it for the first time: base packages and
    /// `sshd` enabled (Linux).
    pub fn new(os: OsFamily, hostname: &str) -> Guest {
        let mut packages = BTreeSet::new();
        let mut services = BTreeMap::new();
        let mut files = BTreeMap::new();
        let base: &[&str] = match os.package_manager() {
            PackageManager::Dnf => &[
                "bash",
                "coreutils",
                "curl",
                "dnf",
                "openssh-server",
                "python3",
                "sudo",
                "systemd",
            ],
            PackageManager::Apt => &[
                "bash",
                "coreutils",
                "curl",
                "apt",
                "openssh-server",
                "python3",
                "sudo",
                "systemd",
            ],
            PackageManager::None => &[],
        };
        packages.extend(base.iter().map(|s| s.to_string()));
        let enabled = ServiceState {
            active: false,
            enabled: true,
        };
        if os.uses_ssh() {
            let sshd = if matches!(os, OsFamily::Ubuntu2404 | OsFamily::Ubuntu2204) {
                "ssh"
            } else {
                "sshd"
            };
            services.insert(sshd.to_string(), enabled);
            services.insert("systemd-journald".to_string(), enabled);
            let cron = if os.package_manager() == PackageManager::Apt {
                "cron"
            } else {
                "chronyd"
            };
            services.insert(cron.to_string(), enabled);
            files.insert("/etc/hostname".to_string(), format!("{hostname}\n"));
            files.insert(
                "/etc/os-release".to_string(),
                format!("PRETTY_NAME=\"{}\"\n", os.pretty_name()),
            );
        } else {
            services.insert("TermService".to_string(), enabled);
        }
        Guest {
            os,
            default_user: os.default_user().to_string(),
            hostname: hostname.to_string(),
            packages,
            services,
            files,
            boot_count: 0,
            package_lists: false,
            modes: BTreeMap::new(),
            suspended: Vec::new(),
            dirs: BTreeSet::new(),
            mounts: BTreeMap::new(),
            hidden_files: BTreeMap::new(),
        }
    }

    /// What cloud-init writes on first boot for ssh: the launch key pair's
    /// public key line in the default user's `~/.ssh/authorized_keys` (mode
    /// 600, in a 700 directory) and the host key's `.pub` file.
    pub fn provision_ssh(&mut self, authorized_key: Option<&str>, host_key_line: &str) {
        if !self.os.uses_ssh() {
            return;
        }
        if let Some(key) = authorized_key {
            let path = authorized_keys_path(&self.default_user);
            if let Some(dir) = path.rsplit_once('/').map(|(d, _)| d.to_string()) {
                self.modes.insert(dir, 0o700);
            }
            self.modes.insert(path.clone(), 0o600);
            // cloud-init adds the launch key; keys already there (an image's) stay.
            let line = key.trim_end();
            let file = self.files.entry(path).or_default();
            if !file.lines().any(|l| l.trim() == line) {
                file.push_str(line);
                file.push('\n');
            }
        }
        self.files
            .insert(HOST_KEY_PUB_PATH.to_string(), format!("{host_key_line}\n"));
    }

    /// The public key lines sshd accepts for `user`: its `authorized_keys`
    /// file, unless that file or its directory is writable by others
    /// (sshd's StrictModes). `None` if the file does not exist.
    pub fn authorized_keys(&self, user: &str) -> Option<Vec<&str>> {
        let path = authorized_keys_path(user);
        let text = self.files.get(&path)?;
        let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
        let loose = |p: &str| self.modes.get(p).is_some_and(|m| m & 0o022 != 0);
        if loose(&path) || loose(dir) {
            return Some(Vec::new());
        }
        Some(
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .collect(),
        )
    }

    /// `apt-get update`: downloads the package lists (apt systems only).
    pub fn update_package_lists(&mut self) -> Result<(), GuestError> {
        match self.os.package_manager() {
            PackageManager::None => Err(GuestError::NotSupported),
            _ => {
                self.package_lists = true;
                Ok(())
            }
        }
    }

    /// Whether `name` (`sshd`, `httpd`, `apache2.service`...) is running. `sshd`
    /// and `ssh` name the same unit, as on Ubuntu.
    pub fn service_active(&self, name: &str) -> bool {
        self.service(name).is_some_and(|s| s.active)
    }

    /// A service's state by name (with or without `.service`).
    pub fn service(&self, name: &str) -> Option<&ServiceState> {
        let key = self.service_key(name)?;
        self.services.get(&key)
    }

    fn service_key(&self, name: &str) -> Option<String> {
        let bare = name.strip_suffix(".service").unwrap_or(name);
        if self.services.contains_key(bare) {
            return Some(bare.to_string());
        }
        let alias = match bare {
            "sshd" => "ssh",
            "ssh" => "sshd",
            _ => return None,
        };
        self.services.contains_key(alias).then(|| alias.to_string())
    }

    /// Boots: enabled services start, others stay stopped. On the first boot the
    /// user data script runs (as cloud-init does).
    pub fn boot(&mut self, user_data: Option<&str>) {
        for s in self.services.values_mut() {
            s.active = s.enabled;
        }
        self.boot_count += 1;
        if self.boot_count == 1
            && let Some(script) = user_data
        {
            self.run_user_data(script);
        }
    }

    /// Shuts down: every service stops.
    pub fn shut_down(&mut self) {
        for s in self.services.values_mut() {
            s.active = false;
        }
        self.suspended.clear();
    }

    /// What an image keeps of it: the disk (packages, enabled services, files,
    /// modes), not what ran in memory; the next instance boots it afresh and runs
    /// its own user data.
    pub fn image_disk_state(&mut self) {
        for s in self.services.values_mut() {
            s.active = false;
        }
        self.suspended.clear();
        self.boot_count = 0;
        // Mounted volumes are their own snapshots: their files are not the root's,
        // and what the mounts hid comes back.
        for mount in std::mem::take(&mut self.mounts).into_keys() {
            let prefix = format!("{mount}/");
            self.files.retain(|p, _| !p.starts_with(&prefix));
        }
        let hidden = std::mem::take(&mut self.hidden_files);
        self.files.extend(hidden);
    }

    /// The bytes of the root file system's files (not those of mounted volumes).
    pub fn root_file_bytes(&self) -> u64 {
        self.files
            .iter()
            .filter(|(p, _)| !self.mounts.keys().any(|m| p.starts_with(&format!("{m}/"))))
            .map(|(_, c)| c.len() as u64)
            .sum()
    }

    /// Hibernates: the memory goes to the root volume, so the running services
    /// are remembered and stop running.
    pub fn hibernate(&mut self) {
        self.suspended = self
            .services
            .iter()
            .filter(|(_, s)| s.active)
            .map(|(name, _)| name.clone())
            .collect();
        for s in self.services.values_mut() {
            s.active = false;
        }
    }

    /// Resumes from hibernation: the services that were running run again, with
    /// no boot (a service started by hand and never enabled is still up).
    pub fn resume(&mut self) {
        for name in std::mem::take(&mut self.suspended) {
            if let Some(s) = self.services.get_mut(&name) {
                s.active = true;
            }
        }
    }

    /// Installs packages (`apt-get install` / `dnf install`). Returns the names
    /// newly installed. All-or-nothing: an unknown name installs nothing.
    pub fn install(&mut self, names: &[&str]) -> Result<Vec<String>, GuestError> {
        let manager = self.os.package_manager();
        let known: &[&str] = match manager {
            PackageManager::Apt => APT_PACKAGES,
            PackageManager::Dnf => DNF_PACKAGES,
            PackageManager::None => return Err(GuestError::NotSupported),
        };
        // apt knows no package at all until its lists are downloaded.
        let lists = manager != PackageManager::Apt || self.package_lists;
        for n in names {
            let available = known.contains(n) && lists;
            if !(available || self.packages.contains(*n)) {
                return Err(GuestError::UnknownPackage {
                    name: n.to_string(),
                    manager,
                });
            }
        }
        let mut installed = Vec::new();
        for n in names {
            if !self.packages.insert(n.to_string()) {
                continue;
            }
            installed.push(n.to_string());
            let starts_now = manager == PackageManager::Apt;
            for svc in services_of(n) {
                self.services.insert(
                    svc.to_string(),
                    ServiceState {
                        active: starts_now,
                        enabled: starts_now,
                    },
                );
            }
            self.add_package_files(n);
        }
        Ok(installed)
    }

    fn add_package_files(&mut self, package: &str) {
        let page = match (package, self.os) {
            ("apache2", OsFamily::Debian12) => {
                Some(("/var/www/html/index.html", DEBIAN_APACHE_DEFAULT_PAGE))
            }
            ("apache2", _) => Some(("/var/www/html/index.html", UBUNTU_APACHE_DEFAULT_PAGE)),
            ("httpd", OsFamily::Rhel9) => {
                Some(("/usr/share/httpd/noindex/index.html", RHEL_HTTPD_TEST_PAGE))
            }
            ("httpd", _) => Some((
                "/usr/share/httpd/noindex/index.html",
                AL2023_HTTPD_TEST_PAGE,
            )),
            ("nginx", _) if self.os.package_manager() == PackageManager::Apt => {
                Some(("/var/www/html/index.nginx-debian.html", NGINX_WELCOME_PAGE))
            }
            ("nginx", _) => Some(("/usr/share/nginx/html/index.html", NGINX_WELCOME_PAGE)),
            _ => None,
        };
        if let Some((path, content)) = page {
            self.files
                .entry(path.to_string())
                .or_insert_with(|| content.to_string());
        }
        if package == "httpd" || package == "apache2" || package == "nginx" {
            self.files.entry("/var/www/html".to_string()).or_default();
        }
    }

    /// `systemctl <action> <name>`. Returns the state afterwards.
    pub fn service_action(
        &mut self,
        name: &str,
        action: ServiceAction,
    ) -> Result<ServiceState, GuestError> {
        if !self.os.uses_ssh() {
            return Err(GuestError::NotSupported);
        }
        let key = self
            .service_key(name)
            .ok_or_else(|| GuestError::UnitNotFound {
                name: name.to_string(),
            })?;
        let Some(s) = self.services.get_mut(&key) else {
            return Err(GuestError::UnitNotFound {
                name: name.to_string(),
            });
        };
        match action {
            ServiceAction::Start | ServiceAction::Restart => s.active = true,
            ServiceAction::Stop => s.active = false,
            ServiceAction::Enable => s.enabled = true,
            ServiceAction::Disable => s.enabled = false,
            ServiceAction::Status => {}
        }
        Ok(*s)
    }

    /// Whether something listens on TCP `port`: sshd on 22 (Linux), RDP on 3389
    /// (Windows), an active web server on 80.
    pub fn listening(&self, port: u16) -> bool {
        match port {
            22 => self.os.uses_ssh() && self.service_active("sshd"),
            3389 => !self.os.uses_ssh() && self.service_active("TermService"),
            _ => self.web_server_on(port).is_some(),
        }
    }

    /// The web server listening on TCP `port`, if any is active (apache2, httpd
    /// and nginx listen on 80).
    pub fn web_server_on(&self, port: u16) -> Option<&'static str> {
        if port != 80 {
            return None;
        }
        ["apache2", "httpd", "nginx"]
            .into_iter()
            .find(|s| self.service_active(s))
    }

    /// Runs the common lines of a user data shell script: package installs
    /// (`dnf`/`yum`/`apt-get`/`apt install -y`), `systemctl start|enable|restart`
    /// (also `enable --now`), and `echo ... > file` / `>> file`. Other lines are
    /// ignored. Returns how many lines took effect.
    pub fn run_user_data(&mut self, script: &str) -> usize {
        let mut applied = 0;
        for raw in script.lines() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            for part in line.split("&&") {
                let words: Vec<&str> = part.split_whitespace().collect();
                let words: Vec<&str> = match words.first() {
                    Some(&"sudo") => words.get(1..).unwrap_or(&[]).to_vec(),
                    _ => words,
                };
                if self.apply_script_command(part.trim(), &words) {
                    applied += 1;
                }
            }
        }
        applied
    }

    fn apply_script_command(&mut self, text: &str, words: &[&str]) -> bool {
        let subcommand = words.iter().skip(1).find(|w| !w.starts_with('-'));
        if matches!(words.first(), Some(&("dnf" | "yum" | "apt-get" | "apt")))
            && subcommand == Some(&"update")
        {
            return match self.os.package_manager() {
                PackageManager::Apt => self.update_package_lists().is_ok(),
                PackageManager::Dnf => true,
                PackageManager::None => false,
            };
        }
        match words {
            [mgr, "install", rest @ ..] | [mgr, "-y", "install", rest @ ..]
                if matches!(*mgr, "dnf" | "yum" | "apt-get" | "apt") =>
            {
                let pkgs: Vec<&str> = rest
                    .iter()
                    .copied()
                    .filter(|w| !w.starts_with('-'))
                    .collect();
                self.install(&pkgs).is_ok()
            }
            ["systemctl", action, rest @ ..] => {
                let now = rest.contains(&"--now");
                let units: Vec<&str> = rest
                    .iter()
                    .copied()
                    .filter(|w| !w.starts_with('-'))
                    .collect();
                let action = match *action {
                    "start" => ServiceAction::Start,
                    "stop" => ServiceAction::Stop,
                    "restart" | "reload" => ServiceAction::Restart,
                    "enable" => ServiceAction::Enable,
                    "disable" => ServiceAction::Disable,
                    _ => return false,
                };
                let mut ok = !units.is_empty();
                for u in units {
                    ok &= self.service_action(u, action).is_ok();
                    if now && action == ServiceAction::Enable {
                        ok &= self.service_action(u, ServiceAction::Start).is_ok();
                    }
                }
                ok
            }
            ["echo", ..] => {
                let Some((left, append, path)) = split_redirect(text) else {
                    return false;
                };
                let content = left.trim().strip_prefix("echo").unwrap_or("").trim();
                // The shell expands `$(hostname)` outside single quotes.
                let content = if content.starts_with('\'') {
                    unquote(content)
                } else {
                    unquote(content)
                        .replace("$(hostname -f)", &self.hostname)
                        .replace("$(hostname)", &self.hostname)
                };
                let path = path.trim().to_string();
                if !path.starts_with('/') {
                    return false;
                }
                let entry = self.files.entry(path).or_default();
                if !append {
                    entry.clear();
                }
                entry.push_str(&content);
                entry.push('\n');
                true
            }
            _ => false,
        }
    }
}

/// Splits `cmd > file` or `cmd >> file` at the first redirection outside quotes.
fn split_redirect(text: &str) -> Option<(&str, bool, &str)> {
    let mut quote: Option<char> = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => {
                let left = text.get(..i)?;
                return match text.get(i + 1..) {
                    Some(rest) if rest.starts_with('>') => Some((left, true, rest.get(1..)?)),
                    Some(rest) => Some((left, false, rest)),
                    None => None,
                };
            }
            _ => {}
        }
    }
    None
}

fn unquote(s: &str) -> String {
    let s = s.trim();
    for q in ['"', '\''] {
        if s.len() >= 2 && s.starts_with(q) && s.ends_with(q) {
            return s.get(1..s.len() - 1).unwrap_or("").to_string();
        }
    }
    s.to_string()
}

impl Cloud {
    /// The software on an instance.
    pub fn guest(&self, instance_id: &str) -> Option<&Guest> {
        self.instance(instance_id).map(|i| &i.guest)
    }

    fn running_guest_mut(&mut self, instance_id: &str) -> Result<&mut Guest, GuestError> {
        let i = self
            .instance_mut(instance_id)
            .ok_or(GuestError::NoSuchInstance)?;
        if i.state != InstanceStateName::Running {
            return Err(GuestError::NotRunning { state: i.state });
        }
        Ok(&mut i.guest)
    }

    /// Installs packages on a running instance (`sudo apt-get install -y ...` /
    /// `sudo dnf install -y ...`). On Ubuntu/Debian, `apache2` is also started
    /// and enabled and gets its default page; on Amazon Linux/RHEL, `httpd` is
    /// installed but not started.
    pub fn guest_install_packages(
        &mut self,
        instance_id: &str,
        names: &[&str],
    ) -> Result<Vec<String>, GuestError> {
        self.running_guest_mut(instance_id)?.install(names)
    }

    /// `apt-get update` on a running instance.
    pub fn guest_update_package_lists(&mut self, instance_id: &str) -> Result<(), GuestError> {
        self.running_guest_mut(instance_id)?.update_package_lists()
    }

    /// `chmod` on a running instance: sets a path's permission bits.
    pub fn guest_chmod(
        &mut self,
        instance_id: &str,
        path: &str,
        mode: u32,
    ) -> Result<(), GuestError> {
        let g = self.running_guest_mut(instance_id)?;
        g.modes.insert(path.to_string(), mode & 0o7777);
        Ok(())
    }

    /// The SSH host key of an instance (see [`HostKey`]).
    pub fn host_key(&self, instance_id: &str) -> Option<HostKey> {
        self.instance(instance_id)?;
        Some(HostKey::derive(instance_id))
    }

    /// `systemctl <action> <service>` on a running instance.
    pub fn guest_service(
        &mut self,
        instance_id: &str,
        name: &str,
        action: ServiceAction,
    ) -> Result<ServiceState, GuestError> {
        self.running_guest_mut(instance_id)?
            .service_action(name, action)
    }

    /// Writes a file on a running instance.
    pub fn guest_write_file(
        &mut self,
        instance_id: &str,
        path: &str,
        content: &str,
    ) -> Result<(), GuestError> {
        let g = self.running_guest_mut(instance_id)?;
        g.files.insert(path.to_string(), content.to_string());
        Ok(())
    }

    /// Reads a file on an instance.
    pub fn guest_read_file(&self, instance_id: &str, path: &str) -> Result<&str, GuestError> {
        let g = self.guest(instance_id).ok_or(GuestError::NoSuchInstance)?;
        g.files
            .get(path)
            .map(String::as_str)
            .ok_or_else(|| GuestError::NoSuchFile {
                path: path.to_string(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn booted(os: OsFamily) -> Guest {
        let mut g = Guest::new(os, "ip-172-31-1-10");
        g.boot(None);
        g
    }

    #[test]
    fn sshd_runs_after_boot_and_aliases_work() {
        let g = booted(OsFamily::Ubuntu2404);
        assert!(g.service_active("ssh") && g.service_active("sshd"));
        let g = booted(OsFamily::AmazonLinux2023);
        assert!(g.service_active("sshd.service"));
        assert_eq!(g.default_user, "ec2-user");
    }

    #[test]
    fn apache2_starts_on_ubuntu_but_httpd_does_not_on_al2023() {
        let mut u = booted(OsFamily::Ubuntu2404);
        u.update_package_lists().unwrap();
        assert_eq!(
            u.install(&["apache2"]).unwrap(),
            vec!["apache2".to_string()]
        );
        assert!(u.service_active("apache2"));
        assert!(u.files["/var/www/html/index.html"].contains("Apache2 Ubuntu Default Page"));
        assert_eq!(u.web_server_on(80), Some("apache2"));

        let mut a = booted(OsFamily::AmazonLinux2023);
        a.install(&["httpd"]).unwrap();
        assert!(!a.service_active("httpd"));
        assert_eq!(a.web_server_on(80), None);
        a.service_action("httpd", ServiceAction::Start).unwrap();
        assert_eq!(a.web_server_on(80), Some("httpd"));
        // Not enabled: a reboot leaves it stopped.
        a.shut_down();
        a.boot(None);
        assert!(!a.service_active("httpd"));
        a.service_action("httpd", ServiceAction::Enable).unwrap();
        a.shut_down();
        a.boot(None);
        assert!(a.service_active("httpd"));
    }

    #[test]
    fn unknown_packages_and_units() {
        let mut u = booted(OsFamily::Ubuntu2204);
        u.update_package_lists().unwrap();
        let err = u.install(&["git", "httpd"]).unwrap_err();
        assert_eq!(err.to_string(), "E: Unable to locate package httpd");
        assert!(!u.packages.contains("git"), "all or nothing");
        let mut a = booted(OsFamily::AmazonLinux2023);
        let err = a.install(&["apache2"]).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("No match for argument: apache2")
        );
        let err = a
            .service_action("apache2", ServiceAction::Start)
            .unwrap_err();
        assert_eq!(err.to_string(), "Unit apache2.service not found.");
        let mut w = booted(OsFamily::WindowsServer2022);
        assert_eq!(w.install(&["git"]), Err(GuestError::NotSupported));
    }

    #[test]
    fn apt_knows_no_package_before_its_lists_are_downloaded() {
        let mut u = booted(OsFamily::Ubuntu2404);
        let err = u.install(&["nginx"]).unwrap_err();
        assert_eq!(err.to_string(), "E: Unable to locate package nginx");
        // What the image already has is still known.
        assert_eq!(u.install(&["curl"]), Ok(Vec::new()));
        u.update_package_lists().unwrap();
        assert_eq!(u.install(&["nginx"]), Ok(vec!["nginx".to_string()]));
        // dnf fetches its metadata by itself.
        let mut a = booted(OsFamily::AmazonLinux2023);
        assert!(a.install(&["nginx"]).is_ok());
        // User data that updates first installs; one that does not, fails.
        let mut g = Guest::new(OsFamily::Ubuntu2404, "ip-172-31-1-10");
        g.boot(Some("#!/bin/bash\napt-get install -y nginx\n"));
        assert!(!g.packages.contains("nginx"));
        let mut g = Guest::new(OsFamily::Ubuntu2404, "ip-172-31-1-10");
        g.boot(Some(
            "#!/bin/bash\napt-get update -y && apt-get install -y nginx\n",
        ));
        assert!(g.service_active("nginx"));
    }

    #[test]
    fn authorized_keys_follow_sshd_strict_modes() {
        let mut g = booted(OsFamily::Ubuntu2404);
        g.provision_ssh(
            Some("ssh-ed25519 AAAAkey web-key"),
            "ssh-ed25519 AAAAhost root@h",
        );
        assert_eq!(
            g.files["/home/ubuntu/.ssh/authorized_keys"],
            "ssh-ed25519 AAAAkey web-key\n"
        );
        assert_eq!(g.modes["/home/ubuntu/.ssh"], 0o700);
        assert_eq!(g.modes["/home/ubuntu/.ssh/authorized_keys"], 0o600);
        assert_eq!(g.files[HOST_KEY_PUB_PATH], "ssh-ed25519 AAAAhost root@h\n");
        assert_eq!(
            g.authorized_keys("ubuntu"),
            Some(vec!["ssh-ed25519 AAAAkey web-key"])
        );
        assert_eq!(g.authorized_keys("root"), None);
        g.modes.insert("/home/ubuntu/.ssh".into(), 0o777);
        assert_eq!(g.authorized_keys("ubuntu"), Some(Vec::new()));
        // Windows has no sshd.
        let mut w = booted(OsFamily::WindowsServer2022);
        w.provision_ssh(Some("ssh-rsa AAAA k"), "ssh-ed25519 AAAA h");
        assert!(w.files.is_empty());
    }

    #[test]
    fn host_keys_are_per_instance() {
        let a = HostKey::derive("i-0123");
        assert_eq!(a, HostKey::derive("i-0123"));
        assert_ne!(a, HostKey::derive("i-0124"));
        assert!(
            a.public_key_line("")
                .starts_with("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI")
        );
        assert!(a.fingerprint().starts_with("SHA256:"));
        assert_eq!(a.fingerprint().len(), 7 + 43);
        assert_eq!(a.type_name(), "ED25519");
    }

    #[test]
    fn user_data_runs_on_first_boot_only() {
        let script = "#!/bin/bash\ndnf update -y\ndnf install -y httpd\nsystemctl start httpd\nsystemctl enable httpd\necho \"<h1>Hello from $(hostname -f)</h1>\" > /var/www/html/index.html\n";
        let mut g = Guest::new(OsFamily::AmazonLinux2023, "ip-172-31-1-10");
        g.boot(Some(script));
        assert!(g.service_active("httpd"));
        assert_eq!(
            g.files["/var/www/html/index.html"],
            format!("<h1>Hello from {}</h1>\n", g.hostname)
        );
        g.files.remove("/var/www/html/index.html");
        g.shut_down();
        g.boot(Some(script));
        assert!(!g.files.contains_key("/var/www/html/index.html"));
        assert!(g.service_active("httpd"), "enabled at first boot");
    }
}
