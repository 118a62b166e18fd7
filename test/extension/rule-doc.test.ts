import { describe, expect, it } from 'vitest';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { packagedRulePage, ruleDocId } from '../../src/extension/rule-doc';

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

describe('packagedRulePage', () => {
  it('maps the web page of a rule to the page packaged with the extension', () => {
    expect(packagedRulePage('https://github.com/otp-advisor/otp-advisor/blob/main/docs/rules/otp001-stateless-genserver.md')).toBe('otp001-stateless-genserver.md');
  });

  it.each(['https://example.com/docs/rules/../../etc/passwd', 'https://example.com/docs/rules/readme.md', 'https://hexdocs.pm/elixir/GenServer.html'])(
    'leaves other links alone (%s)',
    (target) => expect(packagedRulePage(target)).toBeUndefined(),
  );
});
