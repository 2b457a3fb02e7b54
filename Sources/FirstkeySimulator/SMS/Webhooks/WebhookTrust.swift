import SwiftASN1
import X509

/// The extra trust outbound HTTPS may get: CA certificates only.
enum WebhookTrust {
    static func validateCertificateAuthority(_ pem: String) throws(SimulatorInputError) {
        let certificate: Certificate
        do {
            certificate = try Certificate(pemEncoded: pem)
        } catch {
            throw SimulatorInputError("the trust root must be one PEM certificate")
        }
        guard let constraints = try? certificate.extensions.basicConstraints, case .isCertificateAuthority = constraints else {
            throw SimulatorInputError("the trust root must be a CA certificate (basicConstraints CA:true), not an endpoint's own certificate")
        }
    }
}
