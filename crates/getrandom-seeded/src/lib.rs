//! getrandom 0.3's API without entropy. CloudLab's model takes randomness as an
//! input so every run is reproducible; the one dependency that asks for OS entropy
//! (the Python interpreter, for the ids of objects that cross to the host) gets a
//! fixed SplitMix64 sequence instead. Nothing here is used for secrets.

use core::fmt;
use core::mem::MaybeUninit;
use core::sync::atomic::{AtomicU64, Ordering};

/// getrandom's error type (never returned here).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Error(u32);

impl Error {
    /// The platform has no source (kept for API compatibility).
    pub const UNSUPPORTED: Error = Error(0);
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "getrandom error {}", self.0)
    }
}

impl std::error::Error for Error {}

static STATE: AtomicU64 = AtomicU64::new(0x5eed_c10d_1ab0_0001);

fn next() -> u64 {
    let mut z = STATE
        .fetch_add(0x9e37_79b9_7f4a_7c15, Ordering::Relaxed)
        .wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Fills `dest` from the fixed sequence.
pub fn fill(dest: &mut [u8]) -> Result<(), Error> {
    for chunk in dest.chunks_mut(8) {
        let bytes = next().to_le_bytes();
        chunk.copy_from_slice(&bytes[..chunk.len()]);
    }
    Ok(())
}

/// Fills possibly uninitialized `dest` from the fixed sequence.
pub fn fill_uninit(dest: &mut [MaybeUninit<u8>]) -> Result<&mut [u8], Error> {
    for byte in dest.iter_mut() {
        byte.write(0);
    }
    // SAFETY: every byte was just written.
    let filled = unsafe { &mut *(dest as *mut [MaybeUninit<u8>] as *mut [u8]) };
    fill(filled)?;
    Ok(filled)
}

/// The next `u32` of the sequence.
pub fn u32() -> Result<u32, Error> {
    Ok(next() as u32)
}

/// The next `u64` of the sequence.
pub fn u64() -> Result<u64, Error> {
    Ok(next())
}

#[cfg(test)]
mod tests {
    #[test]
    fn fills_every_byte_and_moves_on() {
        let mut first = [0u8; 13];
        let mut second = [0u8; 13];
        super::fill(&mut first).unwrap();
        super::fill(&mut second).unwrap();
        assert_ne!(first, second);
        assert!(first.iter().any(|b| *b != 0));
    }
}
