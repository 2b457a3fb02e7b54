import Foundation

/// The JOSE header of a compact JWT, read before verification to pick the key. Only `alg` and
/// `kid` are used, and only to select; the signature check decides.
struct JWTCompactHeader: Sendable, Equatable, Decodable {
    static let maximumTokenLength = 16 * 1024

    var alg: String?
    var kid: String?
    var typ: String?

    static func parse(_ token: String) throws(TokenValidationError) -> JWTCompactHeader {
        guard token.utf8.count <= maximumTokenLength else {
            throw TokenValidationError(.malformedToken, "it is longer than any Entra token (\(token.utf8.count) bytes)")
        }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw TokenValidationError(.malformedToken, "it is not a signed JWT (three base64url parts separated by dots)")
        }
        guard let bytes = Base64URL.decode(parts[0]), let header = try? JSONDecoder().decode(JWTCompactHeader.self, from: Data(bytes)) else {
            throw TokenValidationError(.malformedToken, "its header is not base64url-encoded JSON")
        }
        return header
    }
}
