//! The shape every simulated service error shares.

/// An error a simulated AWS service returns: AWS's error code, its message text and
/// the HTTP status. The terminal prints
/// `An error occurred (<code>) when calling the <Operation> operation: <message>`.
pub trait AwsError: std::error::Error {
    /// AWS's error code, e.g. `InvalidKeyPair.Duplicate`.
    fn code(&self) -> &'static str;
    /// AWS's message text.
    fn message(&self) -> String;
    /// The HTTP status code of the error response.
    fn http_status(&self) -> u16;
}
