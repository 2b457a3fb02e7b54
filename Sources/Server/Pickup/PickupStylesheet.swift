/// The pickup pages' only stylesheet, compiled in: no file to deploy, nothing from elsewhere.
/// The secret's size follows the window, so that 16 characters in four groups fit one line on
/// a phone. Colours keep at least 4.5:1 contrast (body text 17:1, buttons 7.9:1, hints 8.9:1); focus is
/// a dark ring with a yellow gap, visible on white and on the blue button alike.
enum PickupStylesheet {
    static let path = "/pickup/assets/pickup.css"

    static let css = """
        :root { --ink: #1b1b1b; --muted: #4a4a4a; --paper: #ffffff; --page: #f3f4f6; --line: #c9ced6;
          --accent: #0b4fa3; --accent-dark: #083a79; --accent-pale: #eef3fb; --error: #a11616; --error-pale: #fdf0f0;
          --note: #8a6100; --note-pale: #fff6db; --focus: #ffdd00; }
        *, *::before, *::after { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
        body { margin: 0; background: var(--page); color: var(--ink); line-height: 1.5; font-size: 1.0625rem;
          font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", Arial, sans-serif; }
        .top { display: flex; justify-content: space-between; align-items: center; gap: 1rem; padding: .75rem 1.25rem;
          background: var(--paper); border-bottom: 1px solid var(--line); }
        .organization { font-weight: 700; }
        main { max-width: 34rem; margin: 2rem auto 1rem; padding: 1.5rem 1.5rem 1.75rem; background: var(--paper);
          border: 1px solid var(--line); border-radius: .5rem; }
        footer { max-width: 34rem; margin: 0 auto 2rem; padding: 0 1.5rem; color: var(--muted); font-size: .9375rem; }
        h1 { font-size: 1.625rem; line-height: 1.25; margin: 0 0 1rem; }
        h2 { font-size: 1.25rem; line-height: 1.3; margin: 1.75rem 0 .5rem; }
        p { margin: 0 0 1rem; }
        ol { margin: 0 0 1rem; padding-left: 1.5rem; }
        li { margin-bottom: .5rem; }
        a { color: var(--accent); text-decoration-thickness: .08em; text-underline-offset: .15em; }
        a:hover { color: var(--accent-dark); text-decoration-thickness: .15em; }
        .small { color: var(--muted); font-size: .9375rem; }
        label { display: block; font-weight: 700; font-size: 1.125rem; margin: 1.5rem 0 0; }
        .hint { color: var(--muted); margin: .125rem 0 .5rem; }
        input[type="text"] { display: block; width: 100%; max-width: 15rem; margin: 0; padding: .5rem .75rem; font-size: 1.5rem;
          font-family: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace;
          letter-spacing: .12em; color: var(--ink); background: var(--paper); border: 2px solid var(--ink); border-radius: .25rem; }
        input[aria-invalid="true"] { border-color: var(--error); border-width: 3px; }
        button, .button { display: inline-block; margin: 1.25rem 0 1.25rem; min-height: 3rem; padding: .75rem 1.5rem;
          font: inherit; font-weight: 700; line-height: 1.25; text-align: center; text-decoration: none; color: #ffffff;
          background: var(--accent); border: 2px solid var(--accent); border-radius: .25rem; cursor: pointer; }
        button:hover, .button:hover { color: #ffffff; background: var(--accent-dark); border-color: var(--accent-dark); }
        :focus-visible { outline: 3px solid var(--ink); outline-offset: 3px;
          box-shadow: 0 0 0 3px var(--focus); }
        .message { margin: 1rem 0; padding: .75rem 1rem; border-left: 6px solid var(--accent); background: var(--accent-pale); }
        .message p { margin: 0; }
        .message.error { border-color: var(--error); background: var(--error-pale); }
        .message.error p { color: var(--error); font-weight: 700; }
        .message.note { border-color: var(--note); background: var(--note-pale); }
        .secret { display: flex; flex-wrap: wrap; gap: .25rem .75rem; margin: 0 0 .5rem; padding: 1rem 1.25rem;
          font-family: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace;
          font-size: clamp(1.25rem, 6vw, 2rem); font-weight: 600; line-height: 1.3; letter-spacing: .06em;
          color: var(--ink); background: var(--accent-pale); border: 2px solid var(--accent); border-radius: .375rem; }
        .group { overflow-wrap: anywhere; }
        .validity { font-weight: 700; }
        @media (max-width: 36rem) {
          main { margin: 0 0 1rem; padding: 1.25rem 1.25rem 1.5rem; border-left: 0; border-right: 0; border-radius: 0; }
          footer { padding: 0 1.25rem; }
          h1 { font-size: 1.5rem; }
          input[type="text"] { max-width: none; }
          button, .button { display: block; width: 100%; }
          .secret { padding: .875rem 1rem; }
        }
        """
}
