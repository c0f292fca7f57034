//! Deployment packages: .zip files, stored (uncompressed) entries only, which is
//! what the lab's `zip` writes. A package with compressed entries is refused as
//! one Lambda could not unzip.

use std::collections::BTreeMap;

/// CRC-32 (IEEE), as zip records it.
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xffff_ffff_u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// The MS-DOS time and date zip stores, from Unix seconds.
fn dos_time(unix_seconds: u64) -> (u16, u16) {
    let days = (unix_seconds / 86_400) as i64;
    let secs = unix_seconds % 86_400;
    let (year, month, day) = crate::clock::civil_from_days(days);
    let time = (((secs / 3600) << 11) | (((secs % 3600) / 60) << 5) | ((secs % 60) / 2)) as u16;
    let date = ((((year - 1980).clamp(0, 127) as u32) << 9) | (month << 5) | day) as u16;
    (time, date)
}

/// A .zip file holding `files` stored uncompressed, as `zip -0` writes it.
pub fn write_zip(files: &[(String, Vec<u8>)], unix_seconds: u64) -> Vec<u8> {
    let (time, date) = dos_time(unix_seconds);
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in files {
        let offset = out.len() as u32;
        let crc = crc32(data);
        let size = data.len() as u32;
        let mut header = Vec::new();
        header.extend(0x0403_4b50_u32.to_le_bytes());
        header.extend(10u16.to_le_bytes()); // version needed
        header.extend(0u16.to_le_bytes()); // flags
        header.extend(0u16.to_le_bytes()); // stored
        header.extend(time.to_le_bytes());
        header.extend(date.to_le_bytes());
        header.extend(crc.to_le_bytes());
        header.extend(size.to_le_bytes());
        header.extend(size.to_le_bytes());
        header.extend((name.len() as u16).to_le_bytes());
        header.extend(0u16.to_le_bytes());
        out.extend(&header);
        out.extend(name.as_bytes());
        out.extend(data);
        central.extend(0x0201_4b50_u32.to_le_bytes());
        central.extend(0x031e_u16.to_le_bytes()); // made by Unix, 3.0
        central.extend(&header[4..30]);
        central.extend(0u16.to_le_bytes()); // comment length
        central.extend(0u16.to_le_bytes()); // disk
        central.extend(0u16.to_le_bytes()); // internal attributes
        central.extend((0o100644_u32 << 16).to_le_bytes()); // -rw-r--r--
        central.extend(offset.to_le_bytes());
        central.extend(name.as_bytes());
    }
    let central_offset = out.len() as u32;
    let count = files.len() as u16;
    out.extend(&central);
    out.extend(0x0605_4b50_u32.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out.extend(count.to_le_bytes());
    out.extend(count.to_le_bytes());
    out.extend((central.len() as u32).to_le_bytes());
    out.extend(central_offset.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

/// Why a package could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ZipProblem {
    /// Not a zip file, or a damaged one.
    NotAZip,
    /// An entry is compressed (only stored entries are read here).
    Compressed(String),
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// The files in a .zip, by path (directories left out).
pub fn read_zip(bytes: &[u8]) -> Result<BTreeMap<String, Vec<u8>>, ZipProblem> {
    let end = (0..bytes.len().saturating_sub(21))
        .rev()
        .find(|&i| u32_at(bytes, i) == Some(0x0605_4b50))
        .ok_or(ZipProblem::NotAZip)?;
    let count = u16_at(bytes, end + 10).ok_or(ZipProblem::NotAZip)? as usize;
    let mut at = u32_at(bytes, end + 16).ok_or(ZipProblem::NotAZip)? as usize;
    let mut files = BTreeMap::new();
    for _ in 0..count {
        if u32_at(bytes, at) != Some(0x0201_4b50) {
            return Err(ZipProblem::NotAZip);
        }
        let method = u16_at(bytes, at + 10).ok_or(ZipProblem::NotAZip)?;
        let crc = u32_at(bytes, at + 16).ok_or(ZipProblem::NotAZip)?;
        let size = u32_at(bytes, at + 20).ok_or(ZipProblem::NotAZip)? as usize;
        let name_len = u16_at(bytes, at + 28).ok_or(ZipProblem::NotAZip)? as usize;
        let extra_len = u16_at(bytes, at + 30).ok_or(ZipProblem::NotAZip)? as usize;
        let comment_len = u16_at(bytes, at + 32).ok_or(ZipProblem::NotAZip)? as usize;
        let local = u32_at(bytes, at + 42).ok_or(ZipProblem::NotAZip)? as usize;
        let name = bytes
            .get(at + 46..at + 46 + name_len)
            .ok_or(ZipProblem::NotAZip)?;
        let name = String::from_utf8_lossy(name).into_owned();
        at += 46 + name_len + extra_len + comment_len;
        if name.ends_with('/') {
            continue;
        }
        if method != 0 {
            return Err(ZipProblem::Compressed(name));
        }
        if u32_at(bytes, local) != Some(0x0403_4b50) {
            return Err(ZipProblem::NotAZip);
        }
        let local_name = u16_at(bytes, local + 26).ok_or(ZipProblem::NotAZip)? as usize;
        let local_extra = u16_at(bytes, local + 28).ok_or(ZipProblem::NotAZip)? as usize;
        let start = local + 30 + local_name + local_extra;
        let data = bytes.get(start..start + size).ok_or(ZipProblem::NotAZip)?;
        if crc32(data) != crc {
            return Err(ZipProblem::NotAZip);
        }
        files.insert(name, data.to_vec());
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_written_zip_reads_back_and_has_the_standard_crc() {
        assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
        let files = vec![
            (
                "lambda_function.py".to_string(),
                b"def lambda_handler(e, c):\n    return 1\n".to_vec(),
            ),
            ("lib/util.py".to_string(), b"X = 1\n".to_vec()),
        ];
        let zip = write_zip(&files, 1_800_000_000);
        let read = read_zip(&zip).unwrap();
        assert_eq!(read.len(), 2);
        assert_eq!(read["lib/util.py"], b"X = 1\n");
    }

    #[test]
    fn damaged_or_foreign_bytes_are_not_a_zip() {
        assert_eq!(read_zip(b"print('hi')"), Err(ZipProblem::NotAZip));
        let mut zip = write_zip(&[("a.py".into(), b"x".to_vec())], 0);
        zip[34] ^= 1; // the stored data
        assert_eq!(read_zip(&zip), Err(ZipProblem::NotAZip));
        assert_eq!(read_zip(&[]), Err(ZipProblem::NotAZip));
    }
}
