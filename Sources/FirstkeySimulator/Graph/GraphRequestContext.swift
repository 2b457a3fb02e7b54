import Foundation
import HTTPTypes

/// Per-request Graph bookkeeping: the IDs every Graph response carries in headers and in
/// `innerError`.
struct GraphRequestContext: Sendable {
    var requestID: String
    /// The caller's `client-request-id`, echoed; Graph makes one up when none was sent.
    var clientRequestID: String
    var date: Date

    init(request: SimulatorRequest, now: Date) {
        self.requestID = UUID().uuidString.lowercased()
        self.clientRequestID = request.headers[HTTPField.Name("client-request-id")!] ?? requestID
        self.date = now
    }

    static let odataContentType = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8"

    func decorate(_ response: SimulatorResponse) -> SimulatorResponse {
        var response = response
        response.headers[HTTPField.Name("request-id")!] = requestID
        response.headers[HTTPField.Name("client-request-id")!] = clientRequestID
        if response.headers[.contentType]?.hasPrefix("application/json") == true {
            response.headers[.contentType] = Self.odataContentType
        }
        return response
    }

    func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> SimulatorResponse {
        decorate(.json(value, status: status))
    }

    func empty(_ status: HTTPResponse.Status) -> SimulatorResponse {
        decorate(.empty(status))
    }
}
