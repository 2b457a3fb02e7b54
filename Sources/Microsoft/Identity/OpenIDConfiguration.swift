public import Foundation

/// The parts of `…/{tenant}/v2.0/.well-known/openid-configuration` Firstkey uses (§2).
public struct OpenIDConfiguration: Sendable, Hashable, Decodable {
    /// `https://login.microsoftonline.com/{tid}/v2.0`
    public var issuer: String
    public var authorizationEndpoint: URL?
    public var tokenEndpoint: URL?
    public var jwksURI: URL

    enum CodingKeys: String, CodingKey {
        case issuer
        case authorizationEndpoint = "authorization_endpoint"
        case tokenEndpoint = "token_endpoint"
        case jwksURI = "jwks_uri"
    }

    public init(issuer: String, authorizationEndpoint: URL? = nil, tokenEndpoint: URL? = nil, jwksURI: URL) {
        self.issuer = issuer
        self.authorizationEndpoint = authorizationEndpoint
        self.tokenEndpoint = tokenEndpoint
        self.jwksURI = jwksURI
    }

    /// The tenant GUID inside the issuer (the configured tenant may be a domain name).
    public var tenantID: String? {
        issuer.split(separator: "/").map(String.init).first(where: UUIDShape.looksLikeGUID)?.lowercased()
    }
}
