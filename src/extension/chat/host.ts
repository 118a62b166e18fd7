// What the chat session is given: questions ready for the preview, the settings a request needs, and the host
// (VS Code's side: the view, the key, the editor) it acts through.
import type { AskOptions } from '../../advisor/client';
import type { Persona } from '../../advisor/types';
import type { ChatHeader, Chip, HostMessage, Preview } from '../../webview/protocol';
import type { ApplyChange, ApplyTarget } from './apply';

/** Everything a request needs but the key: resolved when the user sends. */
export type AskSettings = Pick<AskOptions, 'baseURL' | 'model' | 'maxTokens'> & { persona: Persona };

/** A question ready for the preview: what is shown, what is sent. */
export type Question = {
  /** Conversation title, e.g. "OTP001 in lib/shop/cart.ex". */
  title: string;
  /** The user's words, shown in the chat. */
  text: string;
  chips: Chip[];
  /** The exact message sent (context + question). */
  preview: Preview;
  /** The rule's offline explanation, shown at once. */
  explanation?: string;
  sourceUri?: string;
  /** The lines the question is about (a finding's, or the selection's), where "Apply" puts a code block. */
  applyTarget?: ApplyTarget;
};

export interface ChatHost {
  /** Posts to the view; the view layer drops messages while no webview is ready. */
  post(message: HostMessage): void;
  header(): ChatHeader;
  apiKey(): Promise<string | undefined>;
  settings(): Promise<AskSettings>;
  /** The context for a conversation's first question typed in the chat (the code at the cursor, the phase). */
  contextFor(text: string): Promise<Question>;
  insert(code: string, sourceUri: string | undefined): Promise<void>;
  /** The document's current text (as open in the editor, else on disk); undefined when it cannot be opened. */
  documentText(uri: string): Promise<string | undefined>;
  /** Shows `change` as a diff and asks the user to confirm it; true only when they chose to apply. */
  reviewChange(change: ApplyChange): Promise<boolean>;
  /** Makes `change` as one edit (one undo); false when the editor refused it. */
  applyChange(change: ApplyChange): Promise<boolean>;
  copy(code: string): Promise<void>;
  openLink(href: string): Promise<void>;
  changePhase(): Promise<void>;
  setKey(): Promise<void>;
  log(message: string): void;
}
