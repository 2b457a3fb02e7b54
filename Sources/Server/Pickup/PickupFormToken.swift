import Credentials
import Crypto
import Foundation

/// The hidden field of the pickup form: which ticket the form was served for, when (the
/// server's clock, so the typing-time rule cannot be cheated by the client) and the value the
/// CSRF cookie must repeat. Signed, so none of it can be changed or made up.
struct PickupFormToken: Hashable, Sendable {
    /// Hex SHA-256 of the link token the form was served under.
    var tokenDigest: String
    var servedAt: Date
    /// 128 random bits, base64url: also the value of ``PickupFormSigner/cookieName``.
    var csrf: String

    /// A new CSRF value.
    static func newCSRF() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString().replacing("+", with: "-").replacing("/", with: "_").replacing("=", with: "")
    }

    /// Whether `value` looks like a CSRF value this page made (so a cookie can be reused).
    static func isWellFormedCSRF(_ value: String) -> Bool {
        value.count == 22 && value.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }
}

/// Signs and checks ``PickupFormToken``s: `v1.<token digest>.<served at, ms>.<csrf>.<HMAC>`.
struct PickupFormSigner: Sendable {
    static let cookieName = "firstkey_pickup"
    private static let version = "v1"
    private let key: SymmetricKey
    /// Forms served before a key rotation still verify.
    private let previousKeys: [SymmetricKey]

    /// The signing key is derived from the sealing key with HKDF under its own label. Credentials
    /// keeps the raw key to itself; what it offers keyed by it is the code digester, whose
    /// digest of a label no case ID can equal is a secret value of the sealing key alone, and that
    /// value is the HKDF input.
    init(sealingKey: SealingKey) {
        key = Self.derive(sealingKey)
        previousKeys = []
    }

    init(sealer: SecretSealer) {
        key = Self.derive(sealer.current)
        previousKeys = sealer.previous.map(Self.derive)
    }

    private static func derive(_ sealingKey: SealingKey) -> SymmetricKey {
        let material = PickupCodeDigester(sealingKey: sealingKey).digest("", caseID: "firstkey pickup form signing key")
        return HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: Data(material.utf8)),
                                      info: Data("firstkey pickup form v1".utf8), outputByteCount: 32)
    }

    func sign(_ token: PickupFormToken) -> String {
        let payload = [Self.version, token.tokenDigest, String(Int64((token.servedAt.timeIntervalSince1970 * 1000).rounded())), token.csrf]
            .joined(separator: ".")
        return payload + "." + PickupSecrets.hex(HMAC<SHA256>.authenticationCode(for: Data(payload.utf8), using: key))
    }

    /// The token in `text`, if this signer made it; nil for anything else.
    func verify(_ text: String) -> PickupFormToken? {
        guard text.utf8.count <= 256 else { return nil }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0] == Self.version, let mac = Self.bytes(fromHex: parts[4]) else { return nil }
        let payload = parts[0..<4].joined(separator: ".")
        guard ([key] + previousKeys).contains(where: { HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: Data(payload.utf8), using: $0) }),
              let milliseconds = Int64(parts[2]) else { return nil }
        return PickupFormToken(tokenDigest: String(parts[1]), servedAt: Date(timeIntervalSince1970: Double(milliseconds) / 1000),
                               csrf: String(parts[3]))
    }

    /// Whether `cookie` (the CSRF cookie sent with the form) is the value the form carries,
    /// compared without an early exit.
    static func cookie(_ cookie: String?, matches token: PickupFormToken) -> Bool {
        guard let cookie else { return false }
        let lhs = Array(cookie.utf8), rhs = Array(token.csrf.utf8)
        guard lhs.count == rhs.count else { return false }
        return zip(lhs, rhs).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// The 32 bytes of a MAC in hex (either case), or nil.
    private static func bytes(fromHex text: Substring) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count == 64 else { return nil }
        func nibble(_ digit: UInt8) -> UInt8? {
            switch digit {
            case 0x30...0x39: digit - 0x30
            case 0x41...0x46: digit - 0x41 + 10
            case 0x61...0x66: digit - 0x61 + 10
            default: nil
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        for index in stride(from: 0, to: 64, by: 2) {
            guard let high = nibble(utf8[index]), let low = nibble(utf8[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }
}
