import Foundation

/// A secret sealed by ``SecretSealer``: safe to store, useless without the key and the context.
///
/// Stored and encoded as one line of text, ``storageText``: `v1:<keyID>:<base64>`, where the
/// base64 holds the AES-GCM nonce (12 bytes), ciphertext and tag (16 bytes).
public struct SealedSecret: Hashable, Sendable, Codable, CustomStringConvertible {
    static let formatVersion = "v1"
    static let nonceAndTagByteCount = 12 + 16

    /// The ``SealingKey/keyID`` of the key that sealed it.
    public let keyID: String
    /// The base64 of nonce, ciphertext and tag.
    public let combined: String

    init(keyID: String, combined: Data) {
        self.keyID = keyID
        self.combined = combined.base64EncodedString()
    }

    /// The text to store: `v1:<keyID>:<base64>`.
    public var storageText: String {
        "\(Self.formatVersion):\(keyID):\(combined)"
    }

    /// Parses text made by ``storageText``.
    public init(storageText: String) throws {
        let parts = storageText.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else {
            throw Self.malformed("it does not have three parts separated by colons")
        }
        guard parts[0] == Self.formatVersion else {
            // The version is echoed only when it looks like one: the text might be anything.
            let version = parts[0].count <= 4 && parts[0].first == "v" && parts[0].dropFirst().allSatisfy(\.isNumber)
                ? String(parts[0]) : "unrecognised"
            throw SecretSealerError(
                .unsupportedFormat,
                "The stored sealed secret uses a format this version of Firstkey does not support.",
                detail: "format \(version)"
            )
        }
        guard parts[1].count == 8, parts[1].allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
            throw Self.malformed("its key ID is not 8 lower-case hex digits")
        }
        guard let bytes = Data(base64Encoded: String(parts[2])) else {
            throw Self.malformed("its sealed box is not base64")
        }
        guard bytes.count >= Self.nonceAndTagByteCount else {
            throw Self.malformed("its sealed box is too short to hold a nonce and a tag")
        }
        self.init(keyID: String(parts[1]), combined: bytes)
    }

    var combinedBytes: Data? {
        Data(base64Encoded: combined)
    }

    private static func malformed(_ detail: String) -> SecretSealerError {
        SecretSealerError(
            .malformedSealedSecret,
            "The stored sealed secret is damaged or is not in Firstkey's format.",
            detail: detail
        )
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            try self.init(storageText: text)
        } catch let error as SecretSealerError {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.debugDescription)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(storageText)
    }

    /// Short, so that logs are not filled with base64.
    public var description: String {
        "SealedSecret(\(Self.formatVersion), key \(keyID))"
    }
}
