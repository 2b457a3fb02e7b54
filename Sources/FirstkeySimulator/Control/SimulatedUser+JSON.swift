import Foundation

/// The `/_sim` and seed-file form of a user: Graph's property names, plus `managerId`.
extension SimulatedUser {
    public init(json: JSONValue) throws(SimulatorInputError) {
        guard json.objectValue != nil else { throw SimulatorInputError("a user must be a JSON object") }
        guard let upn = json["userPrincipalName"]?.stringValue, upn.contains("@") else {
            throw SimulatorInputError("a user needs a userPrincipalName (name@domain)")
        }
        func string(_ key: String) throws(SimulatorInputError) -> String? {
            guard let value = json[key], !value.isNull else { return nil }
            guard let text = value.stringValue else { throw SimulatorInputError("\(key) must be a string") }
            return text
        }
        func strings(_ key: String) throws(SimulatorInputError) -> [String] {
            guard let value = json[key], !value.isNull else { return [] }
            guard let list = value.arrayValue, list.allSatisfy({ $0.stringValue != nil }) else { throw SimulatorInputError("\(key) must be a list of strings") }
            return list.compactMap(\.stringValue)
        }
        func date(_ key: String) throws(SimulatorInputError) -> Date? {
            guard let text = try string(key) else { return nil }
            guard let date = GraphDate.parse(text) else { throw SimulatorInputError("\(key) must be an ISO 8601 date") }
            return date
        }
        func bool(_ key: String) throws(SimulatorInputError) -> Bool? {
            guard let value = json[key], !value.isNull else { return nil }
            guard let flag = value.boolValue else { throw SimulatorInputError("\(key) must be true or false") }
            return flag
        }
        self.init(
            id: try string("id") ?? UUID().uuidString.lowercased(),
            userPrincipalName: upn,
            displayName: try string("displayName"),
            givenName: try string("givenName"),
            surname: try string("surname"),
            jobTitle: try string("jobTitle"),
            department: try string("department"),
            accountEnabled: try bool("accountEnabled") ?? true,
            mail: try string("mail"),
            otherMails: try strings("otherMails"),
            mobilePhone: try string("mobilePhone"),
            businessPhones: try strings("businessPhones"),
            employeeId: try string("employeeId"),
            employeeHireDate: try date("employeeHireDate"),
            employeeType: try string("employeeType"),
            companyName: try string("companyName"),
            onPremisesSecurityIdentifier: try string("onPremisesSecurityIdentifier"),
            onPremisesImmutableId: try string("onPremisesImmutableId"),
            onPremisesSamAccountName: try string("onPremisesSamAccountName"),
            onPremisesDistinguishedName: try string("onPremisesDistinguishedName"),
            onPremisesSyncEnabled: try bool("onPremisesSyncEnabled"),
            onPremisesDomainName: try string("onPremisesDomainName"),
            onPremisesUserPrincipalName: try string("onPremisesUserPrincipalName"),
            onPremisesLastSyncDateTime: try date("onPremisesLastSyncDateTime"),
            managerID: try string("managerId")
        )
        groupIDs = try strings("groupIds")
        directoryRoleTemplateIDs = try strings("directoryRoles")
        lastSuccessfulSignIn = try date("lastSuccessfulSignInDateTime")
        if let roles = json["appRoles"], !roles.isNull {
            guard let members = roles.objectValue else {
                throw SimulatorInputError("appRoles must be an object of client ID → list of role values")
            }
            for (clientID, values) in members {
                guard let list = values.arrayValue, list.allSatisfy({ $0.stringValue != nil }) else {
                    throw SimulatorInputError("appRoles[\(clientID)] must be a list of role values")
                }
                appRoles[clientID.lowercased()] = list.compactMap(\.stringValue)
            }
        }
    }

    public var json: JSONValue {
        var members: [(String, JSONValue)] = []
        for property in UserProperty.all where property.name != "officeLocation" && property.name != "preferredLanguage" {
            members.append((property.name, property.value(self)))
        }
        members.append(("managerId", .optional(managerID)))
        if !groupIDs.isEmpty { members.append(("groupIds", .strings(groupIDs))) }
        if !directoryRoleTemplateIDs.isEmpty { members.append(("directoryRoles", .strings(directoryRoleTemplateIDs))) }
        if let lastSuccessfulSignIn { members.append(("lastSuccessfulSignInDateTime", .string(GraphDate.format(lastSuccessfulSignIn)))) }
        if !appRoles.isEmpty { members.append(("appRoles", .object(appRoles.sorted { $0.key < $1.key }.map { ($0.key, .strings($0.value)) }))) }
        return .object(members)
    }
}
