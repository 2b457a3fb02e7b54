public import LDAP

/// The ways Firstkey identifies a user. Each must match exactly one object or it is an error.
public enum ADUserQuery: Hashable, Sendable, CustomStringConvertible {
    case objectSid(SecurityIdentifier)
    case objectGUID(ObjectGUID)
    /// mS-DS-ConsistencyGuid, the usual Entra Connect source anchor.
    case consistencyGuid(ObjectGUID)
    case samAccountName(String)
    case userPrincipalName(String)
    case employeeID(String)
    case distinguishedName(String)

    public var filter: LDAPFilter {
        let match: LDAPFilter = switch self {
        case .objectSid(let sid): .equal("objectSid", bytes: sid.bytes)
        case .objectGUID(let guid): .equal("objectGUID", bytes: guid.bytes)
        case .consistencyGuid(let guid): .equal("mS-DS-ConsistencyGuid", bytes: guid.bytes)
        case .samAccountName(let name): .equal("sAMAccountName", name)
        case .userPrincipalName(let upn): .equal("userPrincipalName", upn)
        case .employeeID(let id): .equal("employeeID", id)
        case .distinguishedName(let dn): .equal("distinguishedName", dn)
        }
        return .and([.equal("objectCategory", "person"), .equal("objectClass", "user"), match])
    }

    public var description: String {
        switch self {
        case .objectSid(let sid): "objectSid \(sid)"
        case .objectGUID(let guid): "objectGUID \(guid)"
        case .consistencyGuid(let guid): "mS-DS-ConsistencyGuid \(guid)"
        case .samAccountName(let name): "sAMAccountName \(name)"
        case .userPrincipalName(let upn): "userPrincipalName \(upn)"
        case .employeeID(let id): "employeeID \(id)"
        case .distinguishedName(let dn): "DN \(dn)"
        }
    }
}
