// `npm run package`: packs the extension into otp-advisor-<version>.vsix with @vscode/vsce (whose
// `vscode:prepublish` builds the minified bundles), then checks what went in: everything the
// extension loads at run time, nothing it does not (sources, tests, source maps, node_modules), and
// the size budget. Prints the file's path last. `--out FILE` writes it elsewhere.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { zipEntries } from './zip-entries.mjs';

const root = resolve(import.meta.dirname, '../..');
const MAX_BYTES = 5 * 1024 * 1024;

/** Files the packaged extension cannot work without, relative to the package root. */
function requiredFiles() {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const files = [
    'package.json',
    // vsce's names for README.md, CHANGELOG.md and LICENSE.
    'readme.md',
    'changelog.md',
    'LICENSE.txt',
    pkg.main.replace(/^\.\//, ''),
    pkg.icon,
    'dist/server.js',
    // The server parses on every core with it; without it, on one.
    'dist/extract-worker.js',
    // The MCP server VS Code starts for agents (lm-tools.ts).
    'dist/mcp.js',
    // web-tree-sitter loads both at run time: without them there is no analysis.
    'dist/web-tree-sitter.wasm',
    'dist/tree-sitter-elixir.wasm',
    ...pkg.contributes.languages.map((l) => l.configuration.replace(/^\.\//, '')),
    ...pkg.contributes.grammars.map((g) => g.path.replace(/^\.\//, '')),
    ...pkg.contributes.jsonValidation.map((j) => j.url.replace(/^\.\//, '')),
    // Icons of the activity bar container and the views.
    ...[...Object.values(pkg.contributes.viewsContainers ?? {}), ...Object.values(pkg.contributes.views ?? {})]
      .flat()
      .map((v) => v.icon)
      .filter((icon) => typeof icon === 'string')
      .map((icon) => icon.replace(/^\.\//, '')),
  ];
  // The chat webview's bundle, once the webview exists.
  if (existsSync(join(root, 'src/webview/main.ts'))) files.push('dist/webview/chat.js', 'dist/webview/chat.css');
  // The rule pages a finding's code opens offline (client.ts).
  for (const page of readdirSync(join(root, 'docs/rules'))) if (page.endsWith('.md')) files.push(`docs/rules/${page}`);
  return [...new Set(files)];
}

const FORBIDDEN = [/\.map$/, /\.ts$/, /^src\//, /^test\//, /^examples\//, /^scripts\//, /^node_modules\//, /^\.ci\//, /\.vsix$/];

/** What is wrong with a packed .vsix, as sentences; empty when it is fine. */
export function checkVsix(file) {
  const problems = [];
  const size = statSync(file).size;
  if (size > MAX_BYTES) problems.push(`${file} is ${(size / 1048576).toFixed(2)} MB, over the 5 MB budget`);
  const names = zipEntries(readFileSync(file)).map((e) => e.name);
  const inExtension = names.filter((n) => n.startsWith('extension/')).map((n) => n.slice('extension/'.length));
  for (const f of requiredFiles()) if (!inExtension.includes(f)) problems.push(`missing from the package: ${f}`);
  for (const f of inExtension) if (FORBIDDEN.some((re) => re.test(f))) problems.push(`should not be packaged: ${f}`);
  return problems;
}

/** Source maps of a previous development build would not be packaged, but would be stale next to minified bundles. */
function removeSourceMaps(dir) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) removeSourceMaps(path);
    else if (entry.name.endsWith('.map')) rmSync(path);
  }
}

/**
 * package.json's `files` lists what npm publishes (the CLI); vsce refuses a `files` list next to
 * .vscodeignore. So vsce packs a folder of symlinks to the root's entries, whose package.json is the
 * root's without `files`: the extension's contents stay what .vscodeignore says. Returns the folder.
 */
function stageWithoutNpmFiles() {
  const stage = mkdtempSync(join(tmpdir(), 'otp-advisor-vsix-'));
  const text = readFileSync(join(root, 'package.json'), 'utf8');
  const manifest = text.replace(/\n  "files": \[[^\]]*\],/, '');
  if ('files' in JSON.parse(manifest)) throw new Error('package.json: could not leave "files" out for vsce');
  writeFileSync(join(stage, 'package.json'), manifest);
  for (const name of readdirSync(root)) {
    if (name !== 'package.json' && name !== 'node_modules' && name !== '.git') symlinkSync(join(root, name), join(stage, name));
  }
  return stage;
}

function removeStage(stage) {
  for (const name of readdirSync(stage)) unlinkSync(join(stage, name));
  rmSync(stage, { recursive: true });
}

export function packageExtension(out) {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const file = resolve(out ?? join(root, `${pkg.name}-${pkg.version}.vsix`));
  removeSourceMaps(join(root, 'dist'));
  const stage = stageWithoutNpmFiles();
  // Dependencies are bundled into dist/*.js: vsce must not add node_modules.
  const vsce = spawnSync(join(root, 'node_modules/.bin/vsce'), ['package', '--no-dependencies', '--no-update-package-json', '--follow-symlinks', '--out', file], {
    cwd: stage,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  removeStage(stage);
  if (vsce.status !== 0) throw new Error(`vsce package failed (exit ${vsce.status ?? vsce.signal})`);
  const problems = checkVsix(file);
  if (problems.length) throw new Error(`The package is not right:\n  ${problems.join('\n  ')}`);
  return file;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const at = process.argv.indexOf('--out');
  try {
    const file = packageExtension(at > 0 ? process.argv[at + 1] : undefined);
    const entries = zipEntries(readFileSync(file)).length;
    process.stdout.write(`${file}: ${(statSync(file).size / 1048576).toFixed(2)} MB, ${entries} entries, checked\n`);
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
}
