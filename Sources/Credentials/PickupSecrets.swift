import Crypto
import Foundation

/// The two halves of a pickup: the link token (128 random bits, in the link) and the code (in
/// the other message), with the digests the store keeps instead of either.
public struct PickupSecrets: Sendable {
    /// 16 random bytes, base64url without padding (22 characters).
    public let token: String
    /// Eight digits: typed from a phone, and with five attempts a guess succeeds once in 20
    /// million tickets.
    public let code: String

    public static func generate<Generator: RandomNumberGenerator>(using generator: inout Generator) -> PickupSecrets {
        let bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let code = (0..<8).map { _ in String(Int.random(in: 0...9, using: &generator)) }.joined()
        return PickupSecrets(token: Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
                                .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: ""),
                             code: code)
    }

    public static func generate() -> PickupSecrets {
        var generator = SystemRandomNumberGenerator()
        return generate(using: &generator)
    }

    /// Hex SHA-256 of a link token: finds the ticket without storing the token.
    public static func tokenDigest(_ token: String) -> String {
        hex(SHA256.hash(data: Data(token.utf8)))
    }

    /// Lowercase hex of `bytes`, two digits a byte (as `String(format: "%02x")` would write them,
    /// without its cost: the pickup page digests a token and a code on every request).
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in bytes {
            text.append(hexDigits[Int(byte >> 4)])
            text.append(hexDigits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}

/// Keyed digests of pickup codes. The key is derived from the sealing key (HKDF-SHA256, its own
/// label), so a stolen database alone cannot be used to try all 10^8 codes offline.
public struct PickupCodeDigester: Sendable {
    private let key: SymmetricKey
    /// Keys of the previous sealing keys: a code digested before a key rotation still matches.
    private let previousKeys: [SymmetricKey]

    public init(sealingKey: SealingKey) {
        key = Self.derive(sealingKey)
        previousKeys = []
    }

    /// Digests with the sealer's current key; matches codes digested with any key of its ring.
    public init(sealer: SecretSealer) {
        key = Self.derive(sealer.current)
        previousKeys = sealer.previous.map(Self.derive)
    }

    private static func derive(_ sealingKey: SealingKey) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: sealingKey.key, info: Data("firstkey pickup code v1".utf8), outputByteCount: 32)
    }

    /// The digest stored for `code` on the ticket of `caseID` (bound to the case: a digest
    /// copied to another ticket does not match).
    public func digest(_ code: String, caseID: String) -> String {
        Self.digest(code, caseID: caseID, key: key)
    }

    private static func digest(_ code: String, caseID: String, key: SymmetricKey) -> String {
        let normalized = code.filter { !$0.isWhitespace && $0 != "-" }
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(caseID)\n\(normalized)".utf8), using: key)
        return PickupSecrets.hex(mac)
    }

    /// Whether `code` is the one whose digest is stored, compared in constant time, under every
    /// key of the ring (all are computed, so the time does not tell which key matched).
    public func matches(_ code: String, caseID: String, digest stored: String) -> Bool {
        let expected = Array(stored.utf8)
        var matched = false
        for candidate in [key] + previousKeys {
            let computed = Array(Self.digest(code, caseID: caseID, key: candidate).utf8)
            guard computed.count == expected.count else { continue }
            var difference: UInt8 = 0
            for index in computed.indices { difference |= computed[index] ^ expected[index] }
            matched = matched || difference == 0
        }
        return matched
    }
}

