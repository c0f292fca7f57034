//! `mysql`: the MySQL command-line client, on the laptop or on an instance
//! (Amazon Linux 2023's `mariadb105` package, or Ubuntu's `mysql-client`).
//!
//! `mysql -h ENDPOINT -u admin -p` asks for the password, then keeps asking
//! for statements (`mysql> `, `    -> ` until a `;`) until `exit`. The network
//! between the client and the DB instance decides whether it connects at all
//! (the model's [`Cloud::connect_to_database`]); the statements run against
//! the instance's data. `-e "SQL"` runs statements and exits; `-pPASSWORD`
//! gives the password on the command line (with the client's warning).

use std::net::Ipv4Addr;
use std::time::Duration;

use cloudlab_model::Cloud;
use cloudlab_model::catalog::PackageManager;
use cloudlab_model::rds::network::{DbClient, DbConnectError, DbConnection};
use cloudlab_model::rds::sql::{SqlOutcome, SqlValue};
use serde::{Deserialize, Serialize};

use crate::shell::CmdResult;
use crate::{PendingInput, Session, Terminal};

/// Which client program runs: Oracle's (`mysql>`) or MariaDB's (`MySQL [db]>`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Flavour {
    /// Oracle's MySQL 8 client (the laptop, Ubuntu's `mysql-client`).
    Oracle,
    /// MariaDB's client (Amazon Linux 2023's `mariadb105`).
    MariaDb,
}

/// How the client prints a result set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum OutputFormat {
    /// Boxed tables, as at a terminal.
    #[default]
    Table,
    /// Tab-separated, as when the output goes to a pipe or a file (`-B`).
    Batch {
        /// `-N`: no heading line.
        skip_names: bool,
    },
    /// `-H`: an HTML table.
    Html,
}

/// What `mysql` was asked to connect to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MysqlLogin {
    /// `-h`.
    pub host: String,
    /// `-P` (3306).
    pub port: u16,
    /// `-u`.
    pub user: String,
    /// The database named on the command line.
    pub database: Option<String>,
    /// `-e`: statements to run, then exit.
    pub execute: Option<String>,
    /// How results are printed.
    #[serde(default)]
    pub format: OutputFormat,
    /// The client program.
    pub flavour: Flavour,
    /// The instance the client runs on (`None`: the laptop).
    pub on_instance: Option<String>,
}

/// An open interactive session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MysqlSession {
    /// The DB instance.
    pub identifier: String,
    /// The client's address as the server sees it.
    pub client: Ipv4Addr,
    /// The current database (`USE`).
    pub database: Option<String>,
    /// A statement typed so far, waiting for its `;`.
    pub buffer: String,
    /// How results are printed.
    #[serde(default)]
    pub format: OutputFormat,
    /// The client program.
    pub flavour: Flavour,
}

/// What the client waits for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MysqlPrompt {
    /// `Enter password: ` (typed without echo).
    Password(MysqlLogin),
    /// The next statement line.
    Statement(MysqlSession),
}

impl MysqlPrompt {
    /// What the terminal shows before the cursor.
    pub fn question(&self) -> String {
        match self {
            MysqlPrompt::Password(_) => "Enter password: ".into(),
            MysqlPrompt::Statement(s) if !s.buffer.is_empty() => "    -> ".into(),
            MysqlPrompt::Statement(s) => match s.flavour {
                Flavour::Oracle => "mysql> ".into(),
                Flavour::MariaDb => {
                    format!("MySQL [{}]> ", s.database.as_deref().unwrap_or("(none)"))
                }
            },
        }
    }

    /// Whether the answer is a secret the terminal must not echo.
    pub fn is_secret(&self) -> bool {
        matches!(self, MysqlPrompt::Password(_))
    }
}

/// The client on the laptop or on the instance of the ssh session.
pub fn run(term: &mut Terminal, cloud: &mut Cloud, args: &[String]) -> CmdResult {
    let on_instance = match &term.session {
        Session::Local => None,
        Session::Remote(r) => Some(r.instance_id.clone()),
    };
    let flavour = match &on_instance {
        Some(id)
            if cloud
                .instance(id)
                .is_some_and(|i| i.os.package_manager() == PackageManager::Dnf) =>
        {
            Flavour::MariaDb
        }
        _ => Flavour::Oracle,
    };
    let mut login = MysqlLogin {
        host: "localhost".into(),
        port: 3306,
        user: match &term.session {
            Session::Remote(r) => r.user.clone(),
            Session::Local => "learner".into(),
        },
        database: None,
        execute: None,
        format: OutputFormat::Table,
        flavour,
        on_instance,
    };
    let (mut html, mut batch, mut skip_names) = (false, !term.can_ask, false);
    let mut password: Option<String> = None;
    let mut ask = false;
    let mut i = 0;
    let value = |i: &mut usize, inline: &str| -> Option<String> {
        if !inline.is_empty() {
            return Some(inline.to_string());
        }
        *i += 1;
        args.get(*i).cloned()
    };
    while i < args.len() {
        let arg = args[i].as_str();
        let missing = |name: &str| {
            CmdResult::fail(format!("mysql: option '{name}' requires an argument\n"), 1)
        };
        if let Some((name, v)) = arg.split_once('=').filter(|_| arg.starts_with("--")) {
            match name {
                "--host" => login.host = v.to_string(),
                "--user" => login.user = v.to_string(),
                "--password" => password = Some(v.to_string()),
                "--port" => match v.parse() {
                    Ok(p) => login.port = p,
                    Err(_) => return missing("--port"),
                },
                "--database" => login.database = Some(v.to_string()),
                "--execute" => login.execute = Some(v.to_string()),
                _ => return unknown_option(name),
            }
        } else if arg == "--password" {
            ask = true;
        } else if arg == "-H" || arg == "--html" {
            html = true;
        } else if arg == "-B" || arg == "--batch" {
            batch = true;
        } else if arg == "-N" || arg == "--skip-column-names" {
            skip_names = true;
        } else if arg == "-V" || arg == "--version" {
            return CmdResult::ok(version(flavour));
        } else if let Some(rest) = arg.strip_prefix("-p") {
            if rest.is_empty() {
                ask = true;
            } else {
                password = Some(rest.to_string());
            }
        } else if let Some(flag) = ["-h", "-u", "-P", "-D", "-e"]
            .into_iter()
            .find(|f| arg.starts_with(f))
        {
            let Some(v) = value(&mut i, &arg[2..]) else {
                return missing(flag);
            };
            match flag {
                "-h" => login.host = v,
                "-u" => login.user = v,
                "-P" => match v.parse() {
                    Ok(p) => login.port = p,
                    Err(_) => return missing("-P"),
                },
                "-D" => login.database = Some(v),
                _ => login.execute = Some(v),
            }
        } else if let Some(long) = ["--host", "--user", "--port", "--database", "--execute"]
            .into_iter()
            .find(|f| arg == *f)
        {
            let Some(v) = value(&mut i, "") else {
                return missing(long);
            };
            match long {
                "--host" => login.host = v,
                "--user" => login.user = v,
                "--port" => match v.parse() {
                    Ok(p) => login.port = p,
                    Err(_) => return missing("--port"),
                },
                "--database" => login.database = Some(v),
                _ => login.execute = Some(v),
            }
        } else if arg.starts_with('-') {
            return unknown_option(arg);
        } else {
            login.database = Some(arg.to_string());
        }
        i += 1;
    }
    login.format = if html {
        OutputFormat::Html
    } else if batch {
        OutputFormat::Batch { skip_names }
    } else {
        OutputFormat::Table
    };
    if ask {
        if !term.can_ask {
            // No terminal to ask on (a pipe, a script): MySQL reads nothing.
            password = Some(String::new());
        } else {
            term.pending = Some(PendingInput::Mysql(MysqlPrompt::Password(login)));
            return CmdResult::ok("");
        }
    }
    let mut warning = String::new();
    if password.as_deref().is_some_and(|p| !p.is_empty()) && flavour == Flavour::Oracle {
        warning.push_str(
            "mysql: [Warning] Using a password on the command line interface can be insecure.\n",
        );
    }
    let mut result = connect(term, cloud, login, &password.unwrap_or_default());
    result.err = format!("{warning}{}", result.err);
    result
}

fn unknown_option(name: &str) -> CmdResult {
    CmdResult::fail(format!("mysql: [ERROR] unknown option '{name}'.\n"), 7)
}

fn version(flavour: Flavour) -> String {
    match flavour {
        Flavour::Oracle => {
            "mysql  Ver 8.4.10 for Linux on x86_64 (MySQL Community Server - GPL)\n".into()
        }
        Flavour::MariaDb => {
            "mysql  Ver 15.1 Distrib 10.5.29-MariaDB, for Linux (x86_64) using  EditLine wrapper\n"
                .into()
        }
    }
}

/// The answer to the password question, or a statement line.
pub fn answer(
    term: &mut Terminal,
    cloud: &mut Cloud,
    prompt: MysqlPrompt,
    line: &str,
) -> CmdResult {
    match prompt {
        MysqlPrompt::Password(login) => {
            let mut result = connect(term, cloud, login, line);
            // The password was typed without echo: the cursor is still on its line.
            result.err = format!("\n{}", result.err);
            if !result.err.trim().is_empty() {
                result.err_last = false;
            }
            result
        }
        MysqlPrompt::Statement(session) => statement_line(term, cloud, session, line),
    }
}

fn connect_error(cloud: &mut Cloud, login: &MysqlLogin, error: DbConnectError) -> CmdResult {
    let host = &login.host;
    let port = login.port;
    let text = match (&error, login.flavour) {
        (DbConnectError::UnknownHost(_), Flavour::Oracle) => {
            format!("ERROR 2005 (HY000): Unknown MySQL server host '{host}' (-2)\n")
        }
        (DbConnectError::UnknownHost(_), Flavour::MariaDb) => {
            format!("ERROR 2005 (HY000): Unknown server host '{host}' (-2)\n")
        }
        (DbConnectError::Blocked { .. }, flavour) => {
            cloud.advance(Duration::from_millis(crate::curl::KERNEL_CONNECT_TIMEOUT_MS));
            match flavour {
                Flavour::Oracle => format!(
                    "ERROR 2003 (HY000): Can't connect to MySQL server on '{host}:{port}' (110)\n"
                ),
                Flavour::MariaDb => {
                    format!("ERROR 2002 (HY000): Can't connect to server on '{host}' (115)\n")
                }
            }
        }
        (DbConnectError::Refused { .. }, Flavour::Oracle) => {
            format!("ERROR 2003 (HY000): Can't connect to MySQL server on '{host}:{port}' (111)\n")
        }
        (DbConnectError::Refused { .. }, Flavour::MariaDb) => {
            format!("ERROR 2002 (HY000): Can't connect to server on '{host}' (111)\n")
        }
        (DbConnectError::AccessDenied { .. }, _) => format!("ERROR 1045 (28000): {error}\n"),
        (DbConnectError::NotMysql(_), _) => "ERROR 2013 (HY000): Lost connection to MySQL server at 'reading initial communication packet', system error: 104\n".into(),
    };
    CmdResult::fail(text, 1)
}

fn connect(term: &mut Terminal, cloud: &mut Cloud, login: MysqlLogin, password: &str) -> CmdResult {
    if login.host == "localhost" || login.host.starts_with("127.") {
        let text = match login.flavour {
            Flavour::Oracle => {
                "ERROR 2002 (HY000): Can't connect to local MySQL server through socket '/var/run/mysqld/mysqld.sock' (2)\n"
            }
            Flavour::MariaDb => {
                "ERROR 2002 (HY000): Can't connect to local server through socket '/var/lib/mysql/mysql.sock' (2)\n"
            }
        };
        return CmdResult::fail(text, 1);
    }
    let client = match &login.on_instance {
        Some(id) => DbClient::Instance(id),
        None => DbClient::Laptop(cloud.learner_ip()),
    };
    let connection =
        match cloud.connect_to_database(client, &login.host, login.port, &login.user, password) {
            Ok(c) => c,
            Err(e) => return connect_error(cloud, &login, e),
        };
    let mut session = MysqlSession {
        identifier: connection.identifier.clone(),
        client: connection.client,
        database: None,
        buffer: String::new(),
        format: login.format,
        flavour: login.flavour,
    };
    if let Some(db) = &login.database {
        let mut current = None;
        if let Err(e) = cloud.run_sql(&connection, &mut current, &format!("USE `{db}`")) {
            return CmdResult::fail(format!("{e}\n"), 1);
        }
        session.database = current;
    }
    if let Some(sql) = &login.execute {
        let (out, failed) = run_statements(cloud, &mut session, sql, false);
        return match failed {
            Some(err) => CmdResult {
                out,
                err,
                code: 1,
                ..CmdResult::default()
            },
            None => CmdResult::ok(out),
        };
    }
    let version = cloud
        .db_instance(&connection.identifier)
        .map(|i| i.engine_version.clone())
        .unwrap_or_default();
    let banner = match login.flavour {
        Flavour::Oracle => format!(
            "Welcome to the MySQL monitor.  Commands end with ; or \\g.\nYour MySQL connection id is 27\nServer version: {version} Source distribution\n\nCopyright (c) 2000, 2026, Oracle and/or its affiliates.\n\nOracle is a registered trademark of Oracle Corporation and/or its\naffiliates. Other names may be trademarks of their respective\nowners.\n\nType 'help;' or '\\h' for help. Type '\\c' to clear the current input statement.\n\n"
        ),
        Flavour::MariaDb => format!(
            "Welcome to the MariaDB monitor.  Commands end with ; or \\g.\nYour MySQL connection id is 27\nServer version: {version} Source distribution\n\nCopyright (c) 2000, 2018, Oracle, MariaDB Corporation Ab and others.\n\nType 'help;' or '\\h' for help. Type '\\c' to clear the current input statement.\n\n"
        ),
    };
    term.pending = Some(PendingInput::Mysql(MysqlPrompt::Statement(session)));
    CmdResult::ok(banner)
}

/// One line typed at `mysql> `.
fn statement_line(
    term: &mut Terminal,
    cloud: &mut Cloud,
    mut session: MysqlSession,
    line: &str,
) -> CmdResult {
    let trimmed = line.trim();
    if session.buffer.is_empty() {
        let word = trimmed.trim_end_matches(';').trim();
        if ["exit", "quit", "\\q"].contains(&word.to_ascii_lowercase().as_str()) {
            return CmdResult::ok("Bye\n");
        }
        if word.eq_ignore_ascii_case("help") || word == "\\h" || word == "?" {
            term.pending = Some(PendingInput::Mysql(MysqlPrompt::Statement(session)));
            return CmdResult::ok(
                "\nList of the commands this lab's client knows:\nexit      (\\q) Leave the client.\nuse DB          Use another database.\n\\c              Clear the statement typed so far.\n\nStatements end with ';': SHOW DATABASES; SHOW TABLES; CREATE DATABASE;\nCREATE TABLE; DESCRIBE; INSERT; SELECT ... WHERE ... ORDER BY ... LIMIT;\nUPDATE; DELETE; DROP TABLE; DROP DATABASE.\n\n",
            );
        }
        // `use` is a client command: no `;` needed.
        if word.len() > 4 && word[..4].eq_ignore_ascii_case("use ") {
            let statement = word.to_string();
            let (out, failed) = run_statements(cloud, &mut session, &statement, true);
            return keep_going(term, session, out, failed);
        }
    }
    if trimmed.ends_with("\\c") {
        session.buffer.clear();
        term.pending = Some(PendingInput::Mysql(MysqlPrompt::Statement(session)));
        return CmdResult::ok("");
    }
    if !session.buffer.is_empty() {
        session.buffer.push('\n');
    }
    session.buffer.push_str(line);
    let text = session.buffer.replace("\\g", ";");
    if !ends_statement(&text) {
        term.pending = Some(PendingInput::Mysql(MysqlPrompt::Statement(session)));
        return CmdResult::ok("");
    }
    session.buffer.clear();
    let (out, failed) = run_statements(cloud, &mut session, &text, true);
    keep_going(term, session, out, failed)
}

fn keep_going(
    term: &mut Terminal,
    session: MysqlSession,
    out: String,
    failed: Option<String>,
) -> CmdResult {
    term.pending = Some(PendingInput::Mysql(MysqlPrompt::Statement(session)));
    match failed {
        Some(err) => CmdResult {
            out,
            err,
            code: 1,
            err_last: true,
            ..CmdResult::default()
        },
        None => CmdResult::ok(out),
    }
}

/// Whether `text` ends with a `;` outside quotes.
fn ends_statement(text: &str) -> bool {
    split_statements(text).1
}

/// The statements in `text` (without their `;`) and whether the last one
/// was finished by a `;`.
fn split_statements(text: &str) -> (Vec<String>, bool) {
    let mut statements = Vec::new();
    let mut current = String::new();
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for c in text.chars() {
        if let Some(q) = quote {
            current.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '\'' | '"' | '`' => {
                quote = Some(c);
                current.push(c);
            }
            ';' => statements.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
    }
    let finished = current.trim().is_empty() && quote.is_none() && !statements.is_empty();
    if !current.trim().is_empty() {
        statements.push(current);
    }
    let statements = statements
        .into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    (statements, finished)
}

/// Runs each statement of `text`; returns what was printed and, if one
/// failed, its error (the statements after it do not run).
fn run_statements(
    cloud: &mut Cloud,
    session: &mut MysqlSession,
    text: &str,
    interactive: bool,
) -> (String, Option<String>) {
    let connection = DbConnection {
        identifier: session.identifier.clone(),
        client: session.client,
    };
    let mut out = String::new();
    let (statements, _) = split_statements(text);
    if statements.is_empty() && interactive {
        return (
            String::new(),
            Some("ERROR: \nNo query specified\n\n".into()),
        );
    }
    for statement in statements {
        match cloud.run_sql(&connection, &mut session.database, &statement) {
            Ok(outcome) => out.push_str(&render(&outcome, interactive, session.format)),
            Err(mut e) => {
                if e.code == 2013 && session.flavour == Flavour::MariaDb {
                    e.message = "Lost connection to server during query".into();
                }
                // Outside the prompt the client says where the statement was.
                let text = if interactive {
                    format!("{e}\n")
                } else {
                    format!("ERROR {} ({}) at line 1: {}\n", e.code, e.state, e.message)
                };
                return (out, Some(text));
            }
        }
    }
    (out, None)
}

/// A result as the client prints it.
fn render(outcome: &SqlOutcome, interactive: bool, format: OutputFormat) -> String {
    match outcome {
        SqlOutcome::DatabaseChanged => {
            if interactive {
                "Database changed\n".into()
            } else {
                String::new()
            }
        }
        SqlOutcome::Changed { affected, info } => {
            if !interactive {
                return String::new();
            }
            let rows = if *affected == 1 { "row" } else { "rows" };
            let mut text = format!("Query OK, {affected} {rows} affected (0.01 sec)\n");
            if let Some(info) = info {
                text.push_str(info);
                text.push('\n');
            }
            text.push('\n');
            text
        }
        SqlOutcome::Rows { columns, rows } => {
            if rows.is_empty() {
                return if interactive {
                    "Empty set (0.00 sec)\n\n".into()
                } else {
                    String::new()
                };
            }
            let mut text = match format {
                OutputFormat::Table => table(columns, rows),
                OutputFormat::Batch { skip_names } => batch(columns, rows, skip_names),
                OutputFormat::Html => html_table(columns, rows),
            };
            if interactive && format == OutputFormat::Table {
                let n = rows.len();
                text.push_str(&format!(
                    "{n} {} in set (0.00 sec)\n\n",
                    if n == 1 { "row" } else { "rows" }
                ));
            }
            text
        }
    }
}

/// Tab-separated lines, as `mysql` prints to a pipe: a heading line unless
/// `-N`, `NULL` as is, tabs, newlines and backslashes escaped.
pub fn batch(columns: &[String], rows: &[Vec<SqlValue>], skip_names: bool) -> String {
    let escape = |v: &str| {
        v.replace('\\', "\\\\")
            .replace('\t', "\\t")
            .replace('\n', "\\n")
    };
    let mut text = String::new();
    if !skip_names {
        text.push_str(&columns.join("\t"));
        text.push('\n');
    }
    for row in rows {
        let cells: Vec<String> = row.iter().map(|v| escape(&v.to_string())).collect();
        text.push_str(&cells.join("\t"));
        text.push('\n');
    }
    text
}

/// `-H`: the result as one HTML table, values escaped.
pub fn html_table(columns: &[String], rows: &[Vec<SqlValue>]) -> String {
    let escape = |v: &str| {
        v.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let mut text = String::from("<TABLE BORDER=1><TR>");
    for c in columns {
        text.push_str(&format!("<TH>{}</TH>", escape(c)));
    }
    text.push_str("</TR>");
    for row in rows {
        text.push_str("<TR>");
        for v in row {
            text.push_str(&format!("<TD>{}</TD>", escape(&v.to_string())));
        }
        text.push_str("</TR>");
    }
    text.push_str("</TABLE>\n");
    text
}

/// MySQL's boxed table: numbers to the right, text to the left.
pub fn table(columns: &[String], rows: &[Vec<SqlValue>]) -> String {
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(ToString::to_string).collect())
        .collect();
    let widths: Vec<usize> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            cells
                .iter()
                .filter_map(|r| r.get(i))
                .map(|v| v.chars().count())
                .chain(std::iter::once(c.chars().count()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let rule: String = widths
        .iter()
        .map(|w| format!("+{}", "-".repeat(w + 2)))
        .collect::<String>()
        + "+\n";
    let line = |values: Vec<(String, bool)>| -> String {
        values
            .into_iter()
            .zip(&widths)
            .map(|((v, right), w)| {
                let pad = w - v.chars().count();
                if right {
                    format!("| {}{v} ", " ".repeat(pad))
                } else {
                    format!("| {v}{} ", " ".repeat(pad))
                }
            })
            .collect::<String>()
            + "|\n"
    };
    let mut text = rule.clone();
    text.push_str(&line(columns.iter().map(|c| (c.clone(), false)).collect()));
    text.push_str(&rule);
    for (row, values) in rows.iter().zip(cells) {
        let numeric = row
            .iter()
            .map(|v| matches!(v, SqlValue::Int(_) | SqlValue::Decimal { .. }));
        text.push_str(&line(values.into_iter().zip(numeric).collect()));
    }
    text.push_str(&rule);
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_split_on_semicolons_outside_quotes() {
        let (parts, done) = split_statements("INSERT INTO t VALUES ('a;b'); SELECT 1;");
        assert_eq!(parts, ["INSERT INTO t VALUES ('a;b')", "SELECT 1"]);
        assert!(done);
        let (parts, done) = split_statements("SELECT 'it''s");
        assert_eq!(parts.len(), 1);
        assert!(!done);
    }

    #[test]
    fn batch_and_html_output() {
        let rows = vec![vec![SqlValue::Int(1), SqlValue::Text("a<b\tc".into())]];
        let columns = ["id".to_string(), "name".to_string()];
        assert_eq!(batch(&columns, &rows, false), "id\tname\n1\ta<b\\tc\n");
        assert_eq!(batch(&columns, &rows, true), "1\ta<b\\tc\n");
        assert_eq!(
            html_table(&columns, &rows),
            "<TABLE BORDER=1><TR><TH>id</TH><TH>name</TH></TR><TR><TD>1</TD><TD>a&lt;b\tc</TD></TR></TABLE>\n"
        );
    }

    #[test]
    fn tables_align_numbers_right() {
        let text = table(
            &["id".into(), "name".into()],
            &[
                vec![SqlValue::Int(1), SqlValue::Text("keyboard".into())],
                vec![SqlValue::Int(10), SqlValue::Null],
            ],
        );
        assert_eq!(
            text,
            "+----+----------+\n| id | name     |\n+----+----------+\n|  1 | keyboard |\n| 10 | NULL     |\n+----+----------+\n"
        );
    }
}
