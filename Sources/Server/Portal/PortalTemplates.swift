import Mustache

/// The portal's and the dashboard's pages: server-rendered Mustache, every value escaped by
/// `{{…}}`, no inline script or style (the CSP forbids both), no third-party assets.
enum PortalTemplates {
    static let layout = """
    <!DOCTYPE html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="robots" content="noindex">
    <title>{{title}} – {{organization}}</title>
    <link rel="stylesheet" href="/portal/assets/portal.css">
    {{#script}}<script src="/portal/assets/password-check.js" defer></script>{{/script}}
    </head>
    <body>
    <header><p class="organization">{{organization}}</p></header>
    <main id="main">
    <h1>{{title}}</h1>
    {{$content}}{{/content}}
    </main>
    <footer><p>Help: {{helpContact}}</p></footer>
    </body>
    </html>
    """

    static let landing = """
    {{<layout}}{{$content}}
    <p>Welcome. Here you choose the password you will use to sign in to Windows and other company systems for the first time.</p>
    <p>First you sign in with your work account — with the Temporary Access Pass you received, a passkey or Microsoft Authenticator. Nobody else ever sees the password you choose.</p>
    <p><a class="button" id="sign-in" href="/portal/sign-in">Sign in with your work account</a></p>
    {{/content}}{{/layout}}
    """

    static let refused = """
    {{<layout}}{{$content}}
    <p id="reason" class="notice" role="alert">{{reason}}</p>
    {{#retry}}<p><a class="button" id="start-again" href="{{retry}}">Start again</a></p>{{/retry}}
    {{/content}}{{/layout}}
    """

    static let password = """
    {{<layout}}{{$content}}
    <p>You are signed in as <strong id="signed-in-as">{{signedInAs}}</strong>. Choose the password for your account:</p>
    <dl class="account">
    <dt>User name</dt><dd id="username">{{username}}</dd>
    {{#samAccountName}}<dt>Windows sign-in (pre-Windows 2000)</dt><dd id="sam-account-name">{{samAccountName}}</dd>{{/samAccountName}}
    </dl>
    {{#hasErrors}}<div id="errors" class="notice" role="alert"><p>The password was not set:</p><ul>{{#errors}}<li>{{.}}</li>{{/errors}}</ul></div>{{/hasErrors}}
    <form id="password-form" method="post" action="/portal/password" data-min-length="{{policy.minimumLength}}" data-complexity="{{policy.complexity}}" data-forbidden="{{forbidden}}" novalidate>
    <input type="hidden" name="csrf" value="{{csrf}}">
    <input type="hidden" name="case" value="{{caseID}}">
    <label for="password">New password</label>
    <input id="password" name="password" type="password" autocomplete="new-password" required minlength="{{policy.minimumLength}}" maxlength="256" aria-describedby="rules">
    <label for="confirm">Type it again</label>
    <input id="confirm" name="confirm" type="password" autocomplete="new-password" required maxlength="256">
    <p class="show"><input id="show" type="checkbox"> <label for="show" class="inline">Show the password while typing</label></p>
    <section id="rules" aria-label="Password rules">
    <h2>Your password must</h2>
    <ul id="rule-list">
    <li data-rule="length">have at least {{policy.minimumLength}} characters</li>
    {{#policy.complexity}}<li data-rule="categories">use three of: capital letters, small letters, digits, symbols</li>
    <li data-rule="name">not contain your user name or parts of your name</li>{{/policy.complexity}}
    <li data-rule="match">be typed the same twice</li>
    {{#policy.history}}<li>not be one of your last {{policy.history}} passwords</li>{{/policy.history}}
    </ul>
    <p class="source" id="policy-source">Rules of the {{policy.name}}{{#policy.maximumAgeDays}}; it must be changed every {{policy.maximumAgeDays}} days{{/policy.maximumAgeDays}}.</p>
    <p id="check-status" class="visually-hidden" aria-live="polite"></p>
    </section>
    <p><button id="set-password" type="submit">Set my password</button></p>
    </form>
    <form method="post" action="/portal/sign-out" class="sign-out"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" class="link">Sign out</button></form>
    {{/content}}{{/layout}}
    """

    static let success = """
    {{<layout}}{{$content}}
    <p id="done" class="success" role="status">Your password was set at {{setAt}}.</p>
    <p>Sign in to Windows and other company systems as <strong id="username">{{username}}</strong> with the password you just chose. Only you know it.</p>
    <p>Microsoft 365 and other cloud services learn it within about {{syncMinutes}} minutes (password hash synchronisation); until then, keep using the way you just signed in.</p>
    {{#deletedPasses}}<p>Your Temporary Access Pass was removed: you don't need it any more.</p>{{/deletedPasses}}
    <p>{{#noticeSent}}We also sent you a short notice by SMS or e-mail. {{/noticeSent}}If you did not set this password yourself, contact {{helpContact}} at once.</p>
    {{/content}}{{/layout}}
    """

    static let library = MustacheLibrary(compiling: [("layout", layout), ("landing", landing), ("refused", refused), ("password", password), ("success", success)])

    static func render(_ name: String, _ context: [String: Any]) -> String {
        library.render(context, withTemplate: name) ?? ""
    }
}

extension MustacheLibrary {
    /// The server's own templates by name. They are constants of this module: a mistake in one
    /// fails every test of its pages, so it is a programming error, not a runtime condition.
    init(compiling sources: [(name: String, source: String)]) {
        self.init()
        for (name, source) in sources {
            try! register(MustacheTemplate(string: source), named: name)
        }
    }
}
