// A fresh copy of the bundled example project for each scenario, so edits never leak between them.
import { cpSync, mkdtempSync, realpathSync } from 'node:fs';
import { join } from 'node:path';

const EXAMPLE = join(__dirname, '../../../examples/shop');

export function copyShop(workDir: string, name: string): string {
  const dir = join(realpathSync(mkdtempSync(join(workDir, `${name}-`))), 'shop');
  // Build output of a local `mix test` in the example must not come along.
  cpSync(EXAMPLE, dir, { recursive: true, filter: (src) => !/[/\\](_build|deps)$/.test(src) });
  return dir;
}
