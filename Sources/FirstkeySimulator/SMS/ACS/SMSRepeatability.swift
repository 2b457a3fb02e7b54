import Foundation

/// ACS repeatable requests, per recipient in `/sms` 2021-03-07 (`repeatabilityRequestId`,
/// `repeatabilityFirstSent`). The reference states no rules for SMS; the simulator applies the
/// ones ACS documents for its other repeatable APIs (Email, Rooms; OASIS Repeatable Requests):
///
/// | request ID | first sent | result | recipient status |
/// |---|---|---|---|
/// | not a GUID, or missing while the date is given | any | rejected | 400 |
/// | GUID | not IMF-fixdate, or missing | rejected | 400 |
/// | GUID | more than 5 minutes from now | rejected | 412 |
/// | new | within 5 minutes | accepted | normal outcome |
/// | seen, same request | within 5 minutes | accepted | the first answer again, nothing sent |
/// | seen, different request | within 5 minutes | rejected | 400 |
///
/// (unverified for SMS). Times are compared with the wall clock, as the client stamps them with its own.
enum SMSRepeatability {
    static let trackedDuration: TimeInterval = 5 * 60

    enum Decision: Equatable {
        /// No repeatability fields.
        case notRequested
        /// Send it, then remember the answer under `key`.
        case new(key: String, firstSent: Date)
        /// Already done: answer `result` again.
        case replay(JSONValue)
        case rejected(status: Int, message: String)
    }

    static func decide(requestID: String?, firstSent: String?, fingerprint: String, resourceName: String,
                       records: [String: SMSRepeatabilityRecord], now: Date) -> Decision
    {
        if requestID == nil, firstSent == nil { return .notRequested }
        guard let requestID, UUID(uuidString: requestID) != nil else {
            return .rejected(status: 400, message: "Invalid repeatability request id format.")
        }
        guard let firstSent, let date = InternetDate.parseIMFFixdate(firstSent) else {
            return .rejected(status: 400, message: "Invalid repeatability first sent format.")
        }
        guard abs(now.timeIntervalSince(date)) <= trackedDuration else {
            return .rejected(status: 412, message: "Repeatability first sent is outside the tracked duration.")
        }
        let key = "\(resourceName.lowercased())/\(requestID.lowercased())"
        guard let record = records[key] else { return .new(key: key, firstSent: date) }
        guard record.fingerprint == fingerprint else {
            return .rejected(status: 400, message: "The repeated request does not match the original request.")
        }
        return .replay(record.result)
    }
}

struct SMSRepeatabilityRecord: Sendable {
    /// What makes two requests "the same": sender, recipient, text and options.
    var fingerprint: String
    /// The recipient's answer the first time (with `repeatabilityResult: accepted`).
    var result: JSONValue
    var firstSent: Date
}
