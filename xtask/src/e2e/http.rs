//! A minimal HTTP/1.1 JSON client over `std::net::TcpStream`, enough to talk to
//! chromedriver on localhost: one connection per request, `Connection: close`.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use serde_json::Value;

use super::E2eError;

/// How long one WebDriver command may take (navigation waits for the page load).
const READ_TIMEOUT: Duration = Duration::from_secs(180);

/// Sends `method path` with an optional JSON body; returns the status and JSON body
/// (`Value::Null` when the body is empty).
pub fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    body: Option<&Value>,
) -> Result<(u16, Value), E2eError> {
    let transport = |err: std::io::Error| E2eError::Http(format!("{method} {path}: {err}"));
    let mut stream =
        TcpStream::connect_timeout(&addr, Duration::from_secs(10)).map_err(transport)?;
    stream
        .set_read_timeout(Some(READ_TIMEOUT))
        .map_err(transport)?;
    let payload = body.map(Value::to_string).unwrap_or_default();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nAccept: application/json\r\nConnection: close\r\nContent-Length: {}\r\n",
        payload.len()
    );
    if body.is_some() {
        head.push_str("Content-Type: application/json; charset=utf-8\r\n");
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).map_err(transport)?;
    stream.write_all(payload.as_bytes()).map_err(transport)?;
    let raw = read_response(&mut stream).map_err(transport)?;
    let (status, body) = parse_response(&raw)
        .map_err(|reason| E2eError::Http(format!("{method} {path}: {reason}")))?;
    let json = if body.iter().all(u8::is_ascii_whitespace) {
        Value::Null
    } else {
        serde_json::from_slice(&body)
            .map_err(|err| E2eError::Http(format!("{method} {path}: bad JSON: {err}")))?
    };
    Ok((status, json))
}

/// Reads one response: up to the end of its body as announced by
/// `Content-Length` or the last chunk, or to end of stream (servers may keep the
/// connection open despite `Connection: close`).
fn read_response(stream: &mut impl Read) -> std::io::Result<Vec<u8>> {
    let mut raw = Vec::new();
    let mut buffer = [0u8; 16 * 1024];
    loop {
        if is_complete(&raw) {
            return Ok(raw);
        }
        let read = stream.read(&mut buffer)?;
        if read == 0 {
            return Ok(raw);
        }
        raw.extend_from_slice(buffer.get(..read).unwrap_or_default());
    }
}

/// Whether `raw` holds a whole response.
fn is_complete(raw: &[u8]) -> bool {
    let Some(split) = raw.windows(4).position(|window| window == b"\r\n\r\n") else {
        return false;
    };
    let head = String::from_utf8_lossy(raw.get(..split).unwrap_or_default()).to_ascii_lowercase();
    let body = raw.get(split + 4..).unwrap_or_default();
    if head.contains("transfer-encoding: chunked") {
        return body.ends_with(b"0\r\n\r\n");
    }
    head.lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .and_then(|length| length.trim().parse::<usize>().ok())
        .is_some_and(|length| body.len() >= length)
}

/// Splits a raw response into its status and (de-chunked) body.
pub fn parse_response(raw: &[u8]) -> Result<(u16, Vec<u8>), String> {
    let split = raw
        .windows(4)
        .position(|window| window == b"\r\n\r\n")
        .ok_or("response has no header end")?;
    let head = String::from_utf8_lossy(raw.get(..split).unwrap_or_default());
    let body = raw.get(split + 4..).unwrap_or_default();
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or_default();
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse::<u16>().ok())
        .ok_or_else(|| format!("bad status line {status_line:?}"))?;
    let mut chunked = false;
    let mut content_length = None;
    for line in lines {
        if let Some((name, value)) = line.split_once(':') {
            let value = value.trim();
            if name.eq_ignore_ascii_case("transfer-encoding")
                && value.eq_ignore_ascii_case("chunked")
            {
                chunked = true;
            } else if name.eq_ignore_ascii_case("content-length") {
                content_length = value.parse::<usize>().ok();
            }
        }
    }
    let body = if chunked {
        dechunk(body)?
    } else {
        match content_length {
            Some(length) => body
                .get(..length)
                .ok_or("body shorter than Content-Length")?
                .to_vec(),
            None => body.to_vec(),
        }
    };
    Ok((status, body))
}

fn dechunk(mut body: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    loop {
        let line_end = body
            .windows(2)
            .position(|window| window == b"\r\n")
            .ok_or("chunk size line has no end")?;
        let size_line =
            String::from_utf8_lossy(body.get(..line_end).unwrap_or_default()).into_owned();
        let size_text = size_line.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size_text, 16)
            .map_err(|_| format!("bad chunk size {size_text:?}"))?;
        body = body.get(line_end + 2..).unwrap_or_default();
        if size == 0 {
            return Ok(out);
        }
        out.extend_from_slice(body.get(..size).ok_or("chunk shorter than its size")?);
        body = body.get(size + 2..).unwrap_or_default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_content_length_response() {
        let raw = b"HTTP/1.1 200 OK\r\nContent-Length: 11\r\nContent-Type: application/json\r\n\r\n{\"value\":1}";
        let (status, body) = parse_response(raw).unwrap();
        assert_eq!(status, 200);
        assert_eq!(body, b"{\"value\":1}");
    }

    #[test]
    fn parses_a_chunked_response() {
        let raw = b"HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{\"va\r\n7;x=y\r\nlue\":2}\r\n0\r\n\r\n";
        let (status, body) = parse_response(raw).unwrap();
        assert_eq!(status, 404);
        assert_eq!(body, b"{\"value\":2}");
    }

    #[test]
    fn knows_when_a_response_is_complete() {
        assert!(!is_complete(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n"));
        assert!(!is_complete(
            b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nabc"
        ));
        assert!(is_complete(
            b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nabcde"
        ));
        assert!(!is_complete(
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n"
        ));
        assert!(is_complete(
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
        ));
    }

    #[test]
    fn rejects_garbage() {
        assert!(parse_response(b"not http").is_err());
        assert!(parse_response(b"HTTP/1.1 abc\r\n\r\n").is_err());
        assert!(
            parse_response(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n").is_err()
        );
    }

    #[test]
    fn talks_to_a_real_socket() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let server = std::thread::spawn(move || {
            let (mut stream, _) = listener.accept().unwrap();
            let mut request = String::new();
            let mut buffer = [0u8; 4096];
            while !request.ends_with("{\"a\":1}") {
                let read = stream.read(&mut buffer).unwrap();
                assert!(read > 0, "client closed early: {request}");
                request.push_str(&String::from_utf8_lossy(&buffer[..read]));
            }
            stream
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 15\r\n\r\n{\"value\":\"ok\"}\n")
                .unwrap();
            request
        });
        let (status, json) =
            request(addr, "POST", "/session", Some(&serde_json::json!({"a": 1}))).unwrap();
        let seen = server.join().unwrap();
        assert_eq!(status, 200);
        assert_eq!(json["value"], "ok");
        assert!(seen.starts_with("POST /session HTTP/1.1\r\n"), "{seen}");
        assert!(seen.ends_with("{\"a\":1}"), "{seen}");
    }
}
