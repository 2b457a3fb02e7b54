import Delivery
import Foundation
import HTTPTypes
public import Hummingbird
public import OnboardingEngine

/// `POST /webhooks/twilio/status`: Twilio's status callbacks for the SMS Firstkey sent. Only a
/// request whose `X-Twilio-Signature` is the account's (HMAC-SHA1 with the Auth Token over the
/// callback URL as Twilio requested it and the form fields) is read; anything else is refused
/// and changes nothing. A report of a message that was not delivered sends it over its next route.
public struct TwilioStatusCallbackEndpoint: Sendable {
    public static let path = "/webhooks/twilio/status"
    static let maximumBodySize = 16 * 1024
    static let signatureHeader = HTTPField.Name("X-Twilio-Signature")!

    let validator: TwilioRequestValidator
    /// The public URL Twilio calls (`<publicURL>/webhooks/twilio/status`): what it signs.
    let callbackURL: String
    let engine: OnboardingEngine

    public init(authToken: String, callbackURL: String, engine: OnboardingEngine) {
        self.validator = TwilioRequestValidator(authToken: authToken)
        self.callbackURL = callbackURL
        self.engine = engine
    }

    public func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        router.post(RouterPath(Self.path)) { request, _ -> Response in
            let body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: Self.maximumBodySize)
            } catch {
                return Self.answer(.contentTooLarge, "the callback body is larger than 16 KiB")
            }
            let bytes = Array(body.readableBytesView)
            guard validator.isValid(signature: request.headers[Self.signatureHeader], url: callbackURL, formBody: bytes) else {
                return Self.answer(.forbidden, "the X-Twilio-Signature header is missing or wrong")
            }
            guard let report = TwilioStatusCallback.parse(formBody: bytes) else {
                return Self.answer(.badRequest, "the callback names no message (MessageSid)")
            }
            do {
                try await engine.record(report)
            } catch {
                // Twilio retries on a 5xx: nothing is lost.
                return Self.answer(.serviceUnavailable, "the report could not be stored; try again")
            }
            return Response(status: .noContent)
        }
    }

    static func answer(_ status: HTTPResponse.Status, _ message: String) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: message + "\n")))
    }
}
