import Foundation
import HTTPTypes

/// Verifies Graph bearer tokens as Graph does: a JWS signed (RS256) by one of the tenant's
/// published keys, issued by this tenant's v1.0 issuer, for the Graph audience, within its
/// lifetime (5 minutes of clock skew, the identity libraries' default).
enum GraphAuthentication {
    static let clockSkew: TimeInterval = 300
    static let graphAudiences: Set<String> = ["https://graph.microsoft.com", "https://graph.microsoft.com/", "00000003-0000-0000-c000-000000000000"]

    static func authenticate(_ request: SimulatorRequest, core: SimulatorCore) throws(GraphError) -> GraphCaller {
        guard let authorization = request.headers[.authorization], !authorization.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw GraphError.invalidToken("Access token is empty.")
        }
        guard authorization.lowercased().hasPrefix("bearer ") else {
            throw GraphError.invalidToken("Access token is empty.")
        }
        let compact = authorization.dropFirst("bearer ".count).trimmingCharacters(in: .whitespaces)
        guard let token = JSONWebToken(compact: compact) else {
            throw GraphError.invalidToken("IDX14100: JWT is not well formed, there are no dots (.).")
        }
        guard token.algorithm == .rs256, let keyID = token.header["kid"]?.stringValue,
              let key = core.withState({ $0.signingKey(id: keyID) }), token.isSignatureValid(with: key.publicKey)
        else {
            throw GraphError.invalidToken("Access token validation failure. Invalid signature.")
        }
        guard token.audiences.contains(where: { graphAudiences.contains($0.lowercased()) }) else {
            throw GraphError.invalidToken("Access token validation failure. Invalid audience.")
        }
        guard token.claims["iss"]?.stringValue == core.configuration.v1Issuer, token.claims["tid"]?.stringValue?.lowercased() == core.configuration.tenantID else {
            throw GraphError.invalidToken("Access token validation failure. Invalid issuer.")
        }
        let now = core.now.timeIntervalSince1970
        guard let expiry = token.time("exp"), expiry + clockSkew > now else {
            throw GraphError.invalidToken("Lifetime validation failed, the token is expired.")
        }
        if let notBefore = token.time("nbf"), notBefore - clockSkew > now {
            throw GraphError.invalidToken("Lifetime validation failed, the token is not yet valid.")
        }
        let roles = Set(token.claims["roles"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        let scopes = Set((token.claims["scp"]?.stringValue ?? "").split(separator: " ").map(String.init))
        return GraphCaller(appID: token.claims["appid"]?.stringValue ?? token.claims["azp"]?.stringValue ?? "",
                           objectID: token.claims["oid"]?.stringValue ?? "", roles: roles, scopes: scopes)
    }
}
