/// Where a cookie lives. Over HTTPS every Firstkey cookie carries the `__Host-` prefix (RFC 6265bis
/// §4.1.3.2): the browser keeps it only with `Secure`, `Path=/` and no `Domain`, so neither a
/// sibling subdomain nor a page on another path can set or shadow it. Over plain HTTP (loopback
/// tests, the demo) browsers refuse the prefix, so the plain name and the narrow path are used.
struct CookieScope: Sendable {
    let secure: Bool

    func name(_ base: String) -> String { secure ? "__Host-" + base : base }

    func path(_ narrow: String) -> String { secure ? "/" : narrow }
}
