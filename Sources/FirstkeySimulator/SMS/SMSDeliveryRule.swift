/// What the simulated carrier does with a message to one destination number. Set per number with
/// `FirstkeySimulator.setDeliveryRule(_:for:)`; numbers without a rule get the default
/// (`delivered` unless changed).
public enum SMSDeliveryRule: Sendable, Hashable {
    /// ACS: a `Delivered` report. Twilio: `sent`, then `delivered`.
    case delivered
    /// The carrier could not deliver it. ACS: a `Failed` report. Twilio: `sent`, then
    /// `undelivered` with this `ErrorCode` (30003 "Unreachable destination handset" is typical).
    case undelivered(errorCode: Int)
    /// The provider gave up before the carrier. ACS: a `Failed` report. Twilio: `failed` with
    /// this `ErrorCode` (e.g. 30008 "Unknown error").
    case failed(errorCode: Int)
    /// Accepted and never reported: no ACS delivery report; Twilio stops at `sent`.
    case silent

    /// `{"outcome":"delivered"|"undelivered"|"failed"|"silent","errorCode":30003}`.
    public init(json: JSONValue) throws(SimulatorInputError) {
        let code = json["errorCode"]?.intValue
        if let value = json["errorCode"], !value.isNull, code == nil { throw SimulatorInputError("errorCode must be an integer") }
        switch json["outcome"]?.stringValue {
        case "delivered": self = .delivered
        case "undelivered": self = .undelivered(errorCode: code ?? 30003)
        case "failed": self = .failed(errorCode: code ?? 30008)
        case "silent": self = .silent
        default: throw SimulatorInputError("outcome must be delivered, undelivered, failed or silent")
        }
    }

    public var json: JSONValue {
        switch self {
        case .delivered: ["outcome": "delivered"]
        case .undelivered(let code): ["outcome": "undelivered", "errorCode": .integer(code)]
        case .failed(let code): ["outcome": "failed", "errorCode": .integer(code)]
        case .silent: ["outcome": "silent"]
        }
    }
}
