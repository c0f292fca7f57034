//! Reaching a DB instance: its endpoint resolves to the primary's private
//! address in the VPC (the standby's after a failover), and a client gets
//! through only if every part of the VPC's network allows TCP to the port —
//! the client's outbound security group rules, both subnets' network ACLs
//! (both ways, as they are stateless) and, last, the instance's inbound
//! security group rules, where a rule naming the client's security group
//! counts. Then the server checks the login, and statements run against the
//! instance's data ([`Cloud::run_sql`]), writes going to its binary log.

use std::fmt;
use std::net::Ipv4Addr;

use super::sql::{self, ServerContext, SqlError, SqlOutcome};
use super::{DbInstance, LoggedWrite};
use crate::cloud::Cloud;
use crate::ec2::private_endpoints::{EndpointClient, PrivateEndpoint};

/// Where a database client runs.
pub type DbClient<'a> = EndpointClient<'a>;

/// Why a connection to a DB instance failed, in the words a learner needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DbConnectError {
    /// The name is no DB instance's endpoint (or it has none yet).
    UnknownHost(String),
    /// Packets never arrive: a part of the network drops them.
    Blocked {
        /// What stopped them, in words.
        reason: String,
    },
    /// Nothing answers on the port (the instance is rebooting, being
    /// modified to a new class, or the port is not the instance's).
    Refused {
        /// Why, in words.
        reason: String,
    },
    /// The login or password is wrong.
    AccessDenied {
        /// The login used.
        user: String,
        /// The client's address as the server sees it.
        client: Ipv4Addr,
        /// Whether a password was given at all.
        with_password: bool,
    },
    /// The instance runs PostgreSQL, which the lab's `mysql` client does not speak.
    NotMysql(String),
}

impl fmt::Display for DbConnectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DbConnectError::UnknownHost(host) => write!(f, "no DB instance answers to {host}"),
            DbConnectError::Blocked { reason } | DbConnectError::Refused { reason } => {
                f.write_str(reason)
            }
            DbConnectError::AccessDenied {
                user,
                client,
                with_password,
            } => write!(
                f,
                "Access denied for user '{user}'@'{client}' (using password: {})",
                if *with_password { "YES" } else { "NO" }
            ),
            DbConnectError::NotMysql(id) => write!(
                f,
                "{id} runs PostgreSQL; the lab's client speaks MySQL only"
            ),
        }
    }
}

/// An open connection: the instance and the client's address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DbConnection {
    /// The DB instance.
    pub identifier: String,
    /// The client's address as the server sees it.
    pub client: Ipv4Addr,
}

/// The statuses in which an instance takes connections.
fn answers(status: &str) -> bool {
    matches!(status, "available" | "backing-up" | "modifying")
}

impl Cloud {
    /// The DB instance whose endpoint is `host` (any case, trailing dot allowed).
    pub fn db_instance_by_endpoint(&self, host: &str) -> Option<&DbInstance> {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        self.rds
            .instances
            .iter()
            .find(|i| i.has_endpoint() && self.db_endpoint(i) == host)
    }

    /// Whether a client can open TCP to `instance` on `port`: `Ok` with the
    /// client's address, or what stops it.
    pub fn db_path(
        &self,
        client: DbClient<'_>,
        instance: &DbInstance,
        port: u16,
    ) -> Result<Ipv4Addr, DbConnectError> {
        let Some(db_ip) = instance.private_ip else {
            return Err(DbConnectError::UnknownHost(self.db_endpoint(instance)));
        };
        let group = self.db_subnet_group(&instance.subnet_group);
        let db_subnet = group.and_then(|g| {
            g.subnet_ids
                .iter()
                .filter_map(|id| self.subnet(id))
                .find(|s| s.availability_zone == instance.zone)
        });
        let db_vpc = group.map(|g| g.vpc_id.clone()).unwrap_or_default();
        let target = PrivateEndpoint {
            kind: "DB instance",
            name: &instance.identifier,
            ip: db_ip,
            subnet_id: db_subnet.map(|s| s.subnet_id.as_str()),
            vpc_id: &db_vpc,
            security_groups: &instance.security_groups,
            publicly_accessible: instance.publicly_accessible,
        };
        let source_ip = self
            .tcp_path_to_endpoint(client, &target, port)
            .map_err(|reason| DbConnectError::Blocked { reason })?;
        if !answers(&instance.status) {
            return Err(DbConnectError::Refused {
                reason: format!(
                    "{} is {}: nothing accepts connections until it is available again.",
                    instance.identifier, instance.status
                ),
            });
        }
        if port != instance.port {
            return Err(DbConnectError::Refused {
                reason: format!(
                    "{} listens on port {}, not {port}.",
                    instance.identifier, instance.port
                ),
            });
        }
        Ok(source_ip)
    }

    /// Opens a MySQL connection from `client` to `host`:`port` as `user`.
    pub fn connect_to_database(
        &self,
        client: DbClient<'_>,
        host: &str,
        port: u16,
        user: &str,
        password: &str,
    ) -> Result<DbConnection, DbConnectError> {
        let instance = self
            .db_instance_by_endpoint(host)
            .ok_or_else(|| DbConnectError::UnknownHost(host.to_string()))?;
        let client_ip = self.db_path(client, instance, port)?;
        if instance.engine != "mysql" {
            return Err(DbConnectError::NotMysql(instance.identifier.clone()));
        }
        if user != instance.master_username
            || super::instances::password_digest(password) != instance.password_sha256
        {
            return Err(DbConnectError::AccessDenied {
                user: user.to_string(),
                client: client_ip,
                with_password: !password.is_empty(),
            });
        }
        Ok(DbConnection {
            identifier: instance.identifier.clone(),
            client: client_ip,
        })
    }

    /// Runs one statement on an open connection, `current` being the database
    /// `USE` chose. Writes go to the instance's binary log (for replicas and
    /// point-in-time restores). A connection to an instance that went away or
    /// is rebooting fails as MySQL's client does (error 2013).
    pub fn run_sql(
        &mut self,
        connection: &DbConnection,
        current: &mut Option<String>,
        statement: &str,
    ) -> Result<SqlOutcome, SqlError> {
        let lost = || SqlError {
            code: 2013,
            state: "HY000",
            message: "Lost connection to MySQL server during query".into(),
        };
        let now = self.now;
        let variables = match self.db_instance(&connection.identifier) {
            Some(instance) => self.effective_parameters(instance),
            None => return Err(lost()),
        };
        let Some(instance) = self
            .rds
            .instances
            .iter_mut()
            .find(|i| i.identifier == connection.identifier)
        else {
            return Err(lost());
        };
        if !answers(&instance.status) {
            return Err(lost());
        }
        let server = ServerContext {
            now,
            version: instance.engine_version.clone(),
            hostname: instance
                .private_ip
                .map(|ip| format!("ip-{}", ip.to_string().replace('.', "-")))
                .unwrap_or_default(),
            read_only: instance.replica_of.is_some(),
            variables,
        };
        let before = current.clone();
        let outcome = sql::execute(&mut instance.data, current, &server, statement)?;
        if sql::is_write(statement) {
            instance.binlog.push(LoggedWrite {
                at: now,
                database: before,
                statement: statement.to_string(),
            });
        }
        Ok(outcome)
    }
}
