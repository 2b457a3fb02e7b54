public import Foundation

/// A message accepted by `POST /users/{id}/sendMail`, as captured in the simulator's outbox.
public struct SentMail: Sendable, Hashable {
    /// The mailbox the call was made for (the `{id | userPrincipalName}` in the path), resolved to the user's ID.
    public var userID: String
    /// The sending mailbox address (the user's `mail`), or `message.from` when given.
    public var from: String
    public var toRecipients: [String]
    public var ccRecipients: [String]
    public var bccRecipients: [String]
    public var subject: String
    /// `Text` or `HTML`, as sent.
    public var contentType: String
    public var body: String
    /// `internetMessageHeaders` (name, value) in order.
    public var headers: [MailHeader]
    public var saveToSentItems: Bool
    /// The app whose token sent it.
    public var senderAppID: String
    public var sentAt: Date

    public struct MailHeader: Sendable, Hashable {
        public var name: String
        public var value: String
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public init(userID: String, from: String, toRecipients: [String], ccRecipients: [String], bccRecipients: [String], subject: String, contentType: String,
                body: String, headers: [MailHeader], saveToSentItems: Bool, senderAppID: String, sentAt: Date)
    {
        self.userID = userID
        self.from = from
        self.toRecipients = toRecipients
        self.ccRecipients = ccRecipients
        self.bccRecipients = bccRecipients
        self.subject = subject
        self.contentType = contentType
        self.body = body
        self.headers = headers
        self.saveToSentItems = saveToSentItems
        self.senderAppID = senderAppID
        self.sentAt = sentAt
    }
}
