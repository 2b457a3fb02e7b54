/// How to start a simulator: which tenant it plays and where it listens.
public struct SimulatorConfiguration: Sendable {
    /// The tenant ID (GUID): `tid` of every token and the `{tenant}` of the identity paths.
    public var tenantID: String
    /// Verified domains that may stand for the tenant in `/{tenant}/…` paths.
    public var domainNames: [String]
    /// Loopback address to listen on.
    public var host: String
    /// Plain HTTP port; 0 picks a free one.
    public var httpPort: Int
    /// HTTPS port; nil = no HTTPS listener, 0 picks a free one.
    public var httpsPort: Int?
    /// The STS host as it appears in issuers (`iss`) and assertion audiences. Entra writes
    /// `https://login.microsoftonline.com` whatever host served the request, and so does the
    /// simulator; endpoints in the discovery document point at the simulator itself.
    public var issuerHost: String

    /// The tenant ID used when none is given.
    public static let defaultTenantID = "8f3b4c2e-5d1a-4e7b-9c6f-0a1b2c3d4e5f"

    public init(tenantID: String = SimulatorConfiguration.defaultTenantID, domainNames: [String] = ["contoso.onmicrosoft.com"],
                host: String = "127.0.0.1", httpPort: Int = 0, httpsPort: Int? = 0,
                issuerHost: String = "https://login.microsoftonline.com")
    {
        self.tenantID = tenantID.lowercased()
        self.domainNames = domainNames
        self.host = host
        self.httpPort = httpPort
        self.httpsPort = httpsPort
        self.issuerHost = issuerHost
    }

    /// `https://sts.windows.net/{tid}/`: the issuer of v1.0 access tokens (all Graph tokens).
    public var v1Issuer: String { "https://sts.windows.net/\(tenantID)/" }
    /// `https://login.microsoftonline.com/{tid}/v2.0`: the issuer of v2.0 tokens and of the discovery document.
    public var v2Issuer: String { "\(issuerHost)/\(tenantID)/v2.0" }
}
