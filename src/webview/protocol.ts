// The messages between the chat host (src/extension/chat) and the chat webview (src/webview), and their validators.
// Both sides import this module; neither trusts the other: each message is checked before it is acted on, and a
// malformed one is dropped. The host owns the conversations; the webview only renders what it is sent.
// No DOM and no `vscode` here: this file is shared by both bundles. The phase and token usage are the
// analysis's and the advisor's own types, imported as types only (nothing of theirs enters the webview bundle);
// the webview reaches Usage through this module.
import type { Usage } from '../advisor/types';
import type { Phase } from '../analysis/phases';

export type { Usage };

/** What a question was asked about, shown as chips above it. */
export type Chip = {
  kind: 'code' | 'rule' | 'test' | 'phase';
  /** Short text on the chip, e.g. `lib/shop/cart.ex:1-40`, `OTP001`, `cart_test.exs:12`. */
  label: string;
  /** Longer text for the tooltip (a test's name, a rule's message). */
  title?: string;
};

export type AnswerStatus = 'streaming' | 'done' | 'incomplete' | 'error' | 'cancelled';

export type UserTurn = { id: string; role: 'user'; text: string; chips: Chip[] };

export type AssistantTurn = {
  id: string;
  role: 'assistant';
  /** The model's answer so far (markdown). */
  text: string;
  status: AnswerStatus;
  /** The rule's offline explanation (markdown), shown before the answer. */
  explanation?: string;
  /** A transient note while waiting, e.g. "Overloaded, retrying in 2 s…". */
  notice?: string;
  /** The advisor's human message when status is 'error' (the partial answer, if any, stays in `text`). */
  error?: { message: string; retryable: boolean };
  usage?: Usage;
};

export type Turn = UserTurn | AssistantTurn;

/** The exact message awaiting the user's Send before the first request of a conversation. */
export type Preview = { message: string; tokens: number; redactions: number };

export type ConversationSummary = { id: string; title: string; updated: number; turns: number };

export type Conversation = {
  id: string;
  title: string;
  created: number;
  updated: number;
  turns: Turn[];
  preview?: Preview;
};

/** Why the expert cannot be asked right now, with the action that fixes it. */
export type Blocker = { kind: 'no-key'; message: string };

export type ChatHeader = {
  phase: Phase;
  /** 'auto' or the phase the user picked. */
  phaseSetting: 'auto' | Phase;
  /** How the phase was determined, for the tooltip. */
  phaseReason: string;
  persona: string;
};

export type ChatState = {
  header: ChatHeader;
  conversation: Conversation;
  /** Newest first, the current one included. */
  history: ConversationSummary[];
  blocker?: Blocker;
};

/**
 * The host did not do what the webview asked. Every request the host turns down gets one, so nothing the user sent
 * disappears silently: the webview shows `reason` where the request was made, with the "Set API key" action when
 * `needsKey`, and puts an unasked question's `text` back into the question box.
 */
export type Refusal = { request: WebviewMessage['type']; reason: string; needsKey?: boolean; text?: string };

/** How an Apply ended; the webview shows `message` under the code block whose Apply was pressed. */
export type ApplyOutcome = 'applied' | 'cancelled' | 'failed';

/** Host → webview. Nothing is posted before the webview's `ready`. */
export type HostMessage =
  | { type: 'state'; state: ChatState }
  | { type: 'header'; header: ChatHeader }
  | { type: 'turn'; turn: Turn }
  | { type: 'delta'; turnId: string; text: string }
  | { type: 'notice'; turnId: string; notice: string }
  | { type: 'done'; turnId: string; status: Exclude<AnswerStatus, 'streaming' | 'error'>; usage?: Usage }
  | { type: 'error'; turnId: string; message: string; retryable: boolean; usage?: Usage }
  | { type: 'preview'; preview: Preview | null }
  | { type: 'blocker'; blocker: Blocker | null }
  | ({ type: 'refused' } & Refusal)
  | { type: 'applyResult'; id: string; outcome: ApplyOutcome; message: string };

/** Webview → host. */
export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'ask'; text: string }
  | { type: 'send' }
  | { type: 'cancelPreview' }
  | { type: 'stop'; turnId: string }
  | { type: 'retry'; turnId: string }
  | { type: 'insert'; code: string }
  /** Replace the conversation's flagged lines with `code`, after a diff the user confirms; `id` comes back in `applyResult`. */
  | { type: 'apply'; id: string; code: string }
  | { type: 'copy'; code: string }
  | { type: 'openLink'; href: string }
  | { type: 'newConversation' }
  | { type: 'openConversation'; id: string }
  | { type: 'changePhase' }
  | { type: 'setKey' };

// ---------------------------------------------------------------------------------------------------------------
// Validation. Hand-written because the shapes are small; each check follows the type above field by field.

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isBool = (v: unknown): v is boolean => typeof v === 'boolean';
const optional = (v: unknown, check: (x: unknown) => boolean): boolean => v === undefined || check(v);
const isArrayOf = (v: unknown, check: (x: unknown) => boolean): boolean => Array.isArray(v) && v.every(check);
const isId = (v: unknown): v is string => isStr(v) && v.length > 0 && v.length <= 64;
const oneOf =
  <T extends string>(...values: T[]) =>
  (v: unknown): v is T =>
    isStr(v) && (values as string[]).includes(v);

const isPhase = oneOf<Phase>('red', 'green', 'refactor');
const isAnswerStatus = oneOf<AnswerStatus>('streaming', 'done', 'incomplete', 'error', 'cancelled');
const isChipKind = oneOf<Chip['kind']>('code', 'rule', 'test', 'phase');

const isChip = (v: unknown): boolean => isObj(v) && isChipKind(v.kind) && isStr(v.label) && optional(v.title, isStr);

const isUsage = (v: unknown): v is Usage =>
  isObj(v) && isNum(v.input) && isNum(v.output) && isNum(v.cacheRead) && isNum(v.cacheWrite);

function isTurn(v: unknown): v is Turn {
  if (!isObj(v) || !isStr(v.id)) return false;
  if (v.role === 'user') return isStr(v.text) && isArrayOf(v.chips, isChip);
  return (
    v.role === 'assistant' &&
    isStr(v.text) &&
    isAnswerStatus(v.status) &&
    optional(v.explanation, isStr) &&
    optional(v.notice, isStr) &&
    optional(v.error, (e) => isObj(e) && isStr(e.message) && isBool(e.retryable)) &&
    optional(v.usage, isUsage)
  );
}

const isPreview = (v: unknown): v is Preview => isObj(v) && isStr(v.message) && isNum(v.tokens) && isNum(v.redactions);

const isSummary = (v: unknown): boolean => isObj(v) && isStr(v.id) && isStr(v.title) && isNum(v.updated) && isNum(v.turns);

export const isConversation = (v: unknown): v is Conversation =>
  isObj(v) &&
  isStr(v.id) &&
  isStr(v.title) &&
  isNum(v.created) &&
  isNum(v.updated) &&
  isArrayOf(v.turns, isTurn) &&
  optional(v.preview, isPreview);

const isBlocker = (v: unknown): v is Blocker => isObj(v) && v.kind === 'no-key' && isStr(v.message);

const isHeader = (v: unknown): v is ChatHeader =>
  isObj(v) &&
  isPhase(v.phase) &&
  (v.phaseSetting === 'auto' || isPhase(v.phaseSetting)) &&
  isStr(v.phaseReason) &&
  isStr(v.persona);

const isChatState = (v: unknown): v is ChatState =>
  isObj(v) && isHeader(v.header) && isConversation(v.conversation) && isArrayOf(v.history, isSummary) && optional(v.blocker, isBlocker);

// A Record, so adding a webview message type without listing it here is a compile error.
const WEBVIEW_MESSAGE_TYPES: Record<WebviewMessage['type'], true> = {
  ready: true, ask: true, send: true, cancelPreview: true, stop: true, retry: true, insert: true, apply: true, copy: true, openLink: true,
  newConversation: true, openConversation: true, changePhase: true, setKey: true,
};
const isWebviewMessageType = (v: unknown): v is WebviewMessage['type'] => isStr(v) && Object.hasOwn(WEBVIEW_MESSAGE_TYPES, v);

export function isHostMessage(v: unknown): v is HostMessage {
  if (!isObj(v)) return false;
  switch (v.type) {
    case 'state':
      return isChatState(v.state);
    case 'header':
      return isHeader(v.header);
    case 'turn':
      return isTurn(v.turn);
    case 'delta':
      return isStr(v.turnId) && isStr(v.text);
    case 'notice':
      return isStr(v.turnId) && isStr(v.notice);
    case 'done':
      return isStr(v.turnId) && oneOf('done', 'incomplete', 'cancelled')(v.status) && optional(v.usage, isUsage);
    case 'error':
      return isStr(v.turnId) && isStr(v.message) && isBool(v.retryable) && optional(v.usage, isUsage);
    case 'preview':
      return v.preview === null || isPreview(v.preview);
    case 'blocker':
      return v.blocker === null || isBlocker(v.blocker);
    case 'refused':
      return isWebviewMessageType(v.request) && isStr(v.reason) && optional(v.needsKey, isBool) && optional(v.text, isStr);
    case 'applyResult':
      return isId(v.id) && oneOf<ApplyOutcome>('applied', 'cancelled', 'failed')(v.outcome) && isStr(v.message);
    default:
      return false;
  }
}

/** Longest text a webview may send in one message (a question or a code block); more is treated as malformed. */
export const MAX_WEBVIEW_TEXT = 200_000;
const isText = (v: unknown): v is string => isStr(v) && v.length <= MAX_WEBVIEW_TEXT;

export function isWebviewMessage(v: unknown): v is WebviewMessage {
  if (!isObj(v)) return false;
  switch (v.type) {
    case 'ready':
    case 'send':
    case 'cancelPreview':
    case 'newConversation':
    case 'changePhase':
    case 'setKey':
      return true;
    case 'ask':
      return isText(v.text) && v.text.trim().length > 0;
    case 'stop':
    case 'retry':
      return isStr(v.turnId);
    case 'insert':
    case 'copy':
      return isText(v.code);
    case 'apply':
      return isId(v.id) && isText(v.code);
    case 'openLink':
      return isStr(v.href) && v.href.length <= 2048;
    case 'openConversation':
      return isStr(v.id);
    default:
      return false;
  }
}
