import Crypto
import Foundation

/// ACS HMAC-SHA256 request authentication (azure-communication-sms `_shared/policy.py`):
///
///     x-ms-date: Mon, 01 Apr 2019 06:22:03 GMT
///     x-ms-content-sha256: base64(SHA-256(body))
///     Authorization: HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=base64(HMAC-SHA256(key, s))
///     s = VERB "\n" path-and-query "\n" date ";" host ";" content-hash
///
/// Pure: the endpoint hands in the request's parts and the registered resources.
enum CommunicationHMAC {
    /// The only `SignedHeaders` the SDKs send. The service may accept other lists (as App
    /// Configuration's identical scheme does); the simulator refuses them (unverified).
    static let signedHeaders = "x-ms-date;host;x-ms-content-sha256"
    /// How far `x-ms-date` may be from the service's clock (unverified: 15 minutes, as for other
    /// Azure HMAC schemes).
    static let allowedSkew: TimeInterval = 15 * 60

    struct Request: Sendable {
        var method: String
        /// Everything after the host, as sent: `/sms?api-version=2021-03-07`.
        var pathAndQuery: String
        var host: String?
        var date: String?
        var contentHash: String?
        var authorization: String?
        var body: [UInt8]
    }

    enum Failure: Error, Equatable {
        case missingAuthorization
        case unsupportedScheme
        case malformedAuthorization
        case unsupportedSignedHeaders
        case missingDate
        case malformedDate
        case staleDate
        case missingContentHash
        case contentHashMismatch
        case missingHost
        case signatureMismatch
    }

    /// The resource whose access key signed the request.
    static func authenticate(_ request: Request, resources: [SimulatedCommunicationResource], now: Date) -> Result<SimulatedCommunicationResource, Failure> {
        guard let authorization = request.authorization else { return .failure(.missingAuthorization) }
        let prefix = "HMAC-SHA256 "
        guard authorization.hasPrefix(prefix) else { return .failure(.unsupportedScheme) }
        var fields: [String: String] = [:]
        for pair in authorization.dropFirst(prefix.count).split(separator: "&", omittingEmptySubsequences: false) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { return .failure(.malformedAuthorization) }
            fields[String(parts[0])] = String(parts[1])
        }
        guard fields.count == 2, let signedHeaders = fields["SignedHeaders"], let signatureText = fields["Signature"],
              let signature = Data(base64Encoded: signatureText) else { return .failure(.malformedAuthorization) }
        guard signedHeaders.lowercased() == Self.signedHeaders else { return .failure(.unsupportedSignedHeaders) }
        guard let dateText = request.date else { return .failure(.missingDate) }
        guard let date = InternetDate.parseIMFFixdate(dateText) else { return .failure(.malformedDate) }
        guard abs(now.timeIntervalSince(date)) <= allowedSkew else { return .failure(.staleDate) }
        guard let contentHash = request.contentHash else { return .failure(.missingContentHash) }
        guard contentHash == Self.contentHash(request.body) else { return .failure(.contentHashMismatch) }
        guard let host = request.host, !host.isEmpty else { return .failure(.missingHost) }
        let message = Array(stringToSign(method: request.method, pathAndQuery: request.pathAndQuery, date: dateText, host: host, contentHash: contentHash).utf8)
        for resource in resources {
            guard let key = resource.keyBytes else { continue }
            // Constant time: swift-crypto compares authentication codes without early exit.
            if HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: message, using: SymmetricKey(data: key)) {
                return .success(resource)
            }
        }
        return .failure(.signatureMismatch)
    }

    static func stringToSign(method: String, pathAndQuery: String, date: String, host: String, contentHash: String) -> String {
        "\(method.uppercased())\n\(pathAndQuery)\n\(date);\(host);\(contentHash)"
    }

    static func contentHash(_ body: [UInt8]) -> String {
        Data(SHA256.hash(data: body)).base64EncodedString()
    }

    static func signature(_ stringToSign: String, key: [UInt8]) -> String {
        Data(HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: SymmetricKey(data: key))).base64EncodedString()
    }
}
