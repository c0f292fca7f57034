//! How long a request takes on the network and in the server, drawn from the
//! account's own generator so every run is reproducible: DynamoDB answers in
//! single-digit milliseconds, an in-memory cache node in a fraction of one.
//! Applications in the lab report these times and move the clock by them.

use crate::cloud::Cloud;

/// A kind of round trip from an instance in the same region.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoundTrip {
    /// A DynamoDB read (`GetItem`, `Query`): 3.5 to 8.5 ms.
    DynamoDbRead,
    /// A DynamoDB write: 5 to 11 ms.
    DynamoDbWrite,
    /// A command to a Valkey, Redis OSS or Memcached node: 0.25 to 0.6 ms.
    CacheNode,
    /// A DAX request answered from its cache: 0.3 to 0.7 ms.
    DaxCache,
    /// An S3 request from inside the region: 12 to 30 ms.
    S3Request,
}

impl Cloud {
    /// One round trip's time, in microseconds.
    pub fn sample_round_trip_us(&mut self, trip: RoundTrip) -> u64 {
        let (base, spread) = match trip {
            RoundTrip::DynamoDbRead => (3_500, 5_000),
            RoundTrip::DynamoDbWrite => (5_000, 6_000),
            RoundTrip::CacheNode => (250, 350),
            RoundTrip::DaxCache => (300, 400),
            RoundTrip::S3Request => (12_000, 18_000),
        };
        base + self.service_rng("latency").below(spread)
    }
}
