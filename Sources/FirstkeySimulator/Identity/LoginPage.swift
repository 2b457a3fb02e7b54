import Foundation
import HTTPTypes

/// The test login page that replaces Entra's sign-in UI. A test (or headless Chromium) picks the
/// user and how they "authenticated"; the form's field names and element IDs are stable:
///
/// | id / name          | meaning                                                          |
/// |--------------------|------------------------------------------------------------------|
/// | `request_id`       | hidden: the pending authorization request                         |
/// | `username`         | the user's UPN                                                    |
/// | `amr`              | authentication methods, comma-separated (`pwd`, `mfa`, `rsa`, …)  |
/// | `acrs`             | satisfied authentication contexts, comma-separated (`c1`, …)      |
/// | `auth_time_offset` | seconds from now to the authentication instant (−600 = 10 min ago)|
/// | `token_version`    | `v2` (default) or `v1` ID token                                   |
/// | `sign_in` / `cancel` | buttons, both `name="action"`                                   |
///
/// The form posts to `/{tenant}/login`.
enum LoginPage {
    static func render(_ request: AuthorizationRequest, tenantSegment: String, application: SimulatedApplication, knownUsers: [String], error: String?,
                       status: HTTPResponse.Status = .ok) -> SimulatorResponse
    {
        let requestedAMR = request.requestedAuthenticationMethods
        let amrDefault = requestedAMR.isEmpty ? "pwd" : (["pwd"] + requestedAMR).joined(separator: ",")
        let acrsDefault = request.requestedAuthenticationContexts.joined(separator: ",")
        let options = knownUsers.map { #"<option value="\#(HTML.escape($0))">"# }.joined()
        let errorBlock = error.map { #"<p id="error" class="error">\#(HTML.escape($0))</p>"# } ?? ""
        let page = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>Sign in to your account (Firstkey simulator)</title>
        <style>body{font-family:sans-serif;max-width:32rem;margin:3rem auto}label{display:block;margin-top:1rem}input,select{width:100%;padding:.3rem}.error{color:#a00}</style>
        </head><body>
        <h1>Sign in</h1>
        <p>Simulated Microsoft Entra sign-in for <strong id="app_name">\(HTML.escape(application.displayName))</strong>.</p>
        \(errorBlock)
        <form id="login_form" method="POST" action="/\(HTML.escape(tenantSegment))/login">
        <input type="hidden" id="request_id" name="request_id" value="\(HTML.escape(request.id))">
        <label for="username">User principal name</label>
        <input id="username" name="username" type="text" list="known_users" autocomplete="off" value="\(HTML.escape(request.loginHint ?? ""))">
        <datalist id="known_users">\(options)</datalist>
        <label for="amr">Authentication methods (amr, comma-separated)</label>
        <input id="amr" name="amr" type="text" value="\(HTML.escape(amrDefault))">
        <label for="acrs">Authentication contexts (acrs, comma-separated)</label>
        <input id="acrs" name="acrs" type="text" value="\(HTML.escape(acrsDefault))">
        <label for="auth_time_offset">Authenticated at (seconds from now; negative is in the past)</label>
        <input id="auth_time_offset" name="auth_time_offset" type="number" value="0">
        <label for="token_version">ID token version</label>
        <select id="token_version" name="token_version"><option value="v2" selected>v2.0</option><option value="v1">v1.0</option></select>
        <p><button id="sign_in" name="action" value="sign_in" type="submit">Sign in</button>
        <button id="cancel" name="action" value="cancel" type="submit">Cancel</button></p>
        </form>
        </body></html>
        """
        return .html(page, status: status)
    }

    static func errorPage(code: Int, message: String, status: HTTPResponse.Status = .badRequest) -> SimulatorResponse {
        .html("""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>Sign in to your account</title></head><body>
        <h1>Sorry, but we're having trouble signing you in.</h1>
        <p id="error" data-code="AADSTS\(code)">AADSTS\(code): \(HTML.escape(message))</p>
        </body></html>
        """, status: status)
    }

    /// `POST /{tenant}/login`: the form above was submitted.
    static func submit(_ request: SimulatorRequest, tenantSegment: String, core: SimulatorCore) -> SimulatorResponse {
        guard request.method == .post, let fields = request.formFields else {
            return errorPage(code: 900561, message: "The endpoint only accepts POST requests with a form body.")
        }
        var values: [String: String] = [:]
        for field in fields where values[field.name] == nil { values[field.name] = field.value }
        let now = core.now
        guard let requestID = values["request_id"],
              let pending = core.withState({ $0.pendingAuthorizations[requestID] }),
              // An abandoned login page expires like Entra's flow token (unverified length).
              now < pending.createdAt.addingTimeInterval(3600),
              let application = core.withState({ $0.applications[pending.clientID.lowercased()] })
        else {
            return errorPage(code: 50196, message: "The sign-in request expired or was already used. Start again from the application.")
        }

        if values["action"] == "cancel" {
            core.withState { $0.pendingAuthorizations[requestID] = nil }
            return AuthorizationResponse.error(to: pending.redirectURI, mode: pending.responseMode, state: pending.state, error: "access_denied", code: 65004,
                                               message: "User declined to consent to access the app.")
        }

        let username = (values["username"] ?? "").trimmingCharacters(in: .whitespaces)
        let knownUsers = core.withState { $0.orderedUsers.map(\.userPrincipalName) }
        guard let user = core.withState({ state in state.orderedUsers.first { $0.userPrincipalName.lowercased() == username.lowercased() } }) else {
            return render(pending, tenantSegment: tenantSegment, application: application, knownUsers: knownUsers,
                          error: "AADSTS50034: The user account \(username) does not exist in the \(core.configuration.tenantID) directory. To sign into this application, the account must be added to the directory.")
        }
        guard user.accountEnabled else {
            return render(pending, tenantSegment: tenantSegment, application: application, knownUsers: knownUsers,
                          error: "AADSTS50057: The user account is disabled. The account has been disabled by an administrator.")
        }
        let list: (String?) -> [String] = { text in
            (text ?? "").split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
        }
        let offset = Double(values["auth_time_offset"] ?? "0") ?? 0
        let signIn = SignIn(userID: user.id, authenticationMethods: list(values["amr"]), authenticationContexts: list(values["acrs"]),
                            authenticatedAt: now.addingTimeInterval(offset), tokenVersion: values["token_version"] == "v1" ? .v1 : .v2,
                            sessionID: UUID().uuidString.lowercased())
        let code = TokenIssuer.uniqueTokenID() + TokenIssuer.uniqueTokenID() + TokenIssuer.uniqueTokenID()
        core.withState { state in
            state.pendingAuthorizations[requestID] = nil
            state.authorizationCodes = state.authorizationCodes.filter { !$0.value.isExpired(at: now) }
            state.authorizationCodes[code] = AuthorizationCode(code: code, request: pending, signIn: signIn, issuedAt: now)
            state.users[user.id]?.lastSuccessfulSignIn = now
        }
        var result: [(String, String)] = [("code", code)]
        if let state = pending.state { result.append(("state", state)) }
        result.append(("session_state", signIn.sessionID))
        return AuthorizationResponse.deliver(result, to: pending.redirectURI, mode: pending.responseMode)
    }
}
