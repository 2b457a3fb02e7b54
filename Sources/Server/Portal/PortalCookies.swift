import Credentials
import Foundation

/// A value kept in a cookie, sealed with the sealing key (AES-256-GCM, its purpose as
/// authenticated data): the browser can neither read nor change it, and a cookie made for one
/// purpose opens for no other. Nothing of a sign-in is kept on the server, so any instance can
/// finish a sign-in another one started.
struct SealedCookieCodec: Sendable {
    let sealer: SecretSealer

    func seal(_ value: some Encodable, purpose: String) throws -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        let json = String(decoding: try encoder.encode(value), as: UTF8.self)
        let sealed = try sealer.seal(json, context: "firstkey cookie \(purpose) v1")
        return Data(sealed.storageText.utf8).base64EncodedString().base64URL
    }

    /// The value, if `text` is a cookie this codec sealed for `purpose`; nil for anything else.
    func open<Value: Decodable>(_ text: String?, as type: Value.Type, purpose: String) -> Value? {
        guard let text, text.utf8.count <= 8192, let data = Data(base64Encoded: text.base64FromURL),
              let sealed = try? SealedSecret(storageText: String(decoding: data, as: UTF8.self)),
              let json = try? sealer.open(sealed, context: "firstkey cookie \(purpose) v1") else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return try? decoder.decode(Value.self, from: Data(json.utf8))
    }
}

/// What a sign-in needs to remember between the redirect to Entra and the answer coming back.
struct SignInTransaction: Codable, Sendable {
    enum Purpose: String, Codable, Sendable {
        case portal, admin
    }

    var purpose: Purpose
    var state: String
    var nonce: String
    var codeVerifier: String
    var startedAt: Date

    static let lifetime: TimeInterval = 600
}

/// A signed-in person: the portal's hire or the dashboard's administrator.
struct PortalSession: Codable, Sendable {
    var purpose: SignInTransaction.Purpose
    var tenantID: String
    var objectID: String
    var onPremisesSecurityIdentifier: String?
    var preferredUsername: String?
    var name: String?
    var groups: [String]
    var roles: [String]
    var authenticationMethods: [String]
    var authenticatedAt: Date?
    var signedInAt: Date
    var expiresAt: Date
    /// Every form of the session repeats it (synchronizer token): a cross-site form post has
    /// the cookie but not this value.
    var csrf: String
    /// The session's ID: the store keeps its SHA-256, and the session is live only while that
    /// record is.
    var sessionID: String
}

enum PortalRandom {
    /// 256 random bits, base64url.
    static func token() -> String {
        var generator = SystemRandomNumberGenerator()
        return Data((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }).base64EncodedString().base64URL
    }

    /// Equal without an early exit.
    static func equal(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.utf8), right = Array(rhs.utf8)
        guard left.count == right.count else { return false }
        return zip(left, right).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

extension String {
    var base64URL: String {
        replacing("+", with: "-").replacing("/", with: "_").replacing("=", with: "")
    }

    var base64FromURL: String {
        let text = replacing("-", with: "+").replacing("_", with: "/")
        return text + String(repeating: "=", count: (4 - text.count % 4) % 4)
    }
}
