import NIOSSL

extension LDAPError {
    /// Turns NIOSSL's errors into sentences about certificates and names.
    static func tlsFailure(_ error: any Error, server: String?) -> LDAPError? {
        if let extra = error as? NIOSSLExtraError, extra == .failedToValidateHostname {
            return LDAPError(.tlsFailed, server: server, detail: "the server certificate does not name the host connected to; check the URL's host or set the TLS server name", underlying: error)
        }
        guard let ssl = error as? NIOSSLError else { return nil }
        switch ssl {
        case .handshakeFailed(let underlying):
            let text = "\(underlying)"
            if text.contains("CERTIFICATE_VERIFY_FAILED") {
                return LDAPError(.tlsFailed, server: server, detail: "the server certificate is not trusted by the configured CA bundle", underlying: error)
            }
            return LDAPError(.tlsFailed, server: server, detail: "the TLS handshake failed (\(text))", underlying: error)
        case .uncleanShutdown:
            return LDAPError(.connectionClosed, server: server, detail: "the server closed the TLS connection without a close_notify", underlying: error)
        default:
            return LDAPError(.tlsFailed, server: server, detail: "\(ssl)", underlying: error)
        }
    }
}
