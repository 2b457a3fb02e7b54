public import Foundation
public import Logging
import NIOHTTP1

/// The tenant's OIDC discovery document and signing keys, fetched on first use, kept for a day,
/// and refetched once (rate-limited) when a token names an unknown key. Shared by
/// `EntraJWTValidator` and `IDTokenValidator`.
public actor EntraSigningKeys {
    public nonisolated let configuration: EntraConfiguration
    private let executor: ProviderRequestExecutor
    private let now: @Sendable () -> Date
    private let logger: Logger
    private var cache: SigningKeyCacheStateMachine<SigningKeySet, CheckedContinuation<Void, Never>>

    public init(
        configuration: EntraConfiguration,
        transport: any MicrosoftHTTPTransport,
        retryPolicy: RetryPolicy = RetryPolicy(maximumAttempts: 3, maximumTotalDuration: .seconds(20)),
        maximumAge: Duration = .seconds(24 * 3600),
        minimumRefetchInterval: Duration = .seconds(300),
        logger: Logger = Logger(label: "firstkey.microsoft.oidc"),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.configuration = configuration
        self.executor = ProviderRequestExecutor(provider: .entra, transport: transport, retryPolicy: retryPolicy, logger: logger)
        self.now = now
        self.logger = logger
        self.cache = SigningKeyCacheStateMachine(maximumAge: maximumAge.secondsValue, minimumRefetchInterval: minimumRefetchInterval.secondsValue)
    }

    /// The key set that holds `kid`, refetching once if it is unknown.
    func keySet(containing kid: String) async throws(TokenValidationError) -> SigningKeySet {
        while true {
            switch cache.keyRequested(kid: kid, now: now()) {
            case .use(let keys) where keys.keyIDs.contains(kid):
                return keys
            case .use, .unknownKey:
                throw TokenValidationError(.unknownSigningKey, "it was signed with a key ('\(kid)') that is not among the tenant's signing keys")
            case .unavailable(let reason):
                throw TokenValidationError(.signingKeysUnavailable, "the tenant's signing keys could not be fetched: \(reason)")
            case .wait:
                await withCheckedContinuation { continuation in cache.waiterAdded(continuation) }
            case .fetch:
                do {
                    let keys = try await fetch()
                    for waiter in cache.fetchSucceeded(keys, keyIDs: keys.keyIDs, now: now()) { waiter.resume() }
                    logger.info("fetched the tenant's signing keys", metadata: ["kids": "\(keys.keyIDs.sorted().joined(separator: ","))"])
                } catch {
                    logger.warning("fetching the tenant's signing keys failed", metadata: ["reason": "\(error.reason)"])
                    for waiter in cache.fetchFailed(reason: error.reason, now: now()) { waiter.resume() }
                }
            }
        }
    }

    /// Fetches the discovery document and the keys now, without touching the cache: the key IDs
    /// the tenant signs with (for `firstkey config check`).
    public func currentKeyIDs() async throws(TokenValidationError) -> Set<String> {
        try await fetch().keyIDs
    }

    private func fetch() async throws(TokenValidationError) -> SigningKeySet {
        let discoveryBody = try await get(configuration.openIDConfigurationURL, operation: "openid_configuration")
        guard let discovery = try? JSONDecoder().decode(OpenIDConfiguration.self, from: Data(discoveryBody)) else {
            throw TokenValidationError(.signingKeysUnavailable, "the OpenID configuration document is not the expected JSON")
        }
        guard let tenantID = discovery.tenantID ?? (UUIDShape.looksLikeGUID(configuration.tenantID) ? configuration.tenantID : nil) else {
            throw TokenValidationError(.signingKeysUnavailable, "the OpenID configuration's issuer '\(discovery.issuer)' names no tenant")
        }
        // The keys must come from the same STS the configuration names, over TLS (or loopback).
        guard discovery.jwksURI.host?.lowercased() == configuration.authorityHost.host?.lowercased(),
              discovery.jwksURI.scheme == "https" || LoopbackHost.isLoopback(discovery.jwksURI.host ?? "")
        else {
            throw TokenValidationError(.signingKeysUnavailable, "the OpenID configuration points to keys on another host (\(discovery.jwksURI.host ?? "?"))")
        }
        let jwks = try await get(discovery.jwksURI, operation: "jwks")
        return try await SigningKeySet.make(jwks: jwks, issuers: ExpectedIssuers(tenantID: tenantID, v2Issuer: discovery.issuer))
    }

    private func get(_ url: URL, operation: String) async throws(TokenValidationError) -> [UInt8] {
        let response: MicrosoftHTTPResponse
        do {
            response = try await executor.execute(MicrosoftHTTPRequest(method: .GET, url: url, headers: ["Accept": "application/json"], operation: operation))
        } catch let error as MicrosoftTransportError {
            throw TokenValidationError(.signingKeysUnavailable, error.description)
        } catch {
            throw TokenValidationError(.signingKeysUnavailable, "the request was interrupted")
        }
        guard response.status.code == 200 else {
            throw TokenValidationError(.signingKeysUnavailable, "\(url.host ?? "the STS") answered HTTP \(response.status.code) for \(url.path)")
        }
        return response.body
    }
}
