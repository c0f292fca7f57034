//! The learner's file system: a tree of text files and directories with Unix modes,
//! owners and modification times, kept in memory.
//!
//! Paths are absolute, `/`-separated and normalized (`/home/learner/key.pem`). The
//! learner is an ordinary user: the owner's permission bits decide whether a file
//! can be read or written (so `> key.pem` after `chmod 400 key.pem` fails as in bash).

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// The learner's user name.
pub const USER: &str = "learner";
/// The learner's home directory.
pub const HOME: &str = "/home/learner";
/// The umask applied to new files and directories (022: group and others lose write).
pub const UMASK: u32 = 0o022;

/// What a path holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NodeKind {
    /// A regular file and its text.
    File {
        /// The file's contents.
        contents: String,
    },
    /// A directory (its entries are the paths below it).
    Dir,
    /// A binary file (a .zip): its bytes, and the text a program that reads it
    /// as text sees (each byte as one Latin-1 character, so nothing is lost).
    Binary {
        /// The bytes.
        bytes: Vec<u8>,
        /// The bytes as Latin-1 text.
        text: String,
    },
}

/// Bytes as Latin-1 text: one character per byte.
pub fn latin1_text(bytes: &[u8]) -> String {
    bytes.iter().map(|b| char::from(*b)).collect()
}

/// The bytes a text stands for: Latin-1 text (every character below U+0100, as
/// a binary file reads) back to its bytes, any other text as UTF-8.
pub fn text_bytes(text: &str) -> Vec<u8> {
    if text.chars().all(|c| (c as u32) < 0x100) {
        text.chars().map(|c| c as u8).collect()
    } else {
        text.as_bytes().to_vec()
    }
}

/// One file or directory.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Node {
    /// File or directory.
    pub kind: NodeKind,
    /// Permission bits, e.g. `0o644`.
    pub mode: u32,
    /// Owning user (and group of the same name).
    pub owner: String,
    /// Last modification, in Unix seconds.
    pub mtime: u64,
}

impl Node {
    /// Whether this node is a directory.
    pub fn is_dir(&self) -> bool {
        matches!(self.kind, NodeKind::Dir)
    }

    /// The size `ls -l` shows: bytes for a file, 4096 for a directory.
    pub fn size(&self) -> usize {
        match &self.kind {
            NodeKind::File { contents } => contents.len(),
            NodeKind::Binary { bytes, .. } => bytes.len(),
            NodeKind::Dir => 4096,
        }
    }

    /// The mode as `ls -l` prints it: `-rw-r--r--`, `drwxr-xr-x`.
    pub fn mode_string(&self) -> String {
        let mut s = String::with_capacity(10);
        s.push(if self.is_dir() { 'd' } else { '-' });
        for shift in [6u32, 3, 0] {
            let bits = (self.mode >> shift) & 0o7;
            s.push(if bits & 4 != 0 { 'r' } else { '-' });
            s.push(if bits & 2 != 0 { 'w' } else { '-' });
            s.push(if bits & 1 != 0 { 'x' } else { '-' });
        }
        s
    }

    fn owner_can_read(&self) -> bool {
        self.mode & 0o400 != 0
    }

    fn owner_can_write(&self) -> bool {
        self.mode & 0o200 != 0
    }
}

/// Why a file operation failed, with the text coreutils and bash print.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum VfsError {
    /// `No such file or directory`.
    NotFound,
    /// `Is a directory`.
    IsADirectory,
    /// `Not a directory`.
    NotADirectory,
    /// `Permission denied`.
    PermissionDenied,
    /// `File exists`.
    AlreadyExists,
    /// `Directory not empty`.
    DirectoryNotEmpty,
    /// `Invalid argument` (e.g. moving a directory into itself).
    InvalidArgument,
}

impl fmt::Display for VfsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            VfsError::NotFound => "No such file or directory",
            VfsError::IsADirectory => "Is a directory",
            VfsError::NotADirectory => "Not a directory",
            VfsError::PermissionDenied => "Permission denied",
            VfsError::AlreadyExists => "File exists",
            VfsError::DirectoryNotEmpty => "Directory not empty",
            VfsError::InvalidArgument => "Invalid argument",
        })
    }
}

impl std::error::Error for VfsError {}

/// The whole file system.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vfs {
    nodes: BTreeMap<String, Node>,
}

impl Default for Vfs {
    fn default() -> Self {
        Vfs::new()
    }
}

/// Normalizes `path` against `cwd`: resolves `~`, `.`, `..` and repeated slashes.
/// The result is absolute and has no trailing slash (except `/`).
pub fn normalize(cwd: &str, path: &str) -> String {
    let joined = if path == "~" {
        HOME.to_string()
    } else if let Some(rest) = path.strip_prefix("~/") {
        format!("{HOME}/{rest}")
    } else if path.starts_with('/') {
        path.to_string()
    } else {
        format!("{cwd}/{path}")
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    if parts.is_empty() {
        "/".to_string()
    } else {
        format!("/{}", parts.join("/"))
    }
}

/// The parent directory of a normalized absolute path (`/` for `/`).
pub fn parent(path: &str) -> &str {
    match path.rfind('/') {
        Some(0) | None => "/",
        Some(i) => path.get(..i).unwrap_or("/"),
    }
}

/// The last component of a path (`key.pem` for `/home/learner/key.pem`).
pub fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

impl Vfs {
    /// A fresh machine: `/`, `/home/learner` (with `.aws` and `.ssh`) and `/tmp`.
    /// The AWS CLI's files are written by [`crate::Terminal::provision_aws`].
    pub fn new() -> Vfs {
        let mut vfs = Vfs {
            nodes: BTreeMap::new(),
        };
        for (path, mode, owner) in [
            ("/", 0o755, "root"),
            ("/home", 0o755, "root"),
            ("/tmp", 0o777, "root"),
            (HOME, 0o750, USER),
            ("/home/learner/.aws", 0o775, USER),
            ("/home/learner/.ssh", 0o700, USER),
        ] {
            vfs.nodes.insert(
                path.to_string(),
                Node {
                    kind: NodeKind::Dir,
                    mode,
                    owner: owner.to_string(),
                    mtime: 0,
                },
            );
        }
        vfs
    }

    /// The node at a normalized absolute path.
    pub fn get(&self, path: &str) -> Option<&Node> {
        self.nodes.get(path)
    }

    /// Whether a normalized path exists.
    pub fn exists(&self, path: &str) -> bool {
        self.nodes.contains_key(path)
    }

    /// Whether a normalized path is a directory.
    pub fn is_dir(&self, path: &str) -> bool {
        self.nodes.get(path).is_some_and(Node::is_dir)
    }

    /// Reads a file's text, checking the owner's read bit.
    pub fn read(&self, path: &str) -> Result<&str, VfsError> {
        let node = self.nodes.get(path).ok_or(VfsError::NotFound)?;
        match &node.kind {
            NodeKind::Dir => Err(VfsError::IsADirectory),
            NodeKind::File { contents: text } | NodeKind::Binary { text, .. } => {
                let contents = text;
                if node.owner == USER && !node.owner_can_read() {
                    Err(VfsError::PermissionDenied)
                } else {
                    Ok(contents)
                }
            }
        }
    }

    fn check_parent_dir(&self, path: &str) -> Result<(), VfsError> {
        let dir = parent(path);
        match self.nodes.get(dir) {
            None => Err(VfsError::NotFound),
            Some(node) if !node.is_dir() => Err(VfsError::NotADirectory),
            Some(node) if node.owner != USER && node.mode & 0o002 == 0 => {
                Err(VfsError::PermissionDenied)
            }
            Some(_) => Ok(()),
        }
    }

    /// Writes (or with `append`, appends to) a file. A new file gets
    /// `0o666 & !UMASK` (0644), as bash's redirection creates it.
    pub fn write(
        &mut self,
        path: &str,
        text: &str,
        append: bool,
        now_unix: u64,
    ) -> Result<(), VfsError> {
        self.write_with_mode(path, text, append, 0o666 & !UMASK, now_unix)
    }

    /// Like [`Vfs::write`], with the mode a new file gets.
    pub fn write_with_mode(
        &mut self,
        path: &str,
        text: &str,
        append: bool,
        new_mode: u32,
        now_unix: u64,
    ) -> Result<(), VfsError> {
        if path == "/dev/null" {
            return Ok(());
        }
        match self.nodes.get_mut(path) {
            Some(node) => {
                if node.owner != USER || !node.owner_can_write() {
                    return Err(VfsError::PermissionDenied);
                }
                if let NodeKind::Binary { text: old, .. } = &node.kind {
                    node.kind = NodeKind::File {
                        contents: old.clone(),
                    };
                }
                match &mut node.kind {
                    NodeKind::Dir => Err(VfsError::IsADirectory),
                    NodeKind::Binary { .. } => Err(VfsError::InvalidArgument),
                    NodeKind::File { contents } => {
                        if append {
                            contents.push_str(text);
                        } else {
                            *contents = text.to_string();
                        }
                        node.mtime = now_unix;
                        Ok(())
                    }
                }
            }
            None => {
                self.check_parent_dir(path)?;
                self.nodes.insert(
                    path.to_string(),
                    Node {
                        kind: NodeKind::File {
                            contents: text.to_string(),
                        },
                        mode: new_mode & 0o7777,
                        owner: USER.to_string(),
                        mtime: now_unix,
                    },
                );
                Ok(())
            }
        }
    }

    /// Writes a binary file (replacing what is there), mode 0644 when new.
    pub fn write_bytes(
        &mut self,
        path: &str,
        bytes: Vec<u8>,
        now_unix: u64,
    ) -> Result<(), VfsError> {
        let mode = match self.nodes.get(path) {
            Some(node) if node.is_dir() => return Err(VfsError::IsADirectory),
            Some(node) if node.owner != USER || !node.owner_can_write() => {
                return Err(VfsError::PermissionDenied);
            }
            Some(node) => node.mode,
            None => {
                self.check_parent_dir(path)?;
                0o666 & !UMASK
            }
        };
        let text = latin1_text(&bytes);
        self.nodes.insert(
            path.to_string(),
            Node {
                kind: NodeKind::Binary { bytes, text },
                mode,
                owner: USER.to_string(),
                mtime: now_unix,
            },
        );
        Ok(())
    }

    /// Creates a file if missing, else updates its time (`touch`).
    pub fn touch(&mut self, path: &str, now_unix: u64) -> Result<(), VfsError> {
        match self.nodes.get_mut(path) {
            Some(node) => {
                if node.owner != USER {
                    return Err(VfsError::PermissionDenied);
                }
                node.mtime = now_unix;
                Ok(())
            }
            None => self.write(path, "", false, now_unix),
        }
    }

    /// Creates a directory (mode 0755). With `parents`, creates missing parents
    /// and accepts an existing directory (`mkdir -p`).
    pub fn mkdir(&mut self, path: &str, parents: bool, now_unix: u64) -> Result<(), VfsError> {
        if let Some(node) = self.nodes.get(path) {
            return if parents && node.is_dir() {
                Ok(())
            } else {
                Err(VfsError::AlreadyExists)
            };
        }
        if parents && !self.exists(parent(path)) {
            self.mkdir(parent(path), true, now_unix)?;
        }
        self.check_parent_dir(path)?;
        self.nodes.insert(
            path.to_string(),
            Node {
                kind: NodeKind::Dir,
                mode: 0o777 & !UMASK,
                owner: USER.to_string(),
                mtime: now_unix,
            },
        );
        Ok(())
    }

    /// The names directly inside a directory, sorted.
    pub fn list(&self, dir: &str) -> Result<Vec<String>, VfsError> {
        let node = self.nodes.get(dir).ok_or(VfsError::NotFound)?;
        if !node.is_dir() {
            return Err(VfsError::NotADirectory);
        }
        if node.owner == USER && !node.owner_can_read() {
            return Err(VfsError::PermissionDenied);
        }
        let prefix = if dir == "/" {
            "/".to_string()
        } else {
            format!("{dir}/")
        };
        Ok(self
            .nodes
            .range(prefix.clone()..)
            .take_while(|(p, _)| p.starts_with(&prefix))
            .filter_map(|(p, _)| p.get(prefix.len()..))
            .filter(|rest| !rest.is_empty() && !rest.contains('/'))
            .map(str::to_string)
            .collect())
    }

    /// Removes a file, or with `recursive` a directory and everything below it.
    pub fn remove(&mut self, path: &str, recursive: bool) -> Result<(), VfsError> {
        let node = self.nodes.get(path).ok_or(VfsError::NotFound)?;
        if node.owner != USER || path == HOME {
            return Err(VfsError::PermissionDenied);
        }
        if node.is_dir() {
            if !recursive {
                return Err(VfsError::IsADirectory);
            }
            let prefix = format!("{path}/");
            self.nodes.retain(|p, _| !p.starts_with(&prefix));
        }
        self.nodes.remove(path);
        Ok(())
    }

    /// Removes an empty directory (`rmdir`).
    pub fn rmdir(&mut self, path: &str) -> Result<(), VfsError> {
        let node = self.nodes.get(path).ok_or(VfsError::NotFound)?;
        if !node.is_dir() {
            return Err(VfsError::NotADirectory);
        }
        if !self.list(path)?.is_empty() {
            return Err(VfsError::DirectoryNotEmpty);
        }
        self.remove(path, true)
    }

    /// Moves `from` to `to` (both normalized; `to` is the final path), with
    /// everything below a directory.
    pub fn rename(&mut self, from: &str, to: &str) -> Result<(), VfsError> {
        if !self.exists(from) {
            return Err(VfsError::NotFound);
        }
        if from == to {
            return Ok(());
        }
        if to.starts_with(&format!("{from}/")) {
            return Err(VfsError::InvalidArgument);
        }
        self.check_parent_dir(to)?;
        if self.is_dir(to) {
            return Err(VfsError::IsADirectory);
        }
        let prefix = format!("{from}/");
        let moved: Vec<(String, Node)> = self
            .nodes
            .iter()
            .filter(|(p, _)| p.as_str() == from || p.starts_with(&prefix))
            .map(|(p, n)| (p.clone(), n.clone()))
            .collect();
        for (p, _) in &moved {
            self.nodes.remove(p);
        }
        for (p, n) in moved {
            let suffix = p.get(from.len()..).unwrap_or("");
            self.nodes.insert(format!("{to}{suffix}"), n);
        }
        Ok(())
    }

    /// Copies the file `from` to `to` (the new file keeps the source's mode, as
    /// `cp` does with the umask applied).
    pub fn copy(&mut self, from: &str, to: &str, now_unix: u64) -> Result<(), VfsError> {
        let node = self.nodes.get(from).ok_or(VfsError::NotFound)?;
        if node.is_dir() {
            return Err(VfsError::IsADirectory);
        }
        let mode = node.mode & !UMASK;
        let text = self.read(from)?.to_string();
        self.write_with_mode(to, &text, false, mode, now_unix)
    }

    /// Sets a node's permission bits.
    pub fn chmod(&mut self, path: &str, mode: u32) -> Result<(), VfsError> {
        let node = self.nodes.get_mut(path).ok_or(VfsError::NotFound)?;
        if node.owner != USER {
            return Err(VfsError::PermissionDenied);
        }
        node.mode = mode & 0o7777;
        Ok(())
    }
}

/// Applies a `chmod` mode argument (`400`, `u+x`, `go-rwx`, `a+r,u+w`) to `mode`.
/// Returns `None` for an invalid mode.
pub fn apply_chmod(spec: &str, mode: u32, is_dir: bool) -> Option<u32> {
    if !spec.is_empty() && spec.chars().all(|c| ('0'..='7').contains(&c)) {
        return u32::from_str_radix(spec, 8).ok().filter(|m| *m <= 0o7777);
    }
    let mut mode = mode;
    for clause in spec.split(',') {
        let op_at = clause.find(['+', '-', '='])?;
        let (who, rest) = clause.split_at(op_at);
        let mut mask = 0u32;
        for c in who.chars() {
            mask |= match c {
                'u' => 0o700,
                'g' => 0o070,
                'o' => 0o007,
                'a' => 0o777,
                _ => return None,
            };
        }
        let implicit_who = who.is_empty();
        if implicit_who {
            mask = 0o777;
        }
        let mut chars = rest.chars().peekable();
        while let Some(op) = chars.next() {
            let mut perms = 0u32;
            while let Some(&c) = chars.peek() {
                let bits = match c {
                    'r' => 0o444,
                    'w' => 0o222,
                    'x' => 0o111,
                    'X' => {
                        if is_dir || mode & 0o111 != 0 {
                            0o111
                        } else {
                            0
                        }
                    }
                    '+' | '-' | '=' => break,
                    _ => return None,
                };
                perms |= bits;
                chars.next();
            }
            let mut effective = perms & mask;
            if implicit_who {
                effective &= !UMASK;
            }
            match op {
                '+' => mode |= effective,
                '-' => mode &= !effective,
                '=' => mode = (mode & !mask) | effective,
                _ => return None,
            }
        }
    }
    Some(mode)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_paths() {
        assert_eq!(normalize(HOME, "key.pem"), "/home/learner/key.pem");
        assert_eq!(normalize(HOME, "./a/../b"), "/home/learner/b");
        assert_eq!(normalize("/tmp", "~"), HOME);
        assert_eq!(normalize("/tmp", "~/x"), "/home/learner/x");
        assert_eq!(normalize(HOME, "../../.."), "/");
        assert_eq!(normalize(HOME, "/etc//hosts/"), "/etc/hosts");
        assert_eq!(parent("/home/learner/x"), HOME);
        assert_eq!(parent("/home"), "/");
        assert_eq!(file_name("/home/learner/x"), "x");
    }

    #[test]
    fn new_files_get_0644_and_owner_bits_are_enforced() {
        let mut vfs = Vfs::new();
        let path = "/home/learner/key.pem";
        vfs.write(path, "secret\n", false, 10).unwrap();
        let node = vfs.get(path).unwrap();
        assert_eq!(node.mode, 0o644);
        assert_eq!(node.mode_string(), "-rw-r--r--");
        vfs.chmod(path, 0o400).unwrap();
        assert_eq!(vfs.get(path).unwrap().mode_string(), "-r--------");
        assert_eq!(
            vfs.write(path, "x", false, 11),
            Err(VfsError::PermissionDenied)
        );
        assert_eq!(vfs.read(path), Ok("secret\n"));
        vfs.chmod(path, 0o000).unwrap();
        assert_eq!(vfs.read(path), Err(VfsError::PermissionDenied));
    }

    #[test]
    fn append_and_missing_parent() {
        let mut vfs = Vfs::new();
        vfs.write("/home/learner/a", "1\n", true, 0).unwrap();
        vfs.write("/home/learner/a", "2\n", true, 0).unwrap();
        assert_eq!(vfs.read("/home/learner/a"), Ok("1\n2\n"));
        assert_eq!(
            vfs.write("/home/learner/no/b", "x", false, 0),
            Err(VfsError::NotFound)
        );
        assert_eq!(
            vfs.write("/home/learner/a/b", "x", false, 0),
            Err(VfsError::NotADirectory)
        );
        assert_eq!(
            vfs.write("/etc-new", "x", false, 0),
            Err(VfsError::PermissionDenied)
        );
    }

    #[test]
    fn directories_list_move_copy_remove() {
        let mut vfs = Vfs::new();
        vfs.mkdir("/home/learner/d/e", true, 0).unwrap();
        assert_eq!(
            vfs.mkdir("/home/learner/d", false, 0),
            Err(VfsError::AlreadyExists)
        );
        vfs.write("/home/learner/d/e/f", "x", false, 0).unwrap();
        assert_eq!(vfs.list("/home/learner/d").unwrap(), vec!["e"]);
        vfs.rename("/home/learner/d", "/home/learner/g").unwrap();
        assert_eq!(vfs.read("/home/learner/g/e/f"), Ok("x"));
        assert!(!vfs.exists("/home/learner/d"));
        vfs.copy("/home/learner/g/e/f", "/home/learner/h", 0)
            .unwrap();
        assert_eq!(vfs.read("/home/learner/h"), Ok("x"));
        assert_eq!(
            vfs.remove("/home/learner/g", false),
            Err(VfsError::IsADirectory)
        );
        assert_eq!(
            vfs.rmdir("/home/learner/g"),
            Err(VfsError::DirectoryNotEmpty)
        );
        vfs.remove("/home/learner/g", true).unwrap();
        assert!(!vfs.exists("/home/learner/g/e/f"));
        assert_eq!(
            vfs.rename("/home/learner/h", "/home/learner/h/x"),
            Err(VfsError::InvalidArgument)
        );
    }

    #[test]
    fn chmod_modes() {
        assert_eq!(apply_chmod("400", 0o644, false), Some(0o400));
        assert_eq!(apply_chmod("0600", 0o644, false), Some(0o600));
        assert_eq!(apply_chmod("u+x", 0o644, false), Some(0o744));
        assert_eq!(apply_chmod("go-rwx", 0o644, false), Some(0o600));
        assert_eq!(apply_chmod("a+r", 0o600, false), Some(0o644));
        assert_eq!(apply_chmod("u=r", 0o644, false), Some(0o444));
        assert_eq!(apply_chmod("+x", 0o644, false), Some(0o755));
        assert_eq!(apply_chmod("u+x,g-r", 0o644, false), Some(0o704));
        assert_eq!(apply_chmod("z+x", 0o644, false), None);
        assert_eq!(apply_chmod("u+q", 0o644, false), None);
        assert_eq!(apply_chmod("999", 0o644, false), None);
        assert_eq!(apply_chmod("", 0o644, false), None);
    }
}
