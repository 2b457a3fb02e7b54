import Hummingbird
import NIOCore

/// Hummingbird's per-request context, keeping the channel so a fault can drop the connection.
struct SimulatorRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }

    /// Token requests can carry a certificate-signed assertion; mail can carry MIME. 4 MB is plenty.
    var maxUploadSize: Int { 4 * 1024 * 1024 }
}
