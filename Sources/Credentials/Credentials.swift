// Credentials: generate policy-compliant first passwords and seal secrets at rest.
//
// Nothing here performs network I/O or logs: the types hand back values, and every
// description, mirror and error message is written so that it cannot reveal a secret.
