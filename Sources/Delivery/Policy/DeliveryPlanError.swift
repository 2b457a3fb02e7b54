public import Onboarding

/// Why no plan can keep the delivery rules for a case (or a configuration). `description` is the
/// sentence `firstkey config check`, the engine's failure reason and the audit trail show; it
/// never holds more of an address than its masked form.
public struct DeliveryPlanError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case channelsMissing, recipientMissing, invalidAddress, sharedAddress, nobodyToTell, ruleViolated
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The mode needs a channel kind that is not configured.
        public static let channelsMissing = Code(.channelsMissing)
        /// The case lacks an address the mode needs.
        public static let recipientMissing = Code(.recipientMissing)
        /// An address the mode needs is malformed.
        public static let invalidAddress = Code(.invalidAddress)
        /// The hire's private address is the manager's: the manager would get what only the hire may.
        public static let sharedAddress = Code(.sharedAddress)
        /// Self-service without any usable address at all.
        public static let nobodyToTell = Code(.nobodyToTell)
        /// The plan broke a rule (a defect in Firstkey, never expected).
        public static let ruleViolated = Code(.ruleViolated)

        public var description: String { base.rawValue }
    }

    public var code: Code
    public var mode: DeliveryMode
    public var reason: String

    public init(_ code: Code, mode: DeliveryMode, reason: String) {
        self.code = code
        self.mode = mode
        self.reason = reason
    }

    public var description: String { "Delivery mode \(mode.rawValue) cannot be used: \(reason)" }
}
