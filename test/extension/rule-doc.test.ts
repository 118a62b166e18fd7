import { describe, expect, it } from 'vitest';
import { explainRuleLink, ruleOfPage } from '../../src/extension/rule-doc';

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
