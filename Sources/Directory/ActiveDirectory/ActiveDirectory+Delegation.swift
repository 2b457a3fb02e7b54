import LDAP
import LDAPClient

extension ActiveDirectory {
    /// LDAP_SERVER_SD_FLAGS_OID with DACL_SECURITY_INFORMATION: lets a non-admin read the DACL.
    static let daclOnlyControl = LDAPControl(oid: "1.2.840.113556.1.4.801", criticality: true, value: [0x30, 0x03, 0x02, 0x01, 0x04])

    /// Which of the rights a reset account needs it holds on user objects under `ou`, read from
    /// the OU's DACL and the account's group SIDs.
    public func delegatedRights(of account: String, on ou: String) async throws -> [DelegatedRight: Bool] {
        do {
            let (descriptor, trustees) = try await pool.withConnection { connection in
                let accountFilter: LDAPFilter = account.contains("=") ? .equal("distinguishedName", account) : .equal("userPrincipalName", account)
                let accountEntry = try await connection.search(SearchRequest(baseDN: searchBase.domainComponents.isEmpty ? searchBase : searchBase.domainComponents,
                                                                             filter: accountFilter, attributes: ["objectSid"]),
                                                               controls: [DomainScopeControl.control()]).entries.first
                guard let accountEntry else { throw DirectoryError(.userNotFound, summary: "the service account \(account) was not found") }
                let groups = try await connection.search(SearchRequest(baseDN: accountEntry.dn, scope: .baseObject, attributes: ["tokenGroups"])).entries.first
                let ouEntry = try await connection.search(SearchRequest(baseDN: ou, scope: .baseObject, attributes: ["nTSecurityDescriptor"]), controls: [Self.daclOnlyControl]).entries.first
                guard let bytes = ouEntry?.values("nTSecurityDescriptor").first else {
                    throw DirectoryError(.unexpectedData, summary: "the security descriptor of \(ou) could not be read")
                }
                var sids = Set(try (groups?.values("tokenGroups") ?? []).map { try SecurityIdentifier(bytes: $0) })
                sids.formUnion(try accountEntry.values("objectSid").map { try SecurityIdentifier(bytes: $0) })
                sids.insert(try SecurityIdentifier(string: "S-1-1-0"))   // Everyone
                sids.insert(try SecurityIdentifier(string: "S-1-5-11"))  // Authenticated Users
                return (try SecurityDescriptor(bytes: bytes), sids)
            }
            return Dictionary(uniqueKeysWithValues: DelegatedRight.allCases.map { ($0, $0.isGranted(on: descriptor, to: trustees)) })
        } catch {
            throw DirectoryError.from(error, operation: .search, context: "Reading the delegation on \(ou)")
        }
    }
}
