/// Who the hire is, in every system that names them. Any subset may be known at intake; the
/// correlate step fills in the AD keys.
public struct HireIdentity: Hashable, Sendable, Codable {
    public var entraObjectID: String?
    public var userPrincipalName: String?
    public var employeeID: String?
    public var samAccountName: String?
    public var displayName: String?
    /// AD objectSid as S-1-5-21-…; Entra's onPremisesSecurityIdentifier.
    public var objectSid: String?
    /// AD objectGUID (canonical string form).
    public var objectGUID: String?
    /// Entra's onPremisesImmutableId: base64 of objectGUID or mS-DS-ConsistencyGuid.
    public var immutableID: String?

    public init(entraObjectID: String? = nil, userPrincipalName: String? = nil, employeeID: String? = nil, samAccountName: String? = nil,
                displayName: String? = nil, objectSid: String? = nil, objectGUID: String? = nil, immutableID: String? = nil) {
        self.entraObjectID = entraObjectID
        self.userPrincipalName = userPrincipalName
        self.employeeID = employeeID
        self.samAccountName = samAccountName
        self.displayName = displayName
        self.objectSid = objectSid
        self.objectGUID = objectGUID
        self.immutableID = immutableID
    }

    /// The key that makes intake idempotent: the same hire sent twice maps to the same case. The
    /// most stable identifier wins: Entra object ID, then employee ID, then UPN (case-insensitive).
    public var intakeKey: String? {
        if let id = entraObjectID?.trimmed, !id.isEmpty { return "entra:" + id.lowercased() }
        if let id = employeeID?.trimmed, !id.isEmpty { return "employee:" + id }
        if let upn = userPrincipalName?.trimmed, !upn.isEmpty { return "upn:" + upn.lowercased() }
        if let sam = samAccountName?.trimmed, !sam.isEmpty { return "sam:" + sam.lowercased() }
        return nil
    }
}

extension String {
    var trimmed: String {
        var scalars = Substring(self)
        while scalars.first?.isWhitespace == true { scalars.removeFirst() }
        while scalars.last?.isWhitespace == true { scalars.removeLast() }
        return String(scalars)
    }
}
