public import Foundation

/// Where Firstkey's Entra application lives and how it proves who it is. Loaded once and passed
/// to the token client, the Graph client and the validators.
///
/// TLS certificate verification is always on. `additionalTrustedCertificateAuthorityPEM` adds a
/// root (e.g. the simulator's or an inspecting proxy's) to the system roots; it never disables
/// checking. Plain `http` is accepted only for loopback hosts, for tests against a local simulator.
public struct EntraConfiguration: Sendable {
    public static let defaultAuthorityHost = URL(string: "https://login.microsoftonline.com")!
    public static let defaultGraphBaseURL = URL(string: "https://graph.microsoft.com/v1.0")!

    /// The STS, without a tenant: `https://login.microsoftonline.com`.
    public var authorityHost: URL
    /// Tenant GUID or verified domain. Not `common`, `organizations` or `consumers`.
    public var tenantID: String
    /// The application (client) ID of Firstkey's app registration.
    public var clientID: String
    public var credential: EntraClientCredential
    /// Graph root including the version: `https://graph.microsoft.com/v1.0`.
    public var graphBaseURL: URL
    /// Extra certificate authorities to trust, in PEM, on top of the system roots.
    public var additionalTrustedCertificateAuthorityPEM: String?

    public init(
        tenantID: String,
        clientID: String,
        credential: EntraClientCredential,
        authorityHost: URL = EntraConfiguration.defaultAuthorityHost,
        graphBaseURL: URL = EntraConfiguration.defaultGraphBaseURL,
        additionalTrustedCertificateAuthorityPEM: String? = nil
    ) throws(EntraConfigurationError) {
        self.tenantID = tenantID.trimmingCharacters(in: .whitespaces)
        self.clientID = clientID.trimmingCharacters(in: .whitespaces)
        self.credential = credential
        self.authorityHost = Self.withoutTrailingSlash(authorityHost)
        self.graphBaseURL = Self.withoutTrailingSlash(graphBaseURL)
        self.additionalTrustedCertificateAuthorityPEM = additionalTrustedCertificateAuthorityPEM
        try validate()
    }

    /// Checks the values an administrator typed; the error names the field.
    public func validate() throws(EntraConfigurationError) {
        if tenantID.isEmpty {
            throw EntraConfigurationError(.missingValue, field: "tenant ID", reason: "it is empty; use the directory (tenant) ID GUID from the app registration's overview page")
        }
        if ["common", "organizations", "consumers"].contains(tenantID.lowercased()) {
            throw EntraConfigurationError(.invalidValue, field: "tenant ID", reason: "'\(tenantID)' is a multi-tenant alias; Firstkey needs your own tenant ID (a GUID) or verified domain")
        }
        if !tenantID.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." }) {
            throw EntraConfigurationError(.invalidValue, field: "tenant ID", reason: "it must be a GUID or a domain name")
        }
        if clientID.isEmpty {
            throw EntraConfigurationError(.missingValue, field: "client ID", reason: "it is empty; use the application (client) ID GUID of the app registration")
        }
        if UUID(uuidString: clientID) == nil {
            throw EntraConfigurationError(.invalidValue, field: "client ID", reason: "'\(clientID)' is not a GUID; use the application (client) ID, not the object ID or the name")
        }
        try Self.checkTransport(authorityHost, field: "authority host")
        try Self.checkTransport(graphBaseURL, field: "Graph base URL")
    }

    /// `…/{tenant}/oauth2/v2.0/token`
    public var tokenEndpoint: URL { tenantURL.appendingPathComponent("oauth2/v2.0/token") }
    /// `…/{tenant}/oauth2/v2.0/authorize`
    public var authorizationEndpoint: URL { tenantURL.appendingPathComponent("oauth2/v2.0/authorize") }
    /// `…/{tenant}/v2.0/.well-known/openid-configuration`
    public var openIDConfigurationURL: URL { tenantURL.appendingPathComponent("v2.0/.well-known/openid-configuration") }
    /// The audience a client assertion must carry: the token endpoint of the tenant.
    var clientAssertionAudience: String { tokenEndpoint.absoluteString }

    private var tenantURL: URL { authorityHost.appendingPathComponent(tenantID) }

    private static func withoutTrailingSlash(_ url: URL) -> URL {
        var text = url.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        return URL(string: text) ?? url
    }

    private static func checkTransport(_ url: URL, field: String) throws(EntraConfigurationError) {
        guard let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty else {
            throw EntraConfigurationError(.invalidValue, field: field, reason: "'\(url.absoluteString)' is not an absolute URL")
        }
        switch scheme {
        case "https":
            return
        case "http" where LoopbackHost.isLoopback(host):
            return
        case "http":
            throw EntraConfigurationError(.insecureTransport, field: field, reason: "'\(url.absoluteString)' uses plain http; Microsoft endpoints must be reached over https")
        default:
            throw EntraConfigurationError(.invalidValue, field: field, reason: "'\(url.absoluteString)' must be an https URL")
        }
    }
}

enum LoopbackHost {
    static func isLoopback(_ host: String) -> Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        return bare == "localhost" || bare == "::1" || bare.hasPrefix("127.")
    }
}
