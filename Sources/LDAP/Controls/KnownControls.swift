import SwiftASN1

/// Simple paged results (RFC 2696); AD's MaxPageSize bounds the page size.
public struct PagedResultsControl: Hashable, Sendable {
    public static let oid = "1.2.840.113556.1.4.319"
    public var size: Int32
    public var cookie: [UInt8]

    public init(size: Int32, cookie: [UInt8] = []) {
        self.size = size
        self.cookie = cookie
    }

    public func control(criticality: Bool = false) -> LDAPControl {
        var serializer = DER.Serializer()
        serializer.appendConstructedNode(identifier: .sequence) { body in
            body.appendInteger(Int64(size))
            body.appendOctets(cookie)
        }
        return LDAPControl(oid: Self.oid, criticality: criticality, value: serializer.serializedBytes)
    }

    public init(control: LDAPControl) throws {
        guard control.oid == Self.oid, let value = control.value else {
            throw LDAPDecodingError(.invalidValue, "not a paged results control with a value")
        }
        let root = try parseBER(value, "paged results value")
        var children = try BERRead.children(root, .sequence, "paged results value")
        self.size = try BERRead.int32(BERRead.next(&children, "size"), .integer, "size")
        self.cookie = try BERRead.octets(BERRead.next(&children, "cookie"), .octetString, "cookie")
        try BERRead.end(&children, "paged results value")
    }
}

/// AD's domain scope control: no referrals to other naming contexts (no value).
public enum DomainScopeControl {
    public static let oid = "1.2.840.113556.1.4.1339"
    public static func control(criticality: Bool = false) -> LDAPControl { LDAPControl(oid: oid, criticality: criticality) }
}

/// AD's password policy hints: make an administrative reset honour password history.
public struct PolicyHintsControl: Hashable, Sendable {
    public static let oid = "1.2.840.113556.1.4.2239"
    public static let deprecatedOID = "1.2.840.113556.1.4.2066"

    public static func control(oid: String = oid, enforceHistory: Bool = true, criticality: Bool = true) -> LDAPControl {
        var serializer = DER.Serializer()
        serializer.appendConstructedNode(identifier: .sequence) { $0.appendInteger(enforceHistory ? 1 : 0) }
        return LDAPControl(oid: oid, criticality: criticality, value: serializer.serializedBytes)
    }
}

/// The password policy control of draft-behera-ldap-password-policy (OpenLDAP ppolicy).
public struct PasswordPolicyResponse: Hashable, Sendable {
    public static let oid = "1.3.6.1.4.1.42.2.27.8.5.1"

    public enum Warning: Hashable, Sendable {
        case timeBeforeExpiration(seconds: Int64)
        case graceAuthenticationsRemaining(Int64)
    }

    public enum PolicyError: Int, Hashable, Sendable, CustomStringConvertible {
        case passwordExpired = 0, accountLocked, changeAfterReset, passwordModNotAllowed, mustSupplyOldPassword,
             insufficientPasswordQuality, passwordTooShort, passwordTooYoung, passwordInHistory, passwordTooLong

        public var description: String {
            switch self {
            case .passwordExpired: "the password has expired"
            case .accountLocked: "the account is locked"
            case .changeAfterReset: "the password must be changed after a reset"
            case .passwordModNotAllowed: "the user may not change the password"
            case .mustSupplyOldPassword: "the old password must be supplied"
            case .insufficientPasswordQuality: "the password fails the quality check"
            case .passwordTooShort: "the password is too short for the policy"
            case .passwordTooYoung: "the password was changed too recently"
            case .passwordInHistory: "the password is in the history of old passwords"
            case .passwordTooLong: "the password is too long for the policy"
            }
        }
    }

    public var warning: Warning?
    public var error: PolicyError?

    public static func requestControl() -> LDAPControl { LDAPControl(oid: oid) }

    public init(warning: Warning? = nil, error: PolicyError? = nil) {
        self.warning = warning
        self.error = error
    }

    public init(control: LDAPControl) throws {
        guard control.oid == Self.oid else { throw LDAPDecodingError(.invalidValue, "not a password policy control") }
        guard let value = control.value, !value.isEmpty else { return }
        let root = try parseBER(value, "password policy value")
        var children = try BERRead.children(root, .sequence, "password policy value")
        if let warningNode = BERRead.optional(&children, .context(0)) {
            var choice = try BERRead.children(warningNode, .context(0), "ppolicy warning")
            let inner = try BERRead.next(&choice, "ppolicy warning value")
            switch inner.identifier {
            case .context(0): warning = .timeBeforeExpiration(seconds: try BERRead.integer(inner, .context(0), "timeBeforeExpiration"))
            case .context(1): warning = .graceAuthenticationsRemaining(try BERRead.integer(inner, .context(1), "graceAuthNsRemaining"))
            default: throw LDAPDecodingError(.unexpectedElement, "unknown ppolicy warning \(inner.identifier)")
            }
        }
        if let errorNode = BERRead.optional(&children, .context(1)) {
            let raw = try BERRead.integer(errorNode, .context(1), "ppolicy error")
            error = PolicyError(rawValue: Int(raw))
        }
        try BERRead.end(&children, "password policy value")
    }
}

func parseBER(_ bytes: [UInt8], _ what: String) throws -> ASN1Node {
    do {
        return try BER.parse(bytes)
    } catch let error as LDAPDecodingError {
        throw error
    } catch {
        throw LDAPDecodingError(.malformed, "\(what) is not valid BER")
    }
}
