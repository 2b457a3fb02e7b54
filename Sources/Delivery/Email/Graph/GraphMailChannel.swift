public import Foundation
public import Logging
public import Microsoft

/// E-mail through Microsoft Graph `sendMail` (§8) from a mailbox Firstkey may use (Mail.Send,
/// restricted by an application access policy). Graph's JSON `sendMail` carries one body: the
/// HTML part when the message has one, else the text. The idempotency key and tag travel as
/// `x-firstkey-idempotency-key` and `x-firstkey-tag` headers. Graph answers 202 (queued), gives
/// no message ID and never says whether the mail arrived, and does not deduplicate.
public struct GraphMailChannel: DeliveryChannel {
    public static let idempotencyHeader = "x-firstkey-idempotency-key"
    public static let tagHeader = "x-firstkey-tag"

    private let graph: GraphClient
    public let senderMailbox: String
    public let saveToSentItems: Bool
    private let logger: Logger
    private let now: @Sendable () -> Date

    public var kind: DeliveryChannelKind { .email }
    public var provider: DeliveryProvider { .microsoftGraph }

    public init(
        graph: GraphClient, senderMailbox: String, saveToSentItems: Bool = false, logger: Logger = Logger(label: "firstkey.delivery.graph"),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.graph = graph
        self.senderMailbox = senderMailbox
        self.saveToSentItems = saveToSentItems
        self.logger = logger
        self.now = now
    }

    /// The Graph message for `message`. Pure.
    public static func mailMessage(for message: DeliveryMessage) throws(DeliveryError) -> MailMessage {
        try EmailMessageCheck.check(message, provider: .microsoftGraph)
        return MailMessage(
            subject: message.subject ?? "", body: message.html.map { .html($0) } ?? .text(message.text), to: [message.recipient],
            headers: [
                MailMessage.Header(name: idempotencyHeader, value: message.idempotencyKey.rawValue),
                MailMessage.Header(name: tagHeader, value: message.tag),
            ])
    }

    public func send(_ message: DeliveryMessage) async throws(DeliveryError) -> DeliveryReceipt {
        let started = ContinuousClock.now
        let result: Result<DeliveryReceipt, DeliveryError>
        do {
            let mail = try Self.mailMessage(for: message)
            try await graph.sendMail(from: senderMailbox, mail, saveToSentItems: saveToSentItems)
            result = .success(DeliveryReceipt(status: .accepted, provider: provider, channel: .email, idempotencyKey: message.idempotencyKey, at: now()))
        } catch {
            result = .failure(Self.deliveryError(error, message: message))
        }
        DeliveryInstrumentation.record(message, provider: provider, started: started, result: result, logger: logger)
        return try result.get()
    }

    static func deliveryError(_ error: any Error, message: DeliveryMessage) -> DeliveryError {
        let masked = message.maskedRecipient
        if var deliveryError = error as? DeliveryError {
            deliveryError.maskedRecipient = masked
            return deliveryError
        }
        if let graphError = error as? GraphError {
            let code: DeliveryError.Code
            var sent = false
            switch graphError.code {
            case .throttled: code = .throttled
            case .serviceUnavailable: code = .providerUnavailable
            case .serverError:
                code = .providerUnavailable
                sent = true
            case .unreachable:
                sent = graphError.transportError?.sentRequest ?? false
                code = sent ? .connectionLost : .unreachable
            case .forbidden: code = .forbidden
            case .unauthorized: code = .unauthorized
            case .notFound: code = .invalidConfiguration
            case .invalidInput: code = .invalidMessage
            case .badRequest where graphError.graphCode == "ErrorInvalidRecipients": code = .invalidRecipient
            case .unexpectedResponse:
                code = .unexpectedResponse
                sent = true
            default: code = .rejected
            }
            var details: [String] = []
            if let advice = graphError.advice { details.append(advice) }
            if let requestID = graphError.requestID { details.append("request-id \(requestID)") }
            if let clientRequestID = graphError.clientRequestID { details.append("client-request-id \(clientRequestID)") }
            if code == .invalidConfiguration { details.insert("the sending mailbox was not found or has no mailbox", at: 0) }
            return DeliveryError(
                code, provider: .microsoftGraph, mayHaveBeenSent: sent, httpStatus: graphError.httpStatus, providerCode: graphError.graphCode,
                providerMessage: DeliveryError.scrub(graphError.message ?? graphError.detail, removing: message.redactions), maskedRecipient: masked,
                detail: details.isEmpty ? nil : details.joined(separator: "; "), underlying: graphError.debugDescription)
        }
        if let entraError = error as? EntraError {
            let transient = entraError.code == .temporarilyUnavailable || entraError.code == .unreachable
            return DeliveryError(
                transient ? .unreachable : .unauthorized, provider: .microsoftGraph, maskedRecipient: masked,
                detail: "no Graph token: \(entraError.description)", underlying: entraError.debugDescription)
        }
        return DeliveryError(.connectionLost, provider: .microsoftGraph, mayHaveBeenSent: true, maskedRecipient: masked, detail: "sendMail failed", underlying: String(describing: type(of: error)))
    }
}
