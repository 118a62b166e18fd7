// Writes docs/rules/<id>-<name>.md from each rule's explanation, and the rule list of the config schema.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../src/analysis/rules';
import { ruleMarkdown } from '../src/analysis/rules/explanation/markdown';
import { ruleDocPath } from '../src/analysis/rules/explanation/page';

const root = join(__dirname, '..');
mkdirSync(join(root, 'docs/rules'), { recursive: true });
for (const rule of RULES) writeFileSync(join(root, ruleDocPath(rule)), ruleMarkdown(rule));

const schemaPath = join(root, 'schemas/otp-advisor.schema.json');
const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
schema.properties.rules.propertyNames.enum = RULES.map((r) => r.id);
writeFileSync(schemaPath, JSON.stringify(schema, null, 2) + '\n');
console.log(`wrote ${RULES.length} rule pages and the schema's rule list`);
