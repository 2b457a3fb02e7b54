public import Foundation

/// The API-driven inbound provisioning payload (a SCIM 2.0 BulkRequest, as an HR system sends it
/// to Entra's `bulkUpload`), read as onboarding intake, so an HR integration can send Firstkey
/// the same JSON. Pure: bytes in, one decision per operation out.
///
/// Mapping: `externalId` (or the enterprise `employeeNumber`) → employee ID; `userName` → UPN;
/// `displayName` (or given + family name) → display name; a `phoneNumbers` entry of type
/// `mobile` → the hire's mobile; an `emails` entry of type `home` or `other` → private e-mail
/// (the work address does not work before day one); the hire date from any extension object's
/// `hireDate`, `employeeHireDate` or `startDate` (SCIM's core schema has none); the delivery mode
/// from an extension's `deliveryMode`, else the configured default. `DELETE` withdraws the hire.
public enum SCIMBulkIntake {
    public static let bulkRequestSchema = "urn:ietf:params:scim:api:messages:2.0:BulkRequest"
    public static let coreUserSchema = "urn:ietf:params:scim:schemas:core:2.0:User"
    public static let enterpriseUserSchema = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
    /// Entra's limit per request (reference §7).
    public static let maximumOperations = 50

    public enum Decision: Hashable, Sendable {
        case intake(IntakeRecord)
        /// HR withdrew the hire (`DELETE`): cancel the case with this employee ID.
        case withdraw(employeeID: String)
        case rejected([IntakeProblem])
    }

    public struct Operation: Hashable, Sendable {
        public var method: String
        public var bulkId: String?
        public var decision: Decision
    }

    public struct Request: Hashable, Sendable {
        public var operations: [Operation]
        /// Stop after this many failed operations (RFC 7644 §3.7); nil: process them all.
        public var failOnErrors: Int?
    }

    /// The whole request is unusable (not JSON, not a BulkRequest, too many operations).
    public static func parse(_ body: Data, defaultMode: DeliveryMode = .selfService) -> Result<Request, IntakeFailure> {
        func refuse(_ field: String, _ reason: String) -> Result<Request, IntakeFailure> {
            .failure(IntakeFailure(problems: [IntakeProblem(field: field, reason: reason)]))
        }
        guard let object = try? JSONSerialization.jsonObject(with: body), let root = object as? [String: Any] else {
            return refuse("body", "is not a JSON object")
        }
        guard let schemas = root["schemas"] as? [String], schemas.contains(bulkRequestSchema) else {
            return refuse("schemas", "must contain \(bulkRequestSchema)")
        }
        guard let operations = root["Operations"] as? [Any] else { return refuse("Operations", "is required and must be a list") }
        guard !operations.isEmpty else { return refuse("Operations", "is empty") }
        guard operations.count <= maximumOperations else {
            return refuse("Operations", "holds \(operations.count) operations; at most \(maximumOperations) are allowed per request")
        }
        var failOnErrors: Int?
        if let value = root["failOnErrors"], !(value is NSNull) {
            guard let number = value as? Int, number >= 1 else { return refuse("failOnErrors", "must be a positive whole number or null") }
            failOnErrors = number
        }
        var seenBulkIDs: Set<String> = []
        let parsed = operations.enumerated().map { index, element -> Operation in
            guard let operation = element as? [String: Any] else {
                return Operation(method: "?", bulkId: nil, decision: .rejected([IntakeProblem(field: "Operations[\(index)]", reason: "is not an object")]))
            }
            let bulkId = operation["bulkId"] as? String
            var result = decide(operation, index: index, defaultMode: defaultMode)
            if let bulkId {
                if !seenBulkIDs.insert(bulkId).inserted {
                    result.decision = .rejected([IntakeProblem(field: "Operations[\(index)].bulkId", reason: "'\(bulkId)' is used twice in this request")])
                }
            }
            return result
        }
        return .success(Request(operations: parsed, failOnErrors: failOnErrors))
    }

    static func decide(_ operation: [String: Any], index: Int, defaultMode: DeliveryMode) -> Operation {
        let prefix = "Operations[\(index)]"
        let method = (operation["method"] as? String)?.uppercased() ?? ""
        let bulkId = operation["bulkId"] as? String
        func reject(_ field: String, _ reason: String) -> Operation {
            Operation(method: method.isEmpty ? "?" : method, bulkId: bulkId, decision: .rejected([IntakeProblem(field: "\(prefix).\(field)", reason: reason)]))
        }
        guard method == "POST" || method == "DELETE" else { return reject("method", "must be POST or DELETE") }
        guard (operation["path"] as? String) == "/Users" else { return reject("path", "must be /Users") }
        let data = operation["data"] as? [String: Any] ?? [:]
        let enterprise = data[enterpriseUserSchema] as? [String: Any] ?? [:]
        let employeeID = nonEmpty(data["externalId"]) ?? nonEmpty(enterprise["employeeNumber"]) ?? (method == "DELETE" ? nonEmpty(bulkId) : nil)

        if method == "DELETE" {
            guard let employeeID else { return reject("data.externalId", "is required to withdraw a hire") }
            return Operation(method: method, bulkId: bulkId, decision: .withdraw(employeeID: employeeID))
        }
        guard !data.isEmpty else { return reject("data", "is required for POST") }
        guard let schemas = data["schemas"] as? [String], schemas.contains(coreUserSchema) else {
            return reject("data.schemas", "must contain \(coreUserSchema)")
        }

        let extensions = data.filter { $0.key.hasPrefix("urn:") }.compactMap { $0.value as? [String: Any] }
        func fromExtensions(_ names: [String]) -> String? {
            for object in extensions {
                for (key, value) in object where names.contains(key.lowercased()) {
                    if let text = nonEmpty(value) { return text }
                }
            }
            return nil
        }
        let name = data["name"] as? [String: Any]
        let composedName = [nonEmpty(name?["givenName"]), nonEmpty(name?["familyName"])].compactMap { $0 }.joined(separator: " ")
        let identity = HireIdentity(userPrincipalName: nonEmpty(data["userName"]), employeeID: employeeID,
                                    displayName: nonEmpty(data["displayName"]) ?? (composedName.isEmpty ? nil : composedName))
        let phones = data["phoneNumbers"] as? [[String: Any]] ?? []
        let emails = data["emails"] as? [[String: Any]] ?? []
        let mobile = phones.first { ($0["type"] as? String)?.lowercased() == "mobile" }.flatMap { nonEmpty($0["value"]) }
        let privateEmail = emails.first { ["home", "other"].contains(($0["type"] as? String)?.lowercased() ?? "") }.flatMap { nonEmpty($0["value"]) }
        // the hire date may carry a time ("2026-12-01T08:00:00Z"): the day is what counts
        let hireDate = fromExtensions(["hiredate", "employeehiredate", "startdate"]).map { String($0.prefix(10)) }
        let recipients = Recipients(mobilePhone: mobile, privateEmail: privateEmail)
        switch IntakeValidation.record(identity: identity, hireDate: hireDate, deliveryMode: fromExtensions(["deliverymode"]),
                                       recipients: recipients, defaultMode: defaultMode) {
        case .success(let record):
            return Operation(method: method, bulkId: bulkId, decision: .intake(record))
        case .failure(let failure):
            let problems = failure.problems.map { problem in
                IntakeProblem(field: "\(prefix).data.\(scimField(for: problem.field))", reason: problem.reason)
            }
            return Operation(method: method, bulkId: bulkId, decision: .rejected(problems))
        }
    }

    /// Names a problem by the SCIM attribute the HR system sent, not Firstkey's field.
    static func scimField(for field: String) -> String {
        switch field {
        case "hireDate": "<extension>.hireDate"
        case "deliveryMode": "<extension>.deliveryMode"
        case "userPrincipalName": "userName"
        case "mobile": "phoneNumbers[type=mobile].value"
        case "privateEmail": "emails[type=home].value"
        case "identity": "externalId"
        default: field
        }
    }

    static func nonEmpty(_ value: Any?) -> String? {
        guard let text = value as? String else { return nil }
        let trimmed = text.trimmed
        return trimmed.isEmpty ? nil : trimmed
    }
}
