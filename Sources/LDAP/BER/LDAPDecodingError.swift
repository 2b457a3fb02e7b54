/// A PDU could not be decoded. The message says what was wrong with the bytes, never what they held.
public struct LDAPDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case malformed, messageTooLarge, unexpectedElement, invalidValue
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The bytes are not valid BER.
        public static let malformed = Code(.malformed)
        /// The PDU announces a length above the configured cap.
        public static let messageTooLarge = Code(.messageTooLarge)
        /// A valid BER element appeared where LDAP expects another.
        public static let unexpectedElement = Code(.unexpectedElement)
        /// An element has the right shape but an impossible value.
        public static let invalidValue = Code(.invalidValue)

        public var description: String {
            switch base {
            case .malformed: "malformed BER"
            case .messageTooLarge: "message too large"
            case .unexpectedElement: "unexpected element"
            case .invalidValue: "invalid value"
            }
        }
    }

    public let code: Code
    public let reason: String

    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "LDAP decoding failed (\(code)): \(reason)" }
}
