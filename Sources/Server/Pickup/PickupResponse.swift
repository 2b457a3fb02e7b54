import Delivery
import HTTPTypes
import Hummingbird

/// A rendered pickup page as an HTTP response (the protective headers are added by
/// ``PickupResponseMiddleware`` to every response alike).
enum PickupResponse {
    static func page(_ screen: PickupScreen, language: DeliveryLanguage, renderer: PickupRenderer) -> Response {
        Response(status: screen.status,
                 headers: [.contentType: "text/html; charset=utf-8", .contentLanguage: language.code, .vary: "Accept-Language, Cookie"],
                 body: .init(byteBuffer: ByteBuffer(string: renderer.html(screen, language: language))))
    }

    static func stylesheet() -> Response {
        Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: PickupStylesheet.css)))
    }
}
