/// What every SMS channel checks before sending.
enum SMSMessageCheck {
    static func check(_ message: DeliveryMessage, provider: DeliveryProvider, maximumLength: Int, accepting kinds: Set<DeliveryChannelKind>) throws(DeliveryError) {
        guard kinds.contains(message.channel) else {
            throw DeliveryError(.invalidMessage, provider: provider, detail: "a \(message.channel) message was handed to an SMS channel")
        }
        guard DeliveryAddress.normalizedMobilePhone(message.recipient) == message.recipient else {
            throw DeliveryError(.invalidRecipient, provider: provider, maskedRecipient: message.maskedRecipient, detail: "the number is not in E.164 form (+ and 8 to 15 digits)")
        }
        guard !message.text.isEmpty else {
            throw DeliveryError(.invalidMessage, provider: provider, detail: "the message text is empty")
        }
        guard message.text.count <= maximumLength else {
            throw DeliveryError(.invalidMessage, provider: provider, detail: "the message has \(message.text.count) characters; at most \(maximumLength) are accepted")
        }
    }
}
