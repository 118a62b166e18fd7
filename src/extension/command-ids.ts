// The client-side commands, `otpAdvisor.<name>`: the table in commands/index.ts must implement each,
// and package.json contributes each (a test checks). No `vscode` import.
export const COMMAND_NAMES = [
  'setPhase',
  'runTests',
  'analyze',
  'explainRule',
  'restartServer',
  'showOutput',
  'askExpert',
  'newConversation',
  'setApiKey',
  'clearApiKey',
  'choosePersona',
] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

export const commandId = (name: CommandName): string => `otpAdvisor.${name}`;

/** The chat's webview view (package.json contributes it under the `otpAdvisor` view container). */
export const CHAT_VIEW_ID = 'otpAdvisor.chat';
