import JWTKit

/// Checks a compact JWT's signature against the tenant's keys and returns its payload. Only
/// RS256 with a `kid` from the tenant's key set is accepted.
enum SignedTokenVerifier {
    static func verify(_ token: String, keys: EntraSigningKeys) async throws(TokenValidationError) -> (EntraTokenPayload, ExpectedIssuers) {
        let header = try JWTCompactHeader.parse(token)
        guard header.alg == "RS256" else {
            throw TokenValidationError(.unsupportedAlgorithm, "it is signed with '\(header.alg ?? "none")'; Entra tokens are signed with RS256")
        }
        guard let kid = header.kid, !kid.isEmpty else {
            throw TokenValidationError(.malformedToken, "its header names no signing key (kid)")
        }
        let keySet = try await keys.keySet(containing: kid)
        do {
            let payload = try await keySet.keys.verify(token, as: EntraTokenPayload.self)
            return (payload, keySet.issuers)
        } catch is DecodingError {
            throw TokenValidationError(.malformedToken, "its payload is not valid JWT claims JSON")
        } catch let error as JWTError where error.errorType == .malformedToken {
            throw TokenValidationError(.malformedToken, "its signature or payload is not valid base64url")
        } catch {
            throw TokenValidationError(.invalidSignature, "its signature does not match the tenant's key '\(kid)'")
        }
    }
}
