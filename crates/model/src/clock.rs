//! Simulated time: milliseconds since the account was created.
//!
//! The clock never reads the host's time. It only moves when a caller calls
//! [`crate::Cloud::advance`]. Calendar dates are computed here (no chrono).

use std::fmt;
use std::time::Duration;

use serde::{Deserialize, Serialize, Serializer};

/// The wall-clock instant at which every simulated account is created:
/// 2026-01-05T09:00:00Z, as Unix milliseconds.
pub const ACCOUNT_CREATED_UNIX_MS: u64 = {
    let days = days_from_civil(2026, 1, 5);
    (days as u64 * 86_400 + 9 * 3_600) * 1_000
};

/// A point in simulated time: milliseconds since the account was created.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct SimTime(pub u64);

/// A calendar date and time in UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UtcDateTime {
    /// Year, e.g. 2026.
    pub year: i64,
    /// Month 1..=12.
    pub month: u32,
    /// Day of month 1..=31.
    pub day: u32,
    /// Hour 0..=23.
    pub hour: u32,
    /// Minute 0..=59.
    pub minute: u32,
    /// Second 0..=59.
    pub second: u32,
    /// Millisecond 0..=999.
    pub millis: u32,
}

impl SimTime {
    /// The moment the account was created.
    pub const ZERO: SimTime = SimTime(0);

    /// Milliseconds since the account was created.
    pub fn as_millis(self) -> u64 {
        self.0
    }

    /// The moment `ms` milliseconds after the Unix epoch (the account's creation
    /// for anything earlier).
    pub fn from_unix_millis(ms: u64) -> SimTime {
        SimTime(ms.saturating_sub(ACCOUNT_CREATED_UNIX_MS))
    }

    /// Milliseconds since the Unix epoch.
    pub fn unix_millis(self) -> u64 {
        ACCOUNT_CREATED_UNIX_MS.saturating_add(self.0)
    }

    /// Reads a timestamp as the AWS CLI accepts one: ISO 8601 (`2026-01-05T09:00:00Z`,
    /// `2026-01-05T09:00:00.000+00:00`, `2026-01-05 09:00`, `2026-01-05`) or Unix
    /// seconds. `None` for anything else, or a time before the account existed.
    pub fn parse(text: &str) -> Option<SimTime> {
        let text = text.trim();
        if let Ok(seconds) = text.parse::<u64>() {
            return seconds
                .checked_mul(1_000)?
                .checked_sub(ACCOUNT_CREATED_UNIX_MS)
                .map(SimTime);
        }
        let text = text
            .strip_suffix('Z')
            .or_else(|| text.strip_suffix("+00:00"))
            .unwrap_or(text);
        let (date, time) = match text.split_once(['T', ' ']) {
            Some((d, t)) => (d, t),
            None => (text, "00:00:00"),
        };
        let mut d = date.splitn(3, '-').map(|p| p.parse::<i64>().ok());
        let (year, month, day) = (d.next()??, d.next()??, d.next()??);
        if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
            return None;
        }
        let (clock, millis) = match time.split_once('.') {
            Some((c, frac)) => {
                let digits: String = frac.chars().take(3).collect();
                (c, format!("{digits:0<3}").parse::<i64>().ok()?)
            }
            None => (time, 0),
        };
        let mut t = clock.split(':').map(|p| p.parse::<i64>().ok());
        let hour = t.next().flatten()?;
        let minute = t.next().flatten().unwrap_or(0);
        let second = t.next().flatten().unwrap_or(0);
        if hour > 23 || minute > 59 || second > 60 {
            return None;
        }
        let days = days_from_civil(year, month as u32, day as u32);
        let unix_ms = ((days * 86_400 + hour * 3_600 + minute * 60 + second) * 1_000) + millis;
        let since = unix_ms.checked_sub(ACCOUNT_CREATED_UNIX_MS as i64)?;
        u64::try_from(since).ok().map(SimTime)
    }

    /// Reads an HTTP date (`Mon, 05 Jan 2026 09:00:05 GMT`, what an `Expires`
    /// header holds).
    pub fn parse_http_date(text: &str) -> Option<SimTime> {
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let rest = text.trim().split_once(", ")?.1;
        let mut parts = rest.split_whitespace();
        let (day, month, year, time) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
        let month = MONTHS.iter().position(|m| *m == month)? + 1;
        SimTime::parse(&format!("{year}-{month:02}-{day}T{time}Z"))
    }

    /// Seconds since the Unix epoch.
    pub fn unix_seconds(self) -> u64 {
        self.unix_millis() / 1_000
    }

    /// This time moved forward by `d` (saturating).
    pub fn plus(self, d: Duration) -> SimTime {
        let ms = u64::try_from(d.as_millis()).unwrap_or(u64::MAX);
        SimTime(self.0.saturating_add(ms))
    }

    /// The time elapsed from `earlier` to `self` (zero if `earlier` is later).
    pub fn since(self, earlier: SimTime) -> Duration {
        Duration::from_millis(self.0.saturating_sub(earlier.0))
    }

    /// The calendar date and time in UTC.
    pub fn to_utc(self) -> UtcDateTime {
        let total_ms = self.unix_millis();
        let millis = (total_ms % 1_000) as u32;
        let secs = total_ms / 1_000;
        let days = (secs / 86_400) as i64;
        let rem = secs % 86_400;
        let (year, month, day) = civil_from_days(days);
        UtcDateTime {
            year,
            month,
            day,
            hour: (rem / 3_600) as u32,
            minute: ((rem % 3_600) / 60) as u32,
            second: (rem % 60) as u32,
            millis,
        }
    }

    /// ISO-8601 with a `Z` suffix and no fraction: `2026-01-05T09:00:05Z`.
    pub fn to_iso8601(self) -> String {
        let t = self.to_utc();
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            t.year, t.month, t.day, t.hour, t.minute, t.second
        )
    }

    /// ISO-8601 with milliseconds, as the EC2 API sends it: `2026-01-05T09:00:05.000Z`.
    pub fn to_iso8601_millis(self) -> String {
        let t = self.to_utc();
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
            t.year, t.month, t.day, t.hour, t.minute, t.second, t.millis
        )
    }

    /// As the AWS CLI v2 prints timestamps in JSON output (Python `isoformat()`):
    /// `2026-01-05T09:00:05+00:00`, or `2026-01-05T09:00:05.123000+00:00` when the
    /// milliseconds are not zero.
    pub fn to_cli(self) -> String {
        // Written digit by digit: every timestamp of every output goes through here.
        let t = self.to_utc();
        let mut out = String::with_capacity(32);
        push_padded(&mut out, u64::try_from(t.year).unwrap_or(0), 4);
        out.push('-');
        push_padded(&mut out, u64::from(t.month), 2);
        out.push('-');
        push_padded(&mut out, u64::from(t.day), 2);
        out.push('T');
        push_padded(&mut out, u64::from(t.hour), 2);
        out.push(':');
        push_padded(&mut out, u64::from(t.minute), 2);
        out.push(':');
        push_padded(&mut out, u64::from(t.second), 2);
        if t.millis != 0 {
            out.push('.');
            push_padded(&mut out, u64::from(t.millis), 3);
            out.push_str("000");
        }
        out.push_str("+00:00");
        out
    }

    /// As EC2 writes times inside `StateTransitionReason`: `2026-01-05 09:00:05 GMT`.
    pub fn to_gmt_reason(self) -> String {
        let t = self.to_utc();
        format!(
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02} GMT",
            t.year, t.month, t.day, t.hour, t.minute, t.second
        )
    }

    /// As an HTTP `Date` header: `Mon, 05 Jan 2026 09:00:05 GMT`.
    pub fn to_http_date(self) -> String {
        const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let t = self.to_utc();
        let weekday = DAYS
            .get(((self.unix_seconds() / 86_400) % 7) as usize)
            .copied()
            .unwrap_or("Thu");
        let month = MONTHS
            .get(t.month.saturating_sub(1) as usize)
            .copied()
            .unwrap_or("Jan");
        format!(
            "{weekday}, {:02} {month} {:04} {:02}:{:02}:{:02} GMT",
            t.day, t.year, t.hour, t.minute, t.second
        )
    }
}

impl fmt::Display for SimTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_iso8601())
    }
}

/// A timestamp inside an API output. It serializes the way the AWS CLI v2 prints
/// timestamps in JSON (see [`SimTime::to_cli`]), so outputs can be printed as is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Timestamp(pub SimTime);

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0.to_cli())
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.to_cli())
    }
}

/// A timestamp that may lie before the account existed (AWS managed policy
/// dates): milliseconds since the Unix epoch. Serializes like [`Timestamp`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnixTime(pub i64);

impl UnixTime {
    /// A UTC calendar instant.
    pub const fn utc(
        year: i64,
        month: u32,
        day: u32,
        hour: u32,
        minute: u32,
        second: u32,
    ) -> UnixTime {
        let days = days_from_civil(year, month, day);
        UnixTime((days * 86_400 + hour as i64 * 3_600 + minute as i64 * 60 + second as i64) * 1_000)
    }

    /// As the AWS CLI v2 prints timestamps: `2015-02-06T18:39:46+00:00`.
    pub fn to_cli(self) -> String {
        let ms = self.0.rem_euclid(1_000);
        let secs = self.0.div_euclid(1_000);
        let days = secs.div_euclid(86_400);
        let rem = secs.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        let base = format!(
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}",
            rem / 3_600,
            (rem % 3_600) / 60,
            rem % 60
        );
        if ms == 0 {
            format!("{base}+00:00")
        } else {
            format!("{base}.{ms:03}000+00:00")
        }
    }
}

impl From<SimTime> for UnixTime {
    fn from(t: SimTime) -> UnixTime {
        UnixTime(i64::try_from(t.unix_millis()).unwrap_or(i64::MAX))
    }
}

impl Serialize for UnixTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_cli())
    }
}

impl fmt::Display for UnixTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_cli())
    }
}

/// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
pub const fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = month as i64;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + day as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date for a count of days since 1970-01-01.
pub const fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Appends `value` in decimal, zero-padded to at least `width` digits (as `{:0width$}`).
fn push_padded(out: &mut String, value: u64, width: usize) {
    let mut digits = [0u8; 20];
    let mut n = value;
    let mut len = 0;
    loop {
        digits[len] = b'0' + (n % 10) as u8;
        len += 1;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for _ in len..width {
        out.push('0');
    }
    for digit in digits[..len].iter().rev() {
        out.push(char::from(*digit));
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn http_dates_read_back() {
        let t = SimTime(123_456_000);
        assert_eq!(SimTime::parse_http_date(&t.to_http_date()), Some(t));
        assert_eq!(SimTime::parse_http_date("yesterday"), None);
    }

    use super::*;

    #[test]
    fn account_epoch_is_2026_01_05_0900() {
        // 2026-01-05T09:00:00Z is 1767603600 seconds after the Unix epoch.
        assert_eq!(ACCOUNT_CREATED_UNIX_MS, 1_767_603_600_000);
        assert_eq!(SimTime::ZERO.to_iso8601(), "2026-01-05T09:00:00Z");
    }

    #[test]
    fn formats() {
        let t = SimTime(5_000);
        assert_eq!(t.to_string(), "2026-01-05T09:00:05Z");
        assert_eq!(t.to_iso8601_millis(), "2026-01-05T09:00:05.000Z");
        assert_eq!(t.to_cli(), "2026-01-05T09:00:05+00:00");
        assert_eq!(SimTime(5_123).to_cli(), "2026-01-05T09:00:05.123000+00:00");
        assert_eq!(SimTime(7_003).to_cli(), "2026-01-05T09:00:07.003000+00:00");
        let mut padded = String::new();
        push_padded(&mut padded, 7, 4);
        push_padded(&mut padded, 12345, 4);
        push_padded(&mut padded, 0, 2);
        assert_eq!(padded, "0007".to_string() + "12345" + "00");
        assert_eq!(t.to_gmt_reason(), "2026-01-05 09:00:05 GMT");
        assert_eq!(t.to_http_date(), "Mon, 05 Jan 2026 09:00:05 GMT");
    }

    #[test]
    fn crosses_month_and_leap_year_boundaries() {
        // 2028 is a leap year: 2028-02-29 exists.
        let day = days_from_civil(2028, 2, 29);
        assert_eq!(civil_from_days(day), (2028, 2, 29));
        assert_eq!(civil_from_days(day + 1), (2028, 3, 1));
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        let dec31 = days_from_civil(2026, 12, 31);
        assert_eq!(civil_from_days(dec31 + 1), (2027, 1, 1));
        let t = SimTime(27 * 86_400_000);
        assert_eq!(t.to_iso8601(), "2026-02-01T09:00:00Z");
    }

    #[test]
    fn plus_and_since() {
        let t = SimTime(1_000).plus(Duration::from_secs(15));
        assert_eq!(t, SimTime(16_000));
        assert_eq!(t.since(SimTime(1_000)), Duration::from_secs(15));
        assert_eq!(SimTime(1).since(t), Duration::ZERO);
    }

    #[test]
    fn unix_time_formats_like_the_cli() {
        let t = UnixTime::utc(2015, 2, 6, 18, 39, 46);
        assert_eq!(t.to_cli(), "2015-02-06T18:39:46+00:00");
        assert_eq!(
            UnixTime::from(SimTime(5_123)).to_cli(),
            "2026-01-05T09:00:05.123000+00:00"
        );
        assert_eq!(UnixTime(-1_000).to_cli(), "1969-12-31T23:59:59+00:00");
    }
}
