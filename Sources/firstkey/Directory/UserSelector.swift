import ArgumentParser
import Directory
import LDAP
import LDAPClient

/// Exactly one way of naming the user.
struct UserSelector: ParsableArguments {
    @Option(name: [.customLong("user"), .customLong("sam")], help: "sAMAccountName (AD) or uid (OpenLDAP).")
    var sam: String?
    @Option(help: "userPrincipalName.")
    var upn: String?
    @Option(help: "employeeID (AD) or employeeNumber (OpenLDAP).")
    var employeeID: String?
    @Option(help: "objectSid as S-1-5-21-….")
    var sid: String?
    @Option(help: "objectGUID as xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx.")
    var guid: String?
    @Option(help: "Entra onPremisesImmutableId (base64 of objectGUID or mS-DS-ConsistencyGuid).")
    var immutableID: String?
    @Option(help: "Distinguished name.")
    var dn: String?

    func validate() throws {
        let given = [sam, upn, employeeID, sid, guid, immutableID, dn].compactMap { $0 }
        guard given.count == 1 else {
            throw ValidationError("Name the user exactly one way: --user, --upn, --employee-id, --sid, --guid, --immutable-id or --dn.")
        }
    }

    /// The AD queries to run; an immutable ID may be either anchor, so it yields two.
    func activeDirectoryQueries() throws -> [ADUserQuery] {
        if let sam { return [.samAccountName(sam)] }
        if let upn { return [.userPrincipalName(upn)] }
        if let employeeID { return [.employeeID(employeeID)] }
        if let dn { return [.distinguishedName(dn)] }
        do {
            if let sid { return [.objectSid(try SecurityIdentifier(string: sid))] }
            if let guid { return [.objectGUID(try ObjectGUID(string: guid))] }
            if let immutableID {
                let anchor = try ObjectGUID(base64: immutableID)
                return [.consistencyGuid(anchor), .objectGUID(anchor)]
            }
        } catch {
            throw ValidationError("\(error)")
        }
        throw ValidationError("Name the user.")
    }

    /// (attribute, value) for OpenLDAP.
    func openLDAPAttribute() throws -> (String, String) {
        if let sam { return ("uid", sam) }
        if let employeeID { return ("employeeNumber", employeeID) }
        if let dn { return ("entryDN", dn) }
        if let upn { return ("mail", upn) }
        throw ValidationError("For OpenLDAP name the user with --user (uid), --employee-id (employeeNumber) or --dn.")
    }
}

extension ActiveDirectory {
    /// Tries the queries in order (for an immutable ID: ConsistencyGuid, then objectGUID).
    func findUser(anyOf queries: [ADUserQuery]) async throws -> ADUser {
        var lastError: (any Error)?
        for query in queries {
            do { return try await findUser(query) } catch let error as DirectoryError where error.code == .userNotFound { lastError = error }
        }
        throw lastError ?? DirectoryError(.userNotFound, summary: "no user matched")
    }
}
