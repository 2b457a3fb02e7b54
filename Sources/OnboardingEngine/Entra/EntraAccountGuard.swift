import Foundation
public import Microsoft

/// The Entra half of the first-credential guard: an Entra user who holds a directory role, or who
/// has ever signed in successfully, is an account in use, and Firstkey creates no first credential
/// for it (the AD half is `FirstCredentialGuard`). Pure: the readings come from Graph.
public enum EntraAccountGuard {
    public struct Findings: Sendable {
        /// Activated directory roles, direct or through role-assignable groups.
        public var directoryRoles: [GraphDirectoryObject]
        public var signInActivity: SignInActivityReading

        public init(directoryRoles: [GraphDirectoryObject], signInActivity: SignInActivityReading) {
            self.directoryRoles = directoryRoles
            self.signInActivity = signInActivity
        }
    }

    /// Why the user must not get a first credential, in plain words; empty when nothing speaks against it.
    public static func refusals(_ findings: Findings) -> [String] {
        var reasons: [String] = []
        if !findings.directoryRoles.isEmpty {
            let count = findings.directoryRoles.count
            reasons.append("it holds \(count == 1 ? "an Entra directory role" : "\(count) Entra directory roles") (an administrator's account is never a new hire's)")
        }
        if case .readable(let last?) = findings.signInActivity {
            reasons.append("it signed in successfully to Entra ID on \(ISO8601DateFormatter().string(from: last)), so someone already uses it")
        }
        return reasons
    }

    /// What the step's detail says about the checks that could not be made.
    public static func limitation(_ findings: Findings) -> String? {
        guard case .unavailable(let error) = findings.signInActivity else { return nil }
        let why = error.graphCode == "Authentication_RequestFromNonPremiumTenantOrB2CTenant"
            ? "the tenant has no Microsoft Entra ID P1/P2 licence" : "AuditLog.Read.All is not granted"
        return "sign-in activity not checked (\(why))"
    }

    public static func explanation(_ refusals: [String], user: String) -> String {
        "Firstkey gives no first credential to the Entra user \(user): \(refusals.joined(separator: "; ")). "
            + "If this really is the new hire, find out who used the account before going on (a second credential needs 'firstkey cases reissue'); "
            + "otherwise the intake named the wrong person"
    }
}
