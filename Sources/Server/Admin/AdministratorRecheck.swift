public import Foundation
public import Microsoft

/// Checks again, at most once a minute per session, that a signed-in administrator still is one:
/// the Entra account still exists and is enabled, and one who got in through `portal.adminGroups`
/// is still a member (`/transitiveMemberOf`, `User.Read.All`). An app role removed in Entra cannot
/// be seen without `Directory.Read.All`; `firstkey sessions end --user` covers that. When Graph
/// cannot answer, the dashboard fails closed: the administrator is asked to sign in again.
public actor AdministratorRecheck {
    let directory: any AdministratorDirectory
    let interval: TimeInterval
    private var decisions: [String: (at: Date, isAdministrator: Bool)] = [:]

    public init(directory: any AdministratorDirectory, interval: TimeInterval = 60) {
        self.directory = directory
        self.interval = interval
    }

    /// - Parameters:
    ///   - sessionKey: the session's ID digest (a decision belongs to one session).
    ///   - byGroupsOnly: the session's roles open nothing; only its groups do.
    func stillAdministrator(sessionKey: String, objectID: String, byGroupsOnly: Bool, adminGroups: Set<String>, now: Date) async -> Bool {
        if let decided = decisions[sessionKey], now.timeIntervalSince(decided.at) < interval { return decided.isAdministrator }
        var isAdministrator = false
        do {
            if let user = try await directory.user(objectID), user.accountEnabled != false {
                isAdministrator = byGroupsOnly ? !(try await directory.groupIDs(of: objectID)).isDisjoint(with: adminGroups) : true
            }
        } catch {
            isAdministrator = false
        }
        if decisions.count > 10_000 { decisions = decisions.filter { now.timeIntervalSince($0.value.at) < interval } }
        decisions[sessionKey] = (now, isAdministrator)
        return isAdministrator
    }
}

/// Where an administrator is looked up again (Graph; tests may script it).
public protocol AdministratorDirectory: Sendable {
    func user(_ id: String) async throws -> GraphUser?
    func groupIDs(of userID: String) async throws -> Set<String>
}

extension GraphClient: AdministratorDirectory {
    public func groupIDs(of userID: String) async throws -> Set<String> {
        Set(try await memberships(of: userID).filter { $0.kind == .group }.map { $0.id.lowercased() })
    }
}
