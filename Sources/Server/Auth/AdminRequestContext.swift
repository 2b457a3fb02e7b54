public import Hummingbird
public import Store

/// The request context of `serve`: the client's address, and for the admin API who called with
/// which scopes.
public struct AdminRequestContext: RequestContext, ClientAddressProviding {
    public var coreContext: CoreRequestContextStorage
    public var tokenID: String?
    public var tokenName: String?
    public var scopes: Set<APIScope> = []
    /// The peer of the connection (a reverse proxy's address when there is one).
    public let clientAddress: String?

    public init(source: Source) {
        coreContext = .init(source: source)
        clientAddress = source.channel.remoteAddress?.ipAddress
    }
}
