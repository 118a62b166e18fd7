// Compares the fast facts path with converting every clause on real projects (see test/analysis/facts-registry.test.ts).
// Usage: npm run facts:compare -- <folder> [<folder> ...]
import { loadParser } from '../../src/analysis/parse/parser';
import { compareTree } from '../../test/helpers/facts-equivalence';

const dirs = process.argv.slice(2);
if (!dirs.length) {
  console.error('usage: npm run facts:compare -- <folder> [<folder> ...]');
  process.exit(2);
}
(async () => {
  const parser = await loadParser();
  let total = 0;
  for (const dir of dirs) {
    const { files, differences } = compareTree(parser, dir);
    total += differences.length;
    console.log(`${dir}: ${files} files, ${differences.length} difference(s)`);
    for (const d of differences.slice(0, 20)) console.log(`  ${d.file} ${d.module} ${d.field}\n    fast: ${d.fast}\n    full: ${d.full}`);
  }
  process.exit(total ? 1 : 0);
})();
