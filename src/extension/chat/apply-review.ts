// Apply, from a code block of the chat: the conversation's flagged lines replaced by the block, after a diff the
// user confirms, checked again after it; every ending answers the webview.
import type { ApplyOutcome } from '../../webview/protocol';
import { appliedTarget, lineSpan, planApply } from './apply';
import type { ChatHost } from './host';
import type { ConversationStore } from './store';

export class ApplyReview {
  /** A diff is waiting for the user's answer. */
  private isReviewing = false;

  constructor(
    private readonly store: ConversationStore,
    private readonly host: ChatHost,
  ) {}

  /**
   * Replaces the conversation's flagged lines with a code block: checked, shown as a diff, applied only when the user
   * confirms, and checked again after the diff (the document may have changed meanwhile). Every ending is reported.
   */
  async apply(id: string, code: string): Promise<void> {
    if (this.isReviewing) return this.report(id, 'failed', 'Another change is waiting for your answer in the diff; answer it first.');
    const target = this.store.current.applyTarget;
    const check = async () => planApply(target, target && (await this.host.documentText(target.uri)), code);
    const first = await check();
    if ('problem' in first) return this.report(id, 'failed', first.problem);
    this.isReviewing = true;
    let confirmed: boolean;
    try {
      confirmed = await this.host.reviewChange(first.change);
    } finally {
      this.isReviewing = false;
    }
    if (!confirmed) return this.report(id, 'cancelled', 'Not applied: you cancelled it.');
    const now = await check();
    if ('problem' in now) return this.report(id, 'failed', now.problem);
    if (!(await this.host.applyChange(now.change))) return this.report(id, 'failed', `The editor refused the edit to ${now.change.file}; nothing was applied.`);
    // The applied code is what the conversation is about now: a revised block from a follow-up applies over it.
    const c = this.store.current;
    if (c.applyTarget === target) c.applyTarget = appliedTarget(now.change);
    await this.store.save();
    this.report(id, 'applied', `Applied to ${now.change.file} ${lineSpan(now.change)}. Undo in the editor reverts it.`);
  }

  report(id: string, outcome: ApplyOutcome, message: string): void {
    this.host.post({ type: 'applyResult', id, outcome, message });
  }
}
