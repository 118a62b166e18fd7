// The chat webview's page: a pure function so the host (with webview.asWebviewUri) and the browser tests (with a local
// server's origin) produce the same page under the same Content-Security-Policy. No DOM and no `vscode` here.

export type ChatHtmlOptions = {
  /** URL of dist/webview/chat.js as the webview sees it. */
  scriptUri: string;
  /** URL of dist/webview/chat.css as the webview sees it. */
  styleUri: string;
  /** The source expression(s) of the webview's own resources (webview.cspSource; VS Code for the web gives several). */
  cspSource: string;
  /** A fresh random value per page load; the only script allowed to run carries it. */
  nonce: string;
};

const escapeAttribute = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Nothing but the bundle may run or load: no inline script or style (the nonce admits the bundle only), no remote
 * origin, no frames or workers, no form posts. The UI sets styles through CSSOM properties, which this policy allows.
 */
function chatCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export function chatHtml(opts: ChatHtmlOptions): string {
  // A nonce or source with a quote or semicolon would let a caller widen the policy: refuse it loudly.
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(opts.nonce)) throw new Error('chatHtml: the nonce must be at least 16 base64 characters');
  // Space-separated source expressions ('self' and a CDN host in VS Code for the web); never a second directive.
  if (/[;,"\r\n]/.test(opts.cspSource)) throw new Error('chatHtml: cspSource must be source expressions only');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(chatCsp(opts.cspSource, opts.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttribute(opts.styleUri)}">
<title>OTP Expert</title>
</head>
<body>
<div id="app"></div>
<script nonce="${escapeAttribute(opts.nonce)}" src="${escapeAttribute(opts.scriptUri)}"></script>
</body>
</html>
`;
}
