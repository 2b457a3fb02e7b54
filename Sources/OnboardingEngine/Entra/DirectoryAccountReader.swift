public import Directory
public import Foundation

/// The two directory reads the Entra steps need: finding AD objects by an identifier and
/// telling whether an account is protected. `ActiveDirectory` is the real one; tests use a
/// small in-memory directory.
public protocol DirectoryAccountReader: Sendable {
    /// Up to `limit` users matching the query (0: no limit).
    func findUsers(_ query: ADUserQuery, limit: Int32) async throws -> [ADUser]
    /// Why Firstkey must not touch this account (a privileged, AdminSDHolder-protected one), or nil.
    func protectionReason(for user: ADUser) async throws -> String?
    /// Why the account must not get a first credential (signs of use), from a fresh read of it.
    func firstCredentialRefusals(for user: ADUser, guard firstCredentialGuard: FirstCredentialGuard, now: Date) async throws -> (user: ADUser, refusals: [String])
}

extension ActiveDirectory: DirectoryAccountReader {}
