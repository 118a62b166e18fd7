// The README's claims that code decides: the context budget a question sends, and that the chat ships.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BUDGET } from '../src/advisor/context';

const readme = readFileSync(join(__dirname, '../README.md'), 'utf8');
const thousands = (n: number) => new Intl.NumberFormat('en-US').format(n);

describe('README', () => {
  it('states the context budget the advisor uses', () => {
    expect(readme).toContain(`whole when it fits in about ${thousands(DEFAULT_BUDGET.code)} tokens`);
    expect(readme).toContain(`about ${thousands(DEFAULT_BUDGET.tests)} tokens together`);
    expect(readme).not.toMatch(/never the whole file/);
  });

  it('describes the chat as shipped', () => {
    expect(readme).not.toMatch(/chat is planned/i);
  });
});
