// Credentials: generate policy-compliant secrets and seal them at rest.
