/// TLS trust for the mail server. Certificate and host name verification are always on.
public struct SMTPTLSConfiguration: Sendable, Hashable {
    /// PEM file of the CA(s) that issued the server's certificate; nil uses the system trust store.
    public var caFile: String?
    /// The name to verify when it differs from the host connected to.
    public var serverName: String?

    public init(caFile: String? = nil, serverName: String? = nil) {
        self.caFile = caFile
        self.serverName = serverName
    }
}
