import Mustache

/// The dashboard's pages: server-rendered Mustache, every value escaped by `{{…}}`, no script
/// at all, no inline style (the CSP forbids it). Forms are plain HTML posts.
enum AdminTemplates {
    static let layout = """
    <!DOCTYPE html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="robots" content="noindex">
    <title>{{title}} – Firstkey – {{organization}}</title>
    <link rel="stylesheet" href="/portal/assets/portal.css">
    <link rel="stylesheet" href="/admin/assets/admin.css">
    </head>
    <body class="admin">
    <header>
    <p class="organization"><a href="/admin">Firstkey</a> · {{organization}}</p>
    {{#signedInAs}}<form method="post" action="/admin/sign-out" class="sign-out"><span id="signed-in-as">{{signedInAs}}</span> <input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" class="link">Sign out</button></form>{{/signedInAs}}
    </header>
    <main id="main">
    <h1>{{title}}</h1>
    {{$content}}{{/content}}
    </main>
    <footer><p>Firstkey administration. Service desk: {{helpContact}}</p></footer>
    </body>
    </html>
    """

    static let signIn = """
    {{<layout}}{{$content}}
    <p>The Firstkey dashboard shows the onboarding cases: their state, deadlines, failures and messages, with retry, re-send and cancel.</p>
    <p>Sign in with your work account. Only accounts with a Firstkey administrator role or group may open it.</p>
    <p><a class="button" id="sign-in" href="/admin/sign-in">Sign in</a></p>
    {{/content}}{{/layout}}
    """

    static let message = """
    {{<layout}}{{$content}}
    <p id="message" class="notice" role="alert">{{message}}</p>
    {{#signInLink}}<p><a class="button" id="sign-in" href="/admin/sign-in">Sign in</a></p>{{/signInLink}}
    {{^signInLink}}<p><a href="/admin">All cases</a></p>{{/signInLink}}
    {{/content}}{{/layout}}
    """

    static let cases = """
    {{<layout}}{{$content}}
    <nav class="filters" aria-label="Filter by state">
    <a href="/admin" class="filter{{#allSelected}} selected{{/allSelected}}"{{#allSelected}} aria-current="page"{{/allSelected}}>all ({{total}})</a>
    {{#states}}<a href="/admin?state={{stateName}}" class="filter{{#stateSelected}} selected{{/stateSelected}}"{{#stateSelected}} aria-current="page"{{/stateSelected}}>{{stateName}} ({{stateCount}})</a>
    {{/states}}
    </nav>
    {{#hasCases}}
    <div class="scroll">
    <table id="cases">
    <thead><tr><th scope="col">Hire</th><th scope="col">Mode</th><th scope="col">State</th><th scope="col">Current step</th><th scope="col">Hire date / deadline</th><th scope="col">Failures</th><th scope="col">Messages</th></tr></thead>
    <tbody>
    {{#cases}}<tr id="{{id}}"{{#overdue}} class="overdue"{{/overdue}}>
    <td><a href="/admin/cases/{{id}}">{{name}}</a>{{#upn}}<br><span class="muted">{{upn}}</span>{{/upn}}{{#employeeID}}<br><span class="muted">employee {{employeeID}}</span>{{/employeeID}}</td>
    <td>{{mode}}</td>
    <td><span class="state state-{{state}}">{{state}}</span></td>
    <td>{{currentStep}}</td>
    <td>{{hireDate}}<br><span class="muted">desk told {{deadline}}</span>{{#overdue}}<br><strong class="bad">overdue</strong>{{/overdue}}</td>
    <td>{{failures}}{{#lastError}}<br><span class="error">{{lastError}}</span>{{/lastError}}</td>
    <td>{{deliverySummary}}</td>
    </tr>
    {{/cases}}
    </tbody>
    </table>
    </div>
    {{/hasCases}}
    {{^hasCases}}<p id="no-cases">No cases{{#selectedState}} in state {{selectedState}}{{/selectedState}}{{#previousPage}} on this page{{/previousPage}}.</p>{{/hasCases}}
    <nav class="paging" aria-label="Pages">
    {{#previousPage}}<a href="{{previousPage}}" rel="prev">← previous</a>{{/previousPage}}
    <span>page {{pageNumber}}</span>
    {{#nextPage}}<a href="{{nextPage}}" rel="next">next →</a>{{/nextPage}}
    </nav>
    {{/content}}{{/layout}}
    """

    static let onboardingCase = """
    {{<layout}}{{$content}}
    <p><a href="/admin">← All cases</a></p>
    {{#notice}}<p id="notice" class="success" role="status">{{notice}}</p>{{/notice}}
    {{#problem}}<p id="problem" class="notice" role="alert">{{problem}}</p>{{/problem}}
    <dl class="account">
    <dt>Case</dt><dd id="case-id">{{id}}</dd>
    <dt>State</dt><dd id="state"><span class="state state-{{state}}">{{state}}</span></dd>
    {{#upn}}<dt>User principal name</dt><dd id="upn">{{upn}}</dd>{{/upn}}
    {{#employeeID}}<dt>Employee ID</dt><dd id="employee-id">{{employeeID}}</dd>{{/employeeID}}
    {{#sam}}<dt>sAMAccountName</dt><dd id="sam">{{sam}}</dd>{{/sam}}
    <dt>Delivery mode</dt><dd id="mode">{{mode}}</dd>
    <dt>Hire date</dt><dd id="hire-date">{{hireDate}}</dd>
    <dt>Service desk told</dt><dd id="deadline">{{deadline}}{{#overdue}} <strong class="bad">overdue</strong>{{/overdue}}</dd>
    {{#failureReason}}<dt>Failed</dt><dd id="failure-reason" class="error">{{failureReason}}</dd>{{/failureReason}}
    {{#escalationReason}}<dt>Escalated</dt><dd id="escalation-reason" class="error">{{escalationReason}}</dd>{{/escalationReason}}
    <dt>Re-sent</dt><dd id="resends">{{resends}}×</dd>
    <dt>From</dt><dd>{{source}}</dd>
    <dt>Opened</dt><dd>{{createdAt}}</dd>
    <dt>Last change</dt><dd>{{updatedAt}}</dd>
    </dl>
    {{#canRetry}}<form method="post" action="/admin/cases/{{id}}/retry" class="action"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" id="retry">Retry the current step now</button></form>{{/canRetry}}
    {{#canResend}}<form method="post" action="/admin/cases/{{id}}/resend" class="action"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" id="resend">Send the credential again</button></form>{{/canResend}}
    {{#canCancel}}<form method="post" action="/admin/cases/{{id}}/cancel" class="action cancel"><input type="hidden" name="csrf" value="{{csrf}}"><label for="reason">Reason for cancelling</label><input id="reason" name="reason" type="text" required maxlength="500"><button type="submit" id="cancel" class="danger">Cancel the case</button></form>{{/canCancel}}
    <h2>Steps</h2>
    <div class="scroll">
    <table id="steps">
    <thead><tr><th scope="col">Step</th><th scope="col">Status</th><th scope="col">Attempts</th><th scope="col">Next try / finished</th><th scope="col">Last error</th></tr></thead>
    <tbody>
    {{#steps}}<tr{{#isCurrent}} class="current"{{/isCurrent}}><td>{{kind}}</td><td>{{status}}</td><td>{{attempts}}</td><td>{{#nextAttempt}}next {{nextAttempt}}{{/nextAttempt}}{{#finished}}{{finished}}{{/finished}}</td><td>{{#stepError}}<span class="error">{{stepError}}</span>{{/stepError}}</td></tr>
    {{/steps}}
    </tbody>
    </table>
    </div>
    <h2>Messages</h2>
    {{#hasDeliveries}}
    <div class="scroll">
    <table id="deliveries">
    <thead><tr><th scope="col">Sent</th><th scope="col">Message</th><th scope="col">Channel</th><th scope="col">Route</th><th scope="col">Round</th><th scope="col">Status</th><th scope="col">Status since</th><th scope="col">Detail</th></tr></thead>
    <tbody>
    {{#deliveries}}<tr><td>{{sentAt}}</td><td>{{kind}}</td><td>{{channel}}{{#provider}} ({{provider}}){{/provider}}</td><td>{{route}}<br><span class="muted">{{recipient}}</span></td><td>{{round}}</td><td>{{deliveryStatus}}</td><td>{{statusAt}}</td><td>{{detail}}</td></tr>
    {{/deliveries}}
    </tbody>
    </table>
    </div>
    {{/hasDeliveries}}
    {{^hasDeliveries}}<p id="no-deliveries">No message has been sent yet.</p>{{/hasDeliveries}}
    <h2>Audit trail</h2>
    <div class="scroll">
    <table id="audit">
    <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Event</th><th scope="col">Detail</th></tr></thead>
    <tbody>
    {{#audit}}<tr><td>{{at}}</td><td>{{actor}}</td><td>{{event}}</td><td>{{auditDetail}}</td></tr>
    {{/audit}}
    </tbody>
    </table>
    </div>
    {{/content}}{{/layout}}
    """

    static let library = MustacheLibrary(compiling: [("layout", layout), ("sign-in", signIn), ("message", message), ("cases", cases), ("case", onboardingCase)])

    static func render(_ name: String, _ context: [String: Any]) -> String {
        library.render(context, withTemplate: name) ?? ""
    }

    /// The layout's values next to the page's own.
    static func values(_ context: [String: Any], title: String, configuration: PortalConfiguration, session: PortalSession?) -> [String: Any] {
        var values = context
        values["title"] = title
        values["organization"] = configuration.organization
        values["helpContact"] = configuration.helpContact
        if let session {
            values["signedInAs"] = session.preferredUsername ?? session.name ?? session.objectID
            values["csrf"] = session.csrf
        }
        return values
    }
}
