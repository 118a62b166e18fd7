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
