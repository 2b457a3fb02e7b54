import Foundation
import NIOHTTP1

/// The token endpoint's JSON, success and error shapes (§1: the error shape is the same for every
/// token-endpoint error).
struct TokenEndpointResponse: Sendable, Equatable {
    var tokenType: String
    var accessToken: String
    var expiresIn: Int
    var scope: String?
    var refreshToken: String?
    var idToken: String?

    private struct Body: Decodable {
        var token_type: String?
        var access_token: String?
        var expires_in: FlexibleInt?
        var scope: String?
        var refresh_token: String?
        var id_token: String?
    }

    struct ErrorBody: Decodable, Equatable {
        var error: String?
        var error_description: String?
        var error_codes: [Int]?
        var trace_id: String?
        var correlation_id: String?
    }

    /// Parses a response; any non-2xx or unreadable answer becomes an `EntraError`.
    static func parse(_ response: MicrosoftHTTPResponse) throws(EntraError) -> TokenEndpointResponse {
        let status = Int(response.status.code)
        guard (200..<300).contains(status) else {
            throw error(from: response)
        }
        guard let body = try? JSONDecoder().decode(Body.self, from: Data(response.body)),
              let accessToken = body.access_token, !accessToken.isEmpty,
              let expiresIn = body.expires_in?.value
        else {
            throw EntraError(.unexpectedResponse, explanation: "the token endpoint answered HTTP \(status) without a usable access token", httpStatus: status)
        }
        if let type = body.token_type, type.caseInsensitiveCompare("Bearer") != .orderedSame {
            throw EntraError(.unexpectedResponse, explanation: "the token endpoint issued a '\(type)' token instead of a Bearer token", httpStatus: status)
        }
        return TokenEndpointResponse(
            tokenType: body.token_type ?? "Bearer", accessToken: accessToken, expiresIn: expiresIn, scope: body.scope,
            refreshToken: body.refresh_token, idToken: body.id_token)
    }

    static func error(from response: MicrosoftHTTPResponse) -> EntraError {
        let status = Int(response.status.code)
        guard let body = try? JSONDecoder().decode(ErrorBody.self, from: Data(response.body)), let oauthError = body.error else {
            if status == 429 || status >= 500 {
                return EntraError(.temporarilyUnavailable, explanation: "Entra ID answered HTTP \(status)", suggestedFix: "Retry later; check https://status.azure.com if it persists", httpStatus: status)
            }
            return EntraError(.unexpectedResponse, explanation: "the token endpoint answered HTTP \(status) without an OAuth error body; check the authority host", httpStatus: status)
        }
        var codes = body.error_codes ?? []
        if codes.isEmpty, let description = body.error_description, let parsed = aadstsCode(in: description) {
            codes = [parsed]
        }
        let explanation = AADSTSExplanation.explain(codes: codes, oauthError: oauthError)
        let firstLine = body.error_description?.split(whereSeparator: \.isNewline).first.map(String.init)
        return EntraError(
            .fromOAuthError(oauthError), explanation: explanation.summary, suggestedFix: explanation.suggestedFix, httpStatus: status,
            oauthError: oauthError, aadstsCodes: codes, traceID: body.trace_id, correlationID: body.correlation_id, serverMessage: firstLine)
    }

    /// `AADSTS70011: …` → 70011.
    static func aadstsCode(in description: String) -> Int? {
        guard let range = description.range(of: "AADSTS") else { return nil }
        let digits = description[range.upperBound...].prefix(while: \.isNumber)
        return Int(digits)
    }
}

/// `expires_in` is a number on the v2 endpoint and a string on v1.
struct FlexibleInt: Decodable {
    var value: Int?

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            value = number
        } else if let text = try? container.decode(String.self) {
            value = Int(text)
        } else {
            value = nil
        }
    }
}
