//! The small part of MySQL a lab database answers: databases and tables,
//! `INSERT`, `SELECT` with `WHERE`, `ORDER BY` and `LIMIT`, `UPDATE`,
//! `DELETE`, `SHOW` and `DESCRIBE`, with MySQL's error numbers and messages.
//!
//! The data lives in [`SqlData`]; [`execute`] runs one statement against it.
//! Text compares without regard to case, as MySQL 8's default collation
//! (`utf8mb4_0900_ai_ci`) does; table and database names are case-sensitive,
//! as on RDS for MySQL (Linux). Strict mode is on, as on RDS: a value that
//! does not fit its column is an error, not a warning.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::clock::SimTime;

/// A value in a row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SqlValue {
    /// `NULL`.
    Null,
    /// A whole number.
    Int(i64),
    /// A fixed-point number: `units / 10^scale`.
    Decimal {
        /// The number times 10^scale.
        units: i128,
        /// Digits after the point.
        scale: u8,
    },
    /// Text (also dates and times, as MySQL shows them).
    Text(String),
}

impl fmt::Display for SqlValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SqlValue::Null => f.write_str("NULL"),
            SqlValue::Int(n) => write!(f, "{n}"),
            SqlValue::Decimal { units, scale } => {
                if *scale == 0 {
                    return write!(f, "{units}");
                }
                // A scale of up to 30 digits fits in u128 (10^38).
                let divisor = 10u128.pow(u32::from((*scale).min(38)));
                let sign = if *units < 0 { "-" } else { "" };
                let abs = units.unsigned_abs();
                write!(
                    f,
                    "{sign}{}.{:0width$}",
                    abs / divisor,
                    abs % divisor,
                    width = usize::from(*scale)
                )
            }
            SqlValue::Text(t) => f.write_str(t),
        }
    }
}

impl SqlValue {
    /// The number as a rational `(units, scale)`, if it is one.
    fn as_number(&self) -> Option<(i128, u8)> {
        match self {
            SqlValue::Int(n) => Some((i128::from(*n), 0)),
            SqlValue::Decimal { units, scale } => Some((*units, *scale)),
            SqlValue::Text(t) => parse_number(t.trim()),
            SqlValue::Null => None,
        }
    }

    /// MySQL's comparison: numbers as numbers, text without regard to case;
    /// `None` when either side is `NULL`.
    fn compare(&self, other: &SqlValue) -> Option<Ordering> {
        match (self, other) {
            (SqlValue::Null, _) | (_, SqlValue::Null) => None,
            (SqlValue::Text(a), SqlValue::Text(b)) => Some(a.to_lowercase().cmp(&b.to_lowercase())),
            (a, b) => {
                let ((x, sx), (y, sy)) = (
                    a.as_number().unwrap_or((0, 0)),
                    b.as_number().unwrap_or((0, 0)),
                );
                let scale = sx.max(sy);
                let widen = |n: i128, from: u8| {
                    10i128
                        .checked_pow(u32::from(scale - from))
                        .and_then(|f| n.checked_mul(f))
                };
                match (widen(x, sx), widen(y, sy)) {
                    (Some(x), Some(y)) => Some(x.cmp(&y)),
                    // Too many digits to line up exactly: compare as floats.
                    _ => {
                        let as_float = |n: i128, s: u8| n as f64 / 10f64.powi(i32::from(s));
                        as_float(x, sx).partial_cmp(&as_float(y, sy))
                    }
                }
            }
        }
    }

    /// The order `ORDER BY` uses: `NULL` first.
    fn sort_order(&self, other: &SqlValue) -> Ordering {
        match (self, other) {
            (SqlValue::Null, SqlValue::Null) => Ordering::Equal,
            (SqlValue::Null, _) => Ordering::Less,
            (_, SqlValue::Null) => Ordering::Greater,
            (a, b) => a.compare(b).unwrap_or(Ordering::Equal),
        }
    }
}

/// `"12.50"` as `(1250, 2)`.
fn parse_number(text: &str) -> Option<(i128, u8)> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty() && fraction.is_empty()
        || !whole
            .chars()
            .chain(fraction.chars())
            .all(|c| c.is_ascii_digit())
        || whole.len() + fraction.len() > 30
    {
        return None;
    }
    let units: i128 = format!("{whole}{fraction}").parse().unwrap_or(0);
    let scale = u8::try_from(fraction.len()).ok()?;
    Some((if negative { -units } else { units }, scale))
}

/// A column's type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ColumnType {
    /// `INT`, `BIGINT`, `SMALLINT`, `TINYINT`, as written.
    Integer(String),
    /// `DECIMAL(precision, scale)`.
    Decimal(u8, u8),
    /// `VARCHAR(n)`.
    Varchar(u32),
    /// `CHAR(n)`.
    Char(u32),
    /// `TEXT`.
    Text,
    /// `DATETIME` or `TIMESTAMP`, as written.
    DateTime(String),
    /// `DATE`.
    Date,
}

impl fmt::Display for ColumnType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ColumnType::Integer(name) => f.write_str(name),
            ColumnType::Decimal(p, s) => write!(f, "decimal({p},{s})"),
            ColumnType::Varchar(n) => write!(f, "varchar({n})"),
            ColumnType::Char(n) => write!(f, "char({n})"),
            ColumnType::Text => f.write_str("text"),
            ColumnType::DateTime(name) => f.write_str(name),
            ColumnType::Date => f.write_str("date"),
        }
    }
}

/// A column of a table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    /// Its name, as written.
    pub name: String,
    /// Its type.
    pub ty: ColumnType,
    /// `NOT NULL` (primary keys always are).
    pub not_null: bool,
    /// `AUTO_INCREMENT`.
    pub auto_increment: bool,
    /// Part of the primary key.
    pub primary_key: bool,
    /// `UNIQUE`.
    pub unique: bool,
    /// `DEFAULT`: a value, or `CURRENT_TIMESTAMP`.
    pub default: Option<DefaultValue>,
}

/// A column's default.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DefaultValue {
    /// A constant.
    Value(SqlValue),
    /// `CURRENT_TIMESTAMP`.
    CurrentTimestamp,
}

/// A table: its columns and rows, in the order they were inserted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table {
    /// Its columns.
    pub columns: Vec<Column>,
    /// Its rows.
    pub rows: Vec<Vec<SqlValue>>,
    /// The next `AUTO_INCREMENT` value.
    pub next_auto_increment: i64,
}

/// One database (a schema): its tables by name.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Database {
    /// Tables by name.
    pub tables: BTreeMap<String, Table>,
}

/// What a DB instance stores: its databases by name.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SqlData {
    /// Databases by name.
    pub databases: BTreeMap<String, Database>,
}

impl SqlData {
    /// How many rows all tables hold together.
    pub fn row_count(&self) -> usize {
        self.databases
            .values()
            .flat_map(|d| d.tables.values())
            .map(|t| t.rows.len())
            .sum()
    }

    /// Table `table` of database `database`.
    pub fn table(&self, database: &str, table: &str) -> Option<&Table> {
        self.databases.get(database)?.tables.get(table)
    }
}

/// MySQL's system schemas, shown by `SHOW DATABASES` and never writable.
pub const SYSTEM_SCHEMAS: [&str; 4] = ["information_schema", "mysql", "performance_schema", "sys"];

/// What a statement answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SqlOutcome {
    /// A result set.
    Rows {
        /// Column headings.
        columns: Vec<String>,
        /// The rows.
        rows: Vec<Vec<SqlValue>>,
    },
    /// A change: `Query OK, N rows affected`, and MySQL's info line
    /// (`Records: 2  Duplicates: 0  Warnings: 0`), if any.
    Changed {
        /// Rows affected.
        affected: u64,
        /// The info line.
        info: Option<String>,
    },
    /// `USE`: `Database changed`.
    DatabaseChanged,
}

/// A MySQL error: its number, SQLSTATE and message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SqlError {
    /// `1146`.
    pub code: u16,
    /// `42S02`.
    pub state: &'static str,
    /// `Table 'shop.items' doesn't exist`.
    pub message: String,
}

impl fmt::Display for SqlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ERROR {} ({}): {}", self.code, self.state, self.message)
    }
}

fn error(code: u16, state: &'static str, message: impl Into<String>) -> SqlError {
    SqlError {
        code,
        state,
        message: message.into(),
    }
}

fn syntax_error(near: &str) -> SqlError {
    error(
        1064,
        "42000",
        format!(
            "You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near '{near}' at line 1"
        ),
    )
}

fn no_database() -> SqlError {
    error(1046, "3D000", "No database selected")
}

/// What a statement runs with: the server's clock, version and whether it
/// is read-only (a read replica).
#[derive(Clone, Debug)]
pub struct ServerContext {
    /// The simulated time (for `NOW()` and `CURRENT_TIMESTAMP`).
    pub now: SimTime,
    /// `8.4.10`.
    pub version: String,
    /// The server's host name (`@@hostname`).
    pub hostname: String,
    /// A read replica refuses writes.
    pub read_only: bool,
    /// The server's variables (`@@max_connections`, `SHOW VARIABLES`).
    pub variables: BTreeMap<String, String>,
}

/// Whether `statement` would change data (and so goes to the binary log).
pub fn is_write(statement: &str) -> bool {
    let first = statement
        .trim_start()
        .split(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("")
        .to_ascii_uppercase();
    matches!(
        first.as_str(),
        "CREATE" | "DROP" | "INSERT" | "UPDATE" | "DELETE" | "TRUNCATE" | "ALTER"
    )
}

/// Runs one statement (without its `;`) against `data`, with `current` the
/// database `USE` chose.
pub fn execute(
    data: &mut SqlData,
    current: &mut Option<String>,
    server: &ServerContext,
    statement: &str,
) -> Result<SqlOutcome, SqlError> {
    let tokens = tokenize(statement)?;
    let mut p = Parser {
        tokens,
        at: 0,
        source: statement,
    };
    let parsed = p.statement()?;
    if p.at < p.tokens.len() {
        return Err(p.error_here());
    }
    if server.read_only && parsed.writes() {
        return Err(error(
            1290,
            "HY000",
            "The MySQL server is running with the --read-only option so it cannot execute this statement",
        ));
    }
    run(data, current, server, parsed)
}

// ---------------------------------------------------------------- tokens

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Word(String),
    Quoted(String),
    Str(String),
    Number(String),
    Symbol(&'static str),
    Variable(String),
}

#[derive(Clone, Debug)]
struct Located {
    token: Token,
    offset: usize,
}

fn tokenize(text: &str) -> Result<Vec<Located>, SqlError> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (offset, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let push = |out: &mut Vec<Located>, token| out.push(Located { token, offset });
        if c.is_ascii_alphabetic() || c == '_' {
            let mut word = String::new();
            while let Some(&(_, ch)) = chars
                .get(i)
                .filter(|(_, ch)| ch.is_ascii_alphanumeric() || *ch == '_' || *ch == '$')
            {
                word.push(ch);
                i += 1;
            }
            push(&mut out, Token::Word(word));
        } else if c.is_ascii_digit() {
            let mut number = String::new();
            while let Some(&(_, ch)) = chars
                .get(i)
                .filter(|(_, ch)| ch.is_ascii_digit() || *ch == '.')
            {
                number.push(ch);
                i += 1;
            }
            push(&mut out, Token::Number(number));
        } else if c == '\'' || c == '"' || c == '`' {
            let mut value = String::new();
            i += 1;
            loop {
                let Some(&(_, ch)) = chars.get(i) else {
                    return Err(syntax_error(&text[offset..]));
                };
                i += 1;
                if ch == c {
                    if chars.get(i).is_some_and(|&(_, next)| next == c) {
                        value.push(c);
                        i += 1;
                        continue;
                    }
                    break;
                }
                if ch == '\\' && c != '`' {
                    if let Some(&(_, next)) = chars.get(i) {
                        value.push(match next {
                            'n' => '\n',
                            't' => '\t',
                            other => other,
                        });
                        i += 1;
                    }
                    continue;
                }
                value.push(ch);
            }
            push(
                &mut out,
                if c == '`' {
                    Token::Quoted(value)
                } else {
                    Token::Str(value)
                },
            );
        } else if c == '@' {
            let mut name = String::new();
            i += 1;
            while let Some(&(_, ch)) = chars.get(i).filter(|(_, ch)| {
                ch.is_ascii_alphanumeric() || *ch == '_' || *ch == '@' || *ch == '.'
            }) {
                name.push(ch);
                i += 1;
            }
            push(
                &mut out,
                Token::Variable(name.trim_start_matches('@').to_string()),
            );
        } else {
            let two: String = chars[i..].iter().take(2).map(|(_, ch)| ch).collect();
            let symbol = ["<=", ">=", "<>", "!="]
                .into_iter()
                .find(|s| *s == two)
                .or_else(|| {
                    ["(", ")", ",", "*", "=", "<", ">", ".", "-", "+"]
                        .into_iter()
                        .find(|s| s.starts_with(c))
                });
            let Some(symbol) = symbol else {
                return Err(syntax_error(&text[offset..]));
            };
            i += symbol.len();
            push(&mut out, Token::Symbol(symbol));
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------- syntax

#[derive(Clone, Debug)]
enum Expr {
    Value(SqlValue),
    Column(String),
    Now,
    Variable(String),
    Function(String),
    CountAll,
    Compare(Box<Expr>, &'static str, Box<Expr>),
    Like(Box<Expr>, Box<Expr>, bool),
    IsNull(Box<Expr>, bool),
    In(Box<Expr>, Vec<Expr>, bool),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
}

#[derive(Clone, Debug)]
enum SelectItem {
    All,
    Expr(Expr, String),
}

#[derive(Clone, Debug)]
struct TableName {
    database: Option<String>,
    table: String,
}

#[derive(Clone, Debug)]
enum Statement {
    CreateDatabase(String, bool),
    DropDatabase(String, bool),
    Use(String),
    ShowDatabases,
    ShowTables,
    ShowVariables(Option<String>),
    CreateTable(TableName, Vec<Column>, bool),
    DropTable(TableName, bool),
    Describe(TableName),
    Insert(TableName, Option<Vec<String>>, Vec<Vec<Expr>>),
    Select {
        items: Vec<SelectItem>,
        from: Option<TableName>,
        filter: Option<Expr>,
        order: Vec<(String, bool)>,
        limit: Option<usize>,
    },
    Update(TableName, Vec<(String, Expr)>, Option<Expr>),
    Delete(TableName, Option<Expr>),
}

impl Statement {
    fn writes(&self) -> bool {
        matches!(
            self,
            Statement::CreateDatabase(..)
                | Statement::DropDatabase(..)
                | Statement::CreateTable(..)
                | Statement::DropTable(..)
                | Statement::Insert(..)
                | Statement::Update(..)
                | Statement::Delete(..)
        )
    }
}

struct Parser<'a> {
    tokens: Vec<Located>,
    at: usize,
    source: &'a str,
}

impl Parser<'_> {
    fn error_here(&self) -> SqlError {
        let near = self
            .tokens
            .get(self.at)
            .map(|t| &self.source[t.offset..])
            .unwrap_or("");
        syntax_error(near)
    }

    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at).map(|t| &t.token)
    }

    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.at).map(|t| t.token.clone());
        self.at += 1;
        token
    }

    fn is_keyword(&self, word: &str) -> bool {
        matches!(self.peek(), Some(Token::Word(w)) if w.eq_ignore_ascii_case(word))
    }

    fn eat_keyword(&mut self, word: &str) -> bool {
        let found = self.is_keyword(word);
        if found {
            self.at += 1;
        }
        found
    }

    fn keyword(&mut self, word: &str) -> Result<(), SqlError> {
        if self.eat_keyword(word) {
            Ok(())
        } else {
            Err(self.error_here())
        }
    }

    fn eat_symbol(&mut self, symbol: &str) -> bool {
        let found = matches!(self.peek(), Some(Token::Symbol(s)) if *s == symbol);
        if found {
            self.at += 1;
        }
        found
    }

    fn symbol(&mut self, symbol: &str) -> Result<(), SqlError> {
        if self.eat_symbol(symbol) {
            Ok(())
        } else {
            Err(self.error_here())
        }
    }

    fn identifier(&mut self) -> Result<String, SqlError> {
        match self.peek() {
            Some(Token::Word(w)) if !is_reserved(w) => {
                let w = w.clone();
                self.at += 1;
                Ok(w)
            }
            Some(Token::Quoted(w)) => {
                let w = w.clone();
                self.at += 1;
                Ok(w)
            }
            _ => Err(self.error_here()),
        }
    }

    fn table_name(&mut self) -> Result<TableName, SqlError> {
        let first = self.identifier()?;
        if self.eat_symbol(".") {
            let table = self.identifier()?;
            Ok(TableName {
                database: Some(first),
                table,
            })
        } else {
            Ok(TableName {
                database: None,
                table: first,
            })
        }
    }

    fn if_not_exists(&mut self) -> Result<bool, SqlError> {
        if self.eat_keyword("IF") {
            self.keyword("NOT")?;
            self.keyword("EXISTS")?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    fn if_exists(&mut self) -> Result<bool, SqlError> {
        if self.eat_keyword("IF") {
            self.keyword("EXISTS")?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    fn statement(&mut self) -> Result<Statement, SqlError> {
        if self.tokens.is_empty() {
            return Err(error(1065, "42000", "Query was empty"));
        }
        if self.eat_keyword("CREATE") {
            if self.eat_keyword("DATABASE") || self.eat_keyword("SCHEMA") {
                let quiet = self.if_not_exists()?;
                return Ok(Statement::CreateDatabase(self.identifier()?, quiet));
            }
            self.keyword("TABLE")?;
            let quiet = self.if_not_exists()?;
            let name = self.table_name()?;
            let columns = self.column_definitions()?;
            return Ok(Statement::CreateTable(name, columns, quiet));
        }
        if self.eat_keyword("DROP") {
            if self.eat_keyword("DATABASE") || self.eat_keyword("SCHEMA") {
                let quiet = self.if_exists()?;
                return Ok(Statement::DropDatabase(self.identifier()?, quiet));
            }
            self.keyword("TABLE")?;
            let quiet = self.if_exists()?;
            return Ok(Statement::DropTable(self.table_name()?, quiet));
        }
        if self.eat_keyword("USE") {
            return Ok(Statement::Use(self.identifier()?));
        }
        if self.eat_keyword("SHOW") {
            if self.eat_keyword("DATABASES") || self.eat_keyword("SCHEMAS") {
                return Ok(Statement::ShowDatabases);
            }
            if self.eat_keyword("VARIABLES") {
                let pattern = if self.eat_keyword("LIKE") {
                    match self.next() {
                        Some(Token::Str(p)) => Some(p),
                        _ => {
                            self.at -= 1;
                            return Err(self.error_here());
                        }
                    }
                } else {
                    None
                };
                return Ok(Statement::ShowVariables(pattern));
            }
            self.keyword("TABLES")?;
            return Ok(Statement::ShowTables);
        }
        if self.eat_keyword("DESCRIBE") || self.eat_keyword("DESC") {
            return Ok(Statement::Describe(self.table_name()?));
        }
        if self.eat_keyword("INSERT") {
            self.keyword("INTO")?;
            return self.insert();
        }
        if self.eat_keyword("SELECT") {
            return self.select();
        }
        if self.eat_keyword("UPDATE") {
            let table = self.table_name()?;
            self.keyword("SET")?;
            let mut sets = Vec::new();
            loop {
                let column = self.identifier()?;
                self.symbol("=")?;
                sets.push((column, self.expression()?));
                if !self.eat_symbol(",") {
                    break;
                }
            }
            let filter = self.where_clause()?;
            return Ok(Statement::Update(table, sets, filter));
        }
        if self.eat_keyword("DELETE") {
            self.keyword("FROM")?;
            let table = self.table_name()?;
            let filter = self.where_clause()?;
            return Ok(Statement::Delete(table, filter));
        }
        Err(self.error_here())
    }

    fn column_definitions(&mut self) -> Result<Vec<Column>, SqlError> {
        self.symbol("(")?;
        let mut columns: Vec<Column> = Vec::new();
        loop {
            if self.eat_keyword("PRIMARY") {
                self.keyword("KEY")?;
                self.symbol("(")?;
                loop {
                    let name = self.identifier()?;
                    let Some(column) = columns
                        .iter_mut()
                        .find(|c| c.name.eq_ignore_ascii_case(&name))
                    else {
                        return Err(error(
                            1072,
                            "42000",
                            format!("Key column '{name}' doesn't exist in table"),
                        ));
                    };
                    column.primary_key = true;
                    column.not_null = true;
                    if !self.eat_symbol(",") {
                        break;
                    }
                }
                self.symbol(")")?;
            } else {
                let column = self.column_definition()?;
                if columns
                    .iter()
                    .any(|c| c.name.eq_ignore_ascii_case(&column.name))
                {
                    return Err(error(
                        1060,
                        "42S21",
                        format!("Duplicate column name '{}'", column.name),
                    ));
                }
                columns.push(column);
            }
            if !self.eat_symbol(",") {
                break;
            }
        }
        self.symbol(")")?;
        if columns.iter().filter(|c| c.auto_increment).count() > 1
            || columns
                .iter()
                .any(|c| c.auto_increment && !c.primary_key && !c.unique)
        {
            return Err(error(
                1075,
                "42000",
                "Incorrect table definition; there can be only one auto column and it must be defined as a key",
            ));
        }
        Ok(columns)
    }

    fn length(&mut self) -> Result<Option<u32>, SqlError> {
        if !self.eat_symbol("(") {
            return Ok(None);
        }
        let n = match self.next() {
            Some(Token::Number(n)) => n.parse::<u32>().map_err(|_| self.error_here())?,
            _ => {
                self.at -= 1;
                return Err(self.error_here());
            }
        };
        self.symbol(")")?;
        Ok(Some(n))
    }

    fn column_definition(&mut self) -> Result<Column, SqlError> {
        let name = self.identifier()?;
        let Some(Token::Word(type_word)) = self.next() else {
            self.at -= 1;
            return Err(self.error_here());
        };
        let type_name = type_word.to_ascii_lowercase();
        let ty = match type_name.as_str() {
            "int" | "integer" | "bigint" | "smallint" | "tinyint" | "mediumint" => {
                self.length()?;
                self.eat_keyword("UNSIGNED");
                ColumnType::Integer(if type_name == "integer" {
                    "int".into()
                } else {
                    type_name
                })
            }
            "decimal" | "numeric" => {
                let (mut precision, mut scale) = (10u8, 0u8);
                if self.eat_symbol("(") {
                    precision = self.small_number()?;
                    if self.eat_symbol(",") {
                        scale = self.small_number()?;
                    }
                    self.symbol(")")?;
                }
                if precision > 65 {
                    return Err(error(
                        1426,
                        "42000",
                        format!(
                            "Too-big precision {precision} specified for '{name}'. Maximum is 65."
                        ),
                    ));
                }
                if scale > 30 {
                    return Err(error(
                        1425,
                        "42000",
                        format!(
                            "Too big scale {scale} specified for column '{name}'. Maximum is 30."
                        ),
                    ));
                }
                if precision == 0 || scale > precision {
                    return Err(error(
                        1427,
                        "42000",
                        format!(
                            "For float(M,D), double(M,D) or decimal(M,D), M must be >= D (column '{name}')."
                        ),
                    ));
                }
                ColumnType::Decimal(precision, scale)
            }
            "varchar" => match self.length()? {
                Some(n) => ColumnType::Varchar(n),
                None => return Err(self.error_here()),
            },
            "char" => ColumnType::Char(self.length()?.unwrap_or(1)),
            "text" => ColumnType::Text,
            "datetime" | "timestamp" => ColumnType::DateTime(type_name),
            "date" => ColumnType::Date,
            _ => {
                self.at -= 1;
                return Err(self.error_here());
            }
        };
        let mut column = Column {
            name,
            ty,
            not_null: false,
            auto_increment: false,
            primary_key: false,
            unique: false,
            default: None,
        };
        loop {
            if self.eat_keyword("NOT") {
                self.keyword("NULL")?;
                column.not_null = true;
            } else if self.eat_keyword("NULL") {
            } else if self.eat_keyword("AUTO_INCREMENT") {
                column.auto_increment = true;
            } else if self.eat_keyword("PRIMARY") {
                self.keyword("KEY")?;
                column.primary_key = true;
                column.not_null = true;
            } else if self.eat_keyword("UNIQUE") {
                self.eat_keyword("KEY");
                column.unique = true;
            } else if self.eat_keyword("DEFAULT") {
                column.default = Some(
                    if self.eat_keyword("CURRENT_TIMESTAMP") || self.eat_keyword("NOW") {
                        if self.eat_symbol("(") {
                            self.symbol(")")?;
                        }
                        DefaultValue::CurrentTimestamp
                    } else {
                        match self.primary()? {
                            Expr::Value(v) => DefaultValue::Value(v),
                            _ => return Err(self.error_here()),
                        }
                    },
                );
            } else {
                break;
            }
        }
        Ok(column)
    }

    fn small_number(&mut self) -> Result<u8, SqlError> {
        match self.next() {
            Some(Token::Number(n)) => n.parse().map_err(|_| self.error_here()),
            _ => Err(self.error_here()),
        }
    }

    fn insert(&mut self) -> Result<Statement, SqlError> {
        let table = self.table_name()?;
        let mut columns = None;
        if self.eat_symbol("(") {
            let mut names = Vec::new();
            loop {
                names.push(self.identifier()?);
                if !self.eat_symbol(",") {
                    break;
                }
            }
            self.symbol(")")?;
            columns = Some(names);
        }
        if !self.eat_keyword("VALUES") {
            self.keyword("VALUE")?;
        }
        let mut rows = Vec::new();
        loop {
            self.symbol("(")?;
            let mut row = Vec::new();
            if !self.eat_symbol(")") {
                loop {
                    row.push(self.expression()?);
                    if !self.eat_symbol(",") {
                        break;
                    }
                }
                self.symbol(")")?;
            }
            rows.push(row);
            if !self.eat_symbol(",") {
                break;
            }
        }
        Ok(Statement::Insert(table, columns, rows))
    }

    fn select(&mut self) -> Result<Statement, SqlError> {
        let mut items = Vec::new();
        loop {
            if self.eat_symbol("*") {
                items.push(SelectItem::All);
            } else {
                let start = self.at;
                let expr = self.expression()?;
                let written = self.source_between(start, self.at);
                let aliased = self.eat_keyword("AS")
                    || matches!(self.peek(), Some(Token::Word(w)) if !is_reserved(w))
                    || matches!(self.peek(), Some(Token::Quoted(_) | Token::Str(_)));
                let label = if aliased { self.label()? } else { written };
                items.push(SelectItem::Expr(expr, label));
            }
            if !self.eat_symbol(",") {
                break;
            }
        }
        let mut from = None;
        if self.eat_keyword("FROM") {
            from = Some(self.table_name()?);
        }
        let filter = self.where_clause()?;
        let mut order = Vec::new();
        if self.eat_keyword("ORDER") {
            self.keyword("BY")?;
            loop {
                let column = self.identifier()?;
                let descending = if self.eat_keyword("DESC") {
                    true
                } else {
                    self.eat_keyword("ASC");
                    false
                };
                order.push((column, descending));
                if !self.eat_symbol(",") {
                    break;
                }
            }
        }
        let mut limit = None;
        if self.eat_keyword("LIMIT") {
            match self.next() {
                Some(Token::Number(n)) => limit = Some(n.parse().map_err(|_| self.error_here())?),
                _ => {
                    self.at -= 1;
                    return Err(self.error_here());
                }
            }
        }
        Ok(Statement::Select {
            items,
            from,
            filter,
            order,
            limit,
        })
    }

    fn label(&mut self) -> Result<String, SqlError> {
        match self.next() {
            Some(Token::Word(w) | Token::Quoted(w) | Token::Str(w)) => Ok(w),
            _ => {
                self.at -= 1;
                Err(self.error_here())
            }
        }
    }

    fn source_between(&self, start: usize, end: usize) -> String {
        let from = self.tokens.get(start).map(|t| t.offset).unwrap_or(0);
        let to = self
            .tokens
            .get(end)
            .map(|t| t.offset)
            .unwrap_or(self.source.len());
        self.source[from..to].trim().to_string()
    }

    fn where_clause(&mut self) -> Result<Option<Expr>, SqlError> {
        if self.eat_keyword("WHERE") {
            Ok(Some(self.expression()?))
        } else {
            Ok(None)
        }
    }

    fn expression(&mut self) -> Result<Expr, SqlError> {
        let mut left = self.conjunction()?;
        while self.eat_keyword("OR") {
            left = Expr::Or(Box::new(left), Box::new(self.conjunction()?));
        }
        Ok(left)
    }

    fn conjunction(&mut self) -> Result<Expr, SqlError> {
        let mut left = self.negation()?;
        while self.eat_keyword("AND") {
            left = Expr::And(Box::new(left), Box::new(self.negation()?));
        }
        Ok(left)
    }

    fn negation(&mut self) -> Result<Expr, SqlError> {
        if self.eat_keyword("NOT") {
            return Ok(Expr::Not(Box::new(self.negation()?)));
        }
        self.comparison()
    }

    fn comparison(&mut self) -> Result<Expr, SqlError> {
        let left = self.primary()?;
        for op in ["=", "<>", "!=", "<=", ">=", "<", ">"] {
            if self.eat_symbol(op) {
                let right = self.primary()?;
                let op = if op == "!=" { "<>" } else { op };
                return Ok(Expr::Compare(Box::new(left), op, Box::new(right)));
            }
        }
        if self.eat_keyword("IS") {
            let negated = self.eat_keyword("NOT");
            self.keyword("NULL")?;
            return Ok(Expr::IsNull(Box::new(left), negated));
        }
        let negated = self.eat_keyword("NOT");
        if self.eat_keyword("LIKE") {
            let pattern = self.primary()?;
            return Ok(Expr::Like(Box::new(left), Box::new(pattern), negated));
        }
        if self.eat_keyword("IN") {
            self.symbol("(")?;
            let mut list = Vec::new();
            loop {
                list.push(self.primary()?);
                if !self.eat_symbol(",") {
                    break;
                }
            }
            self.symbol(")")?;
            return Ok(Expr::In(Box::new(left), list, negated));
        }
        if negated {
            return Err(self.error_here());
        }
        Ok(left)
    }

    fn primary(&mut self) -> Result<Expr, SqlError> {
        let negative = self.eat_symbol("-");
        if !negative {
            self.eat_symbol("+");
        }
        match self.next() {
            Some(Token::Number(n)) => {
                let text = if negative { format!("-{n}") } else { n };
                match parse_number(&text) {
                    // Whole numbers beyond BIGINT stay exact as decimals.
                    Some((units, 0)) => Ok(Expr::Value(match i64::try_from(units) {
                        Ok(n) => SqlValue::Int(n),
                        Err(_) => SqlValue::Decimal { units, scale: 0 },
                    })),
                    Some((units, scale)) => Ok(Expr::Value(SqlValue::Decimal { units, scale })),
                    None => {
                        self.at -= 1;
                        Err(self.error_here())
                    }
                }
            }
            _ if negative => {
                self.at -= 1;
                Err(self.error_here())
            }
            Some(Token::Str(s)) => Ok(Expr::Value(SqlValue::Text(s))),
            Some(Token::Variable(v)) => Ok(Expr::Variable(v.to_ascii_lowercase())),
            Some(Token::Symbol("(")) => {
                let inner = self.expression()?;
                self.symbol(")")?;
                Ok(inner)
            }
            Some(Token::Quoted(name)) => Ok(Expr::Column(name)),
            Some(Token::Word(w)) => {
                let upper = w.to_ascii_uppercase();
                if upper == "NULL" {
                    return Ok(Expr::Value(SqlValue::Null));
                }
                if upper == "TRUE" || upper == "FALSE" {
                    return Ok(Expr::Value(SqlValue::Int(i64::from(upper == "TRUE"))));
                }
                if upper == "CURRENT_TIMESTAMP" && !self.eat_symbol("(") {
                    return Ok(Expr::Now);
                }
                if self.eat_symbol("(") || upper == "CURRENT_TIMESTAMP" {
                    if upper == "COUNT" {
                        self.symbol("*")?;
                        self.symbol(")")?;
                        return Ok(Expr::CountAll);
                    }
                    self.symbol(")")?;
                    return match upper.as_str() {
                        "NOW" | "CURRENT_TIMESTAMP" => Ok(Expr::Now),
                        "VERSION" | "DATABASE" | "USER" | "CURRENT_USER" => {
                            Ok(Expr::Function(upper))
                        }
                        _ => Err(error(1305, "42000", format!("FUNCTION {w} does not exist"))),
                    };
                }
                if is_reserved(&w) {
                    self.at -= 1;
                    return Err(self.error_here());
                }
                if self.eat_symbol(".") {
                    // `table.column`: the lab has one table per query.
                    return Ok(Expr::Column(self.identifier()?));
                }
                Ok(Expr::Column(w))
            }
            _ => {
                self.at = self.at.saturating_sub(1);
                Err(self.error_here())
            }
        }
    }
}

fn is_reserved(word: &str) -> bool {
    const RESERVED: &[&str] = &[
        "SELECT", "FROM", "WHERE", "ORDER", "BY", "LIMIT", "AND", "OR", "NOT", "INSERT", "INTO",
        "VALUES", "UPDATE", "SET", "DELETE", "CREATE", "DROP", "TABLE", "DATABASE", "LIKE", "IN",
        "IS", "NULL", "AS", "ASC", "DESC", "PRIMARY", "KEY", "DEFAULT", "UNIQUE", "USE", "SHOW",
    ];
    RESERVED.iter().any(|r| r.eq_ignore_ascii_case(word))
}

// ---------------------------------------------------------------- running

fn table_database(name: &TableName, current: &Option<String>) -> Result<String, SqlError> {
    match &name.database {
        Some(db) => Ok(db.clone()),
        None => current.clone().ok_or_else(no_database),
    }
}

fn no_table(database: &str, table: &str) -> SqlError {
    error(
        1146,
        "42S02",
        format!("Table '{database}.{table}' doesn't exist"),
    )
}

fn unknown_database(name: &str) -> SqlError {
    error(1049, "42000", format!("Unknown database '{name}'"))
}

/// `2026-12-06 19:40:00`.
pub fn datetime_text(time: SimTime) -> String {
    let iso = time.to_iso8601();
    iso.trim_end_matches('Z').replacen('T', " ", 1)
}

fn run(
    data: &mut SqlData,
    current: &mut Option<String>,
    server: &ServerContext,
    statement: Statement,
) -> Result<SqlOutcome, SqlError> {
    let changed = |affected: u64| SqlOutcome::Changed {
        affected,
        info: None,
    };
    match statement {
        Statement::CreateDatabase(name, quiet) => {
            if data.databases.contains_key(&name) || SYSTEM_SCHEMAS.contains(&name.as_str()) {
                if quiet {
                    return Ok(changed(1));
                }
                return Err(error(
                    1007,
                    "HY000",
                    format!("Can't create database '{name}'; database exists"),
                ));
            }
            if name.len() > 64 {
                return Err(error(
                    1059,
                    "42000",
                    format!("Identifier name '{name}' is too long"),
                ));
            }
            data.databases.insert(name, Database::default());
            Ok(changed(1))
        }
        Statement::DropDatabase(name, quiet) => {
            if SYSTEM_SCHEMAS.contains(&name.as_str()) {
                return Err(error(
                    1044,
                    "42000",
                    format!("Access denied for user 'admin'@'%' to database '{name}'"),
                ));
            }
            match data.databases.remove(&name) {
                Some(db) => {
                    if current.as_deref() == Some(name.as_str()) {
                        *current = None;
                    }
                    Ok(changed(db.tables.len() as u64))
                }
                None if quiet => Ok(changed(0)),
                None => Err(error(
                    1008,
                    "HY000",
                    format!("Can't drop database '{name}'; database doesn't exist"),
                )),
            }
        }
        Statement::Use(name) => {
            if !data.databases.contains_key(&name) && !SYSTEM_SCHEMAS.contains(&name.as_str()) {
                return Err(unknown_database(&name));
            }
            *current = Some(name);
            Ok(SqlOutcome::DatabaseChanged)
        }
        Statement::ShowDatabases => {
            let mut names: Vec<String> = SYSTEM_SCHEMAS
                .iter()
                .map(|s| s.to_string())
                .chain(data.databases.keys().cloned())
                .collect();
            names.sort();
            Ok(SqlOutcome::Rows {
                columns: vec!["Database".into()],
                rows: names.into_iter().map(|n| vec![SqlValue::Text(n)]).collect(),
            })
        }
        Statement::ShowVariables(pattern) => {
            let mut all: BTreeMap<String, String> = server.variables.clone();
            all.insert("hostname".into(), server.hostname.clone());
            all.insert(
                "read_only".into(),
                if server.read_only { "ON" } else { "OFF" }.into(),
            );
            all.insert("version".into(), server.version.clone());
            all.insert("port".into(), "3306".into());
            Ok(SqlOutcome::Rows {
                columns: vec!["Variable_name".into(), "Value".into()],
                rows: all
                    .into_iter()
                    .filter(|(name, _)| {
                        pattern
                            .as_ref()
                            .is_none_or(|p| like(&name.to_lowercase(), &p.to_lowercase()))
                    })
                    .map(|(name, value)| vec![SqlValue::Text(name), SqlValue::Text(value)])
                    .collect(),
            })
        }
        Statement::ShowTables => {
            let db = current.clone().ok_or_else(no_database)?;
            let tables: Vec<String> = data
                .databases
                .get(&db)
                .map(|d| d.tables.keys().cloned().collect())
                .unwrap_or_default();
            Ok(SqlOutcome::Rows {
                columns: vec![format!("Tables_in_{db}")],
                rows: tables
                    .into_iter()
                    .map(|t| vec![SqlValue::Text(t)])
                    .collect(),
            })
        }
        Statement::CreateTable(name, columns, quiet) => {
            let db_name = table_database(&name, current)?;
            let db = data
                .databases
                .get_mut(&db_name)
                .ok_or_else(|| unknown_database(&db_name))?;
            if db.tables.contains_key(&name.table) {
                if quiet {
                    return Ok(changed(0));
                }
                return Err(error(
                    1050,
                    "42S01",
                    format!("Table '{}' already exists", name.table),
                ));
            }
            db.tables.insert(
                name.table,
                Table {
                    columns,
                    rows: Vec::new(),
                    next_auto_increment: 1,
                },
            );
            Ok(changed(0))
        }
        Statement::DropTable(name, quiet) => {
            let db_name = table_database(&name, current)?;
            let removed = data
                .databases
                .get_mut(&db_name)
                .and_then(|d| d.tables.remove(&name.table));
            match removed {
                Some(_) => Ok(changed(0)),
                None if quiet => Ok(changed(0)),
                None => Err(error(
                    1051,
                    "42S02",
                    format!("Unknown table '{db_name}.{}'", name.table),
                )),
            }
        }
        Statement::Describe(name) => {
            let db_name = table_database(&name, current)?;
            let table = data
                .table(&db_name, &name.table)
                .ok_or_else(|| no_table(&db_name, &name.table))?;
            let text = |s: &str| SqlValue::Text(s.to_string());
            Ok(SqlOutcome::Rows {
                columns: ["Field", "Type", "Null", "Key", "Default", "Extra"]
                    .map(String::from)
                    .to_vec(),
                rows: table
                    .columns
                    .iter()
                    .map(|c| {
                        vec![
                            text(&c.name),
                            text(&c.ty.to_string()),
                            text(if c.not_null { "NO" } else { "YES" }),
                            text(if c.primary_key {
                                "PRI"
                            } else if c.unique {
                                "UNI"
                            } else {
                                ""
                            }),
                            match &c.default {
                                None => SqlValue::Null,
                                Some(DefaultValue::CurrentTimestamp) => text("CURRENT_TIMESTAMP"),
                                Some(DefaultValue::Value(v)) => v.clone(),
                            },
                            text(if c.auto_increment {
                                "auto_increment"
                            } else if matches!(c.default, Some(DefaultValue::CurrentTimestamp)) {
                                "DEFAULT_GENERATED"
                            } else {
                                ""
                            }),
                        ]
                    })
                    .collect(),
            })
        }
        Statement::Insert(name, columns, rows) => {
            let db_name = table_database(&name, current)?;
            if !data.databases.contains_key(&db_name) {
                return Err(unknown_database(&db_name));
            }
            let table = data
                .databases
                .get_mut(&db_name)
                .and_then(|d| d.tables.get_mut(&name.table))
                .ok_or_else(|| no_table(&db_name, &name.table))?;
            insert(table, &name.table, columns, rows, server, current)
        }
        Statement::Select {
            items,
            from,
            filter,
            order,
            limit,
        } => select(data, current, server, items, from, filter, order, limit),
        Statement::Update(name, sets, filter) => {
            let db_name = table_database(&name, current)?;
            let table = data
                .databases
                .get_mut(&db_name)
                .and_then(|d| d.tables.get_mut(&name.table))
                .ok_or_else(|| no_table(&db_name, &name.table))?;
            let mut targets = Vec::new();
            for (column, expr) in &sets {
                let index = column_index(table, column, "field list")?;
                targets.push((index, expr));
            }
            let mut matched = 0;
            let mut updated = table.rows.clone();
            for (n, row) in updated.iter_mut().enumerate() {
                if !matches_filter(filter.as_ref(), &table.columns, row, server, current)? {
                    continue;
                }
                matched += 1;
                for (index, expr) in &targets {
                    let value = evaluate(expr, &table.columns, row, server, current)?;
                    row[*index] = coerce(&table.columns[*index], value, n + 1)?;
                }
            }
            let changed_rows = updated
                .iter()
                .zip(&table.rows)
                .filter(|(a, b)| a != b)
                .count();
            check_keys(&table.columns, &updated, &name.table)?;
            table.rows = updated;
            Ok(SqlOutcome::Changed {
                affected: changed_rows as u64,
                info: Some(format!(
                    "Rows matched: {matched}  Changed: {changed_rows}  Warnings: 0"
                )),
            })
        }
        Statement::Delete(name, filter) => {
            let db_name = table_database(&name, current)?;
            let table = data
                .databases
                .get_mut(&db_name)
                .and_then(|d| d.tables.get_mut(&name.table))
                .ok_or_else(|| no_table(&db_name, &name.table))?;
            let mut kept = Vec::new();
            for row in &table.rows {
                if !matches_filter(filter.as_ref(), &table.columns, row, server, current)? {
                    kept.push(row.clone());
                }
            }
            let deleted = table.rows.len() - kept.len();
            table.rows = kept;
            Ok(changed(deleted as u64))
        }
    }
}

fn column_index(table: &Table, name: &str, clause: &str) -> Result<usize, SqlError> {
    table
        .columns
        .iter()
        .position(|c| c.name.eq_ignore_ascii_case(name))
        .ok_or_else(|| {
            error(
                1054,
                "42S22",
                format!("Unknown column '{name}' in '{clause}'"),
            )
        })
}

fn insert(
    table: &mut Table,
    table_name: &str,
    columns: Option<Vec<String>>,
    rows: Vec<Vec<Expr>>,
    server: &ServerContext,
    current: &Option<String>,
) -> Result<SqlOutcome, SqlError> {
    let targets: Vec<usize> = match &columns {
        Some(names) => names
            .iter()
            .map(|n| column_index(table, n, "field list"))
            .collect::<Result<_, _>>()?,
        None => (0..table.columns.len()).collect(),
    };
    let mut new_rows = table.rows.clone();
    let mut next_auto = table.next_auto_increment;
    for (n, exprs) in rows.iter().enumerate() {
        if exprs.len() != targets.len() {
            return Err(error(
                1136,
                "21S01",
                format!("Column count doesn't match value count at row {}", n + 1),
            ));
        }
        let mut row: Vec<Option<SqlValue>> = vec![None; table.columns.len()];
        for (index, expr) in targets.iter().zip(exprs) {
            let value = evaluate(expr, &[], &[], server, current)?;
            row[*index] = Some(value);
        }
        let mut finished = Vec::with_capacity(row.len());
        for (column, value) in table.columns.iter().zip(row) {
            let value = match value {
                Some(SqlValue::Null) | None if column.auto_increment => {
                    let v = next_auto;
                    next_auto += 1;
                    SqlValue::Int(v)
                }
                Some(v) => {
                    if column.auto_increment
                        && let SqlValue::Int(given) = v
                    {
                        next_auto = next_auto.max(given + 1);
                    }
                    v
                }
                None => match &column.default {
                    Some(DefaultValue::Value(v)) => v.clone(),
                    Some(DefaultValue::CurrentTimestamp) => {
                        SqlValue::Text(datetime_text(server.now))
                    }
                    None if column.not_null => {
                        return Err(error(
                            1364,
                            "HY000",
                            format!("Field '{}' doesn't have a default value", column.name),
                        ));
                    }
                    None => SqlValue::Null,
                },
            };
            finished.push(coerce(column, value, n + 1)?);
        }
        new_rows.push(finished);
    }
    check_keys(&table.columns, &new_rows, table_name)?;
    let count = rows.len() as u64;
    table.rows = new_rows;
    table.next_auto_increment = next_auto;
    Ok(SqlOutcome::Changed {
        affected: count,
        info: (count > 1).then(|| format!("Records: {count}  Duplicates: 0  Warnings: 0")),
    })
}

/// MySQL's `Duplicate entry` for the primary key and unique columns.
fn check_keys(columns: &[Column], rows: &[Vec<SqlValue>], table: &str) -> Result<(), SqlError> {
    let primary: Vec<usize> = (0..columns.len())
        .filter(|i| columns[*i].primary_key)
        .collect();
    let mut keys: Vec<(Vec<usize>, String)> = Vec::new();
    if !primary.is_empty() {
        keys.push((primary, format!("{table}.PRIMARY")));
    }
    for (i, c) in columns.iter().enumerate() {
        if c.unique && !c.primary_key {
            keys.push((vec![i], format!("{table}.{}", c.name)));
        }
    }
    for (indexes, key_name) in keys {
        let mut seen: Vec<Vec<String>> = Vec::new();
        for row in rows {
            let key: Vec<String> = indexes
                .iter()
                .map(|i| row[*i].to_string().to_lowercase())
                .collect();
            if indexes.iter().any(|i| row[*i] == SqlValue::Null) {
                continue;
            }
            if seen.contains(&key) {
                let shown: Vec<String> = indexes.iter().map(|i| row[*i].to_string()).collect();
                return Err(error(
                    1062,
                    "23000",
                    format!("Duplicate entry '{}' for key '{key_name}'", shown.join("-")),
                ));
            }
            seen.push(key);
        }
    }
    Ok(())
}

/// Fits `value` to `column` as strict mode does.
fn coerce(column: &Column, value: SqlValue, row: usize) -> Result<SqlValue, SqlError> {
    if value == SqlValue::Null {
        if column.not_null {
            return Err(error(
                1048,
                "23000",
                format!("Column '{}' cannot be null", column.name),
            ));
        }
        return Ok(SqlValue::Null);
    }
    let incorrect = |kind: &str| {
        error(
            1366,
            "HY000",
            format!(
                "Incorrect {kind} value: '{value}' for column '{}' at row {row}",
                column.name
            ),
        )
    };
    match &column.ty {
        ColumnType::Integer(name) => {
            let (units, scale) = value.as_number().ok_or_else(|| incorrect("integer"))?;
            let divisor = 10i128.pow(u32::from(scale));
            // MySQL rounds half away from zero.
            let rounded = (units + units.signum() * divisor / 2) / divisor;
            let (lo, hi): (i128, i128) = match name.as_str() {
                "tinyint" => (-128, 127),
                "smallint" => (-32_768, 32_767),
                "mediumint" => (-8_388_608, 8_388_607),
                "bigint" => (i128::from(i64::MIN), i128::from(i64::MAX)),
                _ => (-2_147_483_648, 2_147_483_647),
            };
            if !(lo..=hi).contains(&rounded) {
                return Err(error(
                    1264,
                    "22003",
                    format!(
                        "Out of range value for column '{}' at row {row}",
                        column.name
                    ),
                ));
            }
            Ok(SqlValue::Int(rounded as i64))
        }
        ColumnType::Decimal(precision, scale) => {
            let (units, given) = value.as_number().ok_or_else(|| incorrect("decimal"))?;
            let scaled = if given > *scale {
                let divisor = 10i128.pow(u32::from(given - scale));
                Some((units + units.signum() * divisor / 2) / divisor)
            } else {
                10i128
                    .checked_pow(u32::from(scale - given))
                    .and_then(|f| units.checked_mul(f))
            };
            // The lab keeps a decimal's digits in an i128 (38 digits); MySQL's
            // own limit is the column's precision (up to 65).
            let limit = 10i128
                .checked_pow(u32::from(*precision))
                .unwrap_or(i128::MAX);
            let fits = scaled.filter(|u| u.abs() < limit);
            let Some(units) = fits else {
                return Err(error(
                    1264,
                    "22003",
                    format!(
                        "Out of range value for column '{}' at row {row}",
                        column.name
                    ),
                ));
            };
            Ok(SqlValue::Decimal {
                units,
                scale: *scale,
            })
        }
        ColumnType::Varchar(n) | ColumnType::Char(n) => {
            let text = value.to_string();
            if text.chars().count() > *n as usize {
                return Err(error(
                    1406,
                    "22001",
                    format!("Data too long for column '{}' at row {row}", column.name),
                ));
            }
            Ok(SqlValue::Text(text))
        }
        ColumnType::Text => Ok(SqlValue::Text(value.to_string())),
        ColumnType::DateTime(_) | ColumnType::Date => {
            let text = value.to_string();
            let date_only = matches!(column.ty, ColumnType::Date);
            let valid = SimTime::parse(&text.replacen(' ', "T", 1))
                .or_else(|| SimTime::parse(&format!("{text}T00:00:00Z")))
                .or_else(|| SimTime::parse(&format!("{}Z", text.replacen(' ', "T", 1))));
            match valid {
                Some(t) if date_only => Ok(SqlValue::Text(
                    datetime_text(t).get(..10).unwrap_or_default().to_string(),
                )),
                Some(t) => Ok(SqlValue::Text(datetime_text(t))),
                None => Err(error(
                    1292,
                    "22007",
                    format!(
                        "Incorrect {} value: '{text}' for column '{}' at row {row}",
                        if date_only { "date" } else { "datetime" },
                        column.name
                    ),
                )),
            }
        }
    }
}

fn evaluate(
    expr: &Expr,
    columns: &[Column],
    row: &[SqlValue],
    server: &ServerContext,
    current: &Option<String>,
) -> Result<SqlValue, SqlError> {
    let truth = |b: Option<bool>| match b {
        None => SqlValue::Null,
        Some(b) => SqlValue::Int(i64::from(b)),
    };
    Ok(match expr {
        Expr::Value(v) => v.clone(),
        Expr::Column(name) => {
            let index = columns
                .iter()
                .position(|c| c.name.eq_ignore_ascii_case(name))
                .ok_or_else(|| {
                    error(
                        1054,
                        "42S22",
                        format!("Unknown column '{name}' in 'field list'"),
                    )
                })?;
            row.get(index).cloned().unwrap_or(SqlValue::Null)
        }
        Expr::Now => SqlValue::Text(datetime_text(server.now)),
        Expr::Variable(name) => match name.as_str() {
            "hostname" => SqlValue::Text(server.hostname.clone()),
            "read_only" => SqlValue::Int(i64::from(server.read_only)),
            "version" => SqlValue::Text(server.version.clone()),
            "port" => SqlValue::Int(3306),
            other if server.variables.contains_key(other) => {
                let value = &server.variables[other];
                match value.parse::<i64>() {
                    Ok(n) => SqlValue::Int(n),
                    Err(_) => SqlValue::Text(value.clone()),
                }
            }
            _ => {
                return Err(error(
                    1193,
                    "HY000",
                    format!("Unknown system variable '{name}'"),
                ));
            }
        },
        Expr::Function(name) => match name.as_str() {
            "VERSION" => SqlValue::Text(server.version.clone()),
            "DATABASE" => current
                .clone()
                .map(SqlValue::Text)
                .unwrap_or(SqlValue::Null),
            _ => SqlValue::Text("admin@%".into()),
        },
        Expr::CountAll => SqlValue::Null,
        Expr::Compare(a, op, b) => {
            let a = evaluate(a, columns, row, server, current)?;
            let b = evaluate(b, columns, row, server, current)?;
            truth(a.compare(&b).map(|o| match *op {
                "=" => o == Ordering::Equal,
                "<>" => o != Ordering::Equal,
                "<" => o == Ordering::Less,
                ">" => o == Ordering::Greater,
                "<=" => o != Ordering::Greater,
                _ => o != Ordering::Less,
            }))
        }
        Expr::Like(a, pattern, negated) => {
            let a = evaluate(a, columns, row, server, current)?;
            let pattern = evaluate(pattern, columns, row, server, current)?;
            if a == SqlValue::Null || pattern == SqlValue::Null {
                SqlValue::Null
            } else {
                let matched = like(
                    &a.to_string().to_lowercase(),
                    &pattern.to_string().to_lowercase(),
                );
                truth(Some(matched != *negated))
            }
        }
        Expr::IsNull(a, negated) => {
            let a = evaluate(a, columns, row, server, current)?;
            truth(Some((a == SqlValue::Null) != *negated))
        }
        Expr::In(a, list, negated) => {
            let a = evaluate(a, columns, row, server, current)?;
            let mut found = Some(false);
            for item in list {
                let item = evaluate(item, columns, row, server, current)?;
                match a.compare(&item) {
                    Some(Ordering::Equal) => {
                        found = Some(true);
                        break;
                    }
                    None => found = None,
                    _ => {}
                }
            }
            truth(found.map(|f| f != *negated))
        }
        Expr::And(a, b) => {
            let a = as_bool(&evaluate(a, columns, row, server, current)?);
            let b = as_bool(&evaluate(b, columns, row, server, current)?);
            truth(match (a, b) {
                (Some(false), _) | (_, Some(false)) => Some(false),
                (Some(true), Some(true)) => Some(true),
                _ => None,
            })
        }
        Expr::Or(a, b) => {
            let a = as_bool(&evaluate(a, columns, row, server, current)?);
            let b = as_bool(&evaluate(b, columns, row, server, current)?);
            truth(match (a, b) {
                (Some(true), _) | (_, Some(true)) => Some(true),
                (Some(false), Some(false)) => Some(false),
                _ => None,
            })
        }
        Expr::Not(a) => truth(as_bool(&evaluate(a, columns, row, server, current)?).map(|b| !b)),
    })
}

fn as_bool(value: &SqlValue) -> Option<bool> {
    match value {
        SqlValue::Null => None,
        other => Some(other.as_number().is_some_and(|(units, _)| units != 0)),
    }
}

fn matches_filter(
    filter: Option<&Expr>,
    columns: &[Column],
    row: &[SqlValue],
    server: &ServerContext,
    current: &Option<String>,
) -> Result<bool, SqlError> {
    match filter {
        None => Ok(true),
        Some(expr) => Ok(as_bool(&evaluate(expr, columns, row, server, current)?) == Some(true)),
    }
}

/// SQL's `LIKE` (`%` any run, `_` one character), without backtracking blow-up.
fn like(text: &str, pattern: &str) -> bool {
    let text: Vec<char> = text.chars().collect();
    let pattern: Vec<char> = pattern.chars().collect();
    let (mut t, mut p) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while t < text.len() {
        if p < pattern.len() && (pattern[p] == '_' || pattern[p] == text[t]) {
            t += 1;
            p += 1;
        } else if p < pattern.len() && pattern[p] == '%' {
            star = Some(p);
            mark = t;
            p += 1;
        } else if let Some(s) = star {
            p = s + 1;
            mark += 1;
            t = mark;
        } else {
            return false;
        }
    }
    while p < pattern.len() && pattern[p] == '%' {
        p += 1;
    }
    p == pattern.len()
}

#[allow(clippy::too_many_arguments)]
fn select(
    data: &SqlData,
    current: &Option<String>,
    server: &ServerContext,
    items: Vec<SelectItem>,
    from: Option<TableName>,
    filter: Option<Expr>,
    order: Vec<(String, bool)>,
    limit: Option<usize>,
) -> Result<SqlOutcome, SqlError> {
    let Some(name) = from else {
        if items.iter().any(|i| matches!(i, SelectItem::All)) {
            return Err(error(1096, "HY000", "No tables used"));
        }
        let mut columns = Vec::new();
        let mut row = Vec::new();
        for item in &items {
            if let SelectItem::Expr(expr, label) = item {
                columns.push(label.clone());
                row.push(evaluate(expr, &[], &[], server, current)?);
            }
        }
        return Ok(SqlOutcome::Rows {
            columns,
            rows: vec![row],
        });
    };
    let db_name = table_database(&name, current)?;
    let table = data
        .table(&db_name, &name.table)
        .ok_or_else(|| no_table(&db_name, &name.table))?;
    let mut rows = Vec::new();
    for row in &table.rows {
        if matches_filter(filter.as_ref(), &table.columns, row, server, current).map_err(|e| {
            SqlError {
                message: e.message.replace("'field list'", "'where clause'"),
                ..e
            }
        })? {
            rows.push(row.clone());
        }
    }
    let mut sort_keys = Vec::new();
    for (column, descending) in &order {
        sort_keys.push((column_index(table, column, "order clause")?, *descending));
    }
    rows.sort_by(|a, b| {
        for (index, descending) in &sort_keys {
            let o = a[*index].sort_order(&b[*index]);
            if o != Ordering::Equal {
                return if *descending { o.reverse() } else { o };
            }
        }
        Ordering::Equal
    });
    if items
        .iter()
        .any(|i| matches!(i, SelectItem::Expr(Expr::CountAll, _)))
    {
        let label = items
            .iter()
            .find_map(|i| match i {
                SelectItem::Expr(Expr::CountAll, label) => Some(label.clone()),
                _ => None,
            })
            .unwrap_or_default();
        return Ok(SqlOutcome::Rows {
            columns: vec![label],
            rows: vec![vec![SqlValue::Int(rows.len() as i64)]],
        });
    }
    if let Some(limit) = limit {
        rows.truncate(limit);
    }
    let mut columns = Vec::new();
    let mut out_rows = vec![Vec::new(); rows.len()];
    for item in &items {
        match item {
            SelectItem::All => {
                columns.extend(table.columns.iter().map(|c| c.name.clone()));
                for (out, row) in out_rows.iter_mut().zip(&rows) {
                    out.extend(row.iter().cloned());
                }
            }
            SelectItem::Expr(expr, label) => {
                if let Expr::Column(c) = expr {
                    column_index(table, c, "field list")?;
                }
                columns.push(label.clone());
                for (out, row) in out_rows.iter_mut().zip(&rows) {
                    out.push(evaluate(expr, &table.columns, row, server, current)?);
                }
            }
        }
    }
    Ok(SqlOutcome::Rows {
        columns,
        rows: out_rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server() -> ServerContext {
        ServerContext {
            now: SimTime::parse("2026-12-06T10:00:00Z").unwrap_or_default(),
            version: "8.4.10".into(),
            hostname: "ip-10-0-3-17".into(),
            read_only: false,
            variables: Default::default(),
        }
    }

    fn run_all(
        data: &mut SqlData,
        current: &mut Option<String>,
        lines: &[&str],
    ) -> Vec<Result<SqlOutcome, SqlError>> {
        lines
            .iter()
            .map(|l| execute(data, current, &server(), l))
            .collect()
    }

    fn shop() -> (SqlData, Option<String>) {
        let mut data = SqlData::default();
        let mut current = None;
        let results = run_all(
            &mut data,
            &mut current,
            &[
                "CREATE DATABASE shop",
                "USE shop",
                "CREATE TABLE items (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(20) NOT NULL, price DECIMAL(8,2), added DATETIME DEFAULT CURRENT_TIMESTAMP)",
                "INSERT INTO items (name, price) VALUES ('Keyboard', 45.5), ('mouse', 19.99), ('Monitor', 210)",
            ],
        );
        for r in results {
            assert!(r.is_ok(), "{r:?}");
        }
        (data, current)
    }

    fn rows(outcome: Result<SqlOutcome, SqlError>) -> Vec<Vec<String>> {
        match outcome {
            Ok(SqlOutcome::Rows { rows, .. }) => rows
                .into_iter()
                .map(|r| r.into_iter().map(|v| v.to_string()).collect())
                .collect(),
            other => panic!("not rows: {other:?}"),
        }
    }

    #[test]
    fn inserts_fill_auto_increment_defaults_and_decimal_scale() {
        let (mut data, mut current) = shop();
        let got = rows(execute(
            &mut data,
            &mut current,
            &server(),
            "SELECT * FROM items",
        ));
        assert_eq!(
            got,
            vec![
                vec!["1", "Keyboard", "45.50", "2026-12-06 10:00:00"],
                vec!["2", "mouse", "19.99", "2026-12-06 10:00:00"],
                vec!["3", "Monitor", "210.00", "2026-12-06 10:00:00"],
            ]
        );
    }

    #[test]
    fn where_order_by_and_limit() {
        let (mut data, mut current) = shop();
        let got = rows(execute(
            &mut data,
            &mut current,
            &server(),
            "select name, price from items where price > 20 and name like '%o%' order by price desc limit 5",
        ));
        assert_eq!(
            got,
            vec![vec!["Monitor", "210.00"], vec!["Keyboard", "45.50"]]
        );
        // Text compares without regard to case.
        let got = rows(execute(
            &mut data,
            &mut current,
            &server(),
            "SELECT id FROM items WHERE name = 'MOUSE'",
        ));
        assert_eq!(got, vec![vec!["2"]]);
        let got = rows(execute(
            &mut data,
            &mut current,
            &server(),
            "SELECT COUNT(*) FROM items WHERE id IN (1, 3)",
        ));
        assert_eq!(got, vec![vec!["2"]]);
        let got = rows(execute(
            &mut data,
            &mut current,
            &server(),
            "SELECT name FROM items ORDER BY name",
        ));
        assert_eq!(got, vec![vec!["Keyboard"], vec!["Monitor"], vec!["mouse"]]);
    }

    #[test]
    fn mysql_errors_carry_their_numbers() {
        let (mut data, mut current) = shop();
        let err = |sql: &str, data: &mut SqlData, current: &mut Option<String>| {
            execute(data, current, &server(), sql)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
        };
        assert_eq!(
            err("SELECT * FROM item", &mut data, &mut current),
            "ERROR 1146 (42S02): Table 'shop.item' doesn't exist"
        );
        assert_eq!(
            err("CREATE DATABASE shop", &mut data, &mut current),
            "ERROR 1007 (HY000): Can't create database 'shop'; database exists"
        );
        assert_eq!(
            err("SELECT nam FROM items", &mut data, &mut current),
            "ERROR 1054 (42S22): Unknown column 'nam' in 'field list'"
        );
        assert_eq!(
            err(
                "SELECT name FROM items WHERE cost > 1",
                &mut data,
                &mut current
            ),
            "ERROR 1054 (42S22): Unknown column 'cost' in 'where clause'"
        );
        assert_eq!(
            err(
                "INSERT INTO items VALUES (1, 'x', 1, NOW())",
                &mut data,
                &mut current
            ),
            "ERROR 1062 (23000): Duplicate entry '1' for key 'items.PRIMARY'"
        );
        assert_eq!(
            err(
                "INSERT INTO items (name) VALUES ('a', 'b')",
                &mut data,
                &mut current
            ),
            "ERROR 1136 (21S01): Column count doesn't match value count at row 1"
        );
        assert_eq!(
            err(
                "INSERT INTO items (price) VALUES (3)",
                &mut data,
                &mut current
            ),
            "ERROR 1364 (HY000): Field 'name' doesn't have a default value"
        );
        assert_eq!(
            err(
                "INSERT INTO items (name, price) VALUES ('cable', 'cheap')",
                &mut data,
                &mut current
            ),
            "ERROR 1366 (HY000): Incorrect decimal value: 'cheap' for column 'price' at row 1"
        );
        assert_eq!(
            err(
                "INSERT INTO items (name) VALUES ('a very long name indeed!')",
                &mut data,
                &mut current
            ),
            "ERROR 1406 (22001): Data too long for column 'name' at row 1"
        );
        assert!(err("SELEC * FROM items", &mut data, &mut current).starts_with("ERROR 1064 (42000): You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near 'SELEC * FROM items' at line 1"));
        assert_eq!(
            err("USE nothing", &mut data, &mut current),
            "ERROR 1049 (42000): Unknown database 'nothing'"
        );
        let mut fresh = None;
        assert_eq!(
            err("SHOW TABLES", &mut data, &mut fresh),
            "ERROR 1046 (3D000): No database selected"
        );
        // A failed multi-row insert leaves nothing behind.
        assert_eq!(data.row_count(), 3);
    }

    #[test]
    fn update_delete_and_read_only() {
        let (mut data, mut current) = shop();
        let updated = execute(
            &mut data,
            &mut current,
            &server(),
            "UPDATE items SET price = 50 WHERE name = 'keyboard'",
        );
        assert_eq!(
            updated,
            Ok(SqlOutcome::Changed {
                affected: 1,
                info: Some("Rows matched: 1  Changed: 1  Warnings: 0".into())
            })
        );
        let deleted = execute(
            &mut data,
            &mut current,
            &server(),
            "DELETE FROM items WHERE price < 20",
        );
        assert_eq!(
            deleted,
            Ok(SqlOutcome::Changed {
                affected: 1,
                info: None
            })
        );
        let replica = ServerContext {
            read_only: true,
            variables: Default::default(),
            ..server()
        };
        let refused = execute(
            &mut data,
            &mut current,
            &replica,
            "INSERT INTO items (name) VALUES ('x')",
        );
        assert_eq!(refused.err().map(|e| e.code), Some(1290));
        let read = rows(execute(
            &mut data,
            &mut current,
            &replica,
            "SELECT @@read_only, @@hostname",
        ));
        assert_eq!(read, vec![vec!["1", "ip-10-0-3-17"]]);
    }

    #[test]
    fn show_and_describe() {
        let (mut data, mut current) = shop();
        let tables = rows(execute(&mut data, &mut current, &server(), "SHOW TABLES"));
        assert_eq!(tables, vec![vec!["items"]]);
        let dbs = rows(execute(
            &mut data,
            &mut current,
            &server(),
            "show databases",
        ));
        assert_eq!(dbs.len(), 5);
        let described = rows(execute(
            &mut data,
            &mut current,
            &server(),
            "DESCRIBE items",
        ));
        assert_eq!(
            described[0],
            vec!["id", "int", "NO", "PRI", "NULL", "auto_increment"]
        );
        assert_eq!(
            described[3],
            vec![
                "added",
                "datetime",
                "YES",
                "",
                "CURRENT_TIMESTAMP",
                "DEFAULT_GENERATED"
            ]
        );
    }

    #[test]
    fn wide_decimals_neither_panic_nor_wrap() {
        let mut data = SqlData::default();
        let mut current = None;
        let results = run_all(
            &mut data,
            &mut current,
            &[
                "CREATE DATABASE d",
                "USE d",
                "CREATE TABLE t (x DECIMAL(30,25), y DECIMAL(65,0))",
                "INSERT INTO t VALUES (0.5, 1)",
            ],
        );
        assert!(results.iter().all(Result::is_ok), "{results:?}");
        let got = rows(execute(
            &mut data,
            &mut current,
            &server(),
            "SELECT x FROM t WHERE x > 0.4999999999999999999999999999",
        ));
        assert_eq!(got, vec![vec!["0.5000000000000000000000000"]]);
        let big = execute(
            &mut data,
            &mut current,
            &server(),
            "INSERT INTO t VALUES (100000, 1)",
        );
        // DECIMAL(30,25) keeps five digits before the point.
        assert_eq!(big.err().map(|e| e.code), Some(1264));
        let huge = execute(
            &mut data,
            &mut current,
            &server(),
            "INSERT INTO t (y) VALUES (123456789012345678901234567890)",
        );
        // DECIMAL(65,0) takes thirty digits.
        assert!(huge.is_ok(), "{huge:?}");
    }

    #[test]
    fn like_does_not_blow_up() {
        let text = "a".repeat(10_000);
        assert!(!like(&text, &"%a".repeat(50).replace("%a%a", "%a%b")));
        assert!(like("keyboard", "k%b_ard"));
        assert!(is_write(" insert into x values (1)"));
        assert!(!is_write("select 1"));
    }
}
