import { describe, expect, it } from 'vitest';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { explainRuleLink, ruleDocId, ruleOfPage } from '../../src/extension/rule-doc';

describe('ruleDocId', () => {
  it('recognises the file the server writes for a rule explanation', () => {
    const uri = pathToFileURL(join(tmpdir(), 'otp-advisor', 'OTP001-stateless-genserver.md')).href;
    expect(ruleDocId(uri)).toBe('OTP001');
    expect(ruleDocId('file:///C:/Users/Ana%20B/AppData/Local/Temp/otp-advisor/OTP010-untested-timeout.md')).toBe('OTP010');
  });

  it.each([
    'file:///home/ana/shop/docs/OTP001-stateless-genserver.md',
    'file:///tmp/otp-advisor/notes.md',
    'file:///tmp/otp-advisor/OTP001-stateless-genserver.txt',
    'untitled:/tmp/otp-advisor/OTP001-x.md',
    'file://%%',
  ])('leaves other documents to the editor (%s)', (uri) => {
    expect(ruleDocId(uri)).toBeUndefined();
  });
});

describe('ruleOfPage', () => {
  it('reads the rule from the link to its web page', () => {
    expect(ruleOfPage('https://github.com/otp-advisor/otp-advisor/blob/main/docs/rules/otp001-stateless-genserver.md')).toBe('OTP001');
  });

  it.each(['https://example.com/docs/rules/../../etc/passwd', 'https://example.com/docs/rules/readme.md', 'https://hexdocs.pm/elixir/GenServer.html'])(
    'leaves other links alone (%s)',
    (target) => expect(ruleOfPage(target)).toBeUndefined(),
  );
});

describe('explainRuleLink', () => {
  it('runs Show Rule Explanation with the rule id as its one argument', () => {
    const link = new URL(explainRuleLink('OTP023'));
    expect(link.protocol).toBe('command:');
    expect(link.pathname).toBe('otpAdvisor.explainRule');
    expect(JSON.parse(decodeURIComponent(link.search.slice(1)))).toEqual(['OTP023']);
  });
});
