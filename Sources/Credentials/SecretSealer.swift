import Crypto
import Foundation

/// Seals secrets (generated passwords, pickup codes) for storage with AES-256-GCM, bound to a
/// context such as the case ID, and opens them again.
///
/// The context is authenticated data: a sealed secret copied to another case does not open.
/// Rotation: seal with the current key, open with it or any previous key, and re-seal what
/// ``isSealedWithCurrentKey(_:)`` reports as old before dropping a previous key.
///
/// Lifetime of secrets. A secret is wiped from the store by deleting its sealed value; there is
/// no separate wiping step. Swift strings cannot be wiped reliably from memory (they are copied
/// and their buffers freed without being cleared), so instead an opened secret lives only for the
/// request that needs it (writing the password to the directory, showing it once on the pickup
/// page) and is never logged, cached or kept in a long-lived value.
public struct SecretSealer: Sendable {
    public let current: SealingKey
    public let previous: [SealingKey]

    public init(current: SealingKey, previous: [SealingKey] = []) {
        self.current = current
        self.previous = previous
    }

    /// `secret` sealed with the current key, bound to `context`.
    public func seal(_ secret: String, context: String) throws -> SealedSecret {
        let authenticatedData = try Self.authenticatedData(for: context)
        let box: AES.GCM.SealedBox
        do {
            box = try AES.GCM.seal(Data(secret.utf8), using: current.key, authenticating: authenticatedData)
        } catch {
            throw SecretSealerError(
                .sealFailed,
                "The secret could not be sealed because the cryptographic library failed.",
                detail: "\(type(of: error))"
            )
        }
        // Always present with the default 12-byte nonce.
        guard let combined = box.combined else {
            throw SecretSealerError(.sealFailed, "The secret could not be sealed because the cryptographic library failed.")
        }
        return SealedSecret(keyID: current.keyID, combined: combined)
    }

    /// The secret in `sealed`, if it was sealed for `context` with the current or a previous key.
    public func open(_ sealed: SealedSecret, context: String) throws -> String {
        let authenticatedData = try Self.authenticatedData(for: context)
        let candidates = ([current] + previous).filter { $0.keyID == sealed.keyID }
        guard !candidates.isEmpty else {
            throw SecretSealerError(
                .unknownKey,
                "The secret was sealed with key \(sealed.keyID), which is neither the current sealing key "
                    + "(\(current.keyID)) nor one of the previous keys configured."
            )
        }
        guard let bytes = sealed.combinedBytes, let box = try? AES.GCM.SealedBox(combined: bytes) else {
            throw SecretSealerError(
                .malformedSealedSecret,
                "The stored sealed secret is damaged or is not in Firstkey's format."
            )
        }
        // Key IDs are 32 bits, so two keys may share one: try each.
        for key in candidates {
            if let plaintext = try? AES.GCM.open(box, using: key.key, authenticating: authenticatedData) {
                guard let secret = String(bytes: plaintext, encoding: .utf8) else {
                    throw SecretSealerError(
                        .openFailed,
                        "The sealed secret was opened but does not hold text.",
                        detail: "plaintext is not UTF-8"
                    )
                }
                return secret
            }
        }
        throw SecretSealerError(
            .openFailed,
            "The sealed secret could not be opened: it was altered, it belongs to another case or context, "
                + "or key \(sealed.keyID) is not the key that sealed it."
        )
    }

    /// Whether `sealed` uses the current key; if not, open and seal it again before retiring
    /// the previous key.
    public func isSealedWithCurrentKey(_ sealed: SealedSecret) -> Bool {
        sealed.keyID == current.keyID
    }

    // The format version is authenticated with the context so that a future format can never
    // be handed a v1 box as its own.
    private static func authenticatedData(for context: String) throws -> Data {
        guard !context.isEmpty else {
            throw SecretSealerError(
                .missingContext,
                "A secret can only be sealed or opened for a context, such as a case ID, and none was given."
            )
        }
        return Data("firstkey-sealed-secret:\(SealedSecret.formatVersion):\(context)".utf8)
    }
}
