// The LDAP module is LDAPv3 (RFC 4511) as pure values: messages, filters, controls and their BER
// coding. It performs no I/O; LDAPClient puts these values on the wire.
