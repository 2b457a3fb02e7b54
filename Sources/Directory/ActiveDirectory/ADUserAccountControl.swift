// The `userAccountControl` bit field (MS-ADTS 2.2.16, ADS_USER_FLAG_ENUM).
//
// LOCKOUT and PASSWORD_EXPIRED are computed, not stored: read them from the constructed
// `msDS-User-Account-Control-Computed`, which uses the same bits. 512 is an enabled normal
// account, 514 a disabled one, 66048 an enabled one whose password never expires.

/// The flags of an account's `userAccountControl` (or `msDS-User-Account-Control-Computed`).
public struct ADUserAccountControl: OptionSet, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt32

    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    /// Reads the decimal attribute value. The schema's syntax is a signed 32-bit integer, so
    /// a negative value is taken as its bit pattern. `nil` when the text is not a number.
    public init?(ldapValue: String) {
        guard let number = Int64(ldapValue), number >= Int64(Int32.min), number <= Int64(UInt32.max) else {
            return nil
        }
        self.init(rawValue: UInt32(truncatingIfNeeded: number))
    }

    /// The decimal value to write back, e.g. `"512"`.
    public var ldapValue: String {
        String(rawValue)
    }

    /// SCRIPT: the logon script runs.
    public static let script = ADUserAccountControl(rawValue: 0x1)
    /// ACCOUNTDISABLE: the account is disabled.
    public static let accountDisabled = ADUserAccountControl(rawValue: 0x2)
    /// HOMEDIR_REQUIRED.
    public static let homeDirectoryRequired = ADUserAccountControl(rawValue: 0x8)
    /// LOCKOUT: the account is locked out (computed; see msDS-User-Account-Control-Computed).
    public static let lockout = ADUserAccountControl(rawValue: 0x10)
    /// PASSWD_NOTREQD: the account may have an empty password.
    public static let passwordNotRequired = ADUserAccountControl(rawValue: 0x20)
    /// PASSWD_CANT_CHANGE: the user may not change the password (an ACL, not settable here).
    public static let passwordCantChange = ADUserAccountControl(rawValue: 0x40)
    /// ENCRYPTED_TEXT_PWD_ALLOWED: the password is stored with reversible encryption.
    public static let encryptedTextPasswordAllowed = ADUserAccountControl(rawValue: 0x80)
    /// TEMP_DUPLICATE_ACCOUNT.
    public static let temporaryDuplicateAccount = ADUserAccountControl(rawValue: 0x100)
    /// NORMAL_ACCOUNT: an ordinary user account.
    public static let normalAccount = ADUserAccountControl(rawValue: 0x200)
    /// INTERDOMAIN_TRUST_ACCOUNT.
    public static let interdomainTrustAccount = ADUserAccountControl(rawValue: 0x800)
    /// WORKSTATION_TRUST_ACCOUNT: a computer account.
    public static let workstationTrustAccount = ADUserAccountControl(rawValue: 0x1000)
    /// SERVER_TRUST_ACCOUNT: a domain controller.
    public static let serverTrustAccount = ADUserAccountControl(rawValue: 0x2000)
    /// DONT_EXPIRE_PASSWORD: the password never expires.
    public static let dontExpirePassword = ADUserAccountControl(rawValue: 0x10000)
    /// MNS_LOGON_ACCOUNT.
    public static let mnsLogonAccount = ADUserAccountControl(rawValue: 0x20000)
    /// SMARTCARD_REQUIRED: the user must log on with a smart card; a password is of no use.
    public static let smartcardRequired = ADUserAccountControl(rawValue: 0x40000)
    /// TRUSTED_FOR_DELEGATION.
    public static let trustedForDelegation = ADUserAccountControl(rawValue: 0x80000)
    /// NOT_DELEGATED: the account is sensitive and cannot be delegated.
    public static let notDelegated = ADUserAccountControl(rawValue: 0x100000)
    /// USE_DES_KEY_ONLY.
    public static let useDESKeyOnly = ADUserAccountControl(rawValue: 0x200000)
    /// DONT_REQ_PREAUTH: Kerberos pre-authentication is not required.
    public static let dontRequirePreauthentication = ADUserAccountControl(rawValue: 0x400000)
    /// PASSWORD_EXPIRED: the password has expired (computed).
    public static let passwordExpired = ADUserAccountControl(rawValue: 0x800000)
    /// TRUSTED_TO_AUTH_FOR_DELEGATION.
    public static let trustedToAuthenticateForDelegation = ADUserAccountControl(rawValue: 0x1000000)
    /// PARTIAL_SECRETS_ACCOUNT: a read-only domain controller.
    public static let partialSecretsAccount = ADUserAccountControl(rawValue: 0x4000000)

    /// The flags in bit order with their Microsoft names, as administrators find them in the
    /// documentation.
    public static let namedFlags: [(flag: ADUserAccountControl, name: String)] = [
        (.script, "SCRIPT"),
        (.accountDisabled, "ACCOUNTDISABLE"),
        (.homeDirectoryRequired, "HOMEDIR_REQUIRED"),
        (.lockout, "LOCKOUT"),
        (.passwordNotRequired, "PASSWD_NOTREQD"),
        (.passwordCantChange, "PASSWD_CANT_CHANGE"),
        (.encryptedTextPasswordAllowed, "ENCRYPTED_TEXT_PWD_ALLOWED"),
        (.temporaryDuplicateAccount, "TEMP_DUPLICATE_ACCOUNT"),
        (.normalAccount, "NORMAL_ACCOUNT"),
        (.interdomainTrustAccount, "INTERDOMAIN_TRUST_ACCOUNT"),
        (.workstationTrustAccount, "WORKSTATION_TRUST_ACCOUNT"),
        (.serverTrustAccount, "SERVER_TRUST_ACCOUNT"),
        (.dontExpirePassword, "DONT_EXPIRE_PASSWORD"),
        (.mnsLogonAccount, "MNS_LOGON_ACCOUNT"),
        (.smartcardRequired, "SMARTCARD_REQUIRED"),
        (.trustedForDelegation, "TRUSTED_FOR_DELEGATION"),
        (.notDelegated, "NOT_DELEGATED"),
        (.useDESKeyOnly, "USE_DES_KEY_ONLY"),
        (.dontRequirePreauthentication, "DONT_REQ_PREAUTH"),
        (.passwordExpired, "PASSWORD_EXPIRED"),
        (.trustedToAuthenticateForDelegation, "TRUSTED_TO_AUTH_FOR_DELEGATION"),
        (.partialSecretsAccount, "PARTIAL_SECRETS_ACCOUNT"),
    ]

    /// The names of the set flags in bit order, e.g. `["ACCOUNTDISABLE", "NORMAL_ACCOUNT"]`
    /// for 514. Bits without a name appear as hex, e.g. `"0x4"`.
    public var flagNames: [String] {
        var names: [String] = []
        for bit in 0..<32 {
            let mask = UInt32(1) << UInt32(bit)
            guard rawValue & mask != 0 else { continue }
            if let named = Self.namedFlags.first(where: { $0.flag.rawValue == mask }) {
                names.append(named.name)
            } else {
                names.append("0x" + String(mask, radix: 16, uppercase: true))
            }
        }
        return names
    }

    /// The value and its flag names, e.g. `514 (ACCOUNTDISABLE, NORMAL_ACCOUNT)`.
    public var description: String {
        rawValue == 0 ? "0 (no flags)" : "\(rawValue) (\(flagNames.joined(separator: ", ")))"
    }
}
