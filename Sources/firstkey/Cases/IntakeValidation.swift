import Foundation
import Onboarding

/// Checks an intake before anything is written, naming each field and what is wrong with it.
enum IntakeValidation {
    struct Problem: Hashable, Encodable {
        var field: String
        var reason: String
    }

    static func parseDay(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.date(from: text.trimmingCharacters(in: .whitespaces))
    }

    static func problems(identity: HireIdentity, recipients: Recipients, mode: DeliveryMode) -> [Problem] {
        var problems: [Problem] = []
        if identity.intakeKey == nil {
            problems.append(Problem(field: "identity", reason: "give at least one of employeeId, userPrincipalName, entraObjectId or samAccountName"))
        }
        if let upn = identity.userPrincipalName, !upn.isEmpty, upn.split(separator: "@").count != 2 {
            problems.append(Problem(field: "userPrincipalName", reason: "must look like name@domain"))
        }
        if let mobile = recipients.mobilePhone, !mobile.isEmpty, !isE164(mobile) {
            problems.append(Problem(field: "mobile", reason: "must be an E.164 number such as +4915112345678"))
        }
        for (field, address) in [("privateEmail", recipients.privateEmail), ("managerEmail", recipients.managerEmail)] {
            if let address, !address.isEmpty, address.split(separator: "@").count != 2 || address.contains(" ") {
                problems.append(Problem(field: field, reason: "is not an e-mail address"))
            }
        }
        if mode != .selfService, recipients.mobilePhone == nil {
            problems.append(Problem(field: "mobile", reason: "is required for \(mode.rawValue): the secret goes to the hire's phone"))
        }
        return problems
    }

    static func isE164(_ number: String) -> Bool {
        guard number.hasPrefix("+") else { return false }
        let digits = number.dropFirst()
        return (8...15).contains(digits.count) && digits.allSatisfy(\.isNumber) && digits.first != "0"
    }
}
