// Keeps the conversation at its end while the reader is there, without reading layout per streamed frame. Reading
// scrollHeight after each change forced a layout inside the frame, and writing scrollTop cost a scroll event and a
// second frame each time (bench:chat trace: 71 extra frames per paced answer). Instead, an empty element at the end
// is the only candidate for Chromium's scroll anchoring (`overflow-anchor` in chat.css): while it is in view, content
// growing above it moves the view with it, inside the frame's own layout. An IntersectionObserver says whether it is
// in view, which is whether the reader is at the end; the reader scrolling up takes it out of view and the view stays.
import { h } from './dom';

export class BottomFollower {
  readonly element = h('div', { class: 'bottom-anchor', attrs: { 'aria-hidden': 'true' } });
  private isAtBottom = true;
  /** scrollTop when the end was last seen in view. */
  private topWhenSeen = 0;

  constructor(private readonly scroller: HTMLElement) {
    new IntersectionObserver((entries) => this.onSeen(entries[entries.length - 1]), { root: scroller }).observe(this.element);
  }

  /** Goes to the end if the reader is there (or `always`, when another conversation opens). */
  jump(always: boolean): void {
    if (always) this.isAtBottom = true;
    if (this.isAtBottom) this.scroller.scrollTop = this.scroller.scrollHeight;
  }

  private onSeen(entry: IntersectionObserverEntry): void {
    const top = this.scroller.scrollTop;
    if (entry.isIntersecting) {
      this.isAtBottom = true;
      this.topWhenSeen = top;
      return;
    }
    // Chromium does not anchor a scroller that is at its very top, so content that first overflows pushes the end out
    // of view with scrollTop still 0: that is growth, not the reader (who cannot scroll what does not overflow).
    if (this.isAtBottom && top === 0 && this.topWhenSeen === 0) this.scroller.scrollTop = this.scroller.scrollHeight;
    else this.isAtBottom = false;
  }
}
