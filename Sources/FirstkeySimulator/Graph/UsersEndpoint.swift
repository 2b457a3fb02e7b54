import Foundation
import HTTPTypes

/// `GET /users`, `GET /users/{id | userPrincipalName}`, `GET /users/{id}/manager`
/// (permission `User.Read.All`, or the broader `User.ReadWrite.All`, `Directory.Read.All`,
/// `Directory.ReadWrite.All`).
enum UsersEndpoint {
    static let readPermissions = ["User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"]
    static let defaultPageSize = 100
    /// Largest `$top` for users (unverified: 999).
    static let maximumPageSize = 999

    static func list(_ request: SimulatorRequest, version: String, caller: GraphCaller, context: GraphRequestContext, core: SimulatorCore) throws(GraphError) -> SimulatorResponse {
        try caller.require(anyOf: readPermissions)
        let query = try GraphQuery(request)
        if query.count && !query.eventualConsistency {
            throw GraphError.badRequest("$count is not currently supported.")
        }
        if let top = query.top, !(1...maximumPageSize).contains(top) {
            throw GraphError.badRequest("Invalid page size specified: '\(top)'. Must be between 1 and \(maximumPageSize) inclusive.")
        }
        if query.search != nil {
            throw GraphError.unsupportedQuery("The simulator does not implement $search.")
        }
        if query.expand != nil, query.isAdvanced {
            throw GraphError.unsupportedQuery("$expand is not supported with advanced queries (ConsistencyLevel: eventual and $count).")
        }
        let selection = try UserRepresentation.selection(query.select)
        try requireSignInActivityAccess(selection, caller: caller, core: core)
        var filter: UserFilter?
        if let text = query.filter, !text.isEmpty {
            let parsed = try UserFilter.parse(text)
            if let needsAdvanced = try parsed.validate(), !query.isAdvanced { throw needsAdvanced }
            filter = parsed
        }
        var ordering: (property: UserProperty, descending: Bool)?
        if let text = query.orderBy {
            let parts = text.split(separator: " ").map(String.init)
            guard let name = parts.first, let property = UserProperty.named(name), parts.count <= 2,
                  ["displayName", "userPrincipalName"].contains(property.name), parts.count == 1 || ["asc", "desc"].contains(parts[1].lowercased())
            else {
                throw GraphError.unsupportedQuery("Unsupported sort property '\(text)' for '$orderby'.")
            }
            if filter != nil, !query.isAdvanced {
                throw GraphError.unsupportedQuery("Sorting not supported for current query.")
            }
            ordering = (property, parts.count == 2 && parts[1].lowercased() == "desc")
        }
        let offset = try PageToken.offset(of: query)

        var users = core.withState { $0.orderedUsers }
        if let filter { users = users.filter { filter.matches($0) } }
        if let ordering {
            users.sort { left, right in
                let a = ordering.property.value(left).stringValue?.lowercased() ?? ""
                let b = ordering.property.value(right).stringValue?.lowercased() ?? ""
                return ordering.descending ? a > b : a < b
            }
        }
        let pageSize = query.top ?? defaultPageSize
        let page = users.dropFirst(offset).prefix(pageSize)
        var members: [(String, JSONValue)] = [("@odata.context", .string(UserRepresentation.contextURL(baseURL: request.baseURL, version: version, selection: selection, entity: false)))]
        if query.count, query.skipToken == nil {
            members.append(("@odata.count", .integer(users.count)))
        }
        if offset + pageSize < users.count {
            var parameters = request.query.filter { $0.name != "$skiptoken" }
            parameters.append(("$skiptoken", PageToken.make(offset: offset + pageSize)))
            members.append(("@odata.nextLink", .string("\(request.baseURL)/\(version)/users?" + FormEncoding.encode(parameters.map { ($0.name, $0.value) }).replacingOccurrences(of: "%24", with: "$"))))
        }
        members.append(("value", .array(page.map { UserRepresentation.json($0, selection: selection) })))
        return context.json(.object(members))
    }

    static func get(_ request: SimulatorRequest, key: String, version: String, caller: GraphCaller, context: GraphRequestContext, core: SimulatorCore) throws(GraphError) -> SimulatorResponse {
        try caller.require(anyOf: readPermissions)
        let query = try GraphQuery(request)
        let selection = try UserRepresentation.selection(query.select)
        try requireSignInActivityAccess(selection, caller: caller, core: core)
        guard let user = core.withState({ $0.user(idOrPrincipalName: key) }) else { throw GraphError.notFound(key) }
        var body = JSONValue.object([("@odata.context", .string(UserRepresentation.contextURL(baseURL: request.baseURL, version: version, selection: selection, entity: true)))])
        if case .object(let members) = UserRepresentation.json(user, selection: selection) {
            for (name, value) in members { body = body.setting(name, value) }
        }
        if let expand = query.expand {
            let managerSelection = try managerExpansion(expand)
            if let managerID = user.managerID, let manager = core.withState({ $0.users[managerID] }) {
                body = body.setting("manager", UserRepresentation.json(manager, selection: managerSelection ?? ["id", "displayName"], odataType: true))
            }
        }
        return context.json(body)
    }

    /// learn.microsoft.com/graph/api/resources/signinactivity: `signInActivity` needs AuditLog.Read.All
    /// besides the user permission, and a tenant with Microsoft Entra ID P1 or P2.
    static func requireSignInActivityAccess(_ selection: [String]?, caller: GraphCaller, core: SimulatorCore) throws(GraphError) {
        guard selection?.contains("signInActivity") == true else { return }
        try caller.require(anyOf: ["AuditLog.Read.All"])
        guard core.withState({ $0.hasPremiumLicence }) else {
            throw GraphError(.forbidden, "Authentication_RequestFromNonPremiumTenantOrB2CTenant", "Neither tenant is B2C or tenant doesn't have premium license")
        }
    }

    /// `GET /users/{id}/transitiveMemberOf` (learn.microsoft.com/graph/api/user-list-transitivememberof):
    /// groups and activated directory roles. An app without Group/Directory/RoleManagement read
    /// permissions gets only `@odata.type` and `id` of each ("limited information").
    static func transitiveMemberOf(_ request: SimulatorRequest, key: String, version: String, caller: GraphCaller, context: GraphRequestContext, core: SimulatorCore) throws(GraphError) -> SimulatorResponse {
        try caller.require(anyOf: readPermissions + ["GroupMember.Read.All", "Group.Read.All"])
        let query = try GraphQuery(request)
        if query.filter != nil || query.search != nil || query.orderBy != nil {
            throw GraphError.unsupportedQuery("The simulator does not implement $filter, $search or $orderby on transitiveMemberOf.")
        }
        guard let user = core.withState({ $0.user(idOrPrincipalName: key) }) else { throw GraphError.notFound(key) }
        let readsGroups = caller.holds(anyOf: ["Group.Read.All", "GroupMember.Read.All", "Directory.Read.All", "Directory.ReadWrite.All"])
        let readsRoles = caller.holds(anyOf: ["RoleManagement.Read.Directory", "Directory.Read.All", "Directory.ReadWrite.All"])
        var objects: [JSONValue] = user.groupIDs.map { id in
            .object([("@odata.type", "#microsoft.graph.group"), ("id", .string(id)), ("displayName", readsGroups ? .string("Group \(id.prefix(8))") : .null)])
        }
        objects += user.directoryRoleTemplateIDs.map { template in
            // A directoryRole's id is the tenant's activated role object, not the template ID.
            .object([("@odata.type", "#microsoft.graph.directoryRole"), ("id", .string(roleObjectID(template))),
                     ("displayName", .null), ("roleTemplateId", readsRoles ? .string(template) : .null)])
        }
        let pageSize = query.top ?? defaultPageSize
        guard (1...maximumPageSize).contains(pageSize) else {
            throw GraphError.badRequest("Invalid page size specified: '\(pageSize)'. Must be between 1 and \(maximumPageSize) inclusive.")
        }
        let offset = try PageToken.offset(of: query)
        var members: [(String, JSONValue)] = [("@odata.context", .string("\(request.baseURL)/\(version)/$metadata#directoryObjects"))]
        if offset + pageSize < objects.count {
            var parameters = request.query.filter { $0.name != "$skiptoken" }
            parameters.append(("$skiptoken", PageToken.make(offset: offset + pageSize)))
            members.append(("@odata.nextLink", .string("\(request.baseURL)/\(version)/users/\(key)/transitiveMemberOf?"
                + FormEncoding.encode(parameters.map { ($0.name, $0.value) }).replacingOccurrences(of: "%24", with: "$"))))
        }
        members.append(("value", .array(Array(objects.dropFirst(offset).prefix(pageSize)))))
        return context.json(.object(members))
    }

    /// A stable object ID per role template, as an activated role has in a tenant.
    static func roleObjectID(_ template: String) -> String {
        let hex = Array(template.lowercased().filter(\.isHexDigit).reversed())
        guard hex.count == 32 else { return template.lowercased() }
        let text = String(hex)
        return [text.prefix(8), text.dropFirst(8).prefix(4), text.dropFirst(12).prefix(4), text.dropFirst(16).prefix(4), text.dropFirst(20)].joined(separator: "-")
    }

    /// `$expand=manager` or `manager($select=a,b)`: the manager's selection (nil = default set).
    private static func managerExpansion(_ text: String) throws(GraphError) -> [String]? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed == "manager" { return nil }
        guard trimmed.hasPrefix("manager("), trimmed.hasSuffix(")") else {
            throw GraphError.badRequest("Could not find a property named '\(trimmed)' on type 'microsoft.graph.user'.")
        }
        let inner = trimmed.dropFirst("manager(".count).dropLast()
        var selection: [String]?
        for option in inner.split(separator: ";") {
            let parts = option.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw GraphError.badRequest("Invalid $expand option '\(option)'.") }
            switch parts[0] {
            case "$select": selection = try UserRepresentation.selection(parts[1])
            case "$levels":
                // Nesting needs advanced query parameters, which $expand refuses (unverified).
                throw GraphError.unsupportedQuery("$levels is not supported by the simulator.")
            default: throw GraphError.badRequest("Invalid $expand option '\(parts[0])'.")
            }
        }
        return selection
    }

    static func manager(_ request: SimulatorRequest, key: String, version: String, caller: GraphCaller, context: GraphRequestContext, core: SimulatorCore) throws(GraphError) -> SimulatorResponse {
        try caller.require(anyOf: readPermissions)
        let query = try GraphQuery(request)
        let selection = try UserRepresentation.selection(query.select)
        guard let user = core.withState({ $0.user(idOrPrincipalName: key) }) else { throw GraphError.notFound(key) }
        // No manager: 404 Request_ResourceNotFound (unverified for /manager).
        guard let managerID = user.managerID, let manager = core.withState({ $0.users[managerID] }) else { throw GraphError.notFound("manager") }
        var body = JSONValue.object([("@odata.context", .string("\(request.baseURL)/\(version)/$metadata#directoryObjects/$entity"))])
        if case .object(let members) = UserRepresentation.json(manager, selection: selection, odataType: true) {
            for (name, value) in members { body = body.setting(name, value) }
        }
        return context.json(body)
    }
}
