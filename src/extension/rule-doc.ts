// Turns a finding's link to its rule's web page into a link that shows the page packaged with the extension,
// rendered, offline. No `vscode` import.
import { commandId } from './command-ids';

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
