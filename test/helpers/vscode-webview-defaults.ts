// The stylesheet VS Code puts first in every webview's <head>, before the page's own Content-Security-Policy (so the
// policy does not block it), as in VS Code 1.100's src/vs/workbench/contrib/webview/browser/pre/index.html (the rules
// that touch the chat; MIT licence). The browser tests serve the chat with it, so a rule of VS Code's that leaks into
// the chat (a background on every `code`, the body's padding) shows here as it does in the editor.
const VSCODE_WEBVIEW_DEFAULT_CSS = `
html {
  scrollbar-color: var(--vscode-scrollbarSlider-background) var(--vscode-editor-background);
}
body {
  overscroll-behavior-x: none;
  background-color: transparent;
  color: var(--vscode-editor-foreground);
  font-family: var(--vscode-font-family);
  font-weight: var(--vscode-font-weight);
  font-size: var(--vscode-font-size);
  margin: 0;
  padding: 0 20px;
}
img, video {
  max-width: 100%;
  max-height: 100%;
}
a, a code {
  color: var(--vscode-textLink-foreground);
}
a:hover {
  color: var(--vscode-textLink-activeForeground);
}
code {
  font-family: var(--monaco-monospace-font);
  color: var(--vscode-textPreformat-foreground);
  background-color: var(--vscode-textPreformat-background);
  padding: 1px 3px;
  border-radius: 4px;
}
pre code {
  padding: 0;
}
blockquote {
  background: var(--vscode-textBlockQuote-background);
  border-color: var(--vscode-textBlockQuote-border);
}
::-webkit-scrollbar {
  width: 10px;
  height: 10px;
}
::-webkit-scrollbar-corner {
  background-color: var(--vscode-editor-background);
}
::-webkit-scrollbar-thumb {
  background-color: var(--vscode-scrollbarSlider-background);
}
`;

/** `html` with VS Code's default stylesheet as the first element of its head, where VS Code puts it. */
export function withVsCodeDefaults(html: string): string {
  return html.replace('<head>', `<head>\n<style id="_defaultStyles">${VSCODE_WEBVIEW_DEFAULT_CSS}</style>`);
}
