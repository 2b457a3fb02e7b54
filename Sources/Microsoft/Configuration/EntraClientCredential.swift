import Foundation

/// How Firstkey authenticates to the token endpoint. A certificate is preferred: nothing secret
/// travels, and Entra shows which certificate is about to expire.
public enum EntraClientCredential: Sendable, CustomStringConvertible {
    case secret(EntraClientSecret)
    case certificate(EntraClientCertificate)

    public var description: String {
        switch self {
        case .secret: "client secret"
        case .certificate(let certificate): "certificate \(certificate.sha256Thumbprint)"
        }
    }
}

/// A client secret's *value* (not its secret ID). Never printed: every textual form is redacted.
public struct EntraClientSecret: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    let value: String

    public init(_ value: String) throws(EntraConfigurationError) {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            throw EntraConfigurationError(.missingValue, field: "client secret", reason: "it is empty")
        }
        // A secret ID is a GUID; the value shown once in the portal is not. Pasting the ID is the
        // commonest registration mistake and Entra answers it with a vague AADSTS7000215.
        if UUIDShape.looksLikeGUID(trimmed) {
            throw EntraConfigurationError(
                .invalidValue, field: "client secret",
                reason: "it looks like the secret's ID (a GUID); paste the secret's Value, which the portal shows only once when the secret is created")
        }
        self.value = trimmed
    }

    public var description: String { "<redacted client secret>" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: []) }
}

enum UUIDShape {
    static func looksLikeGUID(_ text: String) -> Bool {
        let groups = text.split(separator: "-", omittingEmptySubsequences: false)
        return groups.map(\.count) == [8, 4, 4, 4, 12] && groups.allSatisfy { $0.allSatisfy(\.isHexDigit) }
    }
}
