public import Foundation
public import Logging

/// Gets app-only access tokens (client credentials with a secret or a certificate), caches them
/// per scope, refreshes them before they expire, and lets concurrent callers share one request.
/// Also redeems the portal's authorization codes.
///
/// Errors are `EntraError` (or `CancellationError`).
public actor EntraTokenClient {
    public static let graphScope = "https://graph.microsoft.com/.default"

    public nonisolated let configuration: EntraConfiguration
    private let executor: ProviderRequestExecutor
    private let now: @Sendable () -> Date
    private let logger: Logger
    private var cache: TokenCacheStateMachine<CheckedContinuation<EntraAccessToken?, any Error>>

    public init(
        configuration: EntraConfiguration,
        transport: any MicrosoftHTTPTransport,
        retryPolicy: RetryPolicy = .default,
        refreshMargin: Duration = .seconds(300),
        logger: Logger = Logger(label: "firstkey.microsoft.entra"),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.configuration = configuration
        self.executor = ProviderRequestExecutor(provider: .entra, transport: transport, retryPolicy: retryPolicy, logger: logger)
        self.now = now
        self.logger = logger
        self.cache = TokenCacheStateMachine(refreshMargin: refreshMargin.secondsValue)
    }

    /// A valid token for `scope`, from the cache when it has more than the refresh margin left.
    public func accessToken(for scope: String = EntraTokenClient.graphScope) async throws -> EntraAccessToken {
        while true {
            switch cache.tokenRequested(scope: scope, now: now()) {
            case .use(let token):
                return token
            case .wait:
                let shared: EntraAccessToken? = try await withCheckedThrowingContinuation { continuation in
                    cache.waiterAdded(continuation, scope: scope)
                }
                if let shared { return shared }
            case .fetch:
                do {
                    let token = try await fetchClientCredentialsToken(scope: scope)
                    for waiter in cache.fetchSucceeded(scope: scope, token: token) { waiter.resume(returning: token) }
                    return token
                } catch {
                    switch cache.fetchFailed(scope: scope, now: now(), cancelled: Task.isCancelled || error is CancellationError) {
                    case .useCached(let token, let waiters):
                        logger.warning("refreshing the access token failed; using the cached one until it expires", metadata: ["scope": "\(scope)", "error": "\(error)"])
                        for waiter in waiters { waiter.resume(returning: token) }
                        return token
                    case .fail(let waiters):
                        for waiter in waiters { waiter.resume(throwing: error) }
                        throw error
                    case .retry(let waiters):
                        for waiter in waiters { waiter.resume(returning: nil) }
                        throw error
                    }
                }
            }
        }
    }

    /// Drops `token` from the cache because a resource rejected it.
    public func invalidate(_ token: EntraAccessToken) {
        cache.invalidate(scope: token.scope, token: token)
    }

    /// Redeems an authorization code from the portal's sign-in (auth code + PKCE). Not cached.
    public func redeemAuthorizationCode(
        _ code: String, redirectURI: URL, codeVerifier: PKCECodeVerifier, scopes: [String] = ["openid", "profile", "email"]
    ) async throws -> AuthorizationCodeTokens {
        let proof = try await clientProof()
        let request = TokenRequest.authorizationCode(
            configuration: configuration, code: code, redirectURI: redirectURI, codeVerifier: codeVerifier, scopes: scopes, proof: proof)
        let sentAt = now()
        let parsed = try TokenEndpointResponse.parse(try await send(request))
        let scope = parsed.scope ?? scopes.joined(separator: " ")
        return AuthorizationCodeTokens(
            accessToken: EntraAccessToken(value: parsed.accessToken, scope: scope, expiresAt: TokenCacheStateMachine<Never>.expiry(sentAt: sentAt, expiresIn: parsed.expiresIn)),
            idToken: parsed.idToken)
    }

    private func fetchClientCredentialsToken(scope: String) async throws -> EntraAccessToken {
        let proof = try await clientProof()
        let request = TokenRequest.clientCredentials(configuration: configuration, scope: scope, proof: proof)
        let sentAt = now()
        let parsed = try TokenEndpointResponse.parse(try await send(request))
        let token = EntraAccessToken(value: parsed.accessToken, scope: scope, expiresAt: TokenCacheStateMachine<Never>.expiry(sentAt: sentAt, expiresIn: parsed.expiresIn))
        logger.debug("access token issued", metadata: ["scope": "\(scope)", "expires-in": "\(parsed.expiresIn)"])
        return token
    }

    private func send(_ request: MicrosoftHTTPRequest) async throws -> MicrosoftHTTPResponse {
        do {
            return try await executor.execute(request)
        } catch let error as MicrosoftTransportError {
            throw EntraError(.unreachable, explanation: error.description, transportError: error)
        }
    }

    private func clientProof() async throws(EntraError) -> TokenRequest.ClientProof {
        switch configuration.credential {
        case .secret(let secret):
            return .secret(secret)
        case .certificate(let certificate):
            do {
                return .assertion(try await ClientAssertion.sign(
                    certificate: certificate, clientID: configuration.clientID, audience: configuration.clientAssertionAudience, now: now()))
            } catch {
                throw EntraError(.assertionFailed, explanation: "the client assertion could not be signed with the configured certificate key")
            }
        }
    }
}
