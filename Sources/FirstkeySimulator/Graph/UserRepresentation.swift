import Foundation
import HTTPTypes

/// A user as Graph writes it: the default property set, or exactly the `$select`ed properties.
enum UserRepresentation {
    /// Parses `$select` into canonical names; 400 for a name `microsoft.graph.user` lacks.
    static func selection(_ text: String?) throws(GraphError) -> [String]? {
        guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        var names: [String] = []
        for raw in text.split(separator: ",") {
            let name = raw.trimmingCharacters(in: .whitespaces)
            guard UserProperty.isKnown(name) else {
                throw GraphError.badRequest("Could not find a property named '\(name)' on type 'microsoft.graph.user'.")
            }
            let canonical = UserProperty.canonicalName(name)
            if !names.contains(canonical) { names.append(canonical) }
        }
        return names
    }

    static func json(_ user: SimulatedUser, selection: [String]?, odataType: Bool = false) -> JSONValue {
        var members: [(String, JSONValue)] = odataType ? [("@odata.type", "#microsoft.graph.user")] : []
        if let selection {
            for name in selection {
                members.append((name, UserProperty.named(name)?.value(user) ?? .null))
            }
        } else {
            for property in UserProperty.all where property.isDefault {
                members.append((property.name, property.value(user)))
            }
        }
        return .object(members)
    }

    /// `…/$metadata#users(id,displayName)` or `…/$metadata#users`.
    static func contextURL(baseURL: String, version: String, selection: [String]?, entity: Bool) -> String {
        let projection = selection.map { "(\($0.joined(separator: ",")))" } ?? ""
        return "\(baseURL)/\(version)/$metadata#users\(projection)\(entity ? "/$entity" : "")"
    }
}
