// Turns an LDAP result code plus an Active Directory (or Samba, or OpenLDAP) diagnostic message
// into words an administrator can act on.
//
// Decisions use the result code, the operation and the codes ADDiagnostic extracts (the
// leading Win32 code, `data`), plus a few fixed phrases from Samba and OpenLDAP; never the
// whole text, since Windows builds phrase their messages differently. The explanation is built
// only from fixed text, numbers and the policy summary, never from the diagnostic itself, so a
// server that echoes a value cannot leak it into logs or pages.

/// What went wrong and what to do about it.
public struct ADErrorExplanation: Sendable, Hashable {
    /// The cause as a lowercase clause, e.g. "the password is correct but must be changed at
    /// next logon (pwdLastSet is 0)", ready to follow "The directory refused this because".
    public let summary: String
    /// What the administrator can do, as one or two full sentences.
    public let suggestedFix: String
    /// The directory refused the password itself (policy, history, age), not the request: the
    /// person choosing it can try another.
    public let refusesThePassword: Bool

    public init(summary: String, suggestedFix: String, refusesThePassword: Bool = false) {
        self.summary = summary
        self.suggestedFix = suggestedFix
        self.refusesThePassword = refusesThePassword
    }
}

/// The kind of request that failed, which changes what a result code most likely means.
public enum ADOperation: String, Sendable, Hashable, CaseIterable {
    case bind
    /// A password reset: a modify that replaces `unicodePwd` (possibly with `pwdLastSet` and
    /// `userAccountControl` in the same request), or an RFC 3062 password modify on OpenLDAP.
    case setPassword
    case modify
    case search
    case add
    case delete
}

/// Explains LDAP failures from Active Directory, Samba AD and OpenLDAP.
public enum ADErrorExplainer {
    // LDAP result codes (RFC 4511 section 4.1.9) used here.
    private static let protocolError = 2
    private static let strongerAuthRequired = 8
    private static let unavailableCriticalExtension = 12
    private static let constraintViolation = 19
    private static let noSuchObject = 32
    private static let invalidCredentials = 49
    private static let insufficientAccessRights = 50
    private static let unwillingToPerform = 53
    private static let entryAlreadyExists = 68
    private static let other = 80

    // Win32 codes at the start of AD diagnostics.
    private static let errorInvalidParameter: UInt32 = 0x57
    private static let errorGenericFailure: UInt32 = 0x1F
    private static let errorPasswordRestriction: UInt32 = 0x52D
    private static let errorUnwillingToPerform: UInt32 = 0x2077

    /// Explains a failed request, or returns `nil` when there is nothing more specific to say
    /// than the result code itself.
    ///
    /// - Parameters:
    ///   - resultCode: The LDAP result code (49 for invalidCredentials, …).
    ///   - diagnosticMessage: The server's diagnostic message; may be empty.
    ///   - operation: What was being done.
    ///   - policy: The password policy that applies to the user, when known; quoted when a
    ///     password is refused.
    public static func explain(
        resultCode: Int,
        diagnosticMessage: String,
        operation: ADOperation,
        policy: ADPasswordPolicy?
    ) -> ADErrorExplanation? {
        let diagnostic = ADDiagnostic(diagnosticMessage: diagnosticMessage)
        switch resultCode {
        case invalidCredentials:
            return explainInvalidCredentials(diagnostic)
        case strongerAuthRequired:
            return ADErrorExplanation(
                summary: "the server requires an encrypted connection (LDAPS or StartTLS) before a simple bind",
                suggestedFix: "Connect with LDAPS (port 636) or run StartTLS on port 389 before binding."
            )
        case unavailableCriticalExtension:
            return ADErrorExplanation(
                summary: "the domain controller does not support a control that was sent as critical "
                    + "(for example the password policy hints control)",
                suggestedFix: "Check the supportedControl list of the domain controller's rootDSE and send the control only "
                    + "when it is listed; Samba, for one, does not support password policy hints."
            )
        case constraintViolation:
            return explainConstraintViolation(diagnostic, operation: operation, policy: policy)
        case insufficientAccessRights:
            return explainInsufficientAccess(diagnostic, operation: operation)
        case unwillingToPerform:
            return explainUnwilling(diagnostic, operation: operation)
        case other:
            if diagnostic.mentions("pwdLastSet") || (diagnostic.win32Code == errorInvalidParameter && operation == .setPassword) {
                return ADErrorExplanation(
                    summary: "pwdLastSet may only be 0 or -1",
                    suggestedFix: "Write pwdLastSet 0 to make the user change the password at next logon, "
                        + "or -1 to mark the password as set now."
                )
            }
            return nil
        case noSuchObject:
            if operation == .search {
                return ADErrorExplanation(
                    summary: "the search base does not exist",
                    suggestedFix: "Check the base DN in the configuration against the directory (for example the delegated OU's DN)."
                )
            }
            return ADErrorExplanation(
                summary: "the object does not exist (the DN is wrong, or the user was moved, renamed or deleted)",
                suggestedFix: "Look the user up again by objectGUID or employee ID and use the DN the directory returns now."
            )
        case entryAlreadyExists:
            return ADErrorExplanation(
                summary: "an object with this name already exists",
                suggestedFix: "Use a different name, or update the existing object instead of adding a new one."
            )
        case protocolError where diagnostic.mentions("not supported"):
            return ADErrorExplanation(
                summary: "the server does not support this extended operation",
                suggestedFix: "Do without the operation on this server (Samba, for example, does not implement WhoAmI)."
            )
        default:
            return nil
        }
    }

    // MARK: 49 invalidCredentials

    private static func explainInvalidCredentials(_ diagnostic: ADDiagnostic) -> ADErrorExplanation {
        switch diagnostic.dataCode {
        case "525":
            return ADErrorExplanation(
                summary: "the account name does not match any user in the directory",
                suggestedFix: "Check the bind name: the full DN, the UPN (name@domain) or DOMAIN\\name of an existing account."
            )
        case "52e":
            return ADErrorExplanation(
                summary: "the user name or password is wrong",
                suggestedFix: "Check the password stored for this account. Active Directory reports this before any other "
                    + "problem (disabled, expired, locked), so fix the password first."
            )
        case "530":
            return ADErrorExplanation(
                summary: "the account may not log on at this time (logon hours restriction)",
                suggestedFix: "Widen the account's logon hours (logonHours) or try again within them."
            )
        case "531":
            return ADErrorExplanation(
                summary: "the account may not log on from this computer (workstation restriction)",
                suggestedFix: "Add this computer to the account's allowed workstations (userWorkstations) or clear the list."
            )
        case "532":
            return ADErrorExplanation(
                summary: "the password has expired",
                suggestedFix: "Set a new password for the account; for a service account also set \"password never expires\"."
            )
        case "533":
            return ADErrorExplanation(
                summary: "the account is disabled",
                suggestedFix: "Enable the account (clear ACCOUNTDISABLE in userAccountControl) if it should be able to log on."
            )
        case "701":
            return ADErrorExplanation(
                summary: "the account has expired (accountExpires is in the past)",
                suggestedFix: "Extend or clear the account's expiry date (accountExpires)."
            )
        case "773":
            return ADErrorExplanation(
                summary: "the password is correct but must be changed at next logon (pwdLastSet is 0)",
                suggestedFix: "For a new hire this is expected: the user sets a new password at first sign-in. For a service "
                    + "account, give it a new password with pwdLastSet -1 and \"password never expires\"."
            )
        case "775":
            return ADErrorExplanation(
                summary: "the account is locked out after too many failed logons",
                suggestedFix: "Unlock the account (write lockoutTime 0) or wait for the lockout to end, then find what keeps "
                    + "using an old password."
            )
        default:
            return ADErrorExplanation(
                summary: "the user name or password is wrong",
                suggestedFix: "Check the bind name and the password stored for this account."
            )
        }
    }

    // MARK: 19 constraintViolation

    private static func explainConstraintViolation(
        _ diagnostic: ADDiagnostic,
        operation: ADOperation,
        policy: ADPasswordPolicy?
    ) -> ADErrorExplanation {
        // OpenLDAP ppolicy
        if diagnostic.mentions("in history of old passwords") {
            return historyExplanation
        }
        if diagnostic.mentions("too short for policy") {
            return ADErrorExplanation(
                summary: "the password is shorter than the server's password policy allows",
                suggestedFix: "Use a longer password (see pwdMinLength in the password policy entry).", refusesThePassword: true
            )
        }
        if diagnostic.mentions("fails quality checking policy") {
            return ADErrorExplanation(
                summary: "the password fails the server's password quality check (usually it is too short)",
                suggestedFix: "Use a longer password that meets the password policy entry (pwdMinLength, pwdCheckQuality); "
                    + "send the password policy request control to learn the exact reason.", refusesThePassword: true
            )
        }

        let isPasswordRestriction = diagnostic.win32Code == errorPasswordRestriction
            || diagnostic.mentions("check_password_restrictions")
            || diagnostic.attributeName?.lowercased() == "unicodepwd"
        guard isPasswordRestriction || operation == .setPassword else {
            return ADErrorExplanation(
                summary: "a value breaks a rule of the directory schema (wrong format, too long, or several values "
                    + "for a single-valued attribute)",
                suggestedFix: "Check the values written in this request against the attribute definitions in the schema."
            )
        }

        let policyName = policy?.policyName ?? "domain password policy"
        // Samba names the rule; Windows says only 0000052D.
        if diagnostic.mentions("too short") {
            let length = minimumLength(in: diagnostic.message) ?? policy?.minimumLength
            let requirement = length.map { " (at least \($0) characters)" } ?? ""
            return ADErrorExplanation(
                summary: "the password is shorter than the \(policyName) allows\(requirement)",
                suggestedFix: "Generate a longer password; Firstkey's password length setting must be at least the policy's minimum.", refusesThePassword: true
            )
        }
        if diagnostic.mentions("complexity") {
            return ADErrorExplanation(
                summary: "the password does not meet the complexity requirements of the \(policyName) (characters from "
                    + "three of: uppercase, lowercase, digits, symbols; no account name or display-name parts)",
                suggestedFix: "Generate a password that mixes uppercase and lowercase letters, digits and symbols and does not "
                    + "contain the user's name.", refusesThePassword: true
            )
        }
        if diagnostic.mentions("already used") || diagnostic.mentions("history") {
            return historyExplanation
        }
        if diagnostic.mentions("too young") {
            return ADErrorExplanation(
                summary: "the password was changed too recently (the \(policyName) sets a minimum password age)",
                suggestedFix: "Wait until the minimum password age has passed, or have an administrator reset the password.", refusesThePassword: true
            )
        }

        let fix = "Generate a password that meets the policy. A user with a fine-grained password policy "
            + "(msDS-ResultantPSO) follows its rules instead of the domain's; history and minimum age are checked only "
            + "by the domain controller."
        if let policy {
            let name = switch policy.source {
            case .domain: "domain policy"
            case .fineGrained: "fine-grained password policy"
            }
            return ADErrorExplanation(
                summary: "the password does not meet the \(name) (\(policy.summary))",
                suggestedFix: fix, refusesThePassword: true
            )
        }
        return ADErrorExplanation(
            summary: "the password does not meet the domain password policy (length, complexity, history or minimum age)",
            suggestedFix: fix, refusesThePassword: true
        )
    }

    private static let historyExplanation = ADErrorExplanation(
        summary: "the password was used before and is still in the password history",
        suggestedFix: "Choose a password this account has not used before.", refusesThePassword: true
    )

    // Samba: "… It should be equal or longer than 7 characters!"
    private static func minimumLength(in message: String) -> Int? {
        guard let range = message.lowercased().firstRange(of: "longer than ") else { return nil }
        let digits = message.lowercased()[range.upperBound...].prefix(while: { $0.isASCII && $0.isNumber })
        guard !digits.isEmpty, digits.count <= 6 else { return nil }
        return Int(digits)
    }

    // MARK: 50 insufficientAccessRights

    private static func explainInsufficientAccess(_ diagnostic: ADDiagnostic, operation: ADOperation) -> ADErrorExplanation {
        if diagnostic.mentions("Operations are restricted to bind/unbind/abandon/StartTLS/modify password") {
            return ADErrorExplanation(
                summary: "the account this connection is bound as must change its own password first (pwdReset is set)",
                suggestedFix: "Change the service account's password, or clear pwdReset on it, before using it."
            )
        }
        if diagnostic.mentions("no write property access") {
            let attributes = operation == .setPassword ? " (for a password reset: pwdLastSet or userAccountControl)" : ""
            return ADErrorExplanation(
                summary: "the service account may not write an attribute in this request on this object: "
                    + "writing it has not been delegated\(attributes)",
                suggestedFix: "Delegate Write permission for that attribute on user objects in the OU (for example with the "
                    + "Delegation of Control wizard or samba-tool dsacl), or leave the attribute out of the request."
            )
        }
        if operation == .setPassword {
            return ADErrorExplanation(
                summary: "the service account lacks the Reset Password right on this user; the user is likely outside the "
                    + "delegated OU, or is protected by AdminSDHolder (adminCount=1), which removes inherited delegations",
                suggestedFix: "Move the user into the delegated OU or delegate Reset Password on the user's OU. Accounts with "
                    + "adminCount=1 belong to (or once belonged to) a protected group: reset those by hand, not with Firstkey."
            )
        }
        return ADErrorExplanation(
            summary: "the service account lacks the permission to \(verb(operation)) this object",
            suggestedFix: "Delegate the needed right to the service account on the object's OU, or check that the object is "
                + "inside the delegated OU."
        )
    }

    private static func verb(_ operation: ADOperation) -> String {
        switch operation {
        case .bind: "bind as"
        case .setPassword: "set the password of"
        case .modify: "modify"
        case .search: "read"
        case .add: "create"
        case .delete: "delete"
        }
    }

    // MARK: 53 unwillingToPerform

    private static func explainUnwilling(_ diagnostic: ADDiagnostic, operation: ADOperation) -> ADErrorExplanation {
        let isPasswordWrite = operation == .setPassword || diagnostic.mentions("unicodePwd")
        if (diagnostic.win32Code == errorUnwillingToPerform && isPasswordWrite) || diagnostic.mentions("unicodePwd") {
            return encryptionRequired
        }
        if isPasswordWrite && diagnostic.win32Code == errorGenericFailure {
            return ADErrorExplanation(
                summary: "the domain controller refused the password value; usually it is not the password in double "
                    + "quotes encoded as UTF-16LE, or the connection is not encrypted",
                suggestedFix: "Send unicodePwd as the UTF-16LE bytes of the quoted password over LDAPS or StartTLS."
            )
        }
        if isPasswordWrite {
            return ADErrorExplanation(
                summary: "the domain controller refused the password write; most often the connection is not encrypted "
                    + "(LDAPS or StartTLS)",
                suggestedFix: encryptionRequired.suggestedFix
            )
        }
        return ADErrorExplanation(
            summary: "the domain controller refuses to perform this request",
            suggestedFix: "Check that the request is allowed for this kind of object (for example, some system attributes "
                + "cannot be written at all)."
        )
    }

    private static let encryptionRequired = ADErrorExplanation(
        summary: "password writes need an encrypted connection (LDAPS or StartTLS)",
        suggestedFix: "Connect with LDAPS (port 636) or run StartTLS before the password write; the cipher must have "
            + "at least 128-bit keys."
    )
}
