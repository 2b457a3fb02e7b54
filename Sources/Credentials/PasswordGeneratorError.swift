/// Why ``PasswordGenerator`` could not produce a password. Messages hold only numbers and
/// names chosen by Firstkey: never a password, a candidate or a forbidden string.
public struct PasswordGeneratorError: Error, Hashable, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case unsatisfiableRequirements
            case lengthOutOfRange
            case noCompliantPassword
            case wordListUnavailable
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The requirements contradict themselves or cannot be met by the style.
        public static let unsatisfiableRequirements = Code(.unsatisfiableRequirements)
        /// The requested length lies outside the requirements' minimum and maximum.
        public static let lengthOutOfRange = Code(.lengthOutOfRange)
        /// Every candidate contained a forbidden substring.
        public static let noCompliantPassword = Code(.noCompliantPassword)
        /// The bundled passphrase word list is missing or damaged.
        public static let wordListUnavailable = Code(.wordListUnavailable)

        public var description: String { base.rawValue }
    }

    public let code: Code
    public let style: PasswordGenerator.Style
    /// A sentence for an administrator.
    public let description: String

    init(_ code: Code, style: PasswordGenerator.Style, _ description: String) {
        self.code = code
        self.style = style
        self.description = description
    }

    public var debugDescription: String {
        "PasswordGeneratorError(code: \(code), style: \(style.rawValue)): \(description)"
    }
}
