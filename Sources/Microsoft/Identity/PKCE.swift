import Crypto
import Foundation

/// RFC 7636 code verifier. Keep it server-side (e.g. in the portal's session) between the redirect
/// and the code redemption; it is never printed.
public struct PKCECodeVerifier: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public let value: String

    /// A fresh verifier: 32 random bytes, base64url (43 characters).
    public init() {
        var generator = SystemRandomNumberGenerator()
        self.value = Base64URL.encode((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    /// Restores a stored verifier; nil unless it has RFC 7636's shape (43–128 unreserved characters).
    public init?(_ value: String) {
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        guard (43...128).contains(value.count), value.allSatisfy(allowed.contains) else { return nil }
        self.value = value
    }

    /// `code_challenge` for `code_challenge_method=S256`: base64url(SHA-256(verifier)).
    public var s256Challenge: String { Base64URL.encode(SHA256.hash(data: Data(value.utf8))) }

    public var description: String { "<redacted PKCE verifier>" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: []) }
}
