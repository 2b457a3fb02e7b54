/// What every e-mail channel checks before sending.
enum EmailMessageCheck {
    static func check(_ message: DeliveryMessage, provider: DeliveryProvider) throws(DeliveryError) {
        guard message.channel == .email else {
            throw DeliveryError(.invalidMessage, provider: provider, detail: "a \(message.channel) message was handed to an e-mail channel")
        }
        guard DeliveryAddress.normalizedEmail(message.recipient) == message.recipient else {
            throw DeliveryError(.invalidRecipient, provider: provider, maskedRecipient: message.maskedRecipient, detail: "the address is malformed")
        }
        guard let subject = message.subject, !subject.trimmingWhitespace.isEmpty else {
            throw DeliveryError(.invalidMessage, provider: provider, detail: "an e-mail needs a subject")
        }
        guard !message.text.isEmpty else {
            throw DeliveryError(.invalidMessage, provider: provider, detail: "the message text is empty")
        }
    }
}
