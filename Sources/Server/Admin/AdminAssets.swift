/// The dashboard's stylesheet, on top of the portal's (`/admin/assets/admin.css`, CSP `'self'`):
/// a wide page for the tables.
enum AdminAssets {
    static let css = """
    body.admin main{max-width:90rem}
    body.admin header{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:.5rem}
    body.admin header a{color:inherit}
    body.admin .sign-out{margin:0}
    .muted{color:var(--muted);font-size:.9375rem}
    .error{color:var(--bad)}
    .bad{color:var(--bad)}
    .scroll{overflow-x:auto}
    table{font-size:.9375rem;margin:.5rem 0 1rem}
    thead th{border-bottom:2px solid var(--ink)}
    tr.overdue{background:#fdecea}
    tr.current{background:#e8f0fe}
    .filters,.paging{display:flex;flex-wrap:wrap;gap:.25rem .75rem;margin:0 0 1rem}
    .filter.selected{font-weight:700;text-decoration:none;color:var(--ink)}
    .state{display:inline-block;padding:0 .4rem;border-radius:.25rem;background:var(--wash);border:1px solid var(--line);white-space:nowrap}
    .state-failed,.state-escalated{border-color:var(--bad);color:var(--bad)}
    .state-completed,.state-cleaned-up{border-color:var(--good);color:var(--good)}
    .action{display:inline-block;margin:0 .75rem .75rem 0;vertical-align:bottom}
    .action.cancel{display:block;max-width:34rem}
    .action.cancel input{width:100%;padding:.5rem .75rem;font:inherit;border:2px solid var(--muted);border-radius:.375rem;margin-bottom:.5rem}
    button.danger{background:var(--bad)}
    .account{max-width:50rem}
    """
}
