/// Settings for sending SMS through Azure Communication Services.
public struct ACSSMSConfiguration: Sendable {
    public var connectionString: ACSConnectionString
    /// The sender: a number of the resource in E.164, a short code, or an alphanumeric sender ID.
    public var from: String
    /// Ask for Event Grid delivery reports (`Microsoft.Communication.SMSDeliveryReportReceived`).
    public var enableDeliveryReport: Bool
    /// How long the network may keep trying to deliver (`validityPeriodSeconds`); nil = ACS's default.
    public var validityPeriod: Duration?
    /// ACS remembers a repeatability request ID for 5 minutes after its first-sent time; a retry
    /// later than this after the first attempt is sent as a new request (and may arrive twice).
    public var repeatabilityWindow: Duration
    public var requestTimeout: Duration

    public init(
        connectionString: ACSConnectionString, from: String, enableDeliveryReport: Bool = true, validityPeriod: Duration? = nil,
        repeatabilityWindow: Duration = .seconds(270), requestTimeout: Duration = .seconds(30)
    ) throws(DeliveryError) {
        guard !from.trimmingWhitespace.isEmpty else {
            throw DeliveryError(.invalidConfiguration, provider: .azureCommunicationServices, detail: "the sender (from) is empty")
        }
        self.connectionString = connectionString
        self.from = from.trimmingWhitespace
        self.enableDeliveryReport = enableDeliveryReport
        self.validityPeriod = validityPeriod
        self.repeatabilityWindow = min(repeatabilityWindow, .seconds(300))
        self.requestTimeout = requestTimeout
    }
}
