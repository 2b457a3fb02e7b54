import FirstkeyConfiguration
import Foundation
import Logging
import Microsoft
import Onboarding
import OnboardingEngine
import Server

extension FirstkeySettings {
    /// E-mail to the service desk through Graph when a sender mailbox is configured; otherwise the
    /// engine's default (an error-level log line; the case shows the escalation either way).
    func escalationSink(_ microsoft: MicrosoftConnection?, logger: Logger) -> (any EscalationSink)? {
        guard let microsoft, let sender = escalation.senderMailbox, escalation.serviceDesk != nil else { return nil }
        return GraphMailEscalationSink(graph: microsoft.graph, senderMailbox: sender, logger: logger)
    }
}

/// Entra and Graph as the `entra.*` settings describe them: one HTTP client, one token cache,
/// the Graph client and the tenant's signing keys, shared by every part of the service.
struct MicrosoftConnection {
    let configuration: EntraConfiguration
    let transport: AsyncHTTPClientTransport
    let tokens: EntraTokenClient
    let graph: GraphClient
    let signingKeys: EntraSigningKeys

    /// nil when Entra is not configured.
    /// A diagnosis answers in seconds: one retry, ten seconds in all (`config check`).
    static let diagnosticRetries = Microsoft.RetryPolicy(maximumAttempts: 2, maximumTotalDuration: .seconds(10), baseDelay: .milliseconds(200), attemptTimeout: .seconds(8))

    static func open(_ settings: FirstkeySettings, retryPolicy: Microsoft.RetryPolicy? = nil, logger: Logger) throws -> MicrosoftConnection? {
        let entra = settings.entra
        guard entra.isConfigured, let tenantID = entra.tenantID, let clientID = entra.clientID else { return nil }
        let credential: EntraClientCredential
        if let secretFile = entra.clientSecretFile {
            credential = .secret(try EntraClientSecret(try SecretFile.read(secretFile, what: "Entra client secret")))
        } else if let certificateFile = entra.certificateFile, let keyFile = entra.privateKeyFile {
            credential = .certificate(try EntraClientCertificate(certificatePEM: try SecretFile.read(certificateFile, what: "Entra certificate", isPrivate: false),
                                                                 privateKeyPEM: try SecretFile.read(keyFile, what: "Entra private key")))
        } else {
            throw ConfigurationError(problems: [.init(.error, key: "entra.certificateFile", "give a certificate (entra.certificateFile + entra.privateKeyFile) or entra.clientSecretFile")])
        }
        func url(_ text: String?, _ fallback: URL, key: String) throws -> URL {
            guard let text else { return fallback }
            guard let value = URL(string: text), value.host != nil else {
                throw ConfigurationError(problems: [.init(.error, key: key, "'\(text)' is not a URL")])
            }
            return value
        }
        let configuration = try EntraConfiguration(
            tenantID: tenantID, clientID: clientID, credential: credential,
            authorityHost: try url(entra.authorityHost, EntraConfiguration.defaultAuthorityHost, key: "entra.authorityHost"),
            graphBaseURL: try url(entra.graphBaseURL, EntraConfiguration.defaultGraphBaseURL, key: "entra.graphBaseURL"),
            additionalTrustedCertificateAuthorityPEM: try entra.caFile.map { try SecretFile.read($0, what: "Entra CA", isPrivate: false) })
        let transport = try AsyncHTTPClientTransport(configuration: configuration)
        let tokens = EntraTokenClient(configuration: configuration, transport: transport, retryPolicy: retryPolicy ?? .default, logger: logger)
        let keys = retryPolicy.map { EntraSigningKeys(configuration: configuration, transport: transport, retryPolicy: $0, logger: logger) }
            ?? EntraSigningKeys(configuration: configuration, transport: transport, logger: logger)
        return MicrosoftConnection(configuration: configuration, transport: transport, tokens: tokens,
                                   graph: GraphClient(configuration: configuration, tokens: tokens, transport: transport, retryPolicy: retryPolicy ?? .default, logger: logger),
                                   signingKeys: keys)
    }

    /// The custom task extension endpoint's checks, when `lifecycleWorkflows.allowedCallers` is set.
    func lifecycleWorkflowIntake(_ settings: FirstkeySettings) -> LifecycleWorkflowIntake? {
        let workflows = settings.lifecycleWorkflows
        guard workflows.isEnabled else { return nil }
        let audiences = workflows.audiences.isEmpty
            ? EntraAccessTokenPolicy.audiences(clientID: configuration.clientID, appIDURIs: ["api://\(configuration.clientID)"])
            : Set(workflows.audiences)
        let policy = EntraAccessTokenPolicy(audiences: audiences, allowedCallerAppIDs: Set(workflows.allowedCallers))
        return LifecycleWorkflowIntake(validator: EntraJWTValidator(policy: policy, keys: signingKeys), graph: graph,
                                       deliveryMode: DeliveryMode(rawValue: workflows.deliveryMode) ?? .selfService)
    }

    func shutdown() async {
        try? await transport.shutdown()
    }
}
