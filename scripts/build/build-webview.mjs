// Bundles the chat webview (src/webview/main.ts and chat.css) for the browser into dist/webview/chat.js and chat.css.
// A separate bundle from the extension: it runs inside the webview's page, under its CSP, with no Node and no `vscode`.
import { build } from 'esbuild';

export async function buildWebview(outdir, { sourcemap }) {
  await build({
    entryPoints: [
      { in: 'src/webview/main.ts', out: 'chat' },
      { in: 'src/webview/chat.css', out: 'chat' },
    ],
    outdir,
    bundle: true,
    platform: 'browser',
    format: 'iife',
    // VS Code 1.93 runs webviews in Chromium 124.
    target: ['chrome124'],
    minify: true,
    sourcemap,
    logLevel: 'warning',
  });
}
