import Foundation
import Hummingbird
import HTTPTypes
import NIOCore
import Onboarding
import OnboardingEngine
import Store

/// `POST /api/v1/scim/bulkUpload`: the payload an HR system sends to Entra's API-driven inbound
/// provisioning (`…/synchronization/jobs/{id}/bulkUpload`), accepted unchanged. Each operation
/// opens (idempotently) or withdraws a case; the answer is a SCIM BulkResponse (RFC 7644 §3.7)
/// with one status per operation, so one bad record never hides the others and nothing is
/// half-written: an operation either made its case or says why not.
enum SCIMBulkEndpoint {
    static let path = "/api/v1/scim/bulkUpload"
    static let maximumBodySize = 512 * 1024
    static let bulkResponseSchema = "urn:ietf:params:scim:api:messages:2.0:BulkResponse"
    static let errorSchema = "urn:ietf:params:scim:api:messages:2.0:Error"

    struct BulkResponse: Encodable {
        var schemas = [bulkResponseSchema]
        var Operations: [OperationResult]
    }

    struct OperationResult: Encodable {
        var method: String
        var bulkId: String?
        var location: String?
        var status: String
        var response: SCIMError?
    }

    struct SCIMError: Encodable {
        var schemas = [errorSchema]
        var status: String
        var scimType: String?
        var detail: String
        var problems: [IntakeProblem]?
    }

    static func register(on router: Router<AdminRequestContext>, engine: OnboardingEngine, store: any CaseStore, limits: RequestLimits) {
        router.group("api/v1/scim").add(middleware: BearerTokenMiddleware(store: store)).post("bulkUpload") { request, context -> Response in
            try context.require(.write)
            let contentType = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
            guard contentType == "application/scim+json" else {
                throw APIError(.unsupportedMediaType, code: "invalid-content-type", message: "send the bulk request as application/scim+json, as Entra's bulkUpload requires",
                               problems: [IntakeProblem(field: "Content-Type", reason: "must be application/scim+json")])
            }
            let buffer: ByteBuffer
            do {
                buffer = try await request.body.collect(upTo: maximumBodySize)
            } catch {
                throw APIError(.contentTooLarge, code: "too-large", message: "the body is larger than \(maximumBodySize / 1024) KiB")
            }
            let parsed: SCIMBulkIntake.Request
            switch SCIMBulkIntake.parse(Data(buffer.readableBytesView)) {
            case .success(let value): parsed = value
            case .failure(let failure):
                throw APIError(.badRequest, code: "invalid-bulk-request", message: "the SCIM bulk request cannot be read", problems: failure.problems)
            }
            // Every hire of the request counts against the token's intake limit, all or nothing.
            let hires = parsed.operations.filter { if case .intake = $0.decision { true } else { false } }.count
            if hires > 0, let limited = APIError.intakeLimited(await limits.intake.admit("token:\(context.tokenID ?? "?")", cost: hires), source: "this API token") {
                throw limited
            }
            let actor = "scim:\(context.tokenName ?? "?")"
            var results: [OperationResult] = []
            var errors = 0
            for operation in parsed.operations {
                if let limit = parsed.failOnErrors, errors >= limit { break }
                let result = await perform(operation, engine: engine, store: store, actor: actor)
                if let status = Int(result.status), status >= 400 { errors += 1 }
                results.append(result)
            }
            return try AdminAPI.jsonResponse(BulkResponse(Operations: results), status: .ok)
        }
    }

    static func perform(_ operation: SCIMBulkIntake.Operation, engine: OnboardingEngine, store: any CaseStore, actor: String) async -> OperationResult {
        var result = OperationResult(method: operation.method, bulkId: operation.bulkId, status: "200")
        func fail(_ status: Int, _ scimType: String?, _ detail: String, problems: [IntakeProblem]? = nil) -> OperationResult {
            result.status = String(status)
            result.response = SCIMError(status: String(status), scimType: scimType, detail: detail, problems: problems)
            return result
        }
        do {
            switch operation.decision {
            case .rejected(let problems):
                return fail(400, "invalidValue", problems.map { "\($0.field): \($0.reason)" }.joined(separator: "; "), problems: problems)
            case .intake(let record):
                let (onboarding, created) = try await engine.intake(.init(identity: record.identity, hireDate: record.hireDate, deliveryMode: record.deliveryMode,
                                                                          recipients: record.recipients, source: "scim"), actor: actor)
                result.status = created ? "201" : "200"
                result.location = "/api/v1/onboardings/\(onboarding.id.rawValue)"
                return result
            case .withdraw(let employeeID):
                guard let onboarding = try await store.fetchCase(intakeKey: HireIdentity(employeeID: employeeID).intakeKey ?? "") else {
                    return fail(404, nil, "no case for employee ID \(employeeID)")
                }
                result.location = "/api/v1/onboardings/\(onboarding.id.rawValue)"
                guard !onboarding.state.isTerminal else { return result }  // already ended: withdrawing again changes nothing
                _ = try await engine.cancel(onboarding.id, actor: actor, reason: "withdrawn by HR (SCIM DELETE)")
                return result
            }
        } catch let error as LifecycleError {
            return fail(409, nil, error.reason)
        } catch let error as StoreError {
            return fail(error.code == .conflict ? 409 : 500, nil, error.message)
        } catch {
            return fail(500, nil, "the operation could not be stored; send it again")
        }
    }
}
