public import Foundation

/// One field of an intake that cannot be accepted, and why.
public struct IntakeProblem: Hashable, Sendable, Codable {
    public var field: String
    public var reason: String

    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }
}

/// A validated intake: everything needed to open a case.
public struct IntakeRecord: Hashable, Sendable {
    public var identity: HireIdentity
    public var hireDate: Date
    public var deliveryMode: DeliveryMode
    public var recipients: Recipients

    public init(identity: HireIdentity, hireDate: Date, deliveryMode: DeliveryMode, recipients: Recipients) {
        self.identity = identity
        self.hireDate = hireDate
        self.deliveryMode = deliveryMode
        self.recipients = recipients
    }
}

/// Checks an intake before anything is written, naming each field and what is wrong with it.
/// The same rules serve the CLI, CSV import and the REST API.
public enum IntakeValidation {
    /// A calendar day, YYYY-MM-DD. Impossible days (2026-02-30) are refused, not rolled over.
    public static func parseDay(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        let day = text.trimmed
        guard let date = formatter.date(from: day), formatter.string(from: date) == day else { return nil }
        return date
    }

    /// Builds a record from raw field values, or returns every problem found.
    public static func record(identity: HireIdentity, hireDate: String?, deliveryMode: String?, recipients: Recipients,
                              defaultMode: DeliveryMode = .selfService) -> Result<IntakeRecord, IntakeFailure> {
        var problems: [IntakeProblem] = []
        var date: Date?
        if let hireDate, !hireDate.trimmed.isEmpty {
            date = parseDay(hireDate)
            if date == nil { problems.append(IntakeProblem(field: "hireDate", reason: "must be a date like 2026-12-01")) }
        } else {
            problems.append(IntakeProblem(field: "hireDate", reason: "is required: the credential must work before the first day"))
        }
        var mode = defaultMode
        if let deliveryMode, !deliveryMode.trimmed.isEmpty {
            if let parsed = DeliveryMode(rawValue: deliveryMode.trimmed.lowercased()) {
                mode = parsed
            } else {
                problems.append(IntakeProblem(field: "deliveryMode", reason: "must be one of \(DeliveryMode.allCases.map(\.rawValue).joined(separator: ", "))"))
            }
        }
        problems += Self.problems(identity: identity, recipients: recipients, mode: mode)
        guard problems.isEmpty, let date else { return .failure(IntakeFailure(problems: problems)) }
        return .success(IntakeRecord(identity: identity, hireDate: date, deliveryMode: mode, recipients: recipients))
    }

    public static func problems(identity: HireIdentity, recipients: Recipients, mode: DeliveryMode) -> [IntakeProblem] {
        var problems: [IntakeProblem] = []
        if identity.intakeKey == nil {
            problems.append(IntakeProblem(field: "identity", reason: "give at least one of employeeId, userPrincipalName, entraObjectId or samAccountName"))
        }
        if let upn = identity.userPrincipalName, !upn.isEmpty, upn.split(separator: "@", omittingEmptySubsequences: false).count != 2 || upn.contains(" ") {
            problems.append(IntakeProblem(field: "userPrincipalName", reason: "must look like name@domain"))
        }
        if let mobile = recipients.mobilePhone, !mobile.isEmpty, !isE164(mobile) {
            problems.append(IntakeProblem(field: "mobile", reason: "must be an E.164 number such as +4915112345678"))
        }
        for (field, address) in [("privateEmail", recipients.privateEmail), ("managerEmail", recipients.managerEmail)] {
            if let address, !address.isEmpty, address.split(separator: "@", omittingEmptySubsequences: false).count != 2 || address.contains(" ") {
                problems.append(IntakeProblem(field: field, reason: "is not an e-mail address"))
            }
        }
        if mode != .selfService, (recipients.mobilePhone ?? "").isEmpty {
            problems.append(IntakeProblem(field: "mobile", reason: "is required for \(mode.rawValue): the secret goes to the hire's phone"))
        }
        return problems
    }

    public static func isE164(_ number: String) -> Bool {
        guard number.hasPrefix("+") else { return false }
        let digits = number.dropFirst()
        return (8...15).contains(digits.count) && digits.allSatisfy { $0.isASCII && $0.isNumber } && digits.first != "0"
    }
}

public struct IntakeFailure: Error, Hashable, Sendable {
    public var problems: [IntakeProblem]
}
