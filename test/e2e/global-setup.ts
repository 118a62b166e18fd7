// Prepares the end-to-end run once: packs the .vsix (npm run package), installs code-server into
// the cache folder (or reuses it), installs the .vsix into a fresh extensions folder, and checks the
// other tools the scenarios need. Prints how long each step took.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import type { E2eEnv } from './support/env';
import { freshArtifacts } from './support/artifacts';

const root = join(__dirname, '../..');

function has(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function timed<T>(label: string, step: () => T): T {
  const started = Date.now();
  const result = step();
  console.log(`[e2e] ${label}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

/** The launcher path the installer prints; anything else on its stdout is a bug worth a clear message. */
function installCodeServer(): string {
  const out = execFileSync(process.execPath, [join(root, 'scripts/e2e/install-code-server.mjs')], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] }).toString();
  const launcher = out.trim();
  if (!existsSync(launcher)) throw new Error(`install-code-server.mjs should print the code-server launcher path and nothing else; it printed:\n${out}`);
  return launcher;
}

export default function setup(project: TestProject): () => void {
  // Without these nothing can run, even locally.
  if (!existsSync('/usr/bin/chromium')) throw new Error('Chromium is required: apt-get install chromium');
  const workDir = realpathSync(mkdtempSync(join(tmpdir(), 'otp-advisor-e2e-')));
  const artifactsDir = join(root, 'test-artifacts', 'e2e');
  const lastFailure = freshArtifacts(artifactsDir);
  if (lastFailure) console.log(`[e2e] the previous run failed: its screenshots and logs are kept in ${lastFailure}`);

  const vsix = join(workDir, 'otp-advisor.vsix');
  timed('npm run package', () => execFileSync(process.execPath, [join(root, 'scripts/build/package.mjs'), '--out', vsix], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] }));
  console.log(`[e2e] .vsix size: ${(statSync(vsix).size / 1048576).toFixed(2)} MB`);
  const codeServer = timed('code-server install (cached after the first run)', installCodeServer);
  const extensionsDir = join(workDir, 'extensions');
  timed('install the .vsix into code-server', () =>
    execFileSync(codeServer, ['--extensions-dir', extensionsDir, '--user-data-dir', join(workDir, 'install-user-data'), '--install-extension', vsix], { stdio: 'ignore' }),
  );

  const missing = [
    ...(has('mix') ? [] : ['elixir']),
    ...(has('nvim') ? [] : ['neovim']),
  ];
  if (missing.length && process.env.CI === 'true') throw new Error(`Missing for the end-to-end suite: ${missing.join(', ')}`);

  const env: E2eEnv = { codeServer, extensionsDir, vsix, workDir, artifactsDir, missing };
  project.provide('e2e', env);
  // E2E_KEEP=1 keeps the project copies and user-data folders (their logs) for a look after the run.
  return () => (process.env.E2E_KEEP === "1" ? console.log(`[e2e] kept ${workDir}`) : rmSync(workDir, { recursive: true, force: true }));
}
