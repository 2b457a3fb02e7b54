public import Directory
import Foundation
public import Microsoft
public import Onboarding

/// Correlation of a hire with their Entra user and the AD object that user was synced from,
/// decided on plain values: `EntraCorrelator` does the lookups and feeds their results here.
///
/// 1. The Entra user: by object ID, else employee ID, else UPN (else on-premises
///    sAMAccountName); the first lookup that finds anyone decides, and it must find one user.
/// 2. The AD object: by the Entra user's on-premises anchors, strongest first — objectSid ↔
///    `onPremisesSecurityIdentifier`, mS-DS-ConsistencyGuid or objectGUID ↔
///    `onPremisesImmutableId` (base64 of the raw bytes), then sAMAccountName and employeeID.
///    The first query that finds anything decides; it must find one object, and that object
///    must not contradict any other identifier Entra ID or the case holds.
///
/// Not there yet (no Entra user, an Entra user not synced from AD, no AD object) is a wait; two
/// candidates or contradicting identifiers fail the case: Firstkey never guesses.
public enum EntraCorrelation {
    /// A way to find the hire's Entra user.
    public enum EntraLookup: Hashable, Sendable, CustomStringConvertible {
        case objectID(String)
        case employeeID(String)
        case userPrincipalName(String)
        /// Advanced query; only when the case has nothing else.
        case onPremisesSamAccountName(String)

        /// The identifier's name without its value.
        public var description: String {
            switch self {
            case .objectID: "object ID"
            case .employeeID: "employeeId"
            case .userPrincipalName: "userPrincipalName"
            case .onPremisesSamAccountName: "onPremisesSamAccountName"
            }
        }
    }

    /// What the correlation concluded.
    public enum Decision: Hashable, Sendable {
        /// One Entra user and one AD object that agree.
        case matched(entraUser: GraphUser, directoryObject: ADUser, foundBy: ADUserQuery)
        /// Not provisioned or not synced yet: try again later.
        case wait(reason: String)
        /// Ambiguous or contradicting: a person must look.
        case refuse(reason: String)
    }

    // MARK: The Entra user

    /// The lookups to try, strongest first.
    public static func entraLookups(for hire: HireIdentity) -> [EntraLookup] {
        var lookups: [EntraLookup] = []
        if let id = nonEmpty(hire.entraObjectID) { lookups.append(.objectID(id)) }
        if let id = nonEmpty(hire.employeeID) { lookups.append(.employeeID(id)) }
        if let upn = nonEmpty(hire.userPrincipalName) { lookups.append(.userPrincipalName(upn)) }
        if lookups.isEmpty, let sam = nonEmpty(hire.samAccountName) { lookups.append(.onPremisesSamAccountName(sam)) }
        return lookups
    }

    /// What the Entra lookups concluded.
    public enum EntraUserDecision: Hashable, Sendable {
        case found(GraphUser, by: EntraLookup)
        case wait(reason: String)
        case refuse(reason: String)
    }

    /// The hire's Entra user from the lookups run so far, in order: the first that found anyone
    /// decides, and must have found exactly one user that agrees with the case.
    public static func entraUser(for hire: HireIdentity, from results: [(lookup: EntraLookup, users: [GraphUser])]) -> EntraUserDecision {
        guard let (lookup, users) = results.first(where: { !$0.users.isEmpty }) else {
            let tried = results.map(\.lookup.description).joined(separator: ", ")
            return .wait(reason: "no Entra user matches the hire's \(tried.isEmpty ? "identifiers" : tried) yet (not provisioned or not synced)")
        }
        guard users.count == 1, let user = users.first else {
            return .refuse(reason: "\(users.count) Entra users match the hire's \(lookup); Firstkey never guesses")
        }
        let name = user.userPrincipalName ?? user.id
        if let expected = nonEmpty(hire.entraObjectID), user.id.lowercased() != expected.lowercased() {
            return .refuse(reason: "the Entra user found by \(lookup) (\(name)) is not the case's Entra object \(expected); Firstkey never guesses")
        }
        if let expected = nonEmpty(hire.employeeID), let found = nonEmpty(user.employeeID), found != expected {
            return .refuse(reason: "the Entra user found by \(lookup) (\(name)) has employee ID \(found), not \(expected); Firstkey never guesses")
        }
        return .found(user, by: lookup)
    }

    // MARK: The AD object

    /// Whether Entra ID knows the user's AD object yet: without an on-premises identifier it is a
    /// cloud user that no sync has matched to AD (so far).
    public static func isSyncedFromActiveDirectory(_ user: GraphUser) -> Bool {
        nonEmpty(user.onPremisesSecurityIdentifier) != nil || nonEmpty(user.onPremisesImmutableID) != nil
            || nonEmpty(user.onPremisesSamAccountName) != nil
    }

    /// The directory queries for the Entra user's AD object, strongest first.
    public static func directoryQueries(for user: GraphUser, hire: HireIdentity) -> [ADUserQuery] {
        var queries: [ADUserQuery] = []
        if let sid = nonEmpty(user.onPremisesSecurityIdentifier), let value = try? SecurityIdentifier(string: sid) {
            queries.append(.objectSid(value))
        }
        if let anchor = nonEmpty(user.onPremisesImmutableID), let value = try? ObjectGUID(base64: anchor) {
            // Entra Connect anchors on mS-DS-ConsistencyGuid when it is set, else objectGUID.
            queries += [.consistencyGuid(value), .objectGUID(value)]
        }
        // sAMAccountName before employeeID: AD indexes it, employeeID is not indexed by default.
        if let sam = nonEmpty(user.onPremisesSamAccountName) { queries.append(.samAccountName(sam)) }
        if let id = nonEmpty(user.employeeID) ?? nonEmpty(hire.employeeID) { queries.append(.employeeID(id)) }
        return queries
    }

    /// The whole decision: the Entra user (nil: none found) and the results of the directory
    /// queries run so far, in the order of `directoryQueries`.
    public static func decide(hire: HireIdentity, entraUser: GraphUser?, directoryResults: [(query: ADUserQuery, objects: [ADUser])]) -> Decision {
        guard let user = entraUser else {
            return .wait(reason: "no Entra user matches the hire yet (not provisioned or not synced)")
        }
        let name = user.userPrincipalName ?? user.id
        guard isSyncedFromActiveDirectory(user) else {
            return .wait(reason: "the Entra user \(name) has no on-premises identifiers yet (not synced from AD)")
        }
        guard let (query, objects) = directoryResults.first(where: { !$0.objects.isEmpty }) else {
            return .wait(reason: "no AD object matches the Entra user \(name) yet (not provisioned, not replicated, or outside the search base)")
        }
        guard objects.count == 1, let object = objects.first else {
            return .refuse(reason: "\(objects.count) AD objects match the Entra user \(name) by \(query.kind); Firstkey never guesses")
        }
        if let contradiction = contradiction(between: user, and: object, hire: hire) {
            return .refuse(reason: "the AD object found by \(query.kind) (\(object.samAccountName ?? object.dn)) \(contradiction); Firstkey never guesses")
        }
        return .matched(entraUser: user, directoryObject: object, foundBy: query)
    }

    /// How the AD object disagrees with the Entra user or the case, if it does. Identifiers
    /// missing on either side do not disagree.
    static func contradiction(between user: GraphUser, and object: ADUser, hire: HireIdentity) -> String? {
        if let sid = nonEmpty(user.onPremisesSecurityIdentifier), let found = object.objectSid {
            let expected = (try? SecurityIdentifier(string: sid))?.description ?? sid
            if found.description.uppercased() != expected.uppercased() { return "has objectSid \(found), but Entra ID's is \(expected)" }
        }
        if let anchor = nonEmpty(user.onPremisesImmutableID), let guid = try? ObjectGUID(base64: anchor),
           object.objectGUID != guid, object.consistencyGuid != guid
        {
            return "matches neither objectGUID nor mS-DS-ConsistencyGuid to Entra ID's immutable ID (objectGUID \(guid))"
        }
        if let sam = nonEmpty(user.onPremisesSamAccountName), let found = nonEmpty(object.samAccountName), found.lowercased() != sam.lowercased() {
            return "has sAMAccountName \(found), but Entra ID's is \(sam)"
        }
        if let found = nonEmpty(object.employeeID) {
            for expected in [nonEmpty(user.employeeID), nonEmpty(hire.employeeID)].compactMap({ $0 }) where found != expected {
                return "has employee ID \(found), not \(expected)"
            }
        }
        return nil
    }

    // MARK: What the case learns

    /// The case's identity after a match: both sides' keys, so later steps (and a later
    /// correlation) address the same objects without searching.
    public static func identity(_ hire: HireIdentity, entraUser user: GraphUser, directoryObject object: ADUser) -> HireIdentity {
        var identity = hire
        identity.entraObjectID = user.id
        identity.objectSid = object.objectSid?.description ?? nonEmpty(user.onPremisesSecurityIdentifier) ?? hire.objectSid
        identity.objectGUID = object.objectGUID?.description ?? hire.objectGUID
        identity.immutableID = nonEmpty(user.onPremisesImmutableID) ?? object.consistencyGuid?.base64 ?? object.objectGUID?.base64 ?? hire.immutableID
        identity.samAccountName = object.samAccountName ?? nonEmpty(user.onPremisesSamAccountName) ?? hire.samAccountName
        identity.userPrincipalName = nonEmpty(hire.userPrincipalName) ?? user.userPrincipalName ?? object.userPrincipalName
        identity.employeeID = nonEmpty(hire.employeeID) ?? nonEmpty(user.employeeID) ?? object.employeeID
        identity.displayName = nonEmpty(hire.displayName) ?? user.displayName ?? object.displayName
        return identity
    }

    static func nonEmpty(_ value: String?) -> String? {
        guard let value else { return nil }
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : trimmed
    }
}
