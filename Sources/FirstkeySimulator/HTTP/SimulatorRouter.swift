import Foundation
import HTTPTypes

/// Sends a request to the endpoint its path names: `/_sim/…` (test control), `/{tenant}/…`
/// (Entra), `/v1.0/…` and `/beta/…` (Graph), `/sms` (ACS), `/2010-04-01/…` (Twilio),
/// `/eventsubscriptions/…` (Event Grid manual validation).
enum SimulatorRouter {
    static func isGraphPath(_ segments: [String]) -> Bool {
        segments.first == "v1.0" || segments.first == "beta"
    }

    static func route(_ request: SimulatorRequest, core: SimulatorCore) async -> SimulatorResponse {
        let segments = request.segments
        if segments.first == "_sim" {
            return await ControlAPI.handle(request, core: core)
        }
        if SMSRouter.servesPath(segments) {
            return SMSRouter.handle(request, core: core)
        }
        if isGraphPath(segments) {
            return await GraphRouter.handle(request, core: core)
        }
        if IdentityRouter.servesPath(segments) {
            return await IdentityRouter.handle(request, core: core)
        }
        return .json(["error": ["code": "NotFound", "message": .string("No simulated endpoint at \(request.path).")]], status: .notFound)
    }
}
