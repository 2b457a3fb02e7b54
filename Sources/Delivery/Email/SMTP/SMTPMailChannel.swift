public import Foundation
public import Logging
public import NIOCore
public import NIOPosix

/// E-mail through an SMTP server (`SMTPClient`): a multipart/alternative message (`MIMEMessage`)
/// whose Message-ID derives from the idempotency key. A 4xx reply is transient, a 5xx permanent.
/// The receipt's provider message ID is that Message-ID. SMTP does not deduplicate: after a lost
/// answer to the message's end (`mayHaveBeenSent`) a retry may deliver it twice (receiving
/// systems that track Message-IDs drop the copy).
public struct SMTPMailChannel: DeliveryChannel {
    public let client: SMTPClient
    private let logger: Logger
    private let now: @Sendable () -> Date

    public var kind: DeliveryChannelKind { .email }
    public var provider: DeliveryProvider { .smtp }

    public init(
        configuration: SMTPConfiguration, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "firstkey.delivery.smtp"), now: @escaping @Sendable () -> Date = { Date() }
    ) {
        client = SMTPClient(configuration: configuration, eventLoopGroup: eventLoopGroup, logger: logger)
        self.logger = logger
        self.now = now
    }

    public func send(_ message: DeliveryMessage) async throws(DeliveryError) -> DeliveryReceipt {
        let started = ContinuousClock.now
        let result: Result<DeliveryReceipt, DeliveryError>
        do throws(DeliveryError) {
            try EmailMessageCheck.check(message, provider: provider)
            let sender = client.configuration.sender
            let mime = MIMEMessage(message, from: sender, date: now())
            _ = try await client.send(mime.bytes, from: sender.address, to: [message.recipient])
            result = .success(DeliveryReceipt(
                status: .accepted, provider: provider, channel: .email, providerMessageID: mime.messageID, idempotencyKey: message.idempotencyKey, at: now()))
        } catch {
            var error = error
            error.provider = provider
            error.maskedRecipient = message.maskedRecipient
            result = .failure(error)
        }
        DeliveryInstrumentation.record(message, provider: provider, started: started, result: result, logger: logger)
        return try result.get()
    }
}
