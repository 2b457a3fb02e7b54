import Foundation
import HTTPTypes

/// Sends the authorization result back to the client: `query` and `fragment` by redirect,
/// `form_post` by a self-submitting form.
enum AuthorizationResponse {
    static func deliver(_ fields: [(String, String)], to redirectURI: String, mode: AuthorizationRequest.ResponseMode) -> SimulatorResponse {
        switch mode {
        case .query:
            let separator = redirectURI.contains("?") ? "&" : "?"
            return .redirect(to: redirectURI + separator + FormEncoding.encode(fields))
        case .fragment:
            return .redirect(to: redirectURI + "#" + FormEncoding.encode(fields))
        case .formPost:
            let inputs = fields.map { #"<input type="hidden" name="\#(HTML.escape($0.0))" value="\#(HTML.escape($0.1))">"# }.joined(separator: "\n")
            return .html("""
            <!DOCTYPE html>
            <html><head><title>Working...</title></head>
            <body onload="document.forms[0].submit()">
            <form method="POST" name="hiddenform" id="hiddenform" action="\(HTML.escape(redirectURI))">
            \(inputs)
            <noscript><p>Script is disabled. Click Submit to continue.</p><input type="submit" value="Submit"></noscript>
            </form>
            </body></html>
            """)
        }
    }

    static func error(to redirectURI: String, mode: AuthorizationRequest.ResponseMode, state: String?, error: String, code: Int, message: String) -> SimulatorResponse {
        var fields: [(String, String)] = [("error", error), ("error_description", "AADSTS\(code): \(message)")]
        if let state { fields.append(("state", state)) }
        return deliver(fields, to: redirectURI, mode: mode)
    }
}
