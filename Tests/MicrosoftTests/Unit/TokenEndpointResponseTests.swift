import Foundation
@testable import Microsoft
import NIOHTTP1
import Testing

@Suite struct TokenEndpointResponseTests {
    @Test func success() throws {
        let parsed = try TokenEndpointResponse.parse(Fixtures.tokenResponse("abc", expiresIn: 3599))
        #expect(parsed.accessToken == "abc")
        #expect(parsed.expiresIn == 3599)
    }

    @Test func expiresInAsStringAsTheV1EndpointSendsIt() throws {
        let parsed = try TokenEndpointResponse.parse(.json(.ok, #"{"token_type":"Bearer","expires_in":"3600","access_token":"abc"}"#))
        #expect(parsed.expiresIn == 3600)
    }

    @Test func successWithoutTokenIsUnexpected() {
        let error = #expect(throws: EntraError.self) { try TokenEndpointResponse.parse(.json(.ok, #"{"token_type":"Bearer"}"#)) }
        #expect(error?.code == .unexpectedResponse)
    }

    static let badSecret = #"""
    {"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '11111111-2222-3333-4444-555555555555'.\r\nTrace ID: 0b5e3c1f-aaaa\r\nCorrelation ID: 9d1c2e3f-bbbb\r\nTimestamp: 2024-01-09 02:02:12Z","error_codes":[7000215],"timestamp":"2024-01-09 02:02:12Z","trace_id":"0b5e3c1f-aaaa","correlation_id":"9d1c2e3f-bbbb"}
    """#

    @Test func badSecretIsExplained() {
        let error = TokenEndpointResponse.error(from: .json(.unauthorized, Self.badSecret))
        #expect(error.code == .invalidClient)
        #expect(error.oauthError == "invalid_client")
        #expect(error.aadstsCodes == [7000215])
        #expect(error.traceID == "0b5e3c1f-aaaa")
        #expect(error.correlationID == "9d1c2e3f-bbbb")
        #expect(error.httpStatus == 401)
        #expect(error.description.contains("the client secret is wrong"))
        #expect(error.description.contains("not its Secret ID"))
        #expect(error.description.contains("AADSTS7000215"))
        #expect(error.description.contains("trace ID 0b5e3c1f-aaaa"))
        #expect(error.description.contains("correlation ID 9d1c2e3f-bbbb"))
        #expect(error.serverMessage?.hasPrefix("AADSTS7000215: Invalid client secret provided") == true)
        #expect(error.serverMessage?.contains("Trace ID") == false)
    }

    @Test(arguments: [
        (7000222, "invalid_client", EntraError.Code.invalidClient, "expired"),
        (700016, "unauthorized_client", .unauthorizedClient, "no application with this client ID"),
        (70011, "invalid_scope", .invalidScope, "scope is not valid"),
        (65001, "consent_required", .consentRequired, "consent"),
        (700027, "invalid_client", .invalidClient, "signature could not be verified"),
        (700024, "invalid_client", .invalidClient, "clock"),
        (90002, "invalid_request", .invalidRequest, "tenant does not exist"),
    ])
    func commonCodesAreExplained(_ code: Int, _ oauthError: String, _ expected: EntraError.Code, _ phrase: String) {
        let body = #"{"error":"\#(oauthError)","error_description":"AADSTS\#(code): text","error_codes":[\#(code)]}"#
        let error = TokenEndpointResponse.error(from: .json(.badRequest, body))
        #expect(error.code == expected)
        #expect(error.description.contains(phrase), "\(error)")
    }

    @Test func codeIsReadFromTheDescriptionWhenErrorCodesAreMissing() {
        let error = TokenEndpointResponse.error(from: .json(.badRequest, #"{"error":"invalid_scope","error_description":"AADSTS70011: The provided value for the input parameter 'scope' is not valid."}"#))
        #expect(error.aadstsCodes == [70011])
        #expect(error.code == .invalidScope)
    }

    @Test func unknownCodeFallsBackToTheOAuthError() {
        let error = TokenEndpointResponse.error(from: .json(.badRequest, #"{"error":"unauthorized_client","error_codes":[123456]}"#))
        #expect(error.code == .unauthorizedClient)
        #expect(error.description.contains("not allowed to use this flow"))
    }

    @Test func nonJSONAnswers() {
        let gateway = TokenEndpointResponse.error(from: .empty(.badGateway))
        #expect(gateway.code == .temporarilyUnavailable)
        let notFound = TokenEndpointResponse.error(from: .json(.notFound, "<html>nope</html>"))
        #expect(notFound.code == .unexpectedResponse)
        #expect(notFound.description.contains("authority host"))
    }
}
