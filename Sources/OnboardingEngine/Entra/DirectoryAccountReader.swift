public import Directory

/// The two directory reads the Entra steps need: finding AD objects by an identifier and
/// telling whether an account is protected. `ActiveDirectory` is the real one; tests use a
/// small in-memory directory.
public protocol DirectoryAccountReader: Sendable {
    /// Up to `limit` users matching the query (0: no limit).
    func findUsers(_ query: ADUserQuery, limit: Int32) async throws -> [ADUser]
    /// Why Firstkey must not touch this account (a privileged, AdminSDHolder-protected one), or nil.
    func protectionReason(for user: ADUser) async throws -> String?
}

extension ActiveDirectory: DirectoryAccountReader {}
