/// The portal's stylesheet and its one script, served from `/portal/assets/` (CSP `'self'`).
enum PortalAssets {
    static let css = """
    :root{color-scheme:light;--ink:#1b1b1f;--muted:#4a4a55;--accent:#0b57d0;--accent-ink:#fff;--bad:#a50e0e;--good:#146c2e;--line:#c4c7c5;--paper:#fff;--wash:#f3f5f8}
    *{box-sizing:border-box}
    body{margin:0;font:1.0625rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--wash)}
    header,footer{padding:.75rem 1.25rem;color:var(--muted)}
    header .organization{margin:0;font-weight:600;color:var(--ink)}
    main{max-width:34rem;margin:0 auto;padding:1.5rem 1.25rem 2rem;background:var(--paper);border:1px solid var(--line);border-radius:.5rem}
    h1{font-size:1.5rem;line-height:1.25;margin:0 0 1rem}
    h2{font-size:1.0625rem;margin:1.25rem 0 .5rem}
    label{display:block;margin:1rem 0 .25rem;font-weight:600}
    label.inline{display:inline;font-weight:400;margin:0}
    input[type=password],input[type=text]{width:100%;padding:.7rem .75rem;font:inherit;border:2px solid var(--muted);border-radius:.375rem}
    input:focus,button:focus,a:focus{outline:3px solid var(--accent);outline-offset:2px}
    button,.button{display:inline-block;padding:.75rem 1.25rem;font:inherit;font-weight:600;color:var(--accent-ink);background:var(--accent);border:0;border-radius:.375rem;text-decoration:none;cursor:pointer}
    button.link{background:none;color:var(--accent);padding:0;text-decoration:underline;font-weight:400}
    .sign-out{margin-top:1.5rem}
    .show{margin:.75rem 0}
    .notice{padding:.75rem 1rem;border-left:4px solid var(--bad);background:#fdecea}
    .success{padding:.75rem 1rem;border-left:4px solid var(--good);background:#e6f4ea;font-weight:600}
    .account{margin:1rem 0}
    .account dt{color:var(--muted);margin-top:.5rem}
    .account dt:first-child{margin-top:0}
    .account dd{margin:0;font-weight:600;overflow-wrap:anywhere}
    @media (min-width:30rem){.account{display:grid;grid-template-columns:minmax(0,max-content) minmax(0,1fr);gap:.25rem 1rem}.account dt{margin-top:0}}
    #rule-list{padding-left:1.5rem}
    #rule-list li{margin:.2rem 0}
    #rule-list li.met{color:var(--good)}
    #rule-list li.met::marker{content:"✓ "}
    #rule-list li.unmet{color:var(--bad)}
    .source{color:var(--muted);font-size:.9375rem}
    .visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
    table{border-collapse:collapse;width:100%}
    th,td{text-align:left;padding:.4rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
    @media (max-width:30rem){main{border:0;border-radius:0;padding:1rem}}
    """

    /// Checks the password as it is typed, against the rules the page states (the server checks
    /// again, and AD has the last word). No network, no third-party code.
    static let passwordCheck = """
    "use strict";
    (function () {
      var form = document.getElementById("password-form");
      if (!form) { return; }
      var password = document.getElementById("password");
      var confirm = document.getElementById("confirm");
      var show = document.getElementById("show");
      var status = document.getElementById("check-status");
      var minimum = parseInt(form.getAttribute("data-min-length"), 10) || 0;
      var complexity = form.getAttribute("data-complexity") === "true";
      var forbidden = [];
      try { forbidden = JSON.parse(form.getAttribute("data-forbidden") || "[]"); } catch (e) { forbidden = []; }
      function categories(text) {
        var found = {};
        for (var i = 0; i < text.length; i++) {
          var c = text.charAt(i);
          if (c !== c.toLowerCase() && c === c.toUpperCase()) { found.upper = true; }
          else if (c !== c.toUpperCase() && c === c.toLowerCase()) { found.lower = true; }
          else if (c >= "0" && c <= "9") { found.digit = true; }
          else if (/[\\p{L}]/u.test(c)) { found.letter = true; }
          else if (/\\s/.test(c)) { /* a space is no symbol for the DC */ }
          else { found.symbol = true; }
        }
        return Object.keys(found).length;
      }
      function check() {
        var value = password.value;
        var lowered = value.toLowerCase();
        var results = {
          length: value.length >= minimum,
          categories: categories(value) >= 3,
          name: !forbidden.some(function (part) { return part.length >= 3 && lowered.indexOf(part) !== -1; }),
          match: value.length > 0 && value === confirm.value
        };
        var unmet = 0;
        var items = form.querySelectorAll("[data-rule]");
        for (var i = 0; i < items.length; i++) {
          var rule = items[i].getAttribute("data-rule");
          var ok = results[rule];
          if (!complexity && (rule === "categories" || rule === "name")) { ok = true; }
          items[i].className = value.length === 0 ? "" : (ok ? "met" : "unmet");
          if (!ok) { unmet++; }
        }
        status.textContent = value.length === 0 ? "" : (unmet === 0 ? "All rules are met." : unmet + " rule(s) not met yet.");
        return unmet === 0;
      }
      password.addEventListener("input", check);
      confirm.addEventListener("input", check);
      show.addEventListener("change", function () {
        var type = show.checked ? "text" : "password";
        password.type = type;
        confirm.type = type;
      });
      form.addEventListener("submit", function (event) {
        if (!check()) { event.preventDefault(); status.textContent = "Your password does not meet every rule yet."; password.focus(); }
      });
      // Leaving the page (the password was sent, or the hire went elsewhere) empties the fields,
      // so that Back, which may show the page from the browser's back/forward cache despite
      // no-store, never shows the password again.
      window.addEventListener("pagehide", function () {
        password.value = "";
        confirm.value = "";
        show.checked = false;
        password.type = "password";
        confirm.type = "password";
      });
      window.addEventListener("pageshow", function (event) {
        if (event.persisted) { window.location.reload(); }
      });
    })();
    """
}
