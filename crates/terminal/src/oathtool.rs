//! `oathtool`: the one-time-password tool from oath-toolkit, standing in for
//! an authenticator app. `oathtool --totp -b SEED` prints the 6-digit code a
//! virtual MFA device with that Base32 seed shows at the simulated time, so
//! lessons can enable MFA (`aws iam enable-mfa-device` wants two consecutive
//! codes: run it, `sleep 30`, run it again, or use `-w 1`).

use cloudlab_model::Cloud;
use cloudlab_model::digest;
use cloudlab_model::iam::mfa::{TOTP_STEP_SECONDS, hotp};

use crate::shell::CmdResult;

const TRY_HELP: &str = "Try 'oathtool --help' for more information.\n";

const HELP: &str = "Usage: oathtool [OPTION]... [KEY [OTP]]...\nGenerate and validate OATH one-time passwords.\n\n  -b, --base32          use base32 encoding of KEY instead of hex\n  -d, --digits=DIGITS   number of digits in one-time password (6, 7 or 8)\n  -w, --window=WIDTH    also print the next WIDTH one-time passwords\n      --totp            use time-variant TOTP mode (30-second steps)\n  -h, --help            print help and exit\n";

/// Decodes a key given as hex (oathtool's default).
fn hex_decode(text: &str) -> Option<Vec<u8>> {
    let clean: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    if !clean.len().is_multiple_of(2) {
        return None;
    }
    clean
        .chunks(2)
        .map(|pair| {
            let s = std::str::from_utf8(pair).ok()?;
            u8::from_str_radix(s, 16).ok()
        })
        .collect()
}

/// Runs `oathtool ARGS`.
pub fn run(cloud: &Cloud, args: &[String]) -> CmdResult {
    let mut totp = false;
    let mut base32 = false;
    let mut digits: u32 = 6;
    let mut window: u64 = 0;
    let mut keys: Vec<&str> = Vec::new();
    let mut i = 0;
    while let Some(arg) = args.get(i) {
        i += 1;
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n, Some(v.to_string())),
            _ => (arg.as_str(), None),
        };
        let value = |i: &mut usize| -> Option<String> {
            inline.clone().or_else(|| {
                let v = args.get(*i).cloned();
                *i += 1;
                v
            })
        };
        match name {
            "--totp" => totp = true,
            "-b" | "--base32" => base32 = true,
            "-h" | "--help" => return CmdResult::ok(HELP),
            "-d" | "--digits" => match value(&mut i).and_then(|v| v.parse::<u32>().ok()) {
                Some(d @ 6..=8) => digits = d,
                _ => {
                    return CmdResult::fail(
                        format!("oathtool: only digits 6, 7 and 8 are supported\n{TRY_HELP}"),
                        1,
                    );
                }
            },
            "-w" | "--window" => match value(&mut i).and_then(|v| v.parse::<u64>().ok()) {
                Some(w) => window = w.min(100),
                None => {
                    return CmdResult::fail(
                        format!("oathtool: window must be a number\n{TRY_HELP}"),
                        1,
                    );
                }
            },
            flag if flag.starts_with('-') && flag.len() > 1 => {
                return CmdResult::fail(
                    format!("oathtool: unrecognized option '{flag}'\n{TRY_HELP}"),
                    1,
                );
            }
            key => keys.push(key),
        }
    }
    let Some(key) = keys.first() else {
        return CmdResult::fail(format!("oathtool: too few arguments\n{TRY_HELP}"), 1);
    };
    let secret = if base32 {
        match digest::base32_decode(&key.replace(' ', "")) {
            Some(s) => s,
            None => {
                return CmdResult::fail(
                    "oathtool: base32 decoding failed: Base32 string is invalid\n",
                    1,
                );
            }
        }
    } else {
        match hex_decode(key) {
            Some(s) => s,
            None => {
                return CmdResult::fail("oathtool: hex decoding of secret key failed\n", 1);
            }
        }
    };
    let start = if totp {
        cloud.now().unix_seconds() / TOTP_STEP_SECONDS
    } else {
        0
    };
    let out: String = (start..=start + window)
        .map(|counter| format!("{}\n", hotp(&secret, counter, digits)))
        .collect();
    CmdResult::ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloudlab_model::iam::totp_code;

    fn run_args(cloud: &Cloud, line: &str) -> CmdResult {
        let args: Vec<String> = line.split_whitespace().map(str::to_string).collect();
        run(cloud, &args)
    }

    #[test]
    fn totp_matches_the_model() {
        let cloud = Cloud::default();
        let seed = "JBSWY3DPEHPK3PXP";
        let out = run_args(&cloud, &format!("--totp -b {seed}"));
        assert_eq!(out.out, format!("{}\n", totp_code(seed, cloud.now())));
        let two = run_args(&cloud, &format!("--totp --base32 -w 1 {seed}"));
        assert_eq!(two.out.lines().count(), 2);
        assert!(two.out.starts_with(&out.out));
    }

    #[test]
    fn hotp_rfc4226_vector() {
        // RFC 4226 appendix D: key "12345678901234567890", counter 0.
        let cloud = Cloud::default();
        let out = run_args(&cloud, "3132333435363738393031323334353637383930");
        assert_eq!(out.out, "755224\n");
    }

    #[test]
    fn errors() {
        let cloud = Cloud::default();
        assert_eq!(run_args(&cloud, "--totp").code, 1);
        assert!(run_args(&cloud, "--totp -b 1!!").err.contains("base32"));
        assert!(run_args(&cloud, "--totp zz").err.contains("hex"));
        assert!(
            run_args(&cloud, "--bogus k")
                .err
                .contains("unrecognized option")
        );
        assert_eq!(run_args(&cloud, "-d 9 00").code, 1);
    }
}
