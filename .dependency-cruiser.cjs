// The import boundaries of docs/architecture.md, checked by `npm test` (`npm run check:boundaries`).
// Each rule is one "never" of that note; change both together.
const part = (names) => `^src/(${names.join('|')})/`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'vscode-only-in-extension',
      comment: 'Only src/extension runs inside VS Code; everything else also runs in the CLI, the language server and the MCP server.',
      severity: 'error',
      from: { pathNot: part(['extension']) },
      to: { path: '^vscode$|(^|/)node_modules/@types/vscode/' },
    },
    {
      name: 'analysis-is-pure',
      comment: 'src/analysis (parse, facts, rules, findings) knows nothing of the parts that present or act on its findings.',
      severity: 'error',
      from: { path: part(['analysis']) },
      to: { path: part(['advisor', 'mcp', 'server', 'cli', 'extension', 'webview']) },
    },
    {
      name: 'advisor-over-analysis-only',
      comment: 'src/advisor builds what the OTP expert is sent from findings and facts; it serves every front end.',
      severity: 'error',
      from: { path: part(['advisor']) },
      to: { path: part(['mcp', 'server', 'cli', 'extension', 'webview']) },
    },
    {
      name: 'tools-over-analysis-and-advisor',
      comment: 'src/mcp holds the tools the MCP server, the language server and VS Code share, over an AnalysisSource they provide.',
      severity: 'error',
      from: { path: part(['mcp']) },
      to: { path: part(['server', 'cli', 'extension', 'webview']) },
    },
    {
      name: 'server-not-cli-or-clients',
      comment: 'The language server is started by the CLI and talks to its clients over LSP only.',
      severity: 'error',
      from: { path: part(['server']) },
      to: { path: part(['cli', 'extension', 'webview']) },
    },
    {
      name: 'nothing-imports-the-cli',
      comment: 'src/cli is an entry point: it composes the other parts, none depends on it.',
      severity: 'error',
      from: { pathNot: part(['cli']) },
      to: { path: part(['cli']) },
    },
    {
      name: 'extension-reaches-server-by-protocol',
      comment: 'The server runs in its own process: the extension shares only the protocol (names and payload types) with it.',
      severity: 'error',
      from: { path: part(['extension']) },
      to: { path: part(['server']), pathNot: '^src/server/protocol\\.ts$' },
    },
    {
      name: 'extension-reaches-webview-by-protocol',
      comment: 'The chat view runs in a browser frame: the host shares its typed messages and builds its page, nothing else.',
      severity: 'error',
      from: { path: part(['extension']) },
      to: { path: part(['webview']), pathNot: '^src/webview/(protocol|html)\\.ts$' },
    },
    {
      name: 'webview-only-its-own',
      comment: 'The webview bundle imports no code from the rest of src: it talks to the host by messages (src/webview/protocol.ts).',
      severity: 'error',
      from: { path: part(['webview']) },
      to: { path: '^src/', pathNot: part(['webview']), dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'webview-types-only-from-vocabulary',
      comment: 'Types the messages share with the rest (the phase, token usage) come from where they are declared, and only those.',
      severity: 'error',
      from: { path: part(['webview']) },
      to: { path: '^src/', pathNot: `${part(['webview'])}|^src/analysis/phases\\.ts$|^src/advisor/types\\.ts$`, dependencyTypes: ['type-only'] },
    },
    {
      name: 'no-circular',
      comment: 'A cycle of runtime imports ties modules so one cannot load or be tested without the other (a type naming its user is fine).',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: they tie the parts as much as values do.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
