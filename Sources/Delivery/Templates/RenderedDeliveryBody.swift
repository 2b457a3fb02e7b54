/// What a template rendered to.
public struct RenderedDeliveryBody: Sendable, Hashable {
    public var subject: String?
    public var text: String
    public var html: String?

    public init(subject: String?, text: String, html: String?) {
        self.subject = subject
        self.text = text
        self.html = html
    }
}
