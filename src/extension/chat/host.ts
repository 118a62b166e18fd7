// What the chat session is given: questions ready for the preview, the settings a request needs, and the host
// (VS Code's side: the view, the key, the editor) it acts through.
import type { AskOptions } from '../../advisor/client';
import type { Persona } from '../../advisor/types';
import type { ChatHeader, Chip, HostMessage, Preview } from '../../webview/protocol';

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
  copy(code: string): Promise<void>;
  openLink(href: string): Promise<void>;
  changePhase(): Promise<void>;
  setKey(): Promise<void>;
  log(message: string): void;
}
