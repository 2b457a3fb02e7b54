import LDAP

// The codes inside an Active Directory (or Samba AD) diagnostic message.
//
// Windows and Samba phrase their messages differently and change the DSIDs between builds, so
// callers should decide on the LDAP result code plus the codes parsed here, never on the whole
// text. Examples this must read:
//
//   80090308: LdapErr: DSID-0C09030B, comment: AcceptSecurityContext error, data 52e, v893
//   0000052D: AtrErr: DSID-03191083, #1:
//   	0: 0000052D: DSID-03191083, problem 1005 (CONSTRAINT_ATT_TYPE), data 0, Att 9005a (unicodePwd)
//   00002077: SvcErr: DSID-…, problem 5003 (WILL_NOT_PERFORM), data 0
//   0000052D: Constraint violation - check_password_restrictions: the password is too short. …
//
// The message comes from the server, so anything at all must parse without trapping.

/// The machine-readable parts of an Active Directory diagnostic message.
public struct ADDiagnostic: Sendable, Hashable {
    /// The whole message as received.
    public let message: String

    /// The Win32 or HRESULT code the message starts with, e.g. `0x52D`
    /// (ERROR_PASSWORD_RESTRICTION) for `0000052D: …` or `0x80090308` for a failed bind.
    public let win32Code: UInt32?

    /// The `data` value in lowercase hex without leading zeros, e.g. `"52e"`, `"773"`, `"0"`.
    /// For bind failures it says why (52e bad password, 773 must change password, …).
    public let dataCode: String?

    /// The `problem` number, e.g. 1005 (CONSTRAINT_ATT_TYPE) or 5003 (WILL_NOT_PERFORM).
    public let problem: Int?

    /// The symbolic problem name in parentheses after the number, e.g. `"WILL_NOT_PERFORM"`.
    public let problemName: String?

    /// The `DSID-…` location in the DC's code, useful only when asking Microsoft support.
    public let dsid: String?

    /// The attribute an `AtrErr` names, e.g. `"unicodePwd"` from `Att 9005a (unicodePwd)`.
    public let attributeName: String?

    /// Reads the codes out of `diagnosticMessage`; any part that is absent is `nil`.
    public init(diagnosticMessage: String) {
        message = diagnosticMessage
        let tokens = Self.tokens(of: diagnosticMessage)

        win32Code = Self.leadingCode(of: diagnosticMessage)

        var dataCode: String?
        var problem: Int?
        var problemName: String?
        var dsid: String?
        var attributeName: String?
        for (index, token) in tokens.enumerated() {
            let lowered = token.lowercased()
            let next = index + 1 < tokens.count ? tokens[index + 1] : nil
            if dataCode == nil, lowered == "data", let next {
                dataCode = Self.normalizedHex(next)
            } else if problem == nil, lowered == "problem", let next, let number = Self.decimal(next) {
                problem = number
                if index + 2 < tokens.count, let name = Self.parenthesized(tokens[index + 2]) {
                    problemName = name
                }
            } else if dsid == nil, lowered.hasPrefix("dsid-"), token.count > 5 {
                dsid = token
            } else if attributeName == nil, lowered == "att", index + 2 < tokens.count,
                let name = Self.parenthesized(tokens[index + 2])
            {
                attributeName = name
            }
        }
        self.dataCode = dataCode
        self.problem = problem
        self.problemName = problemName
        self.dsid = dsid
        self.attributeName = attributeName
    }

    /// Whether the message mentions `text`, ignoring case (for Samba's and OpenLDAP's wording).
    public func mentions(_ text: String) -> Bool {
        message.lowercased().contains(text.lowercased())
    }

    // Eight hex digits and a colon at the very start (after any whitespace).
    private static func leadingCode(of message: String) -> UInt32? {
        let bytes = Array(message.utf8.drop(while: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }))
        guard bytes.count >= 9, bytes[8] == UInt8(ascii: ":") else { return nil }
        var value: UInt32 = 0
        for byte in bytes[0..<8] {
            guard let nibble = LDAPHex.value(ofDigit: byte) else { return nil }
            value = value << 4 | UInt32(nibble)
        }
        return value
    }

    // Splits at whitespace and commas. Some logs print the separators escaped ("\n\t"), so a
    // literal backslash followed by n, r or t also separates.
    private static func tokens(of message: String) -> [String] {
        var tokens: [String] = []
        var current: [UInt8] = []
        let bytes = Array(message.utf8)
        var index = 0
        func flush() {
            if !current.isEmpty {
                tokens.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
            }
        }
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ","):
                flush()
            case UInt8(ascii: "\\") where index + 1 < bytes.count
                && [UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t")].contains(bytes[index + 1]):
                flush()
                index += 1
            default:
                current.append(byte)
            }
            index += 1
        }
        flush()
        return tokens
    }

    private static func normalizedHex(_ token: String) -> String? {
        let bytes = Array(token.utf8)
        guard !bytes.isEmpty, bytes.count <= 16, bytes.allSatisfy({ LDAPHex.value(ofDigit: $0) != nil }) else { return nil }
        let trimmed = token.lowercased().drop(while: { $0 == "0" })
        return trimmed.isEmpty ? "0" : String(trimmed)
    }

    private static func decimal(_ token: String) -> Int? {
        guard !token.isEmpty, token.utf8.count <= 9, token.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Int(token)
    }

    private static func parenthesized(_ token: String) -> String? {
        guard token.hasPrefix("("), token.hasSuffix(")"), token.count > 2 else { return nil }
        return String(token.dropFirst().dropLast())
    }
}
