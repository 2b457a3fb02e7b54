// Directory is what Firstkey does with a directory: find and correlate users, read their state
// and the password policy that applies, and set first passwords, with errors people can act on.
// Active Directory (and Samba AD) over LDAPClient's pool; OpenLDAP with ppolicy as the other kind.
