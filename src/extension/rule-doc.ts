// Recognises the markdown file the server writes for `otpAdvisor.showRuleExplanation`
// (<tmp>/otp-advisor/OTP001-stateless-genserver.md), so VS Code can show it as a preview, and turns a
// finding's link to its rule's web page into a link that shows that preview. No `vscode` import.
import { commandId } from './command-ids';

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

const RULE_PAGE = /\/docs\/rules\/(otp\d{3})-[a-z0-9-]+\.md$/;

/** The rule whose web page a diagnostic's code links to (`…/docs/rules/otp001-stateless-genserver.md`); undefined for any other link. */
export function ruleOfPage(target: string): string | undefined {
  return RULE_PAGE.exec(target)?.[1]?.toUpperCase();
}

/**
 * A `command:` link to "Show Rule Explanation" for `rule`: a click on the code in Problems or a hover
 * opens the rendered explanation, offline, as the quick fix does (VS Code opens these links with
 * commands allowed).
 */
export function explainRuleLink(rule: string): string {
  return `command:${commandId('explainRule')}?${encodeURIComponent(JSON.stringify([rule]))}`;
}
