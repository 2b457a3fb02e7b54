import Foundation

/// The `/_sim/faults` JSON form of a rule:
/// `{"pathPrefix":"/v1.0/users","method":"GET","kind":"throttle","retryAfter":2.128,"count":2,"duration":30}`;
/// `kind` is `throttle`, `serverError` (with `status`), `latency` (with `seconds`) or `dropConnection`.
extension FaultRule {
    init(json: JSONValue) throws(SimulatorInputError) {
        guard let pathPrefix = json["pathPrefix"]?.stringValue, pathPrefix.hasPrefix("/") else {
            throw SimulatorInputError("a fault rule needs a pathPrefix starting with /")
        }
        let fault: Fault
        switch json["kind"]?.stringValue {
        case "throttle":
            fault = .throttle(retryAfter: json["retryAfter"]?.doubleValue ?? 1)
        case "serverError":
            let status = json["status"]?.intValue ?? 503
            guard (500...599).contains(status) else { throw SimulatorInputError("serverError status must be 5xx") }
            fault = .serverError(status: status, retryAfter: json["retryAfter"]?.doubleValue)
        case "latency":
            guard let seconds = json["seconds"]?.doubleValue, seconds >= 0 else { throw SimulatorInputError("latency needs seconds >= 0") }
            fault = .latency(seconds: seconds)
        case "dropConnection":
            fault = .dropConnection
        default:
            throw SimulatorInputError("kind must be throttle, serverError, latency or dropConnection")
        }
        let count = json["count"]?.intValue
        if let count, count < 1 { throw SimulatorInputError("count must be at least 1") }
        self.init(pathPrefix: pathPrefix, method: json["method"]?.stringValue?.uppercased(), fault: fault, count: count, duration: json["duration"]?.doubleValue)
    }

    var json: JSONValue {
        var members: [(String, JSONValue)] = [("pathPrefix", .string(pathPrefix))]
        if let method { members.append(("method", .string(method))) }
        switch fault {
        case .throttle(let retryAfter):
            members += [("kind", "throttle"), ("retryAfter", .number(retryAfter))]
        case .serverError(let status, let retryAfter):
            members += [("kind", "serverError"), ("status", .integer(status))]
            if let retryAfter { members.append(("retryAfter", .number(retryAfter))) }
        case .latency(let seconds):
            members += [("kind", "latency"), ("seconds", .number(seconds))]
        case .dropConnection:
            members.append(("kind", "dropConnection"))
        }
        if let count { members.append(("count", .integer(count))) }
        if let duration { members.append(("duration", .number(duration))) }
        return .object(members)
    }
}
