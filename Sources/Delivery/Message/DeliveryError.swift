/// A message could not be handed to its provider, or a delivery setting is unusable.
///
/// `isTransient` says whether trying the same message again later may succeed (throttling, a
/// provider outage, a lost connection, an SMTP 4xx); permanent errors (a wrong credential, an
/// invalid number, an SMTP 5xx) need a person or another route. `mayHaveBeenSent` says whether the
/// provider may have taken the message before the error (a retry may then send it twice unless the
/// provider deduplicates by the idempotency key).
///
/// `description` is a sentence for an administrator. It never contains a message body, a pickup
/// code or link, or a credential: provider texts that echo one are redacted.
public struct DeliveryError: Error, Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case invalidConfiguration, invalidMessage, invalidRecipient, invalidTemplate, unauthorized, forbidden, rejected,
                 throttled, providerUnavailable, unreachable, tlsFailed, timedOut, connectionLost, unexpectedResponse,
                 authenticationFailed, temporaryFailure, permanentFailure
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A setting is missing or malformed (connection string, URL, sender, CA file).
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// Firstkey refused to send: the message cannot be valid for this channel.
        public static let invalidMessage = Code(.invalidMessage)
        /// The number or address is malformed, or the provider refused it.
        public static let invalidRecipient = Code(.invalidRecipient)
        /// A template does not parse or breaks a delivery rule.
        public static let invalidTemplate = Code(.invalidTemplate)
        /// The provider refused Firstkey's credentials (HTTP 401).
        public static let unauthorized = Code(.unauthorized)
        /// The credentials are valid but not allowed to do this (HTTP 403).
        public static let forbidden = Code(.forbidden)
        /// The provider refused this message (another 4xx, or a per-recipient failure).
        public static let rejected = Code(.rejected)
        /// HTTP 429: come back later.
        public static let throttled = Code(.throttled)
        /// HTTP 5xx: the provider failed.
        public static let providerUnavailable = Code(.providerUnavailable)
        /// No connection: DNS, firewall, proxy. Nothing was sent.
        public static let unreachable = Code(.unreachable)
        /// The TLS handshake failed: the server certificate is not trusted, or the connection is intercepted.
        public static let tlsFailed = Code(.tlsFailed)
        public static let timedOut = Code(.timedOut)
        public static let connectionLost = Code(.connectionLost)
        /// An answer that is not what the provider documents.
        public static let unexpectedResponse = Code(.unexpectedResponse)
        /// SMTP AUTH was refused (535), or the server offers no mechanism Firstkey may use.
        public static let authenticationFailed = Code(.authenticationFailed)
        /// An SMTP 4xx reply: the server asks to try again later.
        public static let temporaryFailure = Code(.temporaryFailure)
        /// An SMTP 5xx reply: the server will not take this message.
        public static let permanentFailure = Code(.permanentFailure)

        public var description: String { base.rawValue }

        /// Whether a later attempt of the same message may succeed, unless the error says otherwise.
        public var isTransientByDefault: Bool {
            switch base {
            case .throttled, .providerUnavailable, .unreachable, .timedOut, .connectionLost, .unexpectedResponse, .temporaryFailure: true
            default: false
            }
        }
    }

    public var code: Code
    public var provider: DeliveryProvider?
    /// Whether the same message may be tried again later.
    public var isTransient: Bool
    /// Whether the provider may have taken the message despite the error.
    public var mayHaveBeenSent: Bool
    public var httpStatus: Int?
    /// The provider's code: ACS `error.code`, Twilio's numeric code, an SMTP reply code with its
    /// enhanced status (`550 5.1.1`).
    public var providerCode: String?
    /// The provider's explanation, redacted and shortened.
    public var providerMessage: String?
    /// Twilio's `more_info` link.
    public var moreInfo: String?
    /// How long the provider asked to wait (HTTP `Retry-After`).
    public var retryAfter: Duration?
    /// The recipient, masked.
    public var maskedRecipient: String?
    /// Firstkey's own explanation.
    public var detail: String?
    /// The underlying error's text, for `debugDescription` only (never a body or a credential).
    public var underlying: String?

    public init(
        _ code: Code, provider: DeliveryProvider? = nil, isTransient: Bool? = nil, mayHaveBeenSent: Bool = false,
        httpStatus: Int? = nil, providerCode: String? = nil, providerMessage: String? = nil, moreInfo: String? = nil,
        retryAfter: Duration? = nil, maskedRecipient: String? = nil, detail: String? = nil, underlying: String? = nil
    ) {
        self.code = code
        self.provider = provider
        self.isTransient = isTransient ?? code.isTransientByDefault
        self.mayHaveBeenSent = mayHaveBeenSent
        self.httpStatus = httpStatus
        self.providerCode = providerCode
        self.providerMessage = providerMessage
        self.moreInfo = moreInfo
        self.retryAfter = retryAfter
        self.maskedRecipient = maskedRecipient
        self.detail = detail
        self.underlying = underlying
    }

    public var description: String {
        var text = provider.map { "\(Self.providerName($0)): " } ?? ""
        text += summary
        if let maskedRecipient { text += " (recipient \(maskedRecipient))" }
        var codes: [String] = []
        if let httpStatus { codes.append("HTTP \(httpStatus)") }
        if let providerCode { codes.append(providerCode) }
        if !codes.isEmpty { text += " [\(codes.joined(separator: ", "))]" }
        if let providerMessage, !providerMessage.isEmpty { text += ": \(providerMessage)" }
        if let detail { text += ": \(detail)" }
        if let advice { text += (text.hasSuffix(".") ? " " : ". ") + advice }
        if let moreInfo { text += " (\(moreInfo))" }
        return text
    }

    public var debugDescription: String {
        var text = "\(description) [\(code), \(isTransient ? "transient" : "permanent")\(mayHaveBeenSent ? ", may have been sent" : "")]"
        if let underlying { text += " — \(underlying)" }
        return text
    }

    private var summary: String {
        switch code {
        case .invalidConfiguration: "the delivery settings are not usable"
        case .invalidMessage: "the message was not sent because it cannot be valid"
        case .invalidRecipient: "the recipient's number or address is not valid"
        case .invalidTemplate: "a message template is not usable"
        case .unauthorized: "the provider refused Firstkey's credentials"
        case .forbidden: "the provider does not allow Firstkey to send this"
        case .rejected: "the provider refused the message"
        case .throttled: "the provider is throttling Firstkey"
        case .providerUnavailable: "the provider failed to process the message"
        case .unreachable: "the provider could not be reached"
        case .tlsFailed: "the TLS handshake with the provider failed"
        case .timedOut: "the provider did not answer in time"
        case .connectionLost: "the connection to the provider was lost"
        case .unexpectedResponse: "the provider's answer was not understood"
        case .authenticationFailed: "the mail server refused Firstkey's login"
        case .temporaryFailure: "the mail server refused the message for now"
        case .permanentFailure: "the mail server refused the message"
        default: "the message could not be sent"
        }
    }

    /// What usually fixes it.
    public var advice: String? {
        switch code {
        case .unauthorized where provider == .azureCommunicationServices:
            "Check the connection string's access key (Azure portal → Communication Services → Keys)"
        case .unauthorized where provider == .twilio:
            "Check the Account SID and the auth token or API key (SK…) and its secret"
        case .unauthorized, .authenticationFailed:
            "Check the user name and password Firstkey uses"
        case .tlsFailed:
            "Check that the server certificate is issued for this host name by a trusted CA (or configure the CA file)"
        case .throttled, .providerUnavailable, .temporaryFailure, .unreachable, .timedOut, .connectionLost:
            "Firstkey will try again later"
        case .invalidRecipient:
            "Correct the number (international form: + and the country code) or the address on the case"
        default:
            nil
        }
    }

    static func providerName(_ provider: DeliveryProvider) -> String {
        switch provider {
        case .azureCommunicationServices: "Azure Communication Services SMS"
        case .twilio: "Twilio SMS"
        case .webhook: "Delivery webhook"
        case .microsoftGraph: "Microsoft Graph sendMail"
        case .smtp: "SMTP"
        default: provider.name
        }
    }

    /// `text` shortened to one line of at most 300 characters, with every value of `redactions`
    /// (pickup code and link, message bodies) replaced: provider error texts sometimes quote the request.
    static func scrub(_ text: String?, removing redactions: [String]) -> String? {
        guard var text, !text.isEmpty else { return nil }
        for value in redactions.sorted(by: { $0.count > $1.count }) where value.count >= 4 {
            text = text.replacing(value, with: "<redacted>")
        }
        let oneLine = String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 }.filter { ($0.asciiValue ?? 0x20) >= 0x20 })
        return oneLine.count > 300 ? String(oneLine.prefix(300)) + "…" : oneLine
    }
}
