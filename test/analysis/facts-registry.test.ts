// The registry's pre-filter (convert only clauses whose text a fact needs) loses no fact: on every fixture
// project and the bundled example, the fast path's facts equal those of converting every clause.
// `npm run facts:compare -- <folder>` runs the same comparison on real projects.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadParser, type Parser } from '../../src/analysis/parse/parser';
import { compareTree } from '../helpers/facts-equivalence';

const root = join(__dirname, '../..');
let parser: Parser;

describe('facts registry', () => {
  beforeAll(async () => {
    parser = await loadParser();
  });

  for (const [dir, atLeast] of [['test/fixtures', 200], ['examples', 5]] as const) {
    it(`the fast path equals converting every clause in ${dir}`, () => {
      const { files, differences } = compareTree(parser, join(root, dir));
      expect(files).toBeGreaterThanOrEqual(atLeast);
      expect(differences).toEqual([]);
    });
  }
});
