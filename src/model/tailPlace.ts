/**
 * Whether an editor of a growing log keeps to its end (like `tail -f`), from the lines it shows: it
 * keeps to the end from the start (a new log opens at its end), stops when its user scrolls up, and
 * keeps to the end again once scrolled back down to the last lines.
 *
 * Scrolling up is seen as the first visible line moving up: appended lines and revealing the end only
 * ever move it down. One race is handled: the user scrolls up while a reveal of the end is on its way
 * to the workbench; when that reveal lands after the scroll, the editor is to go back to where the user
 * went instead of keeping to the end.
 */

/** How long a requested reveal counts as on its way. */
export const REVEAL_IN_FLIGHT_MS = 500;

export class TailPlace {
  /** Keeps to the end. */
  pinned = true;
  /** The first line shown at the last change of the visible lines. */
  private top: number;
  /** When the end was last revealed. */
  private revealedAt?: number;
  /** Where the user scrolled to while a reveal was on its way. */
  private scrolledTo?: number;

  constructor(top = 0) {
    this.top = top;
  }

  /** New lines came: true when the end is to be shown (and it is taken as on its way from `now`). */
  revealEnd(now: number): boolean {
    if (this.pinned) {
      this.revealedAt = now;
      this.scrolledTo = undefined;
    }
    return this.pinned;
  }

  /**
   * The visible lines changed to `top`…`bottom` of `lineCount`: undefined, or the line to show at the
   * top again (a reveal of the end landed after the user scrolled up to it).
   */
  moved(top: number, bottom: number, lineCount: number, now: number): number | undefined {
    const inFlight = this.revealedAt !== undefined && now - this.revealedAt < REVEAL_IN_FLIGHT_MS;
    if (bottom >= lineCount - 2) {
      if (inFlight && this.scrolledTo !== undefined) {
        const back = this.scrolledTo;
        this.revealedAt = undefined;
        this.scrolledTo = undefined;
        return back;
      }
      this.pinned = true;
    } else if (top < this.top) {
      this.pinned = false;
      this.scrolledTo = inFlight ? top : undefined;
    }
    this.top = top;
    return undefined;
  }
}
