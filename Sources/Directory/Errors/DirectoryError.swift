import LDAP
public import LDAPClient

/// A directory operation failed. `description` says what happened and what to do, in words an
/// administrator understands; it never contains a password.
public struct DirectoryError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case userNotFound, ambiguousUser, protectedAccount, accountInUse, passwordRejectedByPolicy, directoryRefused,
                 unreachable, invalidInput, unexpectedData
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        public static let userNotFound = Code(.userNotFound)
        /// More than one object matched an identifier that must be unique: never guess.
        public static let ambiguousUser = Code(.ambiguousUser)
        /// adminCount=1 or membership of a protected group: Firstkey refuses to touch it.
        public static let protectedAccount = Code(.protectedAccount)
        /// The account shows signs of use (logged on, password changed, too old, outside the
        /// target OU, a tier-0 or deny group): it gets no first credential (`reasons` say why).
        public static let accountInUse = Code(.accountInUse)
        /// Firstkey's own check against the effective policy refused the password before sending it.
        public static let passwordRejectedByPolicy = Code(.passwordRejectedByPolicy)
        /// The directory answered with an error result.
        public static let directoryRefused = Code(.directoryRefused)
        /// No directory server could be reached, or the connection failed.
        public static let unreachable = Code(.unreachable)
        public static let invalidInput = Code(.invalidInput)
        public static let unexpectedData = Code(.unexpectedData)

        public var description: String { base.rawValue }
    }

    public var code: Code
    public var summary: String
    public var suggestedFix: String?
    /// The LDAP failure underneath, with the server's result code and diagnostic.
    public var ldapError: LDAPError?
    /// Individual reasons, e.g. each policy rule a password breaks.
    public var reasons: [String]

    public init(_ code: Code, summary: String, suggestedFix: String? = nil, ldapError: LDAPError? = nil, reasons: [String] = []) {
        self.code = code
        self.summary = summary
        self.suggestedFix = suggestedFix
        self.ldapError = ldapError
        self.reasons = reasons
    }

    public var description: String {
        var text = summary
        if !reasons.isEmpty { text += ": " + reasons.joined(separator: "; ") }
        if let ldapError, let result = ldapError.result {
            text += " (LDAP \(result.resultCode)"
            if !result.diagnosticMessage.isEmpty { text += ": \(result.diagnosticMessage)" }
            text += ")"
        } else if let ldapError {
            text += " (\(ldapError))"
        }
        if let suggestedFix { text += ". \(suggestedFix)" }
        return text
    }
}

extension DirectoryError {
    /// Wraps an LDAP failure with the explanation that fits the operation.
    static func from(_ error: any Error, operation: ADOperation, policy: ADPasswordPolicy? = nil, context: String) -> DirectoryError {
        if let directoryError = error as? DirectoryError { return directoryError }
        guard let ldapError = error as? LDAPError else {
            return DirectoryError(.unexpectedData, summary: "\(context) failed: \(error)")
        }
        if let result = ldapError.result {
            if let explanation = ADErrorExplainer.explain(resultCode: result.resultCode.rawValue, diagnosticMessage: result.diagnosticMessage, operation: operation, policy: policy) {
                return DirectoryError(explanation.refusesThePassword ? .passwordRejectedByPolicy : .directoryRefused,
                                      summary: "\(context) failed because \(explanation.summary)", suggestedFix: explanation.suggestedFix, ldapError: ldapError,
                                      reasons: explanation.refusesThePassword ? [explanation.summary] : [])
            }
            return DirectoryError(.directoryRefused, summary: "\(context) failed", ldapError: ldapError)
        }
        return DirectoryError(.unreachable, summary: "\(context) failed", ldapError: ldapError)
    }
}

/// For callers outside the module that hold a raw LDAPError.
public enum DirectoryErrorExplaining {
    public static func describe(_ error: LDAPError, operation: ADOperation, policy: ADPasswordPolicy? = nil) -> String {
        DirectoryError.from(error, operation: operation, policy: policy, context: error.operation ?? "the request").description
    }
}
