import Crypto
import CryptoExtras
import Foundation

/// A compact JWS (`header.payload.signature`) with JSON header and claims. Only what Entra
/// uses: RS256 to sign, RS256 and PS256 to verify client assertions.
struct JSONWebToken: Sendable {
    var header: JSONValue
    var claims: JSONValue
    /// `base64url(header).base64url(payload)` exactly as received or produced.
    var signingInput: String
    var signature: [UInt8]

    enum Algorithm: String, Sendable {
        case rs256 = "RS256"
        case ps256 = "PS256"

        var padding: _RSA.Signing.Padding {
            switch self {
            case .rs256: .insecurePKCS1v1_5
            case .ps256: .PSS
            }
        }
    }

    /// Splits and decodes a compact JWS; nil when it is not one (three parts, JSON objects).
    init?(compact: String) {
        let parts = compact.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3,
              let headerBytes = Base64URL.decode(parts[0]), let header = JSONValue(parsing: headerBytes), header.objectValue != nil,
              let claimBytes = Base64URL.decode(parts[1]), let claims = JSONValue(parsing: claimBytes), claims.objectValue != nil,
              let signature = Base64URL.decode(parts[2])
        else { return nil }
        self.header = header
        self.claims = claims
        self.signingInput = "\(parts[0]).\(parts[1])"
        self.signature = signature
    }

    /// Signs `claims` with RS256 under `header` (whose `alg` is set to RS256).
    static func sign(header: JSONValue, claims: JSONValue, with key: _RSA.Signing.PrivateKey, algorithm: Algorithm = .rs256) throws -> String {
        let fullHeader = header.setting("alg", .string(algorithm.rawValue))
        let signingInput = Base64URL.encode(fullHeader.serialized) + "." + Base64URL.encode(claims.serialized)
        let signature = try key.signature(for: SHA256.hash(data: Array(signingInput.utf8)), padding: algorithm.padding)
        return signingInput + "." + Base64URL.encode(Array(signature.rawRepresentation))
    }

    var algorithm: Algorithm? { header["alg"]?.stringValue.flatMap(Algorithm.init(rawValue:)) }

    /// Whether the signature verifies with `key` under the header's algorithm.
    func isSignatureValid(with key: _RSA.Signing.PublicKey) -> Bool {
        guard let algorithm else { return false }
        return key.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: signature),
                                    for: SHA256.hash(data: Array(signingInput.utf8)), padding: algorithm.padding)
    }

    /// A NumericDate claim (`exp`, `nbf`, `iat`) as seconds since 1970.
    func time(_ claim: String) -> Double? { claims[claim]?.doubleValue }

    /// `aud` as a list (it may be a string or an array).
    var audiences: [String] {
        switch claims["aud"] {
        case .string(let value): [value]
        case .array(let values): values.compactMap(\.stringValue)
        default: []
        }
    }
}
