// Bundles the CLI (dist/cli.js), the language server (dist/server.js), its extraction worker (dist/extract-worker.js), the VS Code extension (dist/extension.js), the chat webview (dist/webview/) and the analysis as a library
// (dist/analysis.js, for scripts such as bench.mjs) with esbuild, and copies the two wasm files they load at run time next to them.
// Usage: node scripts/build/build.mjs [--production] [TOOL...]: a TOOL (a TypeScript script of this folder's siblings, below)
// is bundled to dist/TOOL.js after the product, for `node dist/TOOL.js` to run.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, chmodSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { readFileSync } from 'node:fs';
import { buildWebview } from './build-webview.mjs';

const require = createRequire(import.meta.url);
const out = 'dist';
// `--production` (npm run package): minified, no source maps, as shipped in the .vsix.
const production = process.argv.includes('--production');
/** Scripts written in TypeScript, bundled like the product; `external` stays a run-time require. */
const TOOLS = {
  'gen-rule-docs': { entry: 'scripts/build/gen-rule-docs.ts' },
  'bench-context': { entry: 'scripts/bench/bench-context.ts' },
  'bench-chat': { entry: 'scripts/bench/bench-chat.ts', external: ['playwright-core'] },
  'bench-lsp': { entry: 'scripts/bench/bench-lsp.ts' },
  'bench-floor': { entry: 'scripts/bench/bench-floor.ts' },
  'facts-compare': { entry: 'scripts/quality/facts-compare.ts' },
};
const tools = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const unknown = tools.filter((t) => !Object.hasOwn(TOOLS, t));
if (unknown.length) {
  console.error(`build: no tool ${unknown.join(', ')}; tools: ${Object.keys(TOOLS).join(', ')}.`);
  process.exit(2);
}
mkdirSync(out, { recursive: true });

// web-tree-sitter's ES module reads import.meta.url, which a CommonJS bundle lacks.
const importMetaUrl = "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;";
const common = {
  outdir: out,
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // The wasm lookup's require.resolve fallback is for unbundled sources; the bundle finds the files beside it.
  logOverride: { 'require-resolve-not-external': 'silent' },
  define: { 'import.meta.url': '__importMetaUrl',  OTP_ADVISOR_VERSION: JSON.stringify(JSON.parse(readFileSync('package.json', 'utf8')).version) },
};
await build({ ...common, entryPoints: { cli: 'src/cli/main.ts' }, banner: { js: `#!/usr/bin/env node\n${importMetaUrl}` } });
await build({ ...common, entryPoints: { analysis: 'src/analysis/index.ts' }, banner: { js: importMetaUrl } });
// The worker threads that parse and extract in parallel, loaded by the bundles above from beside them.
await build({ ...common, entryPoints: { 'extract-worker': 'src/analysis/parallel/extract-worker.ts' }, banner: { js: importMetaUrl } });
await build({ ...common, entryPoints: { server: 'src/server/main.ts' }, banner: { js: importMetaUrl } });
// The MCP server alone, which the extension registers with VS Code (the CLI's `mcp` command is the same server).
await build({ ...common, entryPoints: { mcp: 'src/mcp/main.ts' }, banner: { js: importMetaUrl } });
// The VS Code extension; `vscode` is provided by the editor at run time.
await build({ ...common, entryPoints: { extension: 'src/extension/extension.ts' }, external: ['vscode'] });
await buildWebview(join(out, 'webview'), { sourcemap: !production });
chmodSync(join(out, 'cli.js'), 0o755);

copyFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm'), join(out, 'web-tree-sitter.wasm'));
copyFileSync(join(dirname(require.resolve('tree-sitter-elixir/package.json')), 'tree-sitter-elixir.wasm'), join(out, 'tree-sitter-elixir.wasm'));

for (const name of tools) {
  const { entry, external = [] } = TOOLS[name];
  await build({ ...common, entryPoints: { [name]: entry }, external, banner: { js: importMetaUrl } });
}
