/// Who the SMS comes from.
public enum TwilioSender: Sendable, Hashable {
    /// A Twilio number (E.164) or alphanumeric sender ID: `From`.
    case phoneNumber(String)
    /// A Messaging Service (`MG…`), which picks the number: `MessagingServiceSid`.
    case messagingService(String)
}
