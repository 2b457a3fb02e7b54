import Hummingbird
import HTTPTypes
import Logging

/// Gives every pickup response the same protective headers, and turns any error (the store
/// does not answer) into a page that says so — never into a message with details.
struct PickupResponseMiddleware<Context: RequestContext>: RouterMiddleware {
    let renderer: PickupRenderer

    static var headers: HTTPFields {
        [
            .contentSecurityPolicy: "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
            .cacheControl: "no-store",
            HTTPField.Name("Pragma")!: "no-cache",
            HTTPField.Name("Referrer-Policy")!: "no-referrer",
            .xContentTypeOptions: "nosniff",
            HTTPField.Name("X-Frame-Options")!: "DENY",
            HTTPField.Name("X-Robots-Tag")!: "noindex",
        ]
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            // Errors here come from the store or the event sink, never with the token or code.
            context.logger.error("pickup: the page could not be served", metadata: ["error": "\(error)"])
            response = PickupResponse.page(.notice(.unavailable), language: PickupLanguage.of(request), renderer: renderer)
        }
        for field in Self.headers { response.headers[field.name] = field.value }
        return response
    }
}
