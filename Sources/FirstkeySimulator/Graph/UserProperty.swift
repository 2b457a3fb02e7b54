import Foundation
import HTTPTypes

/// The `microsoft.graph.user` properties the simulator knows: how to read them, whether Graph
/// returns them without `$select`, and how `$filter` may use them (the advanced-query table).
struct UserProperty: Sendable {
    enum ValueType: Sendable { case string, boolean, dateTimeOffset, stringCollection }

    /// How `eq` (and `in`, `startsWith`) filters on the property work.
    enum FilterSupport: Sendable {
        /// Works in a plain request.
        case standard
        /// Needs `ConsistencyLevel: eventual` and `$count=true`.
        case advancedOnly
        /// Not filterable in the simulator.
        case none
    }

    let name: String
    let type: ValueType
    /// Returned when there is no `$select` (the v1.0 default set).
    let isDefault: Bool
    let filter: FilterSupport
    /// Supports `startsWith` in a plain request.
    let startsWith: Bool
    let value: @Sendable (SimulatedUser) -> JSONValue

    static let all: [UserProperty] = [
        .init(name: "id", type: .string, isDefault: true, filter: .standard, startsWith: false) { .string($0.id) },
        .init(name: "businessPhones", type: .stringCollection, isDefault: true, filter: .none, startsWith: false) { .strings($0.businessPhones) },
        .init(name: "displayName", type: .string, isDefault: true, filter: .standard, startsWith: true) { .optional($0.displayName) },
        .init(name: "givenName", type: .string, isDefault: true, filter: .standard, startsWith: true) { .optional($0.givenName) },
        .init(name: "jobTitle", type: .string, isDefault: true, filter: .standard, startsWith: true) { .optional($0.jobTitle) },
        .init(name: "mail", type: .string, isDefault: true, filter: .standard, startsWith: true) { .optional($0.mail) },
        .init(name: "mobilePhone", type: .string, isDefault: true, filter: .advancedOnly, startsWith: false) { .optional($0.mobilePhone) },
        .init(name: "officeLocation", type: .string, isDefault: true, filter: .none, startsWith: false) { _ in .null },
        .init(name: "preferredLanguage", type: .string, isDefault: true, filter: .none, startsWith: false) { _ in .null },
        .init(name: "surname", type: .string, isDefault: true, filter: .standard, startsWith: true) { .optional($0.surname) },
        .init(name: "userPrincipalName", type: .string, isDefault: true, filter: .standard, startsWith: true) { .string($0.userPrincipalName) },
        .init(name: "accountEnabled", type: .boolean, isDefault: false, filter: .standard, startsWith: false) { .bool($0.accountEnabled) },
        .init(name: "department", type: .string, isDefault: false, filter: .advancedOnly, startsWith: false) { .optional($0.department) },
        .init(name: "companyName", type: .string, isDefault: false, filter: .advancedOnly, startsWith: false) { .optional($0.companyName) },
        .init(name: "employeeId", type: .string, isDefault: false, filter: .standard, startsWith: true) { .optional($0.employeeId) },
        // `employeeHireDate` ge/le/eq needs advanced query parameters (unverified).
        .init(name: "employeeHireDate", type: .dateTimeOffset, isDefault: false, filter: .advancedOnly, startsWith: false) {
            $0.employeeHireDate.map { .string(GraphDate.format($0)) } ?? .null
        },
        .init(name: "employeeType", type: .string, isDefault: false, filter: .advancedOnly, startsWith: false) { .optional($0.employeeType) },
        .init(name: "otherMails", type: .stringCollection, isDefault: false, filter: .standard, startsWith: true) { .strings($0.otherMails) },
        .init(name: "onPremisesSecurityIdentifier", type: .string, isDefault: false, filter: .standard, startsWith: false) { .optional($0.onPremisesSecurityIdentifier) },
        .init(name: "onPremisesImmutableId", type: .string, isDefault: false, filter: .advancedOnly, startsWith: false) { .optional($0.onPremisesImmutableId) },
        .init(name: "onPremisesSamAccountName", type: .string, isDefault: false, filter: .advancedOnly, startsWith: false) { .optional($0.onPremisesSamAccountName) },
        .init(name: "onPremisesDistinguishedName", type: .string, isDefault: false, filter: .none, startsWith: false) { .optional($0.onPremisesDistinguishedName) },
        .init(name: "onPremisesSyncEnabled", type: .boolean, isDefault: false, filter: .standard, startsWith: false) { .optional($0.onPremisesSyncEnabled) },
        .init(name: "onPremisesDomainName", type: .string, isDefault: false, filter: .none, startsWith: false) { .optional($0.onPremisesDomainName) },
        .init(name: "onPremisesUserPrincipalName", type: .string, isDefault: false, filter: .standard, startsWith: true) { .optional($0.onPremisesUserPrincipalName) },
        // Returned only when selected, and only with AuditLog.Read.All and a P1/P2 licence
        // (UsersEndpoint refuses otherwise); failed attempts are not modelled.
        .init(name: "signInActivity", type: .string, isDefault: false, filter: .none, startsWith: false) { user in
            let last = user.lastSuccessfulSignIn.map { JSONValue.string(GraphDate.format($0)) } ?? .null
            return .object([("lastSignInDateTime", last), ("lastSignInRequestId", .null), ("lastNonInteractiveSignInDateTime", .null),
                            ("lastNonInteractiveSignInRequestId", .null), ("lastSuccessfulSignInDateTime", last), ("lastSuccessfulSignInRequestId", .null)])
        },
        .init(name: "onPremisesLastSyncDateTime", type: .dateTimeOffset, isDefault: false, filter: .none, startsWith: false) {
            $0.onPremisesLastSyncDateTime.map { .string(GraphDate.format($0)) } ?? .null
        },
    ]

    /// Real user properties the simulator does not model: selectable (always null), not filterable.
    static let unmodeled: [String] = [
        "aboutMe", "ageGroup", "assignedLicenses", "assignedPlans", "birthday", "city", "consentProvidedForMinor", "country", "createdDateTime",
        "creationType", "deletedDateTime", "employeeOrgData", "externalUserState", "faxNumber", "hireDate", "identities", "imAddresses",
        "interests", "isResourceAccount", "lastPasswordChangeDateTime", "legalAgeGroupClassification", "mailNickname", "mySite",
        "onPremisesExtensionAttributes", "onPremisesProvisioningErrors", "passwordPolicies", "passwordProfile", "pastProjects", "postalCode",
        "preferredDataLocation", "preferredName", "proxyAddresses", "responsibilities", "schools", "securityIdentifier", "showInAddressList",
        "signInSessionsValidFromDateTime", "skills", "state", "streetAddress", "usageLocation", "userType",
    ]

    /// The property with this name, case-insensitively (OData member names are matched so by Graph).
    static func named(_ name: String) -> UserProperty? {
        let lowered = name.lowercased()
        return all.first { $0.name.lowercased() == lowered }
    }

    static func isKnown(_ name: String) -> Bool {
        named(name) != nil || unmodeled.contains { $0.lowercased() == name.lowercased() }
    }

    static func canonicalName(_ name: String) -> String {
        named(name)?.name ?? unmodeled.first { $0.lowercased() == name.lowercased() } ?? name
    }
}
