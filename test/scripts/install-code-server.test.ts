// The e2e setup reads the code-server launcher path from the installer's stdout: npm's own output must
// not land there. It did once ("added 215 packages in 1m" before the path), and only the very first run
// on a machine, the one that really installs, failed with ENOENT.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';

const INSTALLER = pathToFileURL(join(__dirname, '../../scripts/e2e/install-code-server.mjs')).href;

it('npmInstall keeps npm\'s summary off the installer\'s stdout (real npm, a local package)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'otp-advisor-npm-install-'));
  mkdirSync(join(dir, 'tiny'));
  writeFileSync(join(dir, 'tiny', 'package.json'), JSON.stringify({ name: 'tiny', version: '1.0.0' }));
  mkdirSync(join(dir, 'target'));
  writeFileSync(join(dir, 'target', 'package.json'), JSON.stringify({ name: 'target', private: true }));

  // What the installer's entry point does: install, then print one path.
  const script = `import { npmInstall } from ${JSON.stringify(INSTALLER)};
npmInstall(${JSON.stringify(join(dir, 'target'))}, ['../tiny']);
process.stdout.write('/the/launcher\\n');`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });

  expect(run.status, run.stderr).toBe(0);
  expect(run.stdout).toBe('/the/launcher\n');
  expect(run.stderr).toMatch(/added 1 package/);
  expect(existsSync(join(dir, 'target', 'node_modules', 'tiny', 'package.json'))).toBe(true);
});
