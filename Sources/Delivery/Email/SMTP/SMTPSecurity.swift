/// How the connection to the mail server is protected.
public enum SMTPSecurity: String, Sendable, Hashable, Codable {
    /// TLS from the first byte (SMTPS, usually port 465).
    case implicitTLS = "implicit-tls"
    /// Plain connect, then STARTTLS before anything else (submission, usually port 587). A server
    /// that does not offer STARTTLS is refused: no silent downgrade.
    case startTLS = "starttls"
    /// No TLS at all: only to a relay on loopback, and never with credentials.
    case none
}
