public import LDAP
public import LDAPClient
public import Logging

/// OpenLDAP with the ppolicy overlay: RFC 3062 Password Modify, and `pwdReset: TRUE` for
/// must-change (which ppolicy honours only when set in the same modify as the password).
public struct OpenLDAPDirectory: Sendable {
    public let pool: LDAPConnectionPool
    public let searchBase: String
    let logger: Logger

    public init(pool: LDAPConnectionPool, searchBase: String, logger: Logger = Logger(label: "firstkey.directory.openldap")) {
        self.pool = pool
        self.searchBase = searchBase
        self.logger = logger
    }

    /// Exactly one entry whose `attribute` equals `value` (e.g. uid, employeeNumber).
    public func findEntry(attribute: String, value: String, attributes: [String] = ["uid", "cn", "employeeNumber", "pwdReset"]) async throws -> SearchResultEntry {
        let request = SearchRequest(baseDN: searchBase, sizeLimit: 2, filter: .equal(attribute, value), attributes: attributes)
        let response: LDAPResponse
        do {
            response = try await pool.withConnection { try await $0.send(.searchRequest(request)) }
        } catch {
            throw DirectoryError.from(error, operation: .search, context: "Searching for \(attribute)=\(value)")
        }
        guard response.result.resultCode == .success || response.result.resultCode == .sizeLimitExceeded else {
            throw DirectoryError.from(LDAPError(.resultCode, operation: "searchRequest", result: response.result), operation: .search, context: "Searching for \(attribute)=\(value)")
        }
        guard let entry = response.entries.first else {
            throw DirectoryError(.userNotFound, summary: "no entry with \(attribute)=\(value) exists under \(searchBase)")
        }
        guard response.entries.count == 1 else {
            throw DirectoryError(.ambiguousUser, summary: "more than one entry has \(attribute)=\(value)", reasons: response.entries.map(\.dn))
        }
        return entry
    }

    /// Sets the password. With `mustChange`, a modify of userPassword plus `pwdReset: TRUE`;
    /// otherwise the Password Modify extended operation, which also hashes per server policy.
    public func setPassword(forDN dn: String, to password: String, mustChange: Bool) async throws {
        guard !password.isEmpty else { throw DirectoryError(.invalidInput, summary: "the new password is empty") }
        do {
            try await pool.withConnection { connection in
                if mustChange {
                    try await connection.modify(ModifyRequest(dn: dn, changes: [.replace("userPassword", [password]), .replace("pwdReset", ["TRUE"])]),
                                                controls: [PasswordPolicyResponse.requestControl()])
                } else {
                    try await connection.passwordModify(userIdentity: dn, newPassword: password, controls: [PasswordPolicyResponse.requestControl()])
                    // A replace without values removes a pwdReset left by an earlier
                    // must-change reset, and is a no-op when there is none.
                    try await connection.modify(ModifyRequest(dn: dn, changes: [.replace("pwdReset", [])]))
                }
            }
            logger.info("password set", metadata: ["dn": "\(dn)", "mustChange": "\(mustChange)"])
        } catch {
            throw DirectoryError.from(error, operation: .setPassword, context: "Setting the password of \(dn)")
        }
    }
}
