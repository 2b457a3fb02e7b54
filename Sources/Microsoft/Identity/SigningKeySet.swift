import Foundation
import JWTKit

/// One fetch of the tenant's discovery document and JWKS: the RSA keys by `kid`, each pinned to
/// RS256 so the token header cannot choose another algorithm.
struct SigningKeySet: Sendable {
    var keyIDs: Set<String>
    var keys: JWTKeyCollection
    var issuers: ExpectedIssuers

    /// Builds the set from a JWKS document; keys that are not RSA signing keys are skipped.
    static func make(jwks body: [UInt8], issuers: ExpectedIssuers) async throws(TokenValidationError) -> SigningKeySet {
        struct Document: Decodable {
            struct Key: Decodable {
                var kty: String?
                var use: String?
                var kid: String?
                var n: String?
                var e: String?
            }
            var keys: [Key]
        }
        guard let document = try? JSONDecoder().decode(Document.self, from: Data(body)) else {
            throw TokenValidationError(.signingKeysUnavailable, "the tenant's key set (JWKS) is not valid JSON")
        }
        let collection = JWTKeyCollection()
        var keyIDs: Set<String> = []
        for key in document.keys where key.kty == "RSA" && (key.use == nil || key.use == "sig") {
            guard let kid = key.kid, let modulus = key.n, let exponent = key.e,
                  let publicKey = try? Insecure.RSA.PublicKey(modulus: modulus, exponent: exponent)
            else { continue }
            await collection.add(rsa: publicKey, digestAlgorithm: .sha256, kid: JWKIdentifier(string: kid))
            keyIDs.insert(kid)
        }
        guard !keyIDs.isEmpty else {
            throw TokenValidationError(.signingKeysUnavailable, "the tenant's key set (JWKS) holds no usable RSA signing key")
        }
        return SigningKeySet(keyIDs: keyIDs, keys: collection, issuers: issuers)
    }
}
