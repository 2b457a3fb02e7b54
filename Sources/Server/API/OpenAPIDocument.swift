import Foundation
import HTTPTypes

/// The OpenAPI 3.1 document of the admin API, built from `AdminAPI.operations`; a test checks it
/// against the served routes and the schemas against real responses.
enum OpenAPIDocument {
    static let json: String = {
        let data = (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }()

    static var document: [String: Any] {
        var paths: [String: [String: Any]] = [:]
        for operation in AdminAPI.operations {
            var entry: [String: Any] = ["summary": operation.summary, "operationId": operationID(operation), "responses": responses(for: operation)]
            if operation.scope != nil { entry["security"] = [["bearer": [String]()]] }
            if operation.path == "/api/v1/lifecycle-workflows/callout" {
                entry["security"] = [["entra": [String]()]]
                entry["requestBody"] = ["required": true, "content": ["application/json": ["schema": ["type": "object", "required": ["data"], "description": "The custom task extension callout as Entra sends it (reference: customExtensionCalloutRequest)"]]]]
            }
            if operation.path.contains("{id}") {
                entry["parameters"] = [["name": "id", "in": "path", "required": true, "schema": ["type": "string"]]]
            }
            if operation.method == .get, operation.path == "/api/v1/onboardings" {
                entry["parameters"] = [
                    ["name": "state", "in": "query", "schema": ["type": "string", "enum": caseStates]],
                    ["name": "limit", "in": "query", "schema": ["type": "integer", "minimum": 1, "maximum": 1000]],
                    ["name": "offset", "in": "query", "schema": ["type": "integer", "minimum": 0, "maximum": Int.max]],
                ]
            }
            if operation.method == .post, operation.path == "/api/v1/onboardings" {
                entry["requestBody"] = ["required": true, "content": ["application/json": ["schema": ["$ref": "#/components/schemas/OnboardingInput"]]]]
            }
            if operation.path == "/api/v1/scim/bulkUpload" {
                entry["requestBody"] = ["required": true, "content": ["application/scim+json": ["schema": ["$ref": "#/components/schemas/SCIMBulkRequest"]]]]
            }
            if operation.path.hasSuffix("/cancel") {
                entry["requestBody"] = ["required": true, "content": ["application/json": ["schema": ["type": "object", "required": ["reason"], "properties": [
                    "reason": ["type": "string", "pattern": "\\S", "description": "why; not blank"]]]]]]
            }
            paths[operation.path, default: [:]][operation.method.rawValue.lowercased()] = entry
        }
        return [
            "openapi": "3.1.0",
            "info": ["title": "Firstkey admin API", "version": "1"],
            "paths": paths,
            "components": [
                "securitySchemes": [
                    "bearer": ["type": "http", "scheme": "bearer", "description": "An API token from `firstkey tokens create`"],
                    "entra": ["type": "http", "scheme": "bearer", "bearerFormat": "JWT", "description": "An Entra access token of an allowed managed identity (lifecycleWorkflows.allowedCallers)"],
                ],
                "schemas": schemas,
            ],
        ]
    }

    /// A stable name for each operation, which the links below refer to.
    static func operationID(_ operation: AdminAPI.Operation) -> String {
        switch (operation.method, operation.path) {
        case (.post, "/api/v1/onboardings"): "openOnboarding"
        case (.get, "/api/v1/onboardings"): "listOnboardings"
        case (.get, "/api/v1/onboardings/{id}"): "getOnboarding"
        case (.get, "/api/v1/onboardings/{id}/audit"): "getOnboardingAudit"
        case (.post, "/api/v1/onboardings/{id}/retry"): "retryOnboarding"
        case (.post, "/api/v1/onboardings/{id}/resend"): "resendOnboarding"
        case (.post, "/api/v1/onboardings/{id}/cancel"): "cancelOnboarding"
        case (.post, "/api/v1/scim/bulkUpload"): "scimBulkUpload"
        case (.post, "/api/v1/lifecycle-workflows/callout"): "lifecycleWorkflowCallout"
        case (.get, "/healthz"): "liveness"
        case (.get, "/readyz"): "readiness"
        case (.get, "/api/v1/openapi.json"): "openAPIDocument"
        case (.get, "/metrics"): "metrics"
        default:
            operation.method.rawValue.lowercased() + operation.path.split(separator: "/").map { $0.filter { $0.isLetter || $0.isNumber }.capitalized }.joined()
        }
    }

    /// OpenAPI links from a case's answer to the operations on it: `id` from the body.
    static var caseLinks: [String: Any] {
        var links: [String: Any] = [:]
        for (name, operationID) in [("GetOnboarding", "getOnboarding"), ("GetOnboardingAudit", "getOnboardingAudit"), ("RetryOnboarding", "retryOnboarding"),
                                    ("ResendOnboarding", "resendOnboarding"), ("CancelOnboarding", "cancelOnboarding")] {
            links[name] = ["operationId": operationID, "parameters": ["id": "$response.body#/id"]]
        }
        return links
    }

    static let caseStates = ["received", "correlated", "checked", "credential-prepared", "delivered", "completed", "cleaned-up", "waiting", "escalated", "failed", "cancelled"]

    static func responses(for operation: AdminAPI.Operation) -> [String: Any] {
        let error: [String: Any] = ["description": "Error", "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]]]
        let caseBody: [String: Any] = ["content": ["application/json": ["schema": ["$ref": "#/components/schemas/Case"]]]]
        var responses: [String: Any] = [:]
        switch (operation.method, operation.path) {
        case (.post, "/api/v1/onboardings"):
            responses["201"] = caseBody.merging(["description": "Case opened", "links": caseLinks]) { a, _ in a }
            responses["200"] = caseBody.merging(["description": "The hire already has this case", "links": caseLinks]) { a, _ in a }
            responses["422"] = error
            responses["400"] = error
            responses["413"] = error
            responses["429"] = error
        case (.get, "/api/v1/onboardings"):
            responses["200"] = ["description": "Cases", "content": ["application/json": ["schema": ["type": "object", "required": ["cases", "limit", "offset"], "properties": [
                "cases": ["type": "array", "items": ["$ref": "#/components/schemas/Case"]], "limit": ["type": "integer"], "offset": ["type": "integer"]]]]]]
            responses["400"] = error
        case (.get, "/api/v1/onboardings/{id}/audit"):
            responses["200"] = ["description": "Audit trail", "content": ["application/json": ["schema": ["type": "array", "items": ["$ref": "#/components/schemas/AuditEntry"]]]]]
            responses["404"] = error
        case (_, let path) where path.hasPrefix("/api/v1/onboardings/{id}"):
            responses["200"] = caseBody.merging(["description": "The case"]) { a, _ in a }
            responses["404"] = error
            if operation.method == .post { responses["409"] = error; responses["422"] = error }
            if path.hasSuffix("/cancel") { responses["400"] = error; responses["413"] = error }
        case (.post, "/api/v1/scim/bulkUpload"):
            responses["200"] = ["description": "One status per operation (201 case opened, 200 existing or withdrawn, 4xx with the reason)",
                                "content": ["application/json": ["schema": ["$ref": "#/components/schemas/SCIMBulkResponse"]]]]
            responses["400"] = error
            responses["413"] = error
            responses["415"] = error
            responses["429"] = error
        case (.post, "/api/v1/lifecycle-workflows/callout"):
            responses["202"] = ["description": "Case opened or found", "content": ["application/json": ["schema": ["type": "object", "required": ["caseId", "state", "created"], "properties": [
                "caseId": string, "state": string, "created": ["type": "boolean"]]]]]]
            for status in ["400", "401", "413", "422", "429", "501", "503"] { responses[status] = error }
        case (_, "/api/v1/openapi.json"):
            responses["200"] = ["description": "This document"]
        case (_, "/metrics"):
            responses["200"] = ["description": "Prometheus text format", "content": ["text/plain": ["schema": ["type": "string"]]]]
        default:
            responses["200"] = ["description": "Status", "content": ["application/json": ["schema": ["type": "object", "properties": ["status": ["type": "string"]]]]]]
            responses["503"] = ["description": "Not ready"]
        }
        if operation.scope != nil { responses["401"] = error; responses["403"] = error }
        return responses
    }

    static var string: [String: Any] { ["type": "string"] }
    static var optionalString: [String: Any] { ["type": ["string", "null"]] }
    /// name@domain, as IntakeValidation checks it: one @, no space; or empty.
    static var address: [String: Any] { ["type": ["string", "null"], "pattern": "^$|^[^@ ]*@[^@ ]*$"] }

    static var schemas: [String: Any] {
        [
            // What IntakeValidation accepts, as far as a schema can say it: at least one identifier that is not blank,
            // name@domain addresses, an E.164 mobile (required unless self-service); absent, null and "" mean not given.
            "OnboardingInput": ["type": "object", "required": ["hireDate"], "properties": [
                "employeeId": optionalString, "userPrincipalName": address, "entraObjectId": optionalString, "samAccountName": optionalString,
                "displayName": optionalString, "hireDate": ["type": "string", "format": "date"],
                "deliveryMode": ["type": ["string", "null"], "enum": ["self-service", "temporary-password", "tap", NSNull()], "description": "default self-service"],
                "mobile": ["type": ["string", "null"], "pattern": "^$|^\\+[1-9][0-9]{7,14}$", "description": "E.164"], "privateEmail": address, "managerEmail": address,
            ], "anyOf": ["employeeId", "userPrincipalName", "entraObjectId", "samAccountName"].map { field -> [String: Any] in
                ["required": [field], "properties": [field: ["type": "string", "pattern": "\\S"]]]
            }, "if": ["required": ["deliveryMode"], "properties": ["deliveryMode": ["enum": ["temporary-password", "tap"]]]],
               "then": ["required": ["mobile"], "properties": ["mobile": ["type": "string", "minLength": 1]]]],
            "Case": ["type": "object", "required": ["id", "state", "deliveryMode", "hireDate", "source", "identity", "recipients", "steps", "resends", "createdAt", "updatedAt"], "properties": [
                "id": string, "state": ["type": "string", "enum": caseStates], "deliveryMode": string, "hireDate": ["type": "string", "format": "date"],
                "source": string, "failureReason": optionalString, "escalationReason": optionalString, "resends": ["type": "integer"],
                "createdAt": ["type": "string", "format": "date-time"], "updatedAt": ["type": "string", "format": "date-time"],
                "identity": ["type": "object"], "recipients": ["type": "object"],
                "steps": ["type": "array", "items": ["type": "object", "required": ["kind", "status", "attempts"], "properties": [
                    "kind": string, "status": string, "attempts": ["type": "integer"], "nextAttemptAt": optionalString, "lastError": optionalString]]],
            ]],
            "SCIMBulkRequest": ["type": "object", "required": ["schemas", "Operations"], "properties": [
                "schemas": ["type": "array", "items": string, "contains": ["const": "urn:ietf:params:scim:api:messages:2.0:BulkRequest"]], "failOnErrors": ["type": ["integer", "null"], "minimum": 1, "maximum": Int.max],
                "Operations": ["type": "array", "minItems": 1, "maxItems": 50, "items": ["type": "object", "required": ["method", "path"], "properties": [
                    "method": ["type": "string", "enum": ["POST", "DELETE"]], "bulkId": string, "path": ["type": "string", "enum": ["/Users"]],
                    "data": ["type": "object", "description": "A SCIM core + enterprise user; the hire date in an extension's hireDate, employeeHireDate or startDate"]]]],
            ]],
            "SCIMBulkResponse": ["type": "object", "required": ["schemas", "Operations"], "properties": [
                "schemas": ["type": "array", "items": string],
                "Operations": ["type": "array", "items": ["type": "object", "required": ["method", "status"], "properties": [
                    "method": string, "bulkId": string, "location": string, "status": string,
                    "response": ["type": "object", "properties": ["schemas": ["type": "array", "items": string], "status": string, "scimType": string, "detail": string,
                                                                  "problems": ["type": "array", "items": ["type": "object"]]]]]]],
            ]],
            "AuditEntry": ["type": "object", "required": ["at", "actor", "event", "detail"], "properties": ["at": string, "actor": string, "event": string, "detail": string]],
            "Error": ["type": "object", "required": ["error"], "properties": ["error": ["type": "object", "required": ["code", "message"], "properties": [
                "code": string, "message": string,
                "problems": ["type": "array", "items": ["type": "object", "required": ["field", "reason"], "properties": ["field": string, "reason": string]]]]]]],
        ]
    }
}
