extension BuiltInTemplates {
    /// German (formal "Sie"). SMS texts use only GSM-7 characters (ä, ö, ü and ß are in its basic
    /// set); the pickup code SMS stays within 160 characters for an organization name of up to
    /// 20 characters.
    static let german: [DeliveryMessageKind: [DeliveryTemplateFormat: DeliveryTemplateSource]] = [
        .pickupLink: [
            .email: DeliveryTemplateSource(
                subject: "Ihr Konto bei {{organization}}: Ihre erste Anmeldung",
                text: """
                    Hallo{{#displayName}} {{displayName}}{{/displayName}},

                    willkommen bei {{organization}}! Ihr Benutzername lautet:

                        {{username}}

                    {{#temporaryPassword}}Ihr erstes Passwort liegt für Sie bereit.{{/temporaryPassword}}{{#temporaryAccessPass}}Ihr befristeter Zugriffspass (Temporary Access Pass), mit dem Sie die Anmeldung ohne Passwort einrichten, liegt für Sie bereit.{{/temporaryAccessPass}} Öffnen Sie dazu diesen Link{{#pickupExpires}} bis {{pickupExpires}}{{/pickupExpires}}:

                    {{pickupLink}}

                    Die Seite fragt nach einem Abholcode. {{#codeBySMS}}Diesen senden wir Ihnen per SMS auf Ihr Mobiltelefon.{{/codeBySMS}}{{#codeByEmail}}Diesen senden wir an Ihre private E-Mail-Adresse.{{/codeByEmail}} Der Link funktioniert nur einmal.
                    {{#temporaryPassword}}

                    Bei der ersten Anmeldung werden Sie aufgefordert, ein neues Passwort zu wählen.
                    {{/temporaryPassword}}

                    Niemand sonst, weder Ihre Führungskraft noch der Service Desk, erhält {{#temporaryPassword}}dieses Passwort{{/temporaryPassword}}{{#temporaryAccessPass}}diesen Pass{{/temporaryAccessPass}}, und niemand wird Sie jemals danach fragen.
                    {{#helpContact}}

                    Fragen? Wenden Sie sich an {{helpContact}}.
                    {{/helpContact}}
                    """,
                html: """
                    {{<html-layout}}
                    {{$title}}Ihre erste Anmeldung{{/title}}
                    {{$body}}
                    <p>Hallo{{#displayName}} {{displayName}}{{/displayName}},</p>
                    <p>willkommen bei {{organization}}! Ihr Benutzername lautet:</p>
                    <p style="\(usernameStyle)">{{username}}</p>
                    <p>{{#temporaryPassword}}Ihr erstes Passwort liegt für Sie bereit.{{/temporaryPassword}}{{#temporaryAccessPass}}Ihr befristeter Zugriffspass (Temporary Access Pass), mit dem Sie die Anmeldung ohne Passwort einrichten, liegt für Sie bereit.{{/temporaryAccessPass}} Öffnen Sie dazu die Abholseite{{#pickupExpires}} bis {{pickupExpires}}{{/pickupExpires}}:</p>
                    <p><a href="{{pickupLink}}" style="\(buttonStyle)">Abholseite öffnen</a></p>
                    <p style="\(smallStyle)">Oder kopieren Sie diesen Link in Ihren Browser: {{pickupLink}}</p>
                    <p>Die Seite fragt nach einem Abholcode. {{#codeBySMS}}Diesen senden wir Ihnen per SMS auf Ihr Mobiltelefon.{{/codeBySMS}}{{#codeByEmail}}Diesen senden wir an Ihre private E-Mail-Adresse.{{/codeByEmail}} Der Link funktioniert nur einmal.</p>
                    {{#temporaryPassword}}<p>Bei der ersten Anmeldung werden Sie aufgefordert, ein neues Passwort zu wählen.</p>{{/temporaryPassword}}
                    <p>Niemand sonst, weder Ihre Führungskraft noch der Service Desk, erhält {{#temporaryPassword}}dieses Passwort{{/temporaryPassword}}{{#temporaryAccessPass}}diesen Pass{{/temporaryAccessPass}}, und niemand wird Sie jemals danach fragen.</p>
                    {{#helpContact}}<p style="\(smallStyle)">Fragen? Wenden Sie sich an {{helpContact}}.</p>{{/helpContact}}
                    {{/body}}
                    {{/html-layout}}
                    """),
            .sms: DeliveryTemplateSource(
                text: "{{organization}}: Willkommen! Ihr Benutzername: {{username}}. Ihr{{#temporaryPassword}} erstes Passwort{{/temporaryPassword}}{{#temporaryAccessPass}} Zugriffspass{{/temporaryAccessPass}} liegt hier bereit (Link gilt einmal{{#pickupExpiresShort}}, bis {{pickupExpiresShort}}{{/pickupExpiresShort}}): {{pickupLink}} Den Code senden wir per E-Mail."),
        ],
        .pickupCode: [
            .sms: DeliveryTemplateSource(
                text: "{{organization}}: Ihr Abholcode lautet {{pickupCode}}. Geben Sie ihn auf der Seite aus unserer E-Mail ein. Geben Sie den Code nicht weiter."),
            .email: DeliveryTemplateSource(
                subject: "{{organization}}: Ihr Abholcode",
                text: """
                    Ihr Abholcode lautet:

                        {{pickupCode}}

                    Geben Sie ihn auf der Seite aus dem Link ein, den wir Ihnen per SMS geschickt haben. Geben Sie den Code nicht weiter: Niemand von {{organization}} wird Sie jemals danach fragen.
                    """,
                html: """
                    {{<html-layout}}
                    {{$title}}Ihr Abholcode{{/title}}
                    {{$body}}
                    <p>Ihr Abholcode lautet:</p>
                    <p style="\(codeStyle)">{{pickupCode}}</p>
                    <p>Geben Sie ihn auf der Seite aus dem Link ein, den wir Ihnen per SMS geschickt haben. Geben Sie den Code nicht weiter: Niemand von {{organization}} wird Sie jemals danach fragen.</p>
                    {{/body}}
                    {{/html-layout}}
                    """),
        ],
        .portalInvitation: [
            .email: DeliveryTemplateSource(
                subject: "Willkommen bei {{organization}}: Wählen Sie Ihr Passwort",
                text: """
                    Hallo{{#displayName}} {{displayName}}{{/displayName}},

                    willkommen bei {{organization}}! Ihr Benutzername lautet:

                        {{username}}

                    Wählen Sie vor Ihrem ersten Arbeitstag{{#hireDate}} ({{hireDate}}){{/hireDate}} hier Ihr eigenes Passwort:

                    {{portalLink}}

                    Melden Sie sich mit Ihrem Arbeitskonto an und folgen Sie den Schritten. Niemand sonst sieht jemals Ihr Passwort.
                    {{#helpContact}}

                    Fragen? Wenden Sie sich an {{helpContact}}.
                    {{/helpContact}}
                    """,
                html: """
                    {{<html-layout}}
                    {{$title}}Wählen Sie Ihr Passwort{{/title}}
                    {{$body}}
                    <p>Hallo{{#displayName}} {{displayName}}{{/displayName}},</p>
                    <p>willkommen bei {{organization}}! Ihr Benutzername lautet:</p>
                    <p style="\(usernameStyle)">{{username}}</p>
                    <p>Wählen Sie vor Ihrem ersten Arbeitstag{{#hireDate}} ({{hireDate}}){{/hireDate}} Ihr eigenes Passwort:</p>
                    <p><a href="{{portalLink}}" style="\(buttonStyle)">Passwort wählen</a></p>
                    <p style="\(smallStyle)">Oder kopieren Sie diesen Link in Ihren Browser: {{portalLink}}</p>
                    <p>Melden Sie sich mit Ihrem Arbeitskonto an und folgen Sie den Schritten. Niemand sonst sieht jemals Ihr Passwort.</p>
                    {{#helpContact}}<p style="\(smallStyle)">Fragen? Wenden Sie sich an {{helpContact}}.</p>{{/helpContact}}
                    {{/body}}
                    {{/html-layout}}
                    """),
            .sms: DeliveryTemplateSource(
                text: "{{organization}}: Willkommen! Bitte wählen Sie vor Ihrem ersten Arbeitstag Ihr Passwort: {{portalLink}} Anmeldung als {{username}}."),
        ],
        .managerNotice: [
            .email: DeliveryTemplateSource(
                subject: "{{hireName}} beginnt bei {{organization}}{{#hireDate}} am {{hireDate}}{{/hireDate}}",
                text: """
                    Hallo,

                    {{hireName}} beginnt bei {{organization}}{{#hireDate}} am {{hireDate}}{{/hireDate}}. Der Benutzername lautet:

                        {{username}}

                    {{#pickup}}Die ersten Anmeldedaten erhält {{hireName}} direkt: einen Einmal-Link {{#linkByEmail}}per E-Mail{{/linkByEmail}}{{#linkBySMS}}per SMS{{/linkBySMS}} und einen Code {{#codeBySMS}}per SMS{{/codeBySMS}}{{#codeByEmail}}per E-Mail{{/codeByEmail}}.{{/pickup}}{{#selfService}}{{hireName}} wählt das eigene Passwort unter {{portalLink}}{{#invitationSent}}; diesen Link haben wir bereits geschickt{{/invitationSent}}{{^invitationSent}}; bitte geben Sie diesen Link und den Benutzernamen weiter{{/invitationSent}}.{{/selfService}}

                    Sie erhalten weder das Passwort noch einen Code, und niemand wird Sie bitten, etwas davon weiterzugeben. Falls bis zum ersten Arbeitstag nichts angekommen ist, wenden Sie sich bitte an {{#helpContact}}{{helpContact}}{{/helpContact}}{{^helpContact}}den Service Desk{{/helpContact}}.
                    """,
                html: """
                    {{<html-layout}}
                    {{$title}}{{hireName}} beginnt bei {{organization}}{{/title}}
                    {{$body}}
                    <p>Hallo,</p>
                    <p>{{hireName}} beginnt bei {{organization}}{{#hireDate}} am {{hireDate}}{{/hireDate}}. Der Benutzername lautet:</p>
                    <p style="\(usernameStyle)">{{username}}</p>
                    <p>{{#pickup}}Die ersten Anmeldedaten erhält {{hireName}} direkt: einen Einmal-Link {{#linkByEmail}}per E-Mail{{/linkByEmail}}{{#linkBySMS}}per SMS{{/linkBySMS}} und einen Code {{#codeBySMS}}per SMS{{/codeBySMS}}{{#codeByEmail}}per E-Mail{{/codeByEmail}}.{{/pickup}}{{#selfService}}{{hireName}} wählt das eigene Passwort unter <a href="{{portalLink}}">{{portalLink}}</a>{{#invitationSent}}; diesen Link haben wir bereits geschickt{{/invitationSent}}{{^invitationSent}}; bitte geben Sie diesen Link und den Benutzernamen weiter{{/invitationSent}}.{{/selfService}}</p>
                    <p>Sie erhalten weder das Passwort noch einen Code, und niemand wird Sie bitten, etwas davon weiterzugeben. Falls bis zum ersten Arbeitstag nichts angekommen ist, wenden Sie sich bitte an {{#helpContact}}{{helpContact}}{{/helpContact}}{{^helpContact}}den Service Desk{{/helpContact}}.</p>
                    {{/body}}
                    {{/html-layout}}
                    """),
        ],
        .passwordSetNotice: [
            .sms: DeliveryTemplateSource(
                text: "{{organization}}: Das Passwort Ihres Kontos{{#username}} {{username}}{{/username}} wurde am {{passwordSetAtShort}} Uhr gesetzt. Waren Sie das nicht? Wenden Sie sich sofort an {{#helpContact}}{{helpContact}}{{/helpContact}}{{^helpContact}}den Service Desk{{/helpContact}}."),
            .email: DeliveryTemplateSource(
                subject: "{{organization}}: Ihr Passwort wurde gesetzt",
                text: """
                    Hallo,

                    das Passwort Ihres Kontos bei {{organization}} wurde am {{passwordSetAt}} gesetzt.{{#username}} Ihr Benutzername lautet {{username}}.{{/username}}

                    Wenn Sie es gerade selbst gewählt haben, ist nichts weiter zu tun.

                    Falls nicht, wenden Sie sich bitte sofort an {{#helpContact}}{{helpContact}}{{/helpContact}}{{^helpContact}}den Service Desk{{/helpContact}}: Dann hat möglicherweise jemand anderes es gesetzt.

                    Diese Nachricht enthält kein Passwort. Niemand von {{organization}} wird Sie jemals nach Ihrem Passwort fragen.
                    """,
                html: """
                    {{<html-layout}}
                    {{$title}}Ihr Passwort wurde gesetzt{{/title}}
                    {{$body}}
                    <p>Hallo,</p>
                    <p>das Passwort Ihres Kontos bei {{organization}} wurde am {{passwordSetAt}} gesetzt.{{#username}} Ihr Benutzername lautet:{{/username}}</p>
                    {{#username}}<p style="\(usernameStyle)">{{username}}</p>{{/username}}
                    <p>Wenn Sie es gerade selbst gewählt haben, ist nichts weiter zu tun.</p>
                    <p><strong>Falls nicht, wenden Sie sich bitte sofort an {{#helpContact}}{{helpContact}}{{/helpContact}}{{^helpContact}}den Service Desk{{/helpContact}}:</strong> Dann hat möglicherweise jemand anderes es gesetzt.</p>
                    <p style="\(smallStyle)">Diese Nachricht enthält kein Passwort. Niemand von {{organization}} wird Sie jemals nach Ihrem Passwort fragen.</p>
                    {{/body}}
                    {{/html-layout}}
                    """),
        ],
    ]
}
