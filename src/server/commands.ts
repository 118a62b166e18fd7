// workspace/executeCommand: re-index the workspace, or show a rule's explanation in any editor.
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageType, ShowMessageNotification } from 'vscode-languageserver';
import { ruleById } from '../analysis/rules';
import { ruleMarkdown } from '../analysis/rules/explanation/markdown';
import { indexFolders } from './indexing';
import { pathToUri } from './projects';
import { COMMANDS, type ExplanationResult } from './protocol';
import type { ServerState } from './state';

export function onCommands(s: ServerState): void {
  const { connection } = s;
  connection.onExecuteCommand(async ({ command, arguments: args }) => {
    if (command === COMMANDS.analyzeWorkspace) {
      await indexFolders(s, s.folders);
      return { projects: s.projects.roots().length };
    }
    if (command === COMMANDS.showRuleExplanation) {
      const rule = ruleById(String(args?.[0] ?? ''));
      if (!rule) return null;
      // A file any editor can show: other clients have no markdown view of their own for it.
      const dir = join(tmpdir(), 'otp-advisor');
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `${rule.id}-${rule.name}.md`);
      const markdown = ruleMarkdown(rule);
      writeFileSync(file, markdown);
      const shown = s.canShowDocument && (await connection.window.showDocument({ uri: pathToUri(file), takeFocus: true }).then((r) => r.success, () => false));
      // A client that cannot open it gets the text as the command's result, and the file's path to open.
      // window/showMessage: a notification (showInformationMessage would be a request the client may not answer).
      if (!shown) void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message: `${rule.id} ${rule.name}: ${rule.explanation.what} Explanation: ${file}` });
      const result: ExplanationResult = { rule: rule.id, file, shown, markdown };
      return result;
    }
    return null;
  });
}
