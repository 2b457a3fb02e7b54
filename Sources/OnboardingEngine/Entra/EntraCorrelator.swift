import Directory
import Microsoft
import Onboarding

/// The correlate step when Microsoft Graph is configured: runs the lookups `EntraCorrelation`
/// asks for, one at a time and only as far as needed, and turns its decision into a step result.
struct EntraCorrelator: Sendable {
    let graph: GraphClient
    let directory: any DirectoryAccountReader

    func correlate(_ onboarding: OnboardingCase) async -> StepResult {
        let hire = onboarding.identity
        guard !EntraCorrelation.entraLookups(for: hire).isEmpty else {
            return StepResult(.failed(reason: "the case has no identifier to find the Entra user by (object ID, employee ID, UPN or sAMAccountName)"))
        }
        let found: EntraCorrelation.EntraUserDecision
        do {
            found = try await findEntraUser(hire)
        } catch {
            return StepResult(StepFailure.outcome(error, while: "looking up the hire in Entra ID"))
        }
        let user: GraphUser
        let lookup: EntraCorrelation.EntraLookup
        switch found {
        case .found(let match, let by): (user, lookup) = (match, by)
        case .wait(let reason): return StepResult(.wait(reason: reason))
        case .refuse(let reason): return StepResult(.failed(reason: reason))
        }

        var results: [(query: ADUserQuery, objects: [ADUser])] = []
        if EntraCorrelation.isSyncedFromActiveDirectory(user) {
            for query in EntraCorrelation.directoryQueries(for: user, hire: hire) {
                do {
                    let objects = try await directory.findUsers(query, limit: 2)
                    results.append((query, objects))
                    if !objects.isEmpty { break }
                } catch {
                    return StepResult(StepFailure.outcome(error, while: "searching AD for the Entra user's account by \(query.kind)"))
                }
            }
        }
        switch EntraCorrelation.decide(hire: hire, entraUser: user, directoryResults: results) {
        case .matched(let user, let object, let query):
            let identity = EntraCorrelation.identity(hire, entraUser: user, directoryObject: object)
            return StepResult(.succeeded(detail: "Entra user \(user.userPrincipalName ?? user.id) (found by \(lookup)) is the AD account \(object.samAccountName ?? object.dn) (found by \(query.kind))"),
                              identity: identity)
        case .wait(let reason):
            return StepResult(.wait(reason: reason))
        case .refuse(let reason):
            return StepResult(.failed(reason: reason))
        }
    }

    /// Runs the Entra lookups in order until one finds anyone.
    func findEntraUser(_ hire: HireIdentity) async throws -> EntraCorrelation.EntraUserDecision {
        var results: [(lookup: EntraCorrelation.EntraLookup, users: [GraphUser])] = []
        for lookup in EntraCorrelation.entraLookups(for: hire) {
            let users: [GraphUser] = switch lookup {
            case .objectID(let id): try await graph.user(id).map { [$0] } ?? []
            case .employeeID(let id): try await graph.users(matching: .employeeID(id))
            case .userPrincipalName(let upn): try await graph.user(upn).map { [$0] } ?? []
            case .onPremisesSamAccountName(let sam): try await graph.users(matching: .onPremisesSamAccountName(sam))
            }
            results.append((lookup, users))
            if !users.isEmpty { break }
        }
        return EntraCorrelation.entraUser(for: hire, from: results)
    }
}
