import Foundation
import HTTPTypes

extension UserFilter {
    /// Checks the filter against Graph's rules for users: known, filterable properties, matching
    /// literal types, and whether the request must be an advanced query (`ConsistencyLevel:
    /// eventual` + `$count=true`). Returns the first reason an advanced query is needed, if any.
    func validate() throws(GraphError) -> GraphError? {
        switch self {
        case .and(let left, let right), .or(let left, let right):
            let leftReason = try left.validate()
            let rightReason = try right.validate()
            return leftReason ?? rightReason
        case .not(let inner):
            _ = try inner.validate()
            return Self.operatorNeedsAdvanced("not")
        case .comparison(let name, let op, let literal):
            let property = try Self.filterable(name)
            try Self.checkType(property, literal, op: op.rawValue)
            if op != .eq {
                // `ne` always needs advanced parameters; `ge`/`le` only apply to dates here,
                // which are advanced-only anyway (unverified for employeeHireDate).
                if op == .ne { return Self.operatorNeedsAdvanced("ne") }
                guard property.type == .dateTimeOffset else {
                    throw GraphError.unsupportedQuery("Unsupported or invalid query filter clause specified for property '\(property.name)' of resource 'User'.")
                }
            }
            if property.type == .stringCollection {
                throw GraphError.badRequest("The operand for a binary operator 'Equal' is not a single value. Binary operators require both operands to be single values.")
            }
            return property.filter == .advancedOnly ? Self.propertyNeedsAdvanced(property.name) : nil
        case .membership(let name, let literals):
            let property = try Self.filterable(name)
            for literal in literals { try Self.checkType(property, literal, op: "in") }
            return property.filter == .advancedOnly ? Self.propertyNeedsAdvanced(property.name) : nil
        case .function(let function, let name, let literal):
            let property = try Self.filterable(name)
            guard case .string = literal, property.type == .string else {
                throw GraphError.badRequest("No function signature for the function with name '\(function.rawValue)' matches the specified arguments.")
            }
            if function == .endsWith { return Self.operatorNeedsAdvanced("endsWith") }
            return property.startsWith && property.filter == .standard ? nil : Self.propertyNeedsAdvanced(property.name)
        case .any(let name, _, let literal):
            let property = try Self.filterable(name)
            guard property.type == .stringCollection, case .string = literal else {
                throw GraphError.badRequest("The 'any' operator requires a collection of strings and a string value.")
            }
            return nil
        }
    }

    private static func filterable(_ name: String) throws(GraphError) -> UserProperty {
        guard UserProperty.isKnown(name) else {
            throw GraphError.badRequest("Could not find a property named '\(name)' on type 'microsoft.graph.user'.")
        }
        guard let property = UserProperty.named(name), property.filter != .none else {
            throw GraphError.unsupportedQuery("Unsupported or invalid query filter clause specified for property '\(UserProperty.canonicalName(name))' of resource 'User'.")
        }
        return property
    }

    private static func checkType(_ property: UserProperty, _ literal: Literal, op: String) throws(GraphError) {
        let ok: Bool
        switch (property.type, literal) {
        case (_, .null): ok = op == "eq" || op == "ne"
        case (.string, .string), (.stringCollection, .string): ok = true
        case (.boolean, .boolean): ok = true
        case (.dateTimeOffset, .dateTimeOffset): ok = true
        default: ok = false
        }
        guard ok else {
            let propertyType = switch property.type {
            case .string, .stringCollection: "Edm.String"
            case .boolean: "Edm.Boolean"
            case .dateTimeOffset: "Edm.DateTimeOffset"
            }
            throw GraphError.badRequest("A binary operator with incompatible types was detected. Found operand types '\(propertyType)' and '\(literal.edmType)' for operator kind '\(op)'.")
        }
    }

    private static func operatorNeedsAdvanced(_ name: String) -> GraphError {
        GraphError.unsupportedQuery("Operator '\(name)' is not supported because the required parameters might be missing. Try adding $count with a value of true and ConsistencyLevel header with a value of eventual.")
    }

    private static func propertyNeedsAdvanced(_ name: String) -> GraphError {
        GraphError.unsupportedQuery("Unsupported or invalid query filter clause specified for property '\(name)' of resource 'User'.")
    }

    /// Whether `user` matches. Directory string comparisons ignore case.
    func matches(_ user: SimulatedUser) -> Bool {
        switch self {
        case .and(let left, let right): return left.matches(user) && right.matches(user)
        case .or(let left, let right): return left.matches(user) || right.matches(user)
        case .not(let inner): return !inner.matches(user)
        case .comparison(let name, let op, let literal):
            guard let property = UserProperty.named(name) else { return false }
            return Self.compare(property.value(user), op, literal)
        case .membership(let name, let literals):
            guard let property = UserProperty.named(name) else { return false }
            let value = property.value(user)
            return literals.contains { Self.compare(value, .eq, $0) }
        case .function(let function, let name, let literal):
            guard let property = UserProperty.named(name), let text = property.value(user).stringValue?.lowercased(), case .string(let needle) = literal else { return false }
            return function == .startsWith ? text.hasPrefix(needle.lowercased()) : text.hasSuffix(needle.lowercased())
        case .any(let name, let function, let literal):
            guard let property = UserProperty.named(name), let values = property.value(user).arrayValue, case .string(let needle) = literal else { return false }
            return values.compactMap(\.stringValue).contains { value in
                switch function {
                case nil: value.lowercased() == needle.lowercased()
                case .startsWith: value.lowercased().hasPrefix(needle.lowercased())
                case .endsWith: value.lowercased().hasSuffix(needle.lowercased())
                }
            }
        }
    }

    private static func compare(_ value: JSONValue, _ op: Operator, _ literal: Literal) -> Bool {
        switch literal {
        case .null:
            return op == .eq ? value.isNull : !value.isNull
        case .string(let text):
            guard let current = value.stringValue else { return op == .ne }
            return op == .eq ? current.lowercased() == text.lowercased() : current.lowercased() != text.lowercased()
        case .boolean(let flag):
            guard let current = value.boolValue else { return op == .ne }
            return op == .eq ? current == flag : current != flag
        case .dateTimeOffset(let date):
            guard let text = value.stringValue, let current = GraphDate.parse(text) else { return op == .ne }
            switch op {
            case .eq: return current == date
            case .ne: return current != date
            case .ge: return current >= date
            case .le: return current <= date
            case .gt: return current > date
            case .lt: return current < date
            }
        case .number, .date:
            return false
        }
    }
}
