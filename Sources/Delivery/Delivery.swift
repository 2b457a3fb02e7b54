// Delivery: the channels that carry messages to new hires and managers — SMS through Azure
// Communication Services, Twilio or a signed webhook; e-mail through Microsoft Graph sendMail or
// SMTP — the message templates (swift-mustache, English and German, compiled in), and the
// split-channel policy that decides which message goes where.
//
// Layout: Message/ (the values every channel speaks: messages, receipts, status reports, errors,
// the channel protocol), Policy/ (the plan: which message over which route, and the fallback
// order), Templates/ (texts and rendering), SMS/ACS, SMS/EventGrid, SMS/Twilio, Webhook/,
// Email/Graph, Email/MIME, Email/SMTP (one folder per transport), HTTP/ (the transport the HTTP
// channels share), Encoding/ and Signing/ (small helpers). Everything that decides
// — planning, rendering, request building and signing, response and callback parsing, the SMTP
// dialogue — is a value tested without I/O; the channels only carry those decisions out.
