/// TLS settings. Certificate and host name verification are always on unless the lab-only switch
/// is set, which the connection logs loudly every time it is used.
public struct LDAPTLSConfiguration: Hashable, Sendable {
    /// PEM file of the CA(s) that issued the DCs' certificates; nil uses the system trust store.
    public var caFile: String?
    /// The name to verify in the server certificate when it differs from the host connected to
    /// (e.g. connecting to an IP address whose certificate names `dc1.ad.example.test`).
    public var serverName: String?
    /// Disables certificate verification. For a lab only; never in production.
    public var insecureSkipVerificationLabOnly: Bool

    public init(caFile: String? = nil, serverName: String? = nil, insecureSkipVerificationLabOnly: Bool = false) {
        self.caFile = caFile
        self.serverName = serverName
        self.insecureSkipVerificationLabOnly = insecureSkipVerificationLabOnly
    }
}
