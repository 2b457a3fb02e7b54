import HTTPTypes

/// What an endpoint answers; the responder turns it into Hummingbird's `Response`.
struct SimulatorResponse: Sendable {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var body: [UInt8]

    init(status: HTTPResponse.Status, headers: HTTPFields = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok, contentType: String = "application/json; charset=utf-8") -> SimulatorResponse {
        SimulatorResponse(status: status, headers: [.contentType: contentType], body: value.bytes)
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> SimulatorResponse {
        SimulatorResponse(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"], body: Array(text.utf8))
    }

    static func redirect(to location: String) -> SimulatorResponse {
        SimulatorResponse(status: .found, headers: [.location: location, .cacheControl: "no-store"])
    }

    static func empty(_ status: HTTPResponse.Status) -> SimulatorResponse {
        SimulatorResponse(status: status)
    }
}
