import Directory
import LDAP
import LDAPClient
import Foundation

/// Human output by default, JSON with --json. Secrets never reach either.
enum Output {
    static func json<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(value)) ?? Data("{}".utf8), as: UTF8.self)
    }

    static func table(_ rows: [(String, String)]) -> String {
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }.joined(separator: "\n")
    }

    static func error(_ error: any Error, json: Bool) -> String {
        let report = ErrorReport(error)
        return json ? Self.json(["error": report]) : "error: \(report.message)"
    }
}

struct ErrorReport: Encodable {
    var code: String
    var message: String
    var ldapResultCode: Int?
    var diagnosticMessage: String?

    init(_ error: any Error) {
        switch error {
        case let directory as DirectoryError:
            code = directory.code.description
            message = directory.description
            ldapResultCode = directory.ldapError?.result?.resultCode.rawValue
            diagnosticMessage = directory.ldapError?.result?.diagnosticMessage
        default:
            code = "error"
            message = "\(error)"
        }
    }
}

struct UserReport: Encodable {
    var dn: String
    var samAccountName: String?
    var userPrincipalName: String?
    var displayName: String?
    var employeeID: String?
    var objectSid: String?
    var objectGUID: String?
    var immutableID: String?
    var consistencyGuid: String?
    var enabled: Bool
    var lockedOut: Bool
    var passwordExpired: Bool
    var mustChangePasswordAtNextLogon: Bool
    var pwdLastSet: Int64
    var passwordLastSet: String?
    var adminCount: Int
    var userAccountControl: UInt32
    var userAccountControlFlags: [String]
    var resultantPSO: String?

    init(_ user: ADUser) {
        dn = user.dn
        samAccountName = user.samAccountName
        userPrincipalName = user.userPrincipalName
        displayName = user.displayName
        employeeID = user.employeeID
        objectSid = user.objectSid?.description
        objectGUID = user.objectGUID?.description
        immutableID = (user.consistencyGuid ?? user.objectGUID)?.base64
        consistencyGuid = user.consistencyGuid?.description
        enabled = user.isEnabled
        lockedOut = user.isLockedOut
        passwordExpired = user.isPasswordExpired
        mustChangePasswordAtNextLogon = user.mustChangePasswordAtNextLogon
        pwdLastSet = user.pwdLastSet
        passwordLastSet = Self.fileTime(user.pwdLastSet)
        adminCount = user.adminCount
        userAccountControl = user.userAccountControl.rawValue
        userAccountControlFlags = user.userAccountControl.flagNames
        resultantPSO = user.resultantPSO
    }

    /// 100-ns ticks since 1601-01-01 → ISO 8601; nil for 0 (never / must change).
    static func fileTime(_ ticks: Int64) -> String? {
        guard ticks > 0 else { return nil }
        let seconds = Double(ticks) / 10_000_000 - 11_644_473_600
        return ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: seconds))
    }

    var rows: [(String, String)] {
        [
            ("DN", dn),
            ("sAMAccountName", samAccountName ?? "-"),
            ("userPrincipalName", userPrincipalName ?? "-"),
            ("displayName", displayName ?? "-"),
            ("employeeID", employeeID ?? "-"),
            ("objectSid", objectSid ?? "-"),
            ("objectGUID", objectGUID ?? "-"),
            ("immutableId (Entra)", immutableID ?? "-"),
            ("enabled", enabled ? "yes" : "no"),
            ("locked out", lockedOut ? "yes" : "no"),
            ("password", mustChangePasswordAtNextLogon ? "must change at next logon (pwdLastSet 0)" : "set \(passwordLastSet ?? "-")"),
            ("password expired", passwordExpired ? "yes" : "no"),
            ("adminCount", adminCount == 0 ? "0" : "\(adminCount) (protected: Firstkey will not touch it)"),
            ("userAccountControl", "\(userAccountControl) \(userAccountControlFlags.joined(separator: " "))"),
            ("password policy", resultantPSO.map { "fine-grained \($0)" } ?? "domain"),
        ]
    }
}
