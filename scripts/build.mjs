// Bundles the CLI with esbuild and copies the two wasm files it loads at run time next to it.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, chmodSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { readFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const out = 'dist';
mkdirSync(out, { recursive: true });

await build({
  entryPoints: { cli: 'src/cli/main.ts' },
  outdir: out,
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: true,
  // web-tree-sitter's ES module reads import.meta.url, which a CommonJS bundle lacks.
  banner: { js: "#!/usr/bin/env node\nconst __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
  // The wasm lookup's require.resolve fallback is for unbundled sources; the bundle finds the files beside it.
  logOverride: { 'require-resolve-not-external': 'silent' },
  define: { 'import.meta.url': '__importMetaUrl',  OTP_ADVISOR_VERSION: JSON.stringify(JSON.parse(readFileSync('package.json', 'utf8')).version) },
});
chmodSync(join(out, 'cli.js'), 0o755);

copyFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm'), join(out, 'web-tree-sitter.wasm'));
copyFileSync(join(dirname(require.resolve('tree-sitter-elixir/package.json')), 'tree-sitter-elixir.wasm'), join(out, 'tree-sitter-elixir.wasm'));
