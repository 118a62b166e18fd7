// Builds dist/ once before the suites that run the real CLI and language server as processes.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export default function setup(): void {
  execFileSync(process.execPath, [join(__dirname, '../scripts/build/build.mjs')], { cwd: join(__dirname, '..'), stdio: 'inherit' });
}
