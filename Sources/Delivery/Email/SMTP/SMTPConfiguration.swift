/// Settings for sending e-mail through an SMTP server (a relay or a submission service).
public struct SMTPConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var security: SMTPSecurity
    public var tls: SMTPTLSConfiguration
    public var credentials: SMTPCredentials?
    /// The envelope sender and `From:`.
    public var sender: EmailAddress
    /// The name Firstkey introduces itself with in EHLO; default: the sender's domain.
    public var heloName: String
    public var connectTimeout: Duration
    /// How long to wait for each reply.
    public var commandTimeout: Duration
    /// How long to wait for the server to accept the message after its end (RFC 5321 suggests 10 min).
    public var dataTimeout: Duration

    public init(
        host: String, port: Int? = nil, security: SMTPSecurity, tls: SMTPTLSConfiguration = SMTPTLSConfiguration(),
        credentials: SMTPCredentials? = nil, sender: EmailAddress, heloName: String? = nil,
        connectTimeout: Duration = .seconds(10), commandTimeout: Duration = .seconds(60), dataTimeout: Duration = .seconds(300)
    ) throws(DeliveryError) {
        func invalid(_ detail: String) -> DeliveryError { DeliveryError(.invalidConfiguration, provider: .smtp, detail: detail) }
        guard !host.isEmpty else { throw invalid("the SMTP host is empty") }
        let port = port ?? (security == .implicitTLS ? 465 : security == .startTLS ? 587 : 25)
        guard (1...65535).contains(port) else { throw invalid("the SMTP port \(port) is out of range") }
        if security == .none {
            guard LoopbackHost.contains(host) else { throw invalid("SMTP without TLS is allowed only to a relay on loopback; use starttls or implicit-tls") }
            guard credentials == nil else { throw invalid("SMTP credentials are never sent without TLS; use starttls or implicit-tls") }
        }
        let helo = heloName ?? sender.domain
        guard !helo.isEmpty, helo.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "[" || $0 == "]" || $0 == ":") }) else {
            throw invalid("the EHLO name '\(helo)' is not a host name")
        }
        self.host = host
        self.port = port
        self.security = security
        self.tls = tls
        self.credentials = credentials
        self.sender = sender
        self.heloName = helo
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.dataTimeout = dataTimeout
    }
}
