import Credentials
import Delivery
import FirstkeyConfiguration
import Foundation
import Logging
import Microsoft
import Onboarding
import OnboardingEngine
import Server

/// The delivery channels as the `sms.*`, `webhook.*` and `email.*` settings describe them, with
/// the HTTP client they share. Secrets are read from their files here and nowhere else.
struct DeliveryConnection {
    let channels: DeliveryChannelSet
    let transport: AsyncHTTPClientDeliveryTransport?

    /// nil when no channel is configured at all.
    static func open(_ settings: FirstkeySettings, microsoft: MicrosoftConnection?, logger: Logger) async throws -> DeliveryConnection? {
        let needsHTTP = settings.sms.provider != nil || settings.webhook.url != nil
        guard needsHTTP || settings.email.provider != nil else { return nil }
        func invalid(_ key: String, _ error: any Error) -> ConfigurationError {
            ConfigurationError(problems: [.init(.error, key: key, "\(error)")])
        }
        let transport = needsHTTP
            ? try AsyncHTTPClientDeliveryTransport(additionalTrustedCertificatesPEM: try settings.delivery.caFile.map { try SecretFile.read($0, what: "delivery CA", isPrivate: false) })
            : nil
        var channels: [any DeliveryChannel] = []
        do {
            if let transport, let provider = settings.sms.provider, let from = settings.sms.from {
                switch provider {
                case "acs":
                    let text = try SecretFile.read(settings.sms.acsConnectionStringFile ?? "", what: "ACS connection string")
                    do {
                        channels.append(ACSSMSChannel(configuration: try ACSSMSConfiguration(connectionString: try ACSConnectionString(text), from: from),
                                                      transport: transport, logger: logger))
                    } catch { throw invalid("sms.acsConnectionStringFile", error) }
                case "twilio":
                    let credential: TwilioCredential
                    if let keySID = settings.sms.twilioApiKeySID {
                        credential = .apiKey(sid: keySID, secret: try SecretFile.read(settings.sms.twilioApiKeySecretFile ?? "", what: "Twilio API key secret"))
                    } else {
                        credential = .authToken(try SecretFile.read(settings.sms.twilioAuthTokenFile ?? "", what: "Twilio auth token"))
                    }
                    let sender: TwilioSender = from.hasPrefix("MG") ? .messagingService(from) : .phoneNumber(from)
                    do {
                        let base = settings.sms.twilioBaseURL.flatMap(URL.init(string:)) ?? URL(string: "https://api.twilio.com")!
                        channels.append(TwilioSMSChannel(configuration: try TwilioConfiguration(accountSID: settings.sms.twilioAccountSID ?? "", credential: credential,
                                                                                                sender: sender, statusCallback: settings.twilioStatusCallbackURL.flatMap(URL.init(string:)),
                                                                                                baseURL: base),
                                                         transport: transport, logger: logger))
                    } catch { throw invalid("sms.provider", error) }
                default: break
                }
            }
            if let transport, let url = settings.webhook.url.flatMap(URL.init(string:)), let secretFile = settings.webhook.secretFile {
                do {
                    let secret = try WebhookSigningSecret(try SecretFile.read(secretFile, what: "webhook signing secret"))
                    channels.append(WebhookChannel(configuration: try WebhookConfiguration(url: url, secret: secret), transport: transport, logger: logger))
                } catch let error as DeliveryError { throw invalid("webhook.url", error) }
            }
            switch settings.email.provider {
            case "graph":
                guard let microsoft, let from = settings.email.from else { break }
                channels.append(GraphMailChannel(graph: microsoft.graph, senderMailbox: from, logger: logger))
            case "smtp":
                guard let host = settings.email.smtpHost, let from = settings.email.from else { break }
                let security = SMTPSecurity(rawValue: settings.email.smtpSecurity) ?? .startTLS
                do {
                    let credentials = try settings.email.smtpUsername.map { user in
                        try SMTPCredentials(username: user, password: try SecretFile.read(settings.email.smtpPasswordFile ?? "", what: "SMTP password"))
                    }
                    let configuration = try SMTPConfiguration(host: host, port: settings.email.smtpPort, security: security,
                                                              tls: SMTPTLSConfiguration(caFile: settings.email.smtpCaFile), credentials: credentials,
                                                              sender: try EmailAddress(from, displayName: settings.delivery.organization))
                    channels.append(SMTPMailChannel(configuration: configuration, logger: logger))
                } catch let error as DeliveryError { throw invalid("email.smtpHost", error) }
            default: break
            }
        } catch {
            try? await transport?.shutdown()
            throw error
        }
        return DeliveryConnection(channels: DeliveryChannelSet(channels), transport: transport)
    }

    /// The deliver step's settings.
    func settings(_ settings: FirstkeySettings) throws -> DeliverySettings {
        let language = DeliveryLanguage(tag: settings.delivery.language) ?? .english
        let composer = DeliveryComposer(templates: try DeliveryTemplates(), organizationName: settings.delivery.organization,
                                        helpContact: settings.delivery.helpContact,
                                        timeZone: settings.delivery.timeZone.flatMap(TimeZone.init(identifier:)) ?? .current)
        let options = DeliveryPlanOptions(pickupLinkDestination: settings.delivery.pickupLinkTo == "mobile" ? .hireMobilePhone : .hirePrivateEmail,
                                          notifyManager: settings.delivery.notifyManager)
        return DeliverySettings(channels: channels, composer: composer, options: options, publicURL: settings.publicURL.flatMap(URL.init(string:)),
                                pickupPolicy: settings.pickupPolicy, language: language,
                                reportingProviders: settings.reportingProviders,
                                reportTimeout: settings.delivery.reportTimeoutMinutes * 60)
    }

    func shutdown() async {
        try? await transport?.shutdown()
    }
}

extension MicrosoftConnection {
    /// The ACS delivery-report endpoint when `sms.eventGridAudience` is set: Event Grid's Entra
    /// tokens are checked against this tenant's signing keys.
    func acsEventGridEndpoint(_ settings: FirstkeySettings, engine: OnboardingEngine, logger: Logger) -> ACSEventGridEndpoint? {
        guard settings.acsDeliveryReportsEnabled, let audience = settings.sms.eventGridAudience else { return nil }
        let validator = EntraJWTValidator(policy: ACSEventGridEndpoint.policy(audience: audience), keys: signingKeys)
        return ACSEventGridEndpoint(validator: validator, engine: engine, logger: logger)
    }
}

extension FirstkeySettings {
    /// Where Twilio posts status callbacks: only when their signatures can be checked (auth token).
    var twilioStatusCallbackURL: String? {
        guard sms.provider == "twilio", sms.twilioAuthTokenFile != nil, let base = publicURL else { return nil }
        return base.trimmingCharacters(in: CharacterSet(charactersIn: "/")) + TwilioStatusCallbackEndpoint.path
    }

    /// Whether ACS delivery reports reach Firstkey: Event Grid with Entra authentication.
    var acsDeliveryReportsEnabled: Bool {
        sms.provider == "acs" && sms.eventGridAudience != nil && entra.isConfigured
    }

    /// Providers whose delivery reports reach Firstkey: a message of theirs without a report
    /// after delivery.reportTimeoutMinutes goes over its next route.
    var reportingProviders: Set<String> {
        var providers: Set<String> = []
        if twilioStatusCallbackURL != nil { providers.insert(DeliveryProvider.twilio.description) }
        if acsDeliveryReportsEnabled { providers.insert(DeliveryProvider.azureCommunicationServices.description) }
        return providers
    }

    var pickupPolicy: PickupPolicy {
        PickupPolicy(maximumAttempts: pickup.maximumAttempts, lifetime: pickup.lifetimeHours * 3600)
    }

    /// The delivery modes this installation is set up to use: each must be deliverable safely.
    var deliveryModesInUse: Set<DeliveryMode> {
        var modes: Set<DeliveryMode> = [.temporaryPassword, .selfService]
        for text in [pull.deliveryMode, lifecycleWorkflows.deliveryMode] {
            if let mode = DeliveryMode(rawValue: text) { modes.insert(mode) }
        }
        if entra.isConfigured { modes.insert(.tap) }
        return modes
    }
}
