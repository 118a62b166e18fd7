// Installs code-server (the real VS Code the end-to-end suite drives) into a cache folder outside the
// repo, and reuses it when it is already there. Prints the path of its launcher, and nothing else, on
// stdout (the e2e setup reads it from there); npm's own output and the progress go to stderr.
//   node scripts/e2e/install-code-server.mjs          (OTP_ADVISOR_CACHE overrides ~/.cache/otp-advisor)
// Everything comes from the npm registry and Debian: ripgrep is taken from /usr/bin/rg, native modules
// are built against the local Node headers.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The newest code-server that runs on Node 20. */
export const CODE_SERVER_VERSION = '4.100.3';

export function cacheDir() {
  return process.env.OTP_ADVISOR_CACHE || join(homedir(), '.cache', 'otp-advisor');
}

export function codeServerDir() {
  return join(cacheDir(), `code-server-${CODE_SERVER_VERSION}`);
}

export function codeServerBin() {
  return join(codeServerDir(), 'node_modules', '.bin', 'code-server');
}

/** Written last, so an interrupted install is not mistaken for a finished one. */
const doneMarker = () => join(codeServerDir(), '.installed');

export function isInstalled() {
  return existsSync(doneMarker()) && existsSync(codeServerBin());
}

/**
 * @vscode/ripgrep's postinstall downloads a release archive unless it finds this one in its cache:
 * an archive holding Debian's rg lets it finish offline.
 */
function seedRipgrepCache() {
  const rg = '/usr/bin/rg';
  if (!existsSync(rg)) throw new Error('ripgrep is missing (/usr/bin/rg): apt-get install ripgrep');
  const dir = join(process.env.TMPDIR || tmpdir(), 'vscode-ripgrep-cache-1.15.11');
  const archive = join(dir, 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz');
  if (existsSync(archive)) return;
  mkdirSync(dir, { recursive: true });
  execFileSync('tar', ['-czf', archive, '-C', dirname(rg), 'rg']);
}

/** node-gyp would fetch Node's headers from nodejs.org; point it at the installed ones instead. */
function nodeHeadersEnv() {
  if (process.env.npm_config_nodedir) return {};
  const prefix = dirname(dirname(process.execPath));
  return existsSync(join(prefix, 'include', 'node', 'node.h')) ? { npm_config_nodedir: prefix } : {};
}

/**
 * `npm install` in `dir`. npm prints its summary ("added 215 packages in 1m") on stdout whatever the
 * log level: the child's stdout goes to our stderr, so our stdout carries the launcher path alone.
 */
export function npmInstall(dir, specs, env = {}) {
  const result = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...specs], {
    cwd: dir,
    stdio: ['ignore', process.stderr.fd, process.stderr.fd],
    env: { ...process.env, ...env },
  });
  if (result.status !== 0) throw new Error(`npm install ${specs.join(' ')} failed (exit ${result.status ?? result.signal})`);
}

export function installCodeServer({ log = (s) => process.stderr.write(`${s}\n`) } = {}) {
  if (isInstalled()) {
    log(`code-server ${CODE_SERVER_VERSION}: cached in ${codeServerDir()}`);
    return codeServerBin();
  }
  const started = Date.now();
  const dir = codeServerDir();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'otp-advisor-e2e-code-server', private: true }) + '\n');
  seedRipgrepCache();
  log(`code-server ${CODE_SERVER_VERSION}: installing into ${dir} (several minutes)…`);
  npmInstall(dir, [`code-server@${CODE_SERVER_VERSION}`], { ...nodeHeadersEnv(), npm_config_unsafe_perm: 'true', npm_config_yes: 'true' });
  if (!existsSync(codeServerBin())) throw new Error(`code-server installed but ${codeServerBin()} is missing`);
  writeFileSync(doneMarker(), `${new Date().toISOString()}\n`);
  log(`code-server ${CODE_SERVER_VERSION}: installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return codeServerBin();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    process.stdout.write(`${installCodeServer()}\n`);
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
}
