/// Why a sealing key could not be loaded or a secret could not be sealed or opened.
///
/// Messages name files, environment variables and key IDs, which are not secret; they never
/// contain a secret, key material or the text that failed to parse (it might be either).
public struct SecretSealerError: Error, Hashable, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case invalidKey
            case keyNotConfigured
            case keyFileUnreadable
            case keyFileTooPermissive
            case keyFileNotWritten
            case missingContext
            case malformedSealedSecret
            case unsupportedFormat
            case unknownKey
            case openFailed
            case sealFailed
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The key is not 32 bytes, or its base64 text does not decode.
        public static let invalidKey = Code(.invalidKey)
        /// The environment variable meant to hold the key is not set or is empty.
        public static let keyNotConfigured = Code(.keyNotConfigured)
        /// The key file does not exist, is not a regular file or cannot be read.
        public static let keyFileUnreadable = Code(.keyFileUnreadable)
        /// The key file grants any permission to its group or to other users.
        public static let keyFileTooPermissive = Code(.keyFileTooPermissive)
        /// A new key file could not be created (for example, because one exists already).
        public static let keyFileNotWritten = Code(.keyFileNotWritten)
        /// No context (such as a case ID) was given to bind the secret to.
        public static let missingContext = Code(.missingContext)
        /// Stored text is not a well-formed sealed secret.
        public static let malformedSealedSecret = Code(.malformedSealedSecret)
        /// Stored text is a sealed secret in a format version this build does not know.
        public static let unsupportedFormat = Code(.unsupportedFormat)
        /// The secret was sealed with a key that is neither the current nor a previous key.
        public static let unknownKey = Code(.unknownKey)
        /// Authentication failed: the sealed secret was altered, belongs to another context, or
        /// the key with its ID is not the one that sealed it.
        public static let openFailed = Code(.openFailed)
        /// The cryptographic library refused to seal.
        public static let sealFailed = Code(.sealFailed)

        public var description: String { base.rawValue }
    }

    public let code: Code
    /// A sentence for an administrator.
    public let description: String
    /// Detail for a developer, equally free of secrets.
    let detail: String?

    init(_ code: Code, _ description: String, detail: String? = nil) {
        self.code = code
        self.description = description
        self.detail = detail
    }

    public var debugDescription: String {
        var text = "SecretSealerError(code: \(code)): \(description)"
        if let detail {
            text += " [\(detail)]"
        }
        return text
    }
}
