// Small modules: no TypeScript file under src/ over 300 lines (issue 19). A file that grows past it is split by
// concern, as cli/check-command.ts and extension/chat/apply-review.ts were.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, it } from 'vitest';

const root = join(__dirname, '../..');
const MAX_LINES = 300;

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

it(`keeps every src/ TypeScript file at ${MAX_LINES} lines or fewer`, () => {
  const files = tsFiles(join(root, 'src'));
  expect(files.length).toBeGreaterThan(100);
  const long = files
    .map((f) => ({ file: relative(root, f), lines: readFileSync(f, 'utf8').split('\n').length - 1 }))
    .filter((f) => f.lines > MAX_LINES);
  expect(long).toEqual([]);
});
