import Foundation
public import HTTPTypes
public import Hummingbird
import Onboarding
public import OnboardingEngine
public import Store

/// The admin REST API (`/api/v1`) and health probes. Every route under /api/v1 needs a bearer
/// token; reading needs the `read` scope, every change the `write` scope.
public enum AdminAPI {
    /// The operations, in one table: the router and the OpenAPI document are both built from it,
    /// so the document cannot drift from what is served.
    public struct Operation: Sendable {
        public var method: HTTPRequest.Method
        public var path: String
        public var scope: APIScope?
        public var summary: String
    }

    public static let operations: [Operation] = [
        Operation(method: .post, path: "/api/v1/onboardings", scope: .write, summary: "Open an onboarding case (idempotent per hire: 201 new, 200 existing)"),
        Operation(method: .get, path: "/api/v1/onboardings", scope: .read, summary: "List cases (filters: state, limit, offset)"),
        Operation(method: .get, path: "/api/v1/onboardings/{id}", scope: .read, summary: "Show one case with its steps"),
        Operation(method: .get, path: "/api/v1/onboardings/{id}/audit", scope: .read, summary: "The audit trail of one case"),
        Operation(method: .post, path: "/api/v1/onboardings/{id}/retry", scope: .write, summary: "Make a failed, escalated or waiting case's current step due now"),
        Operation(method: .post, path: "/api/v1/onboardings/{id}/resend", scope: .write, summary: "Send the credential (or portal link) again, as a new message"),
        Operation(method: .post, path: "/api/v1/onboardings/{id}/cancel", scope: .write, summary: "Cancel a case (body: reason); its secrets are wiped"),
        Operation(method: .post, path: "/api/v1/scim/bulkUpload", scope: .write, summary: "Inbound-provisioning SCIM BulkRequest (as sent to Entra's bulkUpload): one case per operation, a BulkResponse with one status each"),
        Operation(method: .post, path: "/api/v1/lifecycle-workflows/callout", scope: nil, summary: "Lifecycle Workflows custom task extension callout (Entra access token of the forwarding Logic App's managed identity): 202, the workflow is resumed when the case has an outcome"),
        Operation(method: .get, path: "/healthz", scope: nil, summary: "Liveness: the process serves requests"),
        Operation(method: .get, path: "/readyz", scope: nil, summary: "Readiness: the store answers"),
        Operation(method: .get, path: "/api/v1/openapi.json", scope: .read, summary: "This API's OpenAPI 3.1 document (without a token on the management listener, managementListen)"),
        Operation(method: .get, path: "/metrics", scope: .read, summary: "Prometheus metrics: cases by state, step durations and outcomes, escalations, LDAP latency (without a token on the management listener, managementListen)"),
    ]

    static let maximumBodySize = 64 * 1024

    /// The management listener (`managementListen`): metrics, the OpenAPI document and the probes,
    /// without a token; for loopback or a monitoring network only.
    public static func managementRouter(store: any CaseStore, metrics: MetricsEndpoint) -> Router<AdminRequestContext> {
        let router = Router(context: AdminRequestContext.self)
        addProbes(to: router, store: store)
        router.get("/metrics") { _, _ in await metricsResponse(metrics, store: store) }
        router.get("/api/v1/openapi.json") { _, _ in openAPIResponse() }
        return router
    }

    static func addProbes(to router: Router<AdminRequestContext>, store: any CaseStore) {
        router.get("/healthz") { _, _ in StatusBody(status: "ok") }
        router.get("/readyz") { _, _ -> Response in
            do {
                _ = try await store.countCasesByState()
                return try jsonResponse(StatusBody(status: "ready"), status: .ok)
            } catch {
                return try jsonResponse(StatusBody(status: "the store does not answer"), status: .serviceUnavailable)
            }
        }
    }

    static func metricsResponse(_ metrics: MetricsEndpoint, store: any CaseStore) async -> Response {
        Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: .init(byteBuffer: ByteBuffer(string: await metrics.render(store: store))))
    }

    static func openAPIResponse() -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
    }

    public static func router(engine: OnboardingEngine, store: any CaseStore, metrics: MetricsEndpoint = MetricsEndpoint(),
                              lifecycleWorkflows: LifecycleWorkflowIntake? = nil, limits: RequestLimits = RequestLimits()) -> Router<AdminRequestContext> {
        let router = Router(context: AdminRequestContext.self)
        // first, so that it also sees requests no route matches
        router.add(middleware: MethodNotAllowedMiddleware())
        addProbes(to: router, store: store)
        // What the installation looks like (cases by state, the API's shape) is not for anyone who
        // can reach the listener: here it needs a read token; the management listener serves it without.
        let management = router.group().add(middleware: BearerTokenMiddleware(store: store))
        management.get("/metrics") { _, context -> Response in
            try context.require(.read)
            return await metricsResponse(metrics, store: store)
        }
        management.get("/api/v1/openapi.json") { _, context -> Response in
            try context.require(.read)
            return openAPIResponse()
        }

        let api = router.group("api/v1/onboardings").add(middleware: BearerTokenMiddleware(store: store))
        api.post { request, context -> Response in
            try context.require(.write)
            let input = try await decode(OnboardingInput.self, from: request, context: context)
            let record: IntakeRecord
            switch input.record() {
            case .success(let value): record = value
            case .failure(let failure):
                throw APIError(.unprocessableContent, code: "invalid-onboarding", message: "the onboarding request has invalid fields", problems: failure.problems)
            }
            if let limited = APIError.intakeLimited(await limits.intake.admit("token:\(context.tokenID ?? "?")"), source: "this API token") { throw limited }
            let (onboarding, created) = try await engine.intake(.init(identity: record.identity, hireDate: record.hireDate, deliveryMode: record.deliveryMode,
                                                                      recipients: record.recipients, source: "api"), actor: "api:\(context.tokenName ?? "?")")
            var response = try jsonResponse(CaseResource(onboarding), status: created ? .created : .ok)
            response.headers[.location] = "/api/v1/onboardings/\(onboarding.id.rawValue)"
            return response
        }
        api.get { request, context -> Response in
            try context.require(.read)
            let filter = try listFilter(request.uri.queryParameters)
            return try jsonResponse(CaseList(cases: try await store.listCases(filter).map { CaseResource($0) }, limit: filter.limit, offset: filter.offset), status: .ok)
        }
        api.get("{id}") { _, context -> Response in
            try context.require(.read)
            return try jsonResponse(CaseResource(try await existingCase(context, store)), status: .ok)
        }
        api.get("{id}/audit") { _, context -> Response in
            try context.require(.read)
            let onboarding = try await existingCase(context, store)
            return try jsonResponse(CaseResource(onboarding, audit: try await store.auditTrail(of: onboarding.id)).audit ?? [], status: .ok)
        }
        api.post("{id}/retry") { _, context -> Response in
            try context.require(.write)
            let onboarding = try await existingCase(context, store)
            return try jsonResponse(CaseResource(try await administer { try await engine.retry(onboarding.id, actor: "api:\(context.tokenName ?? "?")") }), status: .ok)
        }
        api.post("{id}/resend") { _, context -> Response in
            try context.require(.write)
            let onboarding = try await existingCase(context, store)
            return try jsonResponse(CaseResource(try await administer { try await engine.resend(onboarding.id, actor: "api:\(context.tokenName ?? "?")") }), status: .ok)
        }
        api.post("{id}/cancel") { request, context -> Response in
            try context.require(.write)
            let onboarding = try await existingCase(context, store)
            let input = try await decode(CancelInput.self, from: request, context: context)
            guard let reason = input.reason?.trimmingCharacters(in: .whitespacesAndNewlines), !reason.isEmpty else {
                throw APIError(.unprocessableContent, code: "invalid-cancel", message: "say why the case is cancelled",
                               problems: [IntakeProblem(field: "reason", reason: "is required")])
            }
            return try jsonResponse(CaseResource(try await administer { try await engine.cancel(onboarding.id, actor: "api:\(context.tokenName ?? "?")", reason: reason) }), status: .ok)
        }
        SCIMBulkEndpoint.register(on: router, engine: engine, store: store, limits: limits)
        LifecycleWorkflowEndpoint.register(on: router, engine: engine, intake: lifecycleWorkflows, limits: limits)
        return router
    }

    // MARK: Helpers

    struct StatusBody: ResponseCodable { var status: String }

    struct CaseList: Encodable {
        var cases: [CaseResource]
        var limit: Int
        var offset: Int
    }

    struct CancelInput: Decodable { var reason: String? }

    static func existingCase(_ context: AdminRequestContext, _ store: any CaseStore) async throws -> OnboardingCase {
        let id = context.parameters.get("id") ?? ""
        guard let onboarding = try await store.fetchCase(CaseID(rawValue: id)) else {
            throw APIError(.notFound, code: "not-found", message: "no case with this ID")
        }
        return onboarding
    }

    static func administer(_ change: () async throws -> OnboardingCase) async throws -> OnboardingCase {
        do {
            return try await change()
        } catch let error as LifecycleError {
            throw APIError(.conflict, code: "refused", message: error.reason)
        } catch let error as StoreError where error.code == .conflict {
            throw APIError(.conflict, code: "busy", message: error.message)
        }
    }

    static func listFilter(_ query: Parameters) throws -> CaseFilter {
        var filter = CaseFilter()
        var problems: [IntakeProblem] = []
        for state in query.getAll("state") {
            if let value = CaseState(rawValue: String(state)) { filter.states.insert(value) } else {
                problems.append(IntakeProblem(field: "state", reason: "must be one of \(CaseState.allCases.map(\.rawValue).joined(separator: ", "))"))
            }
        }
        if let limit = query.get("limit") {
            if let value = Int(limit), (1...1000).contains(value) { filter.limit = value } else { problems.append(IntakeProblem(field: "limit", reason: "must be a number from 1 to 1000")) }
        }
        if let offset = query.get("offset") {
            if let value = Int(offset), value >= 0 { filter.offset = value } else { problems.append(IntakeProblem(field: "offset", reason: "must be a number ≥ 0")) }
        }
        guard problems.isEmpty else { throw APIError(.badRequest, code: "invalid-query", message: "the query has invalid parameters", problems: problems) }
        return filter
    }

    /// Reads a JSON body, naming the field when a value has the wrong type.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, context: AdminRequestContext) async throws -> T {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maximumBodySize)
        } catch {
            throw APIError(.contentTooLarge, code: "too-large", message: "the body is larger than \(maximumBodySize / 1024) KiB")
        }
        let data = Data(buffer.readableBytesView)
        do {
            return try JSONDecoder().decode(T.self, from: data.isEmpty ? Data("{}".utf8) : data)
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            let field = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw APIError(.badRequest, code: "invalid-json", message: "a field has the wrong type",
                           problems: [IntakeProblem(field: field.isEmpty ? "body" : field, reason: "must be a string")])
        } catch {
            throw APIError(.badRequest, code: "invalid-json", message: "the body is not a valid JSON object")
        }
    }

    static func jsonResponse(_ value: some Encodable, status: HTTPResponse.Status) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }
}

/// A documented path asked with a method it does not serve answers 405 with `Allow` (RFC 9110
/// §15.5.6) and our JSON error, instead of the router's bare 404: the path exists, the method does
/// not (found by schemathesis, scripts/api-fuzz). Paths outside `AdminAPI.operations` (the pickup
/// page, the portal, webhooks) are left to their own routes.
struct MethodNotAllowedMiddleware: RouterMiddleware {
    typealias Context = AdminRequestContext

    /// Each documented path template, split into segments, with the methods it serves.
    static let templates: [(segments: [Substring], methods: [HTTPRequest.Method])] = {
        var byPath: [String: [HTTPRequest.Method]] = [:]
        var order: [String] = []
        for operation in AdminAPI.operations {
            if byPath[operation.path] == nil { order.append(operation.path) }
            byPath[operation.path, default: []].append(operation.method)
        }
        return order.map { ($0.split(separator: "/"), byPath[$0] ?? []) }
    }()

    static func allowedMethods(for path: String) -> [HTTPRequest.Method]? {
        let segments = path.split(separator: "/")
        for template in templates where template.segments.count == segments.count {
            if zip(template.segments, segments).allSatisfy({ $0.hasPrefix("{") || $0 == $1 }) { return template.methods }
        }
        return nil
    }

    func handle(_ request: Request, context: AdminRequestContext, next: (Request, AdminRequestContext) async throws -> Response) async throws -> Response {
        if let methods = Self.allowedMethods(for: request.uri.path), !methods.contains(request.method) {
            var error = APIError(.methodNotAllowed, code: "method-not-allowed", message: "\(request.method.rawValue) is not served here; use \(methods.map(\.rawValue).joined(separator: " or "))")
            error.extraHeaders = [.allow: methods.map(\.rawValue).joined(separator: ", ")]
            throw error
        }
        return try await next(request, context)
    }
}

/// The body of POST /api/v1/onboardings.
struct OnboardingInput: Decodable {
    var employeeId: String?
    var userPrincipalName: String?
    var entraObjectId: String?
    var samAccountName: String?
    var displayName: String?
    var hireDate: String?
    var deliveryMode: String?
    var mobile: String?
    var privateEmail: String?
    var managerEmail: String?

    func record() -> Result<IntakeRecord, IntakeFailure> {
        IntakeValidation.record(
            identity: HireIdentity(entraObjectID: entraObjectId, userPrincipalName: userPrincipalName, employeeID: employeeId,
                                   samAccountName: samAccountName, displayName: displayName),
            hireDate: hireDate, deliveryMode: deliveryMode,
            recipients: Recipients(mobilePhone: mobile, privateEmail: privateEmail, managerEmail: managerEmail))
    }
}
