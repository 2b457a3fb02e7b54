extension BuiltInTemplates {
    /// English. SMS texts stay within one GSM-7 segment (160 characters) for an organization
    /// name of up to 20 characters, except the pickup link, portal invitation and password-set
    /// notice by SMS, whose length depends on the link, username and help contact (usually two
    /// segments).
    static let english: [DeliveryMessageKind: [DeliveryTemplateFormat: DeliveryTemplateSource]] = [
        .pickupLink: [
            .email: DeliveryTemplateSource(
                subject: "Your {{organization}} account: your first sign-in",
                text: """
                    Hello{{#displayName}} {{displayName}}{{/displayName}},

                    welcome to {{organization}}! Your user name is:

                        {{username}}

                    {{#temporaryPassword}}Your first password is ready for you.{{/temporaryPassword}}{{#temporaryAccessPass}}Your Temporary Access Pass, a time-limited pass for setting up sign-in without a password, is ready for you.{{/temporaryAccessPass}} To see it, open this link{{#pickupExpires}} before {{pickupExpires}}{{/pickupExpires}}:

                    {{pickupLink}}

                    The page asks for a pickup code. {{#codeBySMS}}We send it to your mobile phone by SMS.{{/codeBySMS}}{{#codeByEmail}}We send it to your private e-mail address.{{/codeByEmail}} The link works only once.
                    {{#temporaryPassword}}

                    When you first sign in, you will be asked to choose a new password.
                    {{/temporaryPassword}}

                    Nobody else, not your manager and not the service desk, receives {{#temporaryPassword}}this password{{/temporaryPassword}}{{#temporaryAccessPass}}this pass{{/temporaryAccessPass}}, and nobody will ever ask you for it.
                    {{#helpContact}}

                    Questions? Contact {{helpContact}}.
                    {{/helpContact}}
                    """,
                html: """
                    {{<html-layout}}
                    {{$title}}Your first sign-in{{/title}}
                    {{$body}}
                    <p>Hello{{#displayName}} {{displayName}}{{/displayName}},</p>
                    <p>welcome to {{organization}}! Your user name is:</p>
                    <p style="\(usernameStyle)">{{username}}</p>
                    <p>{{#temporaryPassword}}Your first password is ready for you.{{/temporaryPassword}}{{#temporaryAccessPass}}Your Temporary Access Pass, a time-limited pass for setting up sign-in without a password, is ready for you.{{/temporaryAccessPass}} To see it, open the pickup page{{#pickupExpires}} before {{pickupExpires}}{{/pickupExpires}}:</p>
                    <p><a href="{{pickupLink}}" style="\(buttonStyle)">Open the pickup page</a></p>
                    <p style="\(smallStyle)">Or copy this link into your browser: {{pickupLink}}</p>
                    <p>The page asks for a pickup code. {{#codeBySMS}}We send it to your mobile phone by SMS.{{/codeBySMS}}{{#codeByEmail}}We send it to your private e-mail address.{{/codeByEmail}} The link works only once.</p>
                    {{#temporaryPassword}}<p>When you first sign in, you will be asked to choose a new password.</p>{{/temporaryPassword}}
                    <p>Nobody else, not your manager and not the service desk, receives {{#temporaryPassword}}this password{{/temporaryPassword}}{{#temporaryAccessPass}}this pass{{/temporaryAccessPass}}, and nobody will ever ask you for it.</p>
                    {{#helpContact}}<p style="\(smallStyle)">Questions? Contact {{helpContact}}.</p>{{/helpContact}}
                    {{/body}}
                    {{/html-layout}}
                    """),
            .sms: DeliveryTemplateSource(
                text: "{{organization}}: Welcome! Your user name is {{username}}. Get your first {{#temporaryPassword}}password{{/temporaryPassword}}{{#temporaryAccessPass}}sign-in pass{{/temporaryAccessPass}} here (works once{{#pickupExpiresShort}}, until {{pickupExpiresShort}}{{/pickupExpiresShort}}): {{pickupLink}} The code comes by e-mail."),
        ],
        .pickupCode: [
            .sms: DeliveryTemplateSource(
                text: "{{organization}}: Your pickup code is {{pickupCode}}. Enter it on the page linked in our e-mail. Do not share this code with anyone."),
            .email: DeliveryTemplateSource(
                subject: "{{organization}}: your pickup code",
                text: """
                    Your pickup code is:

                        {{pickupCode}}

                    Enter it on the page from the link we sent to your mobile phone by SMS. Do not share this code: nobody from {{organization}} will ever ask you for it.
                    """,
                html: """
                    {{<html-layout}}
                    {{$title}}Your pickup code{{/title}}
                    {{$body}}
                    <p>Your pickup code is:</p>
                    <p style="\(codeStyle)">{{pickupCode}}</p>
                    <p>Enter it on the page from the link we sent to your mobile phone by SMS. Do not share this code: nobody from {{organization}} will ever ask you for it.</p>
                    {{/body}}
                    {{/html-layout}}
                    """),
        ],
        .portalInvitation: [
            .email: DeliveryTemplateSource(
                subject: "Welcome to {{organization}}: choose your password",
                text: """
                    Hello{{#displayName}} {{displayName}}{{/displayName}},

                    welcome to {{organization}}! Your user name is:

                        {{username}}

                    Before your first day{{#hireDate}} ({{hireDate}}){{/hireDate}}, choose your own password here:

                    {{portalLink}}

                    Sign in with your work account and follow the steps. Nobody else ever sees your password.
                    {{#helpContact}}

                    Questions? Contact {{helpContact}}.
                    {{/helpContact}}
                    """,
                html: """
                    {{<html-layout}}
                    {{$title}}Choose your password{{/title}}
                    {{$body}}
                    <p>Hello{{#displayName}} {{displayName}}{{/displayName}},</p>
                    <p>welcome to {{organization}}! Your user name is:</p>
                    <p style="\(usernameStyle)">{{username}}</p>
                    <p>Before your first day{{#hireDate}} ({{hireDate}}){{/hireDate}}, choose your own password:</p>
                    <p><a href="{{portalLink}}" style="\(buttonStyle)">Choose your password</a></p>
                    <p style="\(smallStyle)">Or copy this link into your browser: {{portalLink}}</p>
                    <p>Sign in with your work account and follow the steps. Nobody else ever sees your password.</p>
                    {{#helpContact}}<p style="\(smallStyle)">Questions? Contact {{helpContact}}.</p>{{/helpContact}}
                    {{/body}}
                    {{/html-layout}}
                    """),
            .sms: DeliveryTemplateSource(
                text: "{{organization}}: Welcome! Before your first day, choose your password at {{portalLink}} Sign in as {{username}}."),
        ],
        .managerNotice: [
            .email: DeliveryTemplateSource(
                subject: "{{hireName}} starts at {{organization}}{{#hireDate}} on {{hireDate}}{{/hireDate}}",
                text: """
                    Hello,

                    {{hireName}} starts at {{organization}}{{#hireDate}} on {{hireDate}}{{/hireDate}}. Their user name is:

                        {{username}}

                    {{#pickup}}They receive their first sign-in directly: a one-time link {{#linkByEmail}}by e-mail{{/linkByEmail}}{{#linkBySMS}}by SMS{{/linkBySMS}} and a code {{#codeBySMS}}by SMS{{/codeBySMS}}{{#codeByEmail}}by e-mail{{/codeByEmail}}.{{/pickup}}{{#selfService}}They choose their own password at {{portalLink}}{{#invitationSent}}; we have sent them this link{{/invitationSent}}{{^invitationSent}}; please pass this link and their user name on to them{{/invitationSent}}.{{/selfService}}

                    You do not receive their password or any code, and nobody will ask you to pass one on. If they have received nothing by their first day, please contact {{#helpContact}}{{helpContact}}{{/helpContact}}{{^helpContact}}the service desk{{/helpContact}}.
                    """,
                html: """
                    {{<html-layout}}
                    {{$title}}{{hireName}} starts at {{organization}}{{/title}}
                    {{$body}}
                    <p>Hello,</p>
                    <p>{{hireName}} starts at {{organization}}{{#hireDate}} on {{hireDate}}{{/hireDate}}. Their user name is:</p>
                    <p style="\(usernameStyle)">{{username}}</p>
                    <p>{{#pickup}}They receive their first sign-in directly: a one-time link {{#linkByEmail}}by e-mail{{/linkByEmail}}{{#linkBySMS}}by SMS{{/linkBySMS}} and a code {{#codeBySMS}}by SMS{{/codeBySMS}}{{#codeByEmail}}by e-mail{{/codeByEmail}}.{{/pickup}}{{#selfService}}They choose their own password at <a href="{{portalLink}}">{{portalLink}}</a>{{#invitationSent}}; we have sent them this link{{/invitationSent}}{{^invitationSent}}; please pass this link and their user name on to them{{/invitationSent}}.{{/selfService}}</p>
                    <p>You do not receive their password or any code, and nobody will ask you to pass one on. If they have received nothing by their first day, please contact {{#helpContact}}{{helpContact}}{{/helpContact}}{{^helpContact}}the service desk{{/helpContact}}.</p>
                    {{/body}}
                    {{/html-layout}}
                    """),
        ],
        .passwordSetNotice: [
            .sms: DeliveryTemplateSource(
                text: "{{organization}}: The password of your account{{#username}} {{username}}{{/username}} was set on {{passwordSetAtShort}}. Not you? Contact {{#helpContact}}{{helpContact}}{{/helpContact}}{{^helpContact}}the service desk{{/helpContact}} at once."),
            .email: DeliveryTemplateSource(
                subject: "{{organization}}: your password was set",
                text: """
                    Hello,

                    the password of your {{organization}} account was set on {{passwordSetAt}}.{{#username}} Your user name is {{username}}.{{/username}}

                    If you chose it yourself just now, there is nothing more to do.

                    If you did not, contact {{#helpContact}}{{helpContact}}{{/helpContact}}{{^helpContact}}the service desk{{/helpContact}} at once: someone else may have set it.

                    This message contains no password. Nobody from {{organization}} will ever ask you for yours.
                    """,
                html: """
                    {{<html-layout}}
                    {{$title}}Your password was set{{/title}}
                    {{$body}}
                    <p>Hello,</p>
                    <p>the password of your {{organization}} account was set on {{passwordSetAt}}.{{#username}} Your user name is:{{/username}}</p>
                    {{#username}}<p style="\(usernameStyle)">{{username}}</p>{{/username}}
                    <p>If you chose it yourself just now, there is nothing more to do.</p>
                    <p><strong>If you did not, contact {{#helpContact}}{{helpContact}}{{/helpContact}}{{^helpContact}}the service desk{{/helpContact}} at once:</strong> someone else may have set it.</p>
                    <p style="\(smallStyle)">This message contains no password. Nobody from {{organization}} will ever ask you for yours.</p>
                    {{/body}}
                    {{/html-layout}}
                    """),
        ],
    ]
}
