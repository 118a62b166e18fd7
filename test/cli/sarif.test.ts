// `--format sarif` checked against the SARIF 2.1.0 JSON schema and against what GitHub code scanning reads.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FINGERPRINT_KEY } from '../../src/analysis/fingerprint';
import { FIXTURES, runCli, statelessGenServer, tempProject } from '../helpers/cli';
import { sarifErrors as errorsOf } from '../helpers/sarif';

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: Record<string, number> } }[];
  relatedLocations: { physicalLocation: { artifactLocation: { uri: string } } }[];
  partialFingerprints: Record<string, string>;
}

describe('sarif format', () => {
  let log: {
    version: string;
    $schema: string;
    runs: {
      tool: { driver: { name: string; version: string; rules: { id: string; shortDescription: { text: string }; fullDescription: { text: string }; helpUri: string; help: { markdown: string } }[] } };
      automationDetails: { id: string };
      originalUriBaseIds: Record<string, { uri: string }>;
      results: SarifResult[];
    }[];
  };
  let code: number | null;

  beforeAll(() => {
    const run = runCli(['check', join(FIXTURES, 'premature'), '--format', 'sarif']);
    code = run.code;
    log = JSON.parse(run.stdout);
  });

  it('is valid against the SARIF 2.1.0 schema', () => {
    expect(errorsOf(log)).toEqual([]);
  });

  it('is also valid with no results, and with related locations', () => {
    expect(errorsOf(JSON.parse(runCli(['check', join(FIXTURES, 'justified-otp'), '--format', 'sarif']).stdout))).toEqual([]);
    const withRelated = log.runs[0].results.find((r) => r.relatedLocations.length);
    expect(withRelated?.ruleId).toBe('OTP023');
  });

  it('has what GitHub code scanning reads', () => {
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const { driver } = log.runs[0].tool;
    expect(driver.name).toBe('OTP Advisor');
    expect(driver.version).toMatch(/^\d+\.\d+\.\d+/);
    const ids = driver.rules.map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining(['OTP001', 'OTP004', 'OTP023']));
    for (const r of driver.rules) {
      expect(r.shortDescription.text.length).toBeGreaterThan(0);
      expect(r.fullDescription.text.length).toBeGreaterThan(0);
      expect(r.help.markdown).toContain(`# ${r.id} `);
      expect(r.helpUri).toMatch(new RegExp(`^https://.+/docs/rules/${r.id.toLowerCase()}-[a-z-]+\\.md$`));
    }
    expect(log.runs[0].automationDetails.id).toBe('otp-advisor/green/');
    for (const r of log.runs[0].results) {
      expect(driver.rules[r.ruleIndex].id).toBe(r.ruleId);
      expect(r.message.text.length).toBeGreaterThan(0);
      expect(r.locations).toHaveLength(1);
      const { artifactLocation, region } = r.locations[0].physicalLocation;
      expect(artifactLocation.uri).toMatch(/^lib\/shop\/[a-z_]+\.ex$/);
      expect(artifactLocation.uriBaseId).toBe('%SRCROOT%');
      expect(region.startLine).toBeGreaterThanOrEqual(1);
      expect(region.startColumn).toBeGreaterThanOrEqual(1);
      // Not GitHub's own key, which upload-sarif computes and checks.
      expect(Object.keys(r.partialFingerprints)).toEqual([FINGERPRINT_KEY]);
      expect(r.partialFingerprints[FINGERPRINT_KEY]).toMatch(/^[0-9a-f]{16}:\d+$/);
    }
  });

  it('gives the same locations and levels as the other formats', () => {
    expect(log.runs[0].results.map((r) => [r.ruleId, r.level, r.locations[0].physicalLocation.artifactLocation.uri, r.locations[0].physicalLocation.region])).toEqual([
      ['OTP001', 'warning', 'lib/shop/calculator.ex', { startLine: 2, startColumn: 3, endLine: 2, endColumn: 16 }],
      ['OTP023', 'error', 'lib/shop/cart.ex', { startLine: 19, startColumn: 38, endLine: 19, endColumn: 45 }],
      ['OTP004', 'warning', 'lib/shop/cart_supervisor.ex', { startLine: 2, startColumn: 3, endLine: 2, endColumn: 17 }],
    ]);
    expect(log.runs[0].originalUriBaseIds['%SRCROOT%'].uri).toMatch(/^file:\/\/.*\/premature\/$/);
    expect(code).toBe(1);
  });

  it('maps information to note, and names the phase in automationDetails', () => {
    const refactor = JSON.parse(runCli(['check', join(FIXTURES, 'premature'), '--format', 'sarif', '--phase', 'refactor']).stdout);
    expect(refactor.runs[0].results.map((r: SarifResult) => r.level)).toEqual(['note', 'error', 'note']);
    expect(refactor.runs[0].automationDetails.id).toBe('otp-advisor/refactor/');
    expect(errorsOf(refactor)).toEqual([]);
  });

  it('uses a validator that does catch broken logs', () => {
    const broken = structuredClone(log) as unknown as { version: string; runs: { results: { message: unknown; level: string }[] }[] };
    broken.version = '2.0.0';
    broken.runs[0].results[0].message = 'not an object';
    broken.runs[0].results[1].level = 'fatal';
    expect(errorsOf(broken)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\/version /),
        expect.stringMatching(/^\/runs\/0\/results\/0\/message /),
        expect.stringMatching(/^\/runs\/0\/results\/1\/level /),
      ]),
    );
  });

  describe('fingerprints and paths', () => {
    const cleanups: (() => void)[] = [];
    afterAll(() => cleanups.forEach((c) => c()));
    const sarifOf = (dir: string) => JSON.parse(runCli(['check', dir, '--format', 'sarif']).stdout);
    const prints = (sarif: typeof log) => sarif.runs[0].results.map((r) => [r.ruleId, r.locations[0].physicalLocation.region.startLine, r.partialFingerprints[FINGERPRINT_KEY]]);

    it('keeps every fingerprint when 3 lines are inserted above a finding', () => {
      const p = tempProject({ 'lib/calc.ex': statelessGenServer(), 'lib/cart.ex': readFileSync(join(FIXTURES, 'premature/lib/shop/cart.ex'), 'utf8') });
      cleanups.push(p.cleanup);
      const before = prints(sarifOf(p.dir));
      expect(before.map(([rule, line]) => [rule, line])).toEqual([
        ['OTP001', 2],
        ['OTP023', 19],
      ]);
      for (const file of ['lib/calc.ex', 'lib/cart.ex']) writeFileSync(join(p.dir, file), `# one\n# two\n# three\n${readFileSync(join(p.dir, file), 'utf8')}`);
      const after = sarifOf(p.dir);
      expect(errorsOf(after)).toEqual([]);
      expect(prints(after)).toEqual(before.map(([rule, line, fp]) => [rule, (line as number) + 3, fp]));
    });

    it('percent-encodes file URIs, relative to %SRCROOT%', () => {
      const p = tempProject({ 'lib/my calc#1.ex': statelessGenServer() });
      cleanups.push(p.cleanup);
      const sarif = sarifOf(p.dir);
      expect(errorsOf(sarif)).toEqual([]);
      expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'lib/my%20calc%231.ex', uriBaseId: '%SRCROOT%' });
      // Resolved against the base, the URI names the file on disk.
      expect(fileURLToPath(new URL('lib/my%20calc%231.ex', sarif.runs[0].originalUriBaseIds['%SRCROOT%'].uri))).toBe(join(p.dir, 'lib/my calc#1.ex'));
    });
  });
});
