// The rule catalog: every rule listed, documented, tested, and its own examples behave.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/analysis/rules';
import { ruleMarkdown } from '../../src/analysis/rules/explanation/markdown';
import { ruleDocPath } from '../../src/analysis/rules/explanation/page';
import { analyzeFiles } from '../helpers/rule-tester';

const root = join(__dirname, '../..');
const ruleFiles = readdirSync(join(root, 'src/analysis/rules')).filter((f) => /^otp\d+-.*\.ts$/.test(f));

describe('rule catalog', () => {
  it('lists every rule file once, in id order, with unique ids and names', () => {
    expect(RULES.map((r) => `${r.id.toLowerCase()}-${r.name}.ts`).sort()).toEqual(ruleFiles.sort());
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
    expect(RULES.map((r) => r.id)).toEqual([...RULES.map((r) => r.id)].sort());
  });

  it('names its rules in the README, the generated docs and the config schema', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const schema = JSON.parse(readFileSync(join(root, 'schemas/otp-advisor.schema.json'), 'utf8'));
    expect(schema.properties.rules.propertyNames.enum).toEqual(RULES.map((r) => r.id));
    for (const rule of RULES) {
      expect(readme).toContain(`| ${rule.id} | ${rule.name} |`);
      const doc = join(root, ruleDocPath(rule));
      expect(existsSync(doc) && readFileSync(doc, 'utf8') === ruleMarkdown(rule), `${doc} is stale: run npm run docs`).toBe(true);
    }
  });

  for (const rule of RULES) {
    describe(`${rule.id} ${rule.name}`, () => {
      const phase = rule.severity.green === 'off' ? 'refactor' : 'green';
      const path = rule.explanation.examplePath ?? 'lib/example.ex';

      it('has a test file', () => {
        expect(existsSync(join(root, `test/analysis/rules/${rule.id.toLowerCase()}-${rule.name}.test.ts`))).toBe(true);
      });

      it('fires on its "bad" example', async () => {
        const { findings } = await analyzeFiles({ [path]: rule.explanation.bad }, phase, [rule]);
        expect(findings.length).toBeGreaterThan(0);
      });

      it('is silent on its "good" example', async () => {
        const { findings } = await analyzeFiles({ [path]: rule.explanation.good }, phase, [rule]);
        expect(findings).toEqual([]);
      });
    });
  }
});
