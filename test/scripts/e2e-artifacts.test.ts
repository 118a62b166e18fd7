// The e2e artifacts folder: a failed run's screenshots survive the next run, a passing run's do not.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { FAILED_MARKER, freshArtifacts } from '../e2e/support/artifacts';

function artifacts(): string {
  return join(mkdtempSync(join(tmpdir(), 'otp-advisor-artifacts-')), 'e2e');
}

it('after a passing run the folder is emptied and nothing is kept', () => {
  const dir = artifacts();
  mkdirSync(join(dir, 'screenshots'), { recursive: true });
  writeFileSync(join(dir, 'screenshots', 'problems.png'), 'png');
  expect(freshArtifacts(dir)).toBeUndefined();
  expect(existsSync(join(dir, 'screenshots'))).toBe(false);
  expect(existsSync(`${dir}-last-failure`)).toBe(false);
});

it('after a failed run its folder moves to e2e-last-failure, replacing an older failure, and stays through passing runs', () => {
  const dir = artifacts();
  mkdirSync(`${dir}-last-failure`, { recursive: true });
  writeFileSync(join(`${dir}-last-failure`, 'old.png'), 'old');
  mkdirSync(join(dir, 'screenshots'), { recursive: true });
  writeFileSync(join(dir, 'screenshots', 'failed-findings.png'), 'png');
  writeFileSync(join(dir, FAILED_MARKER), 'vscode.e2e.ts › 1. …\n');

  expect(freshArtifacts(dir)).toBe(`${dir}-last-failure`);
  expect(readFileSync(join(`${dir}-last-failure`, 'screenshots', 'failed-findings.png'), 'utf8')).toBe('png');
  expect(existsSync(join(`${dir}-last-failure`, 'old.png'))).toBe(false);
  expect(existsSync(join(dir, FAILED_MARKER))).toBe(false);

  freshArtifacts(dir);
  expect(existsSync(join(`${dir}-last-failure`, 'screenshots', 'failed-findings.png'))).toBe(true);
});
