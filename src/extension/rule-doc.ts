// Recognises the markdown file the server writes for `otpAdvisor.showRuleExplanation`
// (<tmp>/otp-advisor/OTP001-stateless-genserver.md), so VS Code can show it as a preview.

const RULE_DOC = /\/otp-advisor\/(OTP\d+)-[a-z0-9-]+\.md$/i;

/** The rule id when `uri` (a `file:` URI from window/showDocument) is a rule explanation. */
export function ruleDocId(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  let path: string;
  try {
    path = decodeURIComponent(new URL(uri).pathname);
  } catch {
    return undefined;
  }
  return RULE_DOC.exec(path)?.[1]?.toUpperCase();
}

const RULE_PAGE = /\/docs\/rules\/(otp\d{3}-[a-z0-9-]+\.md)$/;

/**
 * The packaged page for a diagnostic's code link (`…/docs/rules/otp001-stateless-genserver.md` on the web), so a
 * click in Problems opens the explanation offline; undefined for any other link.
 */
export function packagedRulePage(target: string): string | undefined {
  return RULE_PAGE.exec(target)?.[1];
}
