//! SSH key material: seeded key pairs in the real file formats (PKCS#1 PEM for
//! RSA, `openssh-key-v1` for ED25519, PuTTY `.ppk`), OpenSSH public key lines,
//! and AWS's fingerprints computed for real over those bytes.
//!
//! The keys have the structure of real keys but not their mathematics: the public
//! part is derived from the private part by hashing, which is all the simulation
//! needs to tell whether a private key file matches a public key. The terminal's
//! `ssh-keygen` can use [`generate`] and [`public_key_of_private`] too.

use serde::{Deserialize, Serialize};

use crate::digest;
use crate::rng::SimRng;

/// Key algorithm (`KeyType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KeyType {
    /// RSA 2048.
    Rsa,
    /// ED25519.
    Ed25519,
}

impl KeyType {
    /// AWS's spelling: `rsa` or `ed25519`.
    pub fn as_str(self) -> &'static str {
        match self {
            KeyType::Rsa => "rsa",
            KeyType::Ed25519 => "ed25519",
        }
    }

    /// The OpenSSH algorithm name: `ssh-rsa` or `ssh-ed25519`.
    pub fn ssh_name(self) -> &'static str {
        match self {
            KeyType::Rsa => "ssh-rsa",
            KeyType::Ed25519 => "ssh-ed25519",
        }
    }

    /// Parses AWS's spelling.
    pub fn parse(text: &str) -> Option<KeyType> {
        match text {
            "rsa" => Some(KeyType::Rsa),
            "ed25519" => Some(KeyType::Ed25519),
            _ => None,
        }
    }
}

/// Private key file format (`KeyFormat`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KeyFormat {
    /// PEM, for OpenSSH.
    Pem,
    /// PuTTY private key.
    Ppk,
}

impl KeyFormat {
    /// Parses AWS's spelling (`pem` or `ppk`).
    pub fn parse(text: &str) -> Option<KeyFormat> {
        match text {
            "pem" => Some(KeyFormat::Pem),
            "ppk" => Some(KeyFormat::Ppk),
            _ => None,
        }
    }
}

/// A new key pair.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeneratedKey {
    /// The key type.
    pub key_type: KeyType,
    /// The private key file's text (what `KeyMaterial` holds).
    pub private_key: String,
    /// The public key in OpenSSH wire format.
    pub public_blob: Vec<u8>,
    /// The fingerprint AWS shows for a key pair it created: SHA-1 of the PKCS#8
    /// DER private key (RSA, colon hex) or base64 SHA-256 of the public key
    /// (ED25519).
    pub aws_fingerprint: String,
}

impl GeneratedKey {
    /// The OpenSSH public key line, e.g. `ssh-ed25519 AAAA... comment`.
    pub fn public_key_line(&self, comment: &str) -> String {
        public_key_line(self.key_type, &self.public_blob, comment)
    }
}

/// A parsed OpenSSH public key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicKey {
    /// The algorithm.
    pub key_type: KeyType,
    /// The key in OpenSSH wire format.
    pub blob: Vec<u8>,
    /// The comment after the key, if any.
    pub comment: String,
}

/// Why a file is not a private key OpenSSH can use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PrivateKeyError {
    /// Not a private key at all (OpenSSH: `invalid format`).
    InvalidFormat,
    /// A PuTTY `.ppk` file, which OpenSSH cannot load.
    PuttyFormat,
}

/// Makes a new key pair from `rng`. `comment` goes into ED25519 and PPK files.
pub fn generate(
    key_type: KeyType,
    format: KeyFormat,
    comment: &str,
    rng: &mut SimRng,
) -> GeneratedKey {
    match key_type {
        KeyType::Rsa => {
            let parts = RsaParts::random(rng);
            let pkcs1 = parts.pkcs1_der();
            let public_blob = parts.public_blob();
            let aws_fingerprint = digest::hex(&digest::sha1(&pkcs8_wrap(&pkcs1)), Some(':'));
            let private_key = match format {
                KeyFormat::Pem => pem("RSA PRIVATE KEY", &pkcs1, 64),
                KeyFormat::Ppk => ppk(KeyType::Rsa, &public_blob, &parts.ppk_private(), comment),
            };
            GeneratedKey {
                key_type,
                private_key,
                public_blob,
                aws_fingerprint,
            }
        }
        KeyType::Ed25519 => {
            let seed = rng.bytes(32);
            let public = ed25519_public_from_seed(&seed);
            let public_blob = ssh_blob(&[b"ssh-ed25519", &public]);
            let check = rng.bytes(4);
            let aws_fingerprint = digest::base64_encode(&digest::sha256(&public_blob));
            let private_key = match format {
                KeyFormat::Pem => {
                    let body = openssh_v1(&public_blob, &seed, &public, &check, comment);
                    pem("OPENSSH PRIVATE KEY", &body, 70)
                }
                KeyFormat::Ppk => {
                    let private = ssh_blob(&[&seed]);
                    ppk(KeyType::Ed25519, &public_blob, &private, comment)
                }
            };
            GeneratedKey {
                key_type,
                private_key,
                public_blob,
                aws_fingerprint,
            }
        }
    }
}

/// The OpenSSH public key line for `blob`: `<type> <base64> <comment>`.
pub fn public_key_line(key_type: KeyType, blob: &[u8], comment: &str) -> String {
    let mut line = format!("{} {}", key_type.ssh_name(), digest::base64_encode(blob));
    if !comment.is_empty() {
        line.push(' ');
        line.push_str(comment);
    }
    line
}

/// Parses a public key in OpenSSH format (`ssh-rsa AAAA... comment`) or RFC 4716
/// format (`---- BEGIN SSH2 PUBLIC KEY ----`). `None` if it is neither, or the
/// algorithm is not RSA or ED25519.
pub fn parse_public_key(text: &str) -> Option<PublicKey> {
    let text = text.trim();
    if text.starts_with("---- BEGIN SSH2 PUBLIC KEY ----") {
        let mut body = String::new();
        let mut comment = String::new();
        let mut continued = false;
        for line in text.lines().skip(1) {
            let line = line.trim();
            if line.starts_with("---- END SSH2 PUBLIC KEY ----") {
                break;
            }
            if continued || line.contains(':') {
                if let Some(c) = line.strip_prefix("Comment:") {
                    comment = c.trim().trim_matches('"').to_string();
                }
                continued = line.ends_with('\\');
                continue;
            }
            body.push_str(line);
        }
        let blob = digest::base64_decode(&body)?;
        let key_type = blob_key_type(&blob)?;
        return Some(PublicKey {
            key_type,
            blob,
            comment,
        });
    }
    let mut parts = text.split_whitespace();
    let name = parts.next()?;
    let b64 = parts.next()?;
    let comment = parts.collect::<Vec<_>>().join(" ");
    let key_type = match name {
        "ssh-rsa" => KeyType::Rsa,
        "ssh-ed25519" => KeyType::Ed25519,
        _ => return None,
    };
    let blob = digest::base64_decode(b64)?;
    if blob_key_type(&blob)? != key_type {
        return None;
    }
    Some(PublicKey {
        key_type,
        blob,
        comment,
    })
}

/// Checks the structure of a wire-format public key and returns its algorithm.
fn blob_key_type(blob: &[u8]) -> Option<KeyType> {
    let mut r = Reader::new(blob);
    let name = r.string()?;
    match name {
        b"ssh-rsa" => {
            let e = r.string()?;
            let n = r.string()?;
            let bits = mpint_bits(n);
            (r.done() && !e.is_empty() && (1_024..=16_384).contains(&bits)).then_some(KeyType::Rsa)
        }
        b"ssh-ed25519" => {
            let key = r.string()?;
            (r.done() && key.len() == 32).then_some(KeyType::Ed25519)
        }
        _ => None,
    }
}

fn mpint_bits(n: &[u8]) -> usize {
    let trimmed: Vec<u8> = n.iter().copied().skip_while(|b| *b == 0).collect();
    match trimmed.first() {
        Some(first) => trimmed.len() * 8 - first.leading_zeros() as usize,
        None => 0,
    }
}

/// The fingerprint AWS shows for an imported key: for RSA the MD5 of the DER
/// (PKCS#1) public key as colon hex; for ED25519 base64 SHA-256 of the key.
pub fn imported_fingerprint(key: &PublicKey) -> String {
    match key.key_type {
        KeyType::Rsa => {
            let mut r = Reader::new(&key.blob);
            let parts = r.string().and_then(|_| Some((r.string()?, r.string()?)));
            match parts {
                Some((e, n)) => {
                    let der = der_seq(&[der_int(n), der_int(e)].concat());
                    digest::hex(&digest::md5(&der), Some(':'))
                }
                None => digest::hex(&digest::md5(&key.blob), Some(':')),
            }
        }
        KeyType::Ed25519 => digest::base64_encode(&digest::sha256(&key.blob)),
    }
}

/// OpenSSH's own fingerprint (`ssh-keygen -l`): `SHA256:` and unpadded base64.
pub fn openssh_fingerprint(blob: &[u8]) -> String {
    let b64 = digest::base64_encode(&digest::sha256(blob));
    format!("SHA256:{}", b64.trim_end_matches('='))
}

/// Reads a private key file (whitespace and line endings do not matter) and
/// returns its public key.
pub fn public_key_of_private(text: &str) -> Result<PublicKey, PrivateKeyError> {
    let text = text.trim();
    if text.starts_with("PuTTY-User-Key-File-") {
        return Err(PrivateKeyError::PuttyFormat);
    }
    if let Some(der) = pem_body(text, "RSA PRIVATE KEY") {
        let parts = RsaParts::from_pkcs1(&der).ok_or(PrivateKeyError::InvalidFormat)?;
        return Ok(PublicKey {
            key_type: KeyType::Rsa,
            blob: parts.public_blob(),
            comment: String::new(),
        });
    }
    if let Some(der) = pem_body(text, "PRIVATE KEY") {
        // PKCS#8: SEQUENCE { INTEGER 0, AlgorithmIdentifier, OCTET STRING pkcs1 }.
        let mut outer = Der::new(&der);
        let mut seq = Der::new(outer.take(0x30).ok_or(PrivateKeyError::InvalidFormat)?);
        seq.take(0x02).ok_or(PrivateKeyError::InvalidFormat)?;
        seq.take(0x30).ok_or(PrivateKeyError::InvalidFormat)?;
        let pkcs1 = seq.take(0x04).ok_or(PrivateKeyError::InvalidFormat)?;
        let parts = RsaParts::from_pkcs1(pkcs1).ok_or(PrivateKeyError::InvalidFormat)?;
        return Ok(PublicKey {
            key_type: KeyType::Rsa,
            blob: parts.public_blob(),
            comment: String::new(),
        });
    }
    if let Some(body) = pem_body(text, "OPENSSH PRIVATE KEY") {
        let rest = body
            .strip_prefix(b"openssh-key-v1\0".as_slice())
            .ok_or(PrivateKeyError::InvalidFormat)?;
        let mut r = Reader::new(rest);
        let _cipher = r.string().ok_or(PrivateKeyError::InvalidFormat)?;
        let _kdf = r.string().ok_or(PrivateKeyError::InvalidFormat)?;
        let _kdf_options = r.string().ok_or(PrivateKeyError::InvalidFormat)?;
        let count = r.u32().ok_or(PrivateKeyError::InvalidFormat)?;
        if count != 1 {
            return Err(PrivateKeyError::InvalidFormat);
        }
        let blob = r.string().ok_or(PrivateKeyError::InvalidFormat)?.to_vec();
        let key_type = blob_key_type(&blob).ok_or(PrivateKeyError::InvalidFormat)?;
        return Ok(PublicKey {
            key_type,
            blob,
            comment: String::new(),
        });
    }
    Err(PrivateKeyError::InvalidFormat)
}

/// ED25519 public key from its seed (a hash, standing in for the curve maths).
fn ed25519_public_from_seed(seed: &[u8]) -> Vec<u8> {
    let mut input = b"cloudlab-ed25519-public".to_vec();
    input.extend_from_slice(seed);
    digest::sha256(&input).to_vec()
}

/// The parts of an RSA private key, big-endian, as PKCS#1 lays them out.
struct RsaParts {
    n: Vec<u8>,
    e: Vec<u8>,
    d: Vec<u8>,
    p: Vec<u8>,
    q: Vec<u8>,
    dp: Vec<u8>,
    dq: Vec<u8>,
    qinv: Vec<u8>,
}

impl RsaParts {
    fn random(rng: &mut SimRng) -> RsaParts {
        let mut odd_with_top_bit = |len: usize| {
            let mut v = rng.bytes(len);
            if let Some(first) = v.first_mut() {
                *first |= 0x80;
            }
            if let Some(last) = v.last_mut() {
                *last |= 1;
            }
            v
        };
        let n = odd_with_top_bit(256);
        let d = odd_with_top_bit(256);
        let p = odd_with_top_bit(128);
        let q = odd_with_top_bit(128);
        let dp = odd_with_top_bit(128);
        let dq = odd_with_top_bit(128);
        let qinv = odd_with_top_bit(128);
        RsaParts {
            n,
            e: vec![0x01, 0x00, 0x01],
            d,
            p,
            q,
            dp,
            dq,
            qinv,
        }
    }

    fn pkcs1_der(&self) -> Vec<u8> {
        let body = [
            der_int(&[0]),
            der_int(&self.n),
            der_int(&self.e),
            der_int(&self.d),
            der_int(&self.p),
            der_int(&self.q),
            der_int(&self.dp),
            der_int(&self.dq),
            der_int(&self.qinv),
        ]
        .concat();
        der_seq(&body)
    }

    fn from_pkcs1(der: &[u8]) -> Option<RsaParts> {
        let mut outer = Der::new(der);
        let mut seq = Der::new(outer.take(0x30)?);
        let mut next = || seq.take(0x02).map(strip_leading_zeros);
        let _version = next()?;
        let n = next()?;
        let e = next()?;
        let d = next()?;
        let p = next()?;
        let q = next()?;
        let dp = next()?;
        let dq = next()?;
        let qinv = next()?;
        if n.len() < 64 || e.is_empty() {
            return None;
        }
        Some(RsaParts {
            n,
            e,
            d,
            p,
            q,
            dp,
            dq,
            qinv,
        })
    }

    fn public_blob(&self) -> Vec<u8> {
        ssh_blob(&[b"ssh-rsa", &mpint(&self.e), &mpint(&self.n)])
    }

    fn ppk_private(&self) -> Vec<u8> {
        ssh_blob(&[
            &mpint(&self.d),
            &mpint(&self.p),
            &mpint(&self.q),
            &mpint(&self.qinv),
        ])
    }
}

fn strip_leading_zeros(v: &[u8]) -> Vec<u8> {
    let start = v.iter().position(|b| *b != 0).unwrap_or(v.len());
    v.get(start..).unwrap_or(&[]).to_vec()
}

/// SSH `mpint`: big-endian, with a leading zero byte if the top bit is set.
fn mpint(v: &[u8]) -> Vec<u8> {
    let v = strip_leading_zeros(v);
    match v.first() {
        Some(b) if b & 0x80 != 0 => [&[0u8][..], &v].concat(),
        _ => v,
    }
}

/// SSH wire format: each field as a u32 length and its bytes.
fn ssh_blob(fields: &[&[u8]]) -> Vec<u8> {
    let mut out = Vec::new();
    for f in fields {
        out.extend_from_slice(&(f.len() as u32).to_be_bytes());
        out.extend_from_slice(f);
    }
    out
}

fn der_len(len: usize) -> Vec<u8> {
    if len < 0x80 {
        vec![len as u8]
    } else if len < 0x100 {
        vec![0x81, len as u8]
    } else {
        vec![0x82, (len >> 8) as u8, len as u8]
    }
}

fn der_tlv(tag: u8, body: &[u8]) -> Vec<u8> {
    [&[tag][..], &der_len(body.len()), body].concat()
}

fn der_seq(body: &[u8]) -> Vec<u8> {
    der_tlv(0x30, body)
}

fn der_int(v: &[u8]) -> Vec<u8> {
    let m = mpint(v);
    if m.is_empty() {
        der_tlv(0x02, &[0])
    } else {
        der_tlv(0x02, &m)
    }
}

/// Wraps a PKCS#1 RSA key into PKCS#8 (`rsaEncryption` with NULL parameters).
fn pkcs8_wrap(pkcs1: &[u8]) -> Vec<u8> {
    const RSA_OID: [u8; 9] = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
    let alg = der_seq(&[der_tlv(0x06, &RSA_OID), vec![0x05, 0x00]].concat());
    der_seq(&[der_int(&[0]), alg, der_tlv(0x04, pkcs1)].concat())
}

/// A minimal DER reader.
struct Der<'a> {
    data: &'a [u8],
}

impl<'a> Der<'a> {
    fn new(data: &'a [u8]) -> Der<'a> {
        Der { data }
    }

    fn take(&mut self, tag: u8) -> Option<&'a [u8]> {
        let (&t, rest) = self.data.split_first()?;
        if t != tag {
            return None;
        }
        let (&first, rest) = rest.split_first()?;
        let (len, rest) = if first < 0x80 {
            (usize::from(first), rest)
        } else {
            let n = usize::from(first & 0x7f);
            if n == 0 || n > 3 {
                return None;
            }
            let bytes = rest.get(..n)?;
            let len = bytes
                .iter()
                .fold(0usize, |acc, b| (acc << 8) | usize::from(*b));
            (len, rest.get(n..)?)
        };
        let body = rest.get(..len)?;
        self.data = rest.get(len..)?;
        Some(body)
    }
}

/// A reader for SSH wire format.
struct Reader<'a> {
    data: &'a [u8],
}

impl<'a> Reader<'a> {
    fn new(data: &'a [u8]) -> Reader<'a> {
        Reader { data }
    }

    fn u32(&mut self) -> Option<u32> {
        let bytes = self.data.get(..4)?;
        self.data = self.data.get(4..)?;
        Some(u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
    }

    fn string(&mut self) -> Option<&'a [u8]> {
        let len = self.u32()? as usize;
        let s = self.data.get(..len)?;
        self.data = self.data.get(len..)?;
        Some(s)
    }

    fn done(&self) -> bool {
        self.data.is_empty()
    }
}

fn openssh_v1(
    public_blob: &[u8],
    seed: &[u8],
    public: &[u8],
    check: &[u8],
    comment: &str,
) -> Vec<u8> {
    let private_key = [seed, public].concat();
    let mut private = Vec::new();
    private.extend_from_slice(check);
    private.extend_from_slice(check);
    private.extend_from_slice(&ssh_blob(&[
        b"ssh-ed25519",
        public,
        &private_key,
        comment.as_bytes(),
    ]));
    let mut pad = 1u8;
    while private.len() % 8 != 0 {
        private.push(pad);
        pad += 1;
    }
    let mut out = b"openssh-key-v1\0".to_vec();
    out.extend_from_slice(&ssh_blob(&[b"none", b"none", b""]));
    out.extend_from_slice(&1u32.to_be_bytes());
    out.extend_from_slice(&ssh_blob(&[public_blob, &private]));
    out
}

fn pem(label: &str, der: &[u8], width: usize) -> String {
    let b64 = digest::base64_encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for chunk in b64.as_bytes().chunks(width) {
        out.push_str(&String::from_utf8_lossy(chunk));
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----"));
    out
}

fn pem_body(text: &str, label: &str) -> Option<Vec<u8>> {
    let begin = format!("-----BEGIN {label}-----");
    let end = format!("-----END {label}-----");
    let start = text.find(&begin)? + begin.len();
    let stop = text.get(start..)?.find(&end)? + start;
    digest::base64_decode(text.get(start..stop)?)
}

fn ppk(key_type: KeyType, public_blob: &[u8], private: &[u8], comment: &str) -> String {
    let lines = |data: &[u8]| -> Vec<String> {
        digest::base64_encode(data)
            .as_bytes()
            .chunks(64)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect()
    };
    let public_lines = lines(public_blob);
    let private_lines = lines(private);
    let mac = digest::hex(
        &digest::sha1(&[public_blob, private, comment.as_bytes()].concat()),
        None,
    );
    let mut out = format!(
        "PuTTY-User-Key-File-2: {}\nEncryption: none\nComment: {comment}\nPublic-Lines: {}\n",
        key_type.ssh_name(),
        public_lines.len()
    );
    for l in &public_lines {
        out.push_str(l);
        out.push('\n');
    }
    out.push_str(&format!("Private-Lines: {}\n", private_lines.len()));
    for l in &private_lines {
        out.push_str(l);
        out.push('\n');
    }
    out.push_str(&format!("Private-MAC: {mac}"));
    out
}

/// Reads the public key out of a `.ppk` file.
pub fn public_key_of_ppk(text: &str) -> Option<PublicKey> {
    let mut lines = text.lines();
    let mut body = String::new();
    while let Some(line) = lines.next() {
        if let Some(n) = line.trim().strip_prefix("Public-Lines:") {
            let n: usize = n.trim().parse().ok()?;
            for _ in 0..n {
                body.push_str(lines.next()?.trim());
            }
            break;
        }
    }
    let blob = digest::base64_decode(&body)?;
    let key_type = blob_key_type(&blob)?;
    Some(PublicKey {
        key_type,
        blob,
        comment: String::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rsa_pem_has_the_real_shape() {
        let mut rng = SimRng::new(1);
        let key = generate(KeyType::Rsa, KeyFormat::Pem, "lab", &mut rng);
        assert!(
            key.private_key
                .starts_with("-----BEGIN RSA PRIVATE KEY-----\n")
        );
        assert!(key.private_key.ends_with("-----END RSA PRIVATE KEY-----"));
        let body: Vec<&str> = key.private_key.lines().skip(1).collect();
        assert!(body.iter().rev().skip(2).all(|l| l.len() == 64));
        let der = pem_body(&key.private_key, "RSA PRIVATE KEY").unwrap();
        assert!((1_150..=1_200).contains(&der.len()), "{}", der.len());
        // 20 bytes of SHA-1 as colon hex.
        assert_eq!(key.aws_fingerprint.len(), 20 * 3 - 1);
        assert_eq!(
            key.aws_fingerprint,
            digest::hex(&digest::sha1(&pkcs8_wrap(&der)), Some(':'))
        );
        let public = public_key_of_private(&key.private_key).unwrap();
        assert_eq!(public.blob, key.public_blob);
        assert!(
            key.public_key_line("lab")
                .starts_with("ssh-rsa AAAAB3NzaC1yc2E")
        );
    }

    #[test]
    fn ed25519_openssh_format_round_trips() {
        let mut rng = SimRng::new(2);
        let key = generate(KeyType::Ed25519, KeyFormat::Pem, "lab", &mut rng);
        assert!(
            key.private_key
                .starts_with("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjE")
        );
        let public = public_key_of_private(&key.private_key).unwrap();
        assert_eq!(public.key_type, KeyType::Ed25519);
        assert_eq!(public.blob, key.public_blob);
        assert_eq!(key.aws_fingerprint.len(), 44);
        assert!(key.aws_fingerprint.ends_with('='));
        assert!(
            key.public_key_line("c")
                .starts_with("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5")
        );
        assert!(openssh_fingerprint(&key.public_blob).starts_with("SHA256:"));
        assert!(!openssh_fingerprint(&key.public_blob).ends_with('='));
    }

    #[test]
    fn whitespace_does_not_matter_but_content_does() {
        let mut rng = SimRng::new(3);
        let key = generate(KeyType::Rsa, KeyFormat::Pem, "", &mut rng);
        let crlf = key.private_key.replace('\n', "\r\n") + "\r\n\r\n";
        assert_eq!(public_key_of_private(&crlf).unwrap().blob, key.public_blob);
        assert_eq!(
            public_key_of_private("hello"),
            Err(PrivateKeyError::InvalidFormat)
        );
        let ppk = generate(KeyType::Rsa, KeyFormat::Ppk, "lab", &mut rng);
        assert!(
            ppk.private_key
                .starts_with("PuTTY-User-Key-File-2: ssh-rsa\n")
        );
        assert_eq!(
            public_key_of_private(&ppk.private_key),
            Err(PrivateKeyError::PuttyFormat)
        );
        assert_eq!(
            public_key_of_ppk(&ppk.private_key).unwrap().blob,
            ppk.public_blob
        );
        let mut broken = key.private_key.clone();
        broken.replace_range(40..44, "!!!!");
        assert!(public_key_of_private(&broken).is_err());
    }

    #[test]
    fn public_key_lines_parse_and_fingerprint() {
        let mut rng = SimRng::new(4);
        let key = generate(KeyType::Rsa, KeyFormat::Pem, "", &mut rng);
        let line = key.public_key_line("me@laptop");
        let parsed = parse_public_key(&line).unwrap();
        assert_eq!(parsed.comment, "me@laptop");
        assert_eq!(parsed.key_type, KeyType::Rsa);
        let fp = imported_fingerprint(&parsed);
        assert_eq!(fp.len(), 16 * 3 - 1);
        assert!(parse_public_key("ssh-rsa notbase64!").is_none());
        assert!(parse_public_key("ssh-dss AAAAB3NzaC1kc3M=").is_none());
        assert!(parse_public_key("").is_none());
        // A type name that disagrees with the blob is rejected.
        let b64 = line.split_whitespace().nth(1).unwrap();
        assert!(parse_public_key(&format!("ssh-ed25519 {b64}")).is_none());
        // RFC 4716 form.
        let rfc = format!(
            "---- BEGIN SSH2 PUBLIC KEY ----\nComment: \"me\"\n{}\n---- END SSH2 PUBLIC KEY ----",
            b64
        );
        assert_eq!(parse_public_key(&rfc).unwrap().blob, parsed.blob);
    }
}
