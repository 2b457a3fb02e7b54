import Foundation
import Hummingbird
import HTTPTypes
public import Microsoft
import NIOCore
public import Onboarding
import OnboardingEngine

/// What the Lifecycle Workflows custom task extension endpoint needs: who may call it, and
/// Graph to read the hire. See docs/lifecycle-workflows.md.
public struct LifecycleWorkflowIntake: Sendable {
    public var validator: EntraJWTValidator
    public var graph: GraphClient
    public var deliveryMode: DeliveryMode

    public init(validator: EntraJWTValidator, graph: GraphClient, deliveryMode: DeliveryMode) {
        self.validator = validator
        self.graph = graph
        self.deliveryMode = deliveryMode
    }
}

/// `POST /api/v1/lifecycle-workflows/callout`: the custom task extension's callout, forwarded
/// by the Logic App with its managed identity's Entra token. Never unauthenticated: the token's
/// signature (tenant JWKS), issuer, audience, lifetime and calling app are checked first. Then
/// the hire is read from Graph, the case is opened (idempotently: a duplicate callout finds the
/// same case and the same task result) and the answer is 202 at once; the case runs durably and
/// resumes the workflow (Completed or Failed) through Graph when it has an outcome.
enum LifecycleWorkflowEndpoint {
    static let path = "/api/v1/lifecycle-workflows/callout"
    static let maximumBodySize = 64 * 1024

    struct Accepted: Encodable {
        var caseId: String
        var state: String
        var created: Bool
    }

    static func register(on router: Router<AdminRequestContext>, engine: OnboardingEngine, intake: LifecycleWorkflowIntake?, limits: RequestLimits) {
        router.post(RouterPath(path)) { request, _ -> Response in
            guard let intake else {
                throw APIError(.notImplemented, code: "not-configured",
                               message: "the Lifecycle Workflows endpoint is not enabled: set entra.* and lifecycleWorkflows.allowedCallers")
            }
            let claims: EntraAccessTokenClaims
            do {
                claims = try await intake.validator.validate(authorizationHeader: request.headers[.authorization])
            } catch let error as TokenValidationError {
                if error.code == .signingKeysUnavailable {
                    var unavailable = APIError(.serviceUnavailable, code: "keys-unavailable", message: "Entra's signing keys cannot be read right now; send the callout again")
                    unavailable.extraHeaders = [.retryAfter: "30"]
                    throw unavailable
                }
                var refused = APIError.unauthorized(error.description)
                refused.extraHeaders = [.wwwAuthenticate: "Bearer realm=\"firstkey\", error=\"invalid_token\""]
                throw refused
            }
            // A workflow pointed at the whole directory must not reset it: the callouts count against
            // the caller application's intake limit (the Logic App retries a 429).
            if let limited = APIError.intakeLimited(await limits.intake.admit("lifecycle-workflows:\(claims.callerAppID)"), source: "Lifecycle Workflows") {
                throw limited
            }
            let buffer: ByteBuffer
            do {
                buffer = try await request.body.collect(upTo: maximumBodySize)
            } catch {
                throw APIError(.contentTooLarge, code: "too-large", message: "the body is larger than \(maximumBodySize / 1024) KiB")
            }
            let callout: LifecycleWorkflowCallout
            do {
                callout = try LifecycleWorkflowCallout.parse(buffer.readableBytesView)
            } catch let error as GraphError {
                throw APIError(.badRequest, code: "invalid-callout", message: "the body is not a Lifecycle Workflows custom task extension callout",
                               problems: [IntakeProblem(field: "data", reason: error.detail ?? error.description)])
            }
            let user: GraphUser
            do {
                guard let found = try await intake.graph.user(callout.subject.id) else {
                    throw APIError(.unprocessableContent, code: "unknown-user", message: "Entra has no user \(callout.subject.id)",
                                   problems: [IntakeProblem(field: "data.subject.id", reason: "is not a user of this tenant")])
                }
                user = found
            } catch let error as GraphError where error.code == .invalidInput || error.code == .badRequest {
                // The callout's user ID is blank (Graph was never asked) or Graph refuses it as an identifier (400):
                // the callout is wrong, and sending it again would not help, so this is not a 503.
                throw APIError(.unprocessableContent, code: "invalid-callout", message: "the callout names no user that can be looked up",
                               problems: [IntakeProblem(field: "data.subject.id", reason: error.detail ?? "is not a user ID")])
            } catch let error as GraphError {
                // The Logic App's HTTP action retries a 503; the callout is not lost.
                var unavailable = APIError(.serviceUnavailable, code: "graph-unavailable", message: "the hire cannot be read from Microsoft Graph: \(error.description)")
                unavailable.extraHeaders = [.retryAfter: "30"]
                throw unavailable
            }
            let callback = CaseCallback(workflowID: callout.callback.workflowID, taskID: callout.callback.taskID,
                                        taskProcessingResultID: callout.callback.taskProcessingResultID)
            let hire: OnboardingEngine.IntakeRequest
            do {
                hire = try EntraHire.intake(user, deliveryMode: intake.deliveryMode, source: "lifecycle-workflow",
                                            managerEmail: callout.subject.managerEmail, callback: callback)
            } catch let error as EntraHire.Problem {
                throw APIError(.unprocessableContent, code: "not-a-hire", message: error.description,
                               problems: [IntakeProblem(field: "employeeHireDate", reason: "is not set on the user in Entra")])
            }
            let (onboarding, created) = try await engine.intake(hire, actor: "lifecycle-workflow:\(claims.callerAppID)")
            return try AdminAPI.jsonResponse(Accepted(caseId: onboarding.id.rawValue, state: onboarding.state.rawValue, created: created), status: .accepted)
        }
    }
}
