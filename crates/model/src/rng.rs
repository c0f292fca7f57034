//! `SimRng`: a small seeded generator (SplitMix64) whose whole state is one `u64`,
//! so it serializes with the account and replays exactly.

use serde::{Deserialize, Serialize};

/// A deterministic pseudo-random generator (SplitMix64).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimRng {
    state: u64,
}

impl SimRng {
    /// A generator started from `seed`.
    pub fn new(seed: u64) -> SimRng {
        SimRng { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        // Multiply-shift: unbiased enough for simulation and never panics.
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// A number in `lo..=hi` (returns `lo` when `hi < lo`).
    pub fn range_inclusive(&mut self, lo: u64, hi: u64) -> u64 {
        if hi < lo {
            return lo;
        }
        lo + self.below(hi - lo + 1)
    }

    /// `len` random bytes.
    pub fn bytes(&mut self, len: usize) -> Vec<u8> {
        let mut out = Vec::with_capacity(len + 8);
        while out.len() < len {
            out.extend_from_slice(&self.next_u64().to_le_bytes());
        }
        out.truncate(len);
        out
    }

    /// `len` characters drawn from `alphabet` (ASCII; `""` if it is empty).
    pub fn chars(&mut self, alphabet: &[u8], len: usize) -> String {
        if alphabet.is_empty() {
            return String::new();
        }
        (0..len)
            .map(|_| alphabet[self.below(alphabet.len() as u64) as usize] as char)
            .collect()
    }

    /// 17 lowercase hex digits in the shape of a current AWS resource id suffix
    /// (`0` followed by 16 random digits, like `i-0abc...`).
    pub fn hex17(&mut self) -> String {
        format!("0{:016x}", self.next_u64())
    }

    /// A resource id: `prefix-` followed by 17 hex digits, e.g. `i-0123456789abcdef0`.
    pub fn resource_id(&mut self, prefix: &str) -> String {
        format!("{prefix}-{}", self.hex17())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_sequence() {
        let mut a = SimRng::new(42);
        let mut b = SimRng::new(42);
        for _ in 0..100 {
            assert_eq!(a.next_u64(), b.next_u64());
        }
        let mut c = SimRng::new(43);
        assert_ne!(SimRng::new(42).next_u64(), c.next_u64());
    }

    #[test]
    fn ids_have_aws_shape() {
        let mut r = SimRng::new(7);
        let id = r.resource_id("i");
        assert_eq!(id.len(), 2 + 17);
        assert!(id.starts_with("i-0"));
        assert!(
            id[2..]
                .chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        );
    }

    #[test]
    fn bounded_draws_stay_in_range() {
        let mut r = SimRng::new(9);
        for _ in 0..1000 {
            let v = r.range_inclusive(10, 20);
            assert!((10..=20).contains(&v));
            assert!(r.below(3) < 3);
        }
        assert_eq!(r.below(0), 0);
        assert_eq!(r.range_inclusive(5, 1), 5);
        assert_eq!(r.bytes(13).len(), 13);
    }

    #[test]
    fn state_round_trips_through_serde() {
        let mut r = SimRng::new(3);
        r.next_u64();
        let json = serde_json::to_string(&r).unwrap();
        let mut back: SimRng = serde_json::from_str(&json).unwrap();
        assert_eq!(back.next_u64(), r.next_u64());
    }
}
