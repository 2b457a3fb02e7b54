import CryptoExtras
import Foundation
import SwiftASN1
import HTTPTypes
import X509

/// Checks a client assertion (certificate credential) the way Entra does: a JWS signed with the
/// key of a certificate registered on the app, found by `x5t#S256` (PS256, current docs) or
/// `x5t` (RS256, older docs); `iss` = `sub` = client_id; `aud` = the token endpoint; inside
/// `nbf`…`exp`; `jti` never seen before.
///
/// Error numbers: 700024 (time) is documented widely; 700027 (signature/key), 700021 (issuer),
/// 700023 (audience), 50027 and 5002738 (malformed, algorithm) are as observed; the answer to a
/// replayed `jti` is (unverified).
enum ClientAssertionValidator {
    /// Allowed clock difference between client and STS (unverified: Entra's exact skew).
    static let clockSkew: TimeInterval = 300

    static func validate(_ compact: String, for application: SimulatedApplication, tenantSegment: String, requestBaseURL: String, core: SimulatorCore) throws(TokenError) {
        func invalid(_ code: Int, _ message: String) -> TokenError {
            TokenError(.unauthorized, "invalid_client", code, message)
        }
        guard let token = JSONWebToken(compact: compact) else {
            throw invalid(50027, "JWT token is invalid or malformed.")
        }
        guard let algorithm = token.algorithm else {
            throw invalid(5002738, "Invalid JWT token. '\(token.header["alg"]?.stringValue ?? "none")' is not a supported signature algorithm.")
        }

        let sha256Thumbprint = token.header["x5t#S256"]?.stringValue
        let sha1Thumbprint = token.header["x5t"]?.stringValue
        let certificate = application.certificates.first { candidate in
            if let sha256Thumbprint { return candidate.sha256Thumbprint == sha256Thumbprint }
            if let sha1Thumbprint { return candidate.sha1Thumbprint == sha1Thumbprint }
            return false
        }
        guard let certificate else {
            let used = sha256Thumbprint ?? sha1Thumbprint ?? "none"
            throw invalid(700027, "Client assertion contains an invalid signature. [Reason - The key was not found., Thumbprint of key used by client: '\(used)', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '\(application.clientID)'.]")
        }
        guard let parsed = try? Certificate(derEncoded: certificate.derBytes), let publicKey = _RSA.Signing.PublicKey(parsed.publicKey) else {
            throw invalid(700027, "Client assertion contains an invalid signature. [Reason - The key used is not an RSA key.]")
        }
        guard token.isSignatureValid(with: publicKey) else {
            throw invalid(700027, "Client assertion contains an invalid signature. [Reason - The provided signature value did not match the expected signature value., Algorithm: '\(algorithm.rawValue)']")
        }

        let issuer = token.claims["iss"]?.stringValue
        let subject = token.claims["sub"]?.stringValue
        guard issuer?.lowercased() == application.clientID.lowercased(), subject?.lowercased() == application.clientID.lowercased() else {
            throw invalid(700021, "Client assertion application identifier doesn't match 'client_id' parameter. Review the documentation at https://docs.microsoft.com/azure/active-directory/develop/active-directory-certificate-credentials .")
        }

        let configuration = core.configuration
        var acceptedAudiences: Set<String> = []
        for host in [configuration.issuerHost, requestBaseURL] {
            for tenant in Set([configuration.tenantID, tenantSegment.lowercased()]) {
                acceptedAudiences.insert("\(host)/\(tenant)/oauth2/v2.0/token")
            }
        }
        guard token.audiences.contains(where: { acceptedAudiences.contains($0.lowercased()) || acceptedAudiences.contains($0) }) else {
            throw invalid(700023, "Client assertion audience claim does not match Realm issuer. Review the documentation at https://docs.microsoft.com/azure/active-directory/develop/active-directory-certificate-credentials .")
        }

        let now = core.now
        let nowSeconds = now.timeIntervalSince1970
        guard let expiry = token.time("exp") else {
            throw invalid(50027, "JWT token is invalid or malformed. The 'exp' claim is missing.")
        }
        let notBefore = token.time("nbf")
        if expiry + clockSkew <= nowSeconds || (notBefore.map { $0 - clockSkew > nowSeconds } ?? false) {
            throw invalid(700024, "Client assertion is not within its valid time range. Current time: \(GraphDate.format(now)), assertion valid from \(notBefore.map { GraphDate.format(Date(timeIntervalSince1970: $0)) } ?? "-"), expiry time of assertion \(GraphDate.format(Date(timeIntervalSince1970: expiry))).")
        }

        guard let assertionID = token.claims["jti"]?.stringValue, !assertionID.isEmpty else {
            throw invalid(50027, "JWT token is invalid or malformed. The 'jti' claim is missing.")
        }
        let replayed = core.withState { state -> Bool in
            state.seenAssertionIDs = state.seenAssertionIDs.filter { $0.value > now }
            let key = "\(application.clientID.lowercased())|\(assertionID)"
            if state.seenAssertionIDs[key] != nil { return true }
            state.seenAssertionIDs[key] = Date(timeIntervalSince1970: expiry + clockSkew)
            return false
        }
        if replayed {
            // (unverified): whether and how Entra rejects a replayed assertion.
            throw invalid(50027, "JWT token is invalid or malformed. The client assertion was already used: its 'jti' must be unique.")
        }
    }
}
