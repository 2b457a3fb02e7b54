public import Hummingbird
public import Store

/// The request context of the admin API: who called, with which scopes.
public struct AdminRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var tokenName: String?
    public var scopes: Set<APIScope> = []

    public init(source: Source) {
        coreContext = .init(source: source)
    }
}
