//! Reads and writes through a DAX cluster, as the DAX client on an instance
//! sends them. The client's own credentials (the instance profile's role) must
//! allow `dax:GetItem`, `dax:PutItem` or `dax:Query` on the cluster; on a miss
//! the cluster reads DynamoDB with its own IAM role, so that role's policy
//! decides, and the table's consumed capacity counts only misses.

use std::fmt;
use std::time::Duration;

use super::{CachedItem, CachedQuery, DaxCluster};
use crate::auth::{Caller, CallerIdentity};
use crate::cloud::Cloud;
use crate::dynamodb::expressions::Item;
use crate::dynamodb::items::ItemRequest;
use crate::dynamodb::query::ReadRequest;
use crate::ec2::private_endpoints::{EndpointClient, PrivateEndpoint};
use crate::iam::evaluate::Context;
use crate::latency::RoundTrip;

/// Why a request through DAX failed.
#[derive(Clone, Debug, PartialEq)]
pub enum DaxClientError {
    /// The endpoint names no available cluster.
    UnknownHost(String),
    /// The network stops the packets: what, in words.
    Blocked(String),
    /// The client has no credentials: why.
    NoCredentials(String),
    /// An IAM denial (the client's or the cluster role's), as AWS words it.
    AccessDenied(String),
    /// DynamoDB refused the request (its code and message).
    DynamoDb {
        /// The error code.
        code: String,
        /// The message.
        message: String,
    },
}

impl fmt::Display for DaxClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DaxClientError::UnknownHost(host) => write!(f, "no DAX cluster answers to {host}"),
            DaxClientError::Blocked(reason) | DaxClientError::NoCredentials(reason) => {
                f.write_str(reason)
            }
            DaxClientError::AccessDenied(message) => f.write_str(message),
            DaxClientError::DynamoDb { code, message } => write!(f, "{code}: {message}"),
        }
    }
}

/// What a read through DAX returned and cost.
#[derive(Clone, Debug, PartialEq)]
pub struct DaxRead {
    /// The items (one or none for `GetItem`).
    pub items: Vec<Item>,
    /// Whether DAX answered from its cache.
    pub hit: bool,
    /// Whether the read went to DynamoDB without caching (strongly consistent).
    pub passed_through: bool,
    /// The round trip, in microseconds.
    pub latency_us: u64,
}

impl Cloud {
    /// The cluster a `dax://` or `daxs://` URL or a `host:port` names, if it
    /// is available and the instance's packets reach it on the cluster's port.
    pub fn dax_connect(&self, instance_id: &str, endpoint: &str) -> Result<String, DaxClientError> {
        let trimmed = endpoint
            .trim_start_matches("daxs://")
            .trim_start_matches("dax://");
        let (host, port) = match trimmed.rsplit_once(':') {
            Some((h, p)) => (h, p.parse::<u16>().ok()),
            None => (trimmed, None),
        };
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        let cluster = self
            .dax
            .clusters
            .iter()
            .filter(|c| c.status == "available")
            .find(|c| {
                self.dax_cluster_endpoint(c) == host
                    || c.nodes.iter().any(|n| self.dax_node_endpoint(n) == host)
            })
            .ok_or_else(|| DaxClientError::UnknownHost(endpoint.to_string()))?;
        let port = port.unwrap_or(cluster.port());
        let node = cluster
            .nodes
            .first()
            .ok_or_else(|| DaxClientError::UnknownHost(endpoint.to_string()))?;
        let group = self.dax_subnet_group(&cluster.subnet_group);
        let subnet = group.and_then(|g| {
            g.subnet_ids
                .iter()
                .filter_map(|id| self.subnet(id))
                .find(|s| s.availability_zone == node.zone)
        });
        let vpc = group.map(|g| g.vpc_id.clone()).unwrap_or_default();
        let target = PrivateEndpoint {
            kind: "DAX cluster",
            name: &cluster.name,
            ip: node.ip,
            subnet_id: subnet.map(|s| s.subnet_id.as_str()),
            vpc_id: &vpc,
            security_groups: &cluster.security_group_ids,
            publicly_accessible: false,
        };
        self.tcp_path_to_endpoint(EndpointClient::Instance(instance_id), &target, port)
            .map_err(DaxClientError::Blocked)?;
        if port != cluster.port() {
            return Err(DaxClientError::Blocked(format!(
                "{} listens on port {}, not {port}.",
                cluster.name,
                cluster.port()
            )));
        }
        Ok(cluster.name.clone())
    }

    /// The client's identity on `instance_id`, allowed `action` on the cluster.
    fn dax_client_allowed(
        &self,
        instance_id: &str,
        cluster: &DaxCluster,
        action: &str,
    ) -> Result<(), DaxClientError> {
        let identity = self.instance_credentials(instance_id).map_err(|why| {
            DaxClientError::NoCredentials(format!("Unable to locate credentials: {why}"))
        })?;
        let principal = self
            .authenticate(&Caller::Identity(identity))
            .map_err(|f| DaxClientError::AccessDenied(f.message().to_string()))?;
        self.authorize_principal(
            &principal,
            action,
            &self.dax_cluster_arn(cluster),
            &Context::new(),
        )
        .map_err(|denied| DaxClientError::AccessDenied(denied.message()))
    }

    /// Who the cluster acts as when it reads DynamoDB.
    fn dax_role(cluster: &DaxCluster) -> CallerIdentity {
        CallerIdentity::AssumedRole {
            role_name: cluster
                .iam_role_arn
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .to_string(),
            session_name: format!("DAX-{}", cluster.name),
        }
    }

    fn cluster_snapshot(&self, name: &str) -> Result<DaxCluster, DaxClientError> {
        self.dax_cluster(name)
            .filter(|c| c.status == "available")
            .cloned()
            .ok_or_else(|| DaxClientError::UnknownHost(name.to_string()))
    }

    fn dax_cluster_mut(&mut self, name: &str) -> Option<&mut DaxCluster> {
        self.dax.clusters.iter_mut().find(|c| c.name == name)
    }

    /// Moves the clock by a request's time, so caches expire as time passes.
    fn spend(&mut self, latency_us: u64) {
        self.advance(Duration::from_micros(latency_us));
    }

    /// `GetItem` through DAX from `instance_id`.
    pub fn dax_get_item(
        &mut self,
        instance_id: &str,
        cluster_name: &str,
        request: ItemRequest,
    ) -> Result<DaxRead, DaxClientError> {
        let cluster = self.cluster_snapshot(cluster_name)?;
        self.dax_client_allowed(instance_id, &cluster, "dax:GetItem")?;
        let cache_key = format!(
            "{}|{}",
            request.table_name,
            serde_json::to_string(&request.key).unwrap_or_default()
        );
        let consistent = request.consistent_read.unwrap_or(false);
        self.read_through(&cluster, DaxCache::Item, cache_key, consistent, |c| {
            c.get_item(request)
                .map(|found| found.item.into_iter().collect())
        })
    }

    /// `PutItem` through DAX: DynamoDB first, then the item cache (write-through).
    /// The query cache is left as it is.
    pub fn dax_put_item(
        &mut self,
        instance_id: &str,
        cluster_name: &str,
        request: ItemRequest,
    ) -> Result<u64, DaxClientError> {
        let cluster = self.cluster_snapshot(cluster_name)?;
        self.dax_client_allowed(instance_id, &cluster, "dax:PutItem")?;
        let table = request.table_name.clone();
        let item = request.item.clone().unwrap_or_default();
        self.as_caller(Cloud::dax_role(&cluster))
            .put_item(request)
            .map_err(dynamodb_error)?;
        let key: Item = self
            .dynamodb_table(&table)
            .map(|t| {
                std::iter::once(&t.hash)
                    .chain(t.range.as_ref())
                    .filter_map(|k| item.get(&k.name).map(|v| (k.name.clone(), v.clone())))
                    .collect()
            })
            .unwrap_or_default();
        let cache_key = format!(
            "{table}|{}",
            serde_json::to_string(&Some(key)).unwrap_or_default()
        );
        let latency_us = self.sample_round_trip_us(RoundTrip::DaxCache)
            + self.sample_round_trip_us(RoundTrip::DynamoDbWrite);
        let expires_at = crate::clock::SimTime(self.now.0 + super::DEFAULT_TTL_MS);
        if let Some(c) = self.dax_cluster_mut(cluster_name) {
            c.item_cache.insert(
                cache_key,
                CachedItem {
                    item: Some(item),
                    expires_at,
                },
            );
        }
        self.spend(latency_us);
        Ok(latency_us)
    }

    /// `Query` through DAX: the query cache answers an identical request.
    pub fn dax_query(
        &mut self,
        instance_id: &str,
        cluster_name: &str,
        request: ReadRequest,
    ) -> Result<DaxRead, DaxClientError> {
        let cluster = self.cluster_snapshot(cluster_name)?;
        self.dax_client_allowed(instance_id, &cluster, "dax:Query")?;
        let cache_key = serde_json::to_string(&request).unwrap_or_default();
        let consistent = request.consistent_read.unwrap_or(false);
        self.read_through(&cluster, DaxCache::Query, cache_key, consistent, |c| {
            c.query(request)
                .map(|output| output.items.unwrap_or_default())
        })
    }

    /// A read through one of the cluster's caches: an eventually consistent
    /// read of a live entry is a hit; otherwise the cluster reads DynamoDB
    /// with its role (`fetch`) and, unless the read was strongly consistent,
    /// keeps the answer for the TTL. Counts the hit or miss and spends the time.
    fn read_through(
        &mut self,
        cluster: &DaxCluster,
        cache: DaxCache,
        cache_key: String,
        consistent: bool,
        fetch: impl FnOnce(&mut Cloud) -> Result<Vec<Item>, crate::dynamodb::DynamoDbError>,
    ) -> Result<DaxRead, DaxClientError> {
        let now = self.now;
        let cached = match cache {
            DaxCache::Item => cluster
                .item_cache
                .get(&cache_key)
                .filter(|e| e.expires_at > now)
                .map(|e| e.item.iter().cloned().collect::<Vec<_>>()),
            DaxCache::Query => cluster
                .query_cache
                .get(&cache_key)
                .filter(|e| e.expires_at > now)
                .map(|e| e.items.clone()),
        };
        if let (Some(items), false) = (cached, consistent) {
            let latency_us = self.sample_round_trip_us(RoundTrip::DaxCache);
            if let Some(c) = self.dax_cluster_mut(&cluster.name) {
                match cache {
                    DaxCache::Item => c.stats.item_cache_hits += 1,
                    DaxCache::Query => c.stats.query_cache_hits += 1,
                }
            }
            self.spend(latency_us);
            return Ok(DaxRead {
                items,
                hit: true,
                passed_through: false,
                latency_us,
            });
        }
        let items = fetch(&mut self.as_caller(Cloud::dax_role(cluster))).map_err(dynamodb_error)?;
        let latency_us = self.sample_round_trip_us(RoundTrip::DaxCache)
            + self.sample_round_trip_us(RoundTrip::DynamoDbRead);
        let expires_at = crate::clock::SimTime(self.now.0 + super::DEFAULT_TTL_MS);
        if let Some(c) = self.dax_cluster_mut(&cluster.name) {
            match cache {
                DaxCache::Item => {
                    c.stats.item_cache_misses += 1;
                    if !consistent {
                        let item = items.first().cloned();
                        c.item_cache
                            .insert(cache_key, CachedItem { item, expires_at });
                    }
                }
                DaxCache::Query => {
                    c.stats.query_cache_misses += 1;
                    if !consistent {
                        let items = items.clone();
                        c.query_cache
                            .insert(cache_key, CachedQuery { items, expires_at });
                    }
                }
            }
        }
        self.spend(latency_us);
        Ok(DaxRead {
            items,
            hit: false,
            passed_through: consistent,
            latency_us,
        })
    }
}

/// Which of a cluster's caches a read goes through.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DaxCache {
    /// `GetItem`'s item cache.
    Item,
    /// `Query`'s query cache.
    Query,
}

fn dynamodb_error(e: crate::dynamodb::DynamoDbError) -> DaxClientError {
    if e.code() == "AccessDeniedException" {
        DaxClientError::AccessDenied(e.message())
    } else {
        DaxClientError::DynamoDb {
            code: e.code().to_string(),
            message: e.message(),
        }
    }
}
