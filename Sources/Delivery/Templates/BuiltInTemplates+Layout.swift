extension BuiltInTemplates {
    /// The HTML frame every built-in e-mail uses: inline styles only (mail clients drop style
    /// sheets), no images or external resources. Children fill the `title` and `body` blocks.
    static let htmlLayout = """
        <!DOCTYPE html>
        <html lang="{{language}}">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{$title}}{{organization}}{{/title}}</title>
        </head>
        <body style="margin:0;padding:24px;background:#f3f4f6;font-family:'Segoe UI',Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5;color:#1f2328;">
        <div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:32px;">
        <p style="margin:0 0 24px 0;font-size:13px;color:#57606a;">{{organization}}</p>
        {{$body}}{{/body}}
        </div>
        </body>
        </html>
        """

    /// Shared pieces of markup, so the languages look alike.
    static let usernameStyle = "font-family:Consolas,'Courier New',monospace;font-size:17px;background:#f3f4f6;border-radius:4px;padding:8px 12px;"
    static let buttonStyle = "display:inline-block;background:#0f6cbd;color:#ffffff;text-decoration:none;font-weight:600;border-radius:4px;padding:10px 18px;"
    static let codeStyle = "font-family:Consolas,'Courier New',monospace;font-size:24px;letter-spacing:3px;background:#f3f4f6;border-radius:4px;padding:10px 14px;"
    static let smallStyle = "font-size:13px;color:#57606a;"
}
