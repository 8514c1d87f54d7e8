/**
 * Whether an editor of a growing log keeps to its end (like `tail -f`), from the lines it shows: it
 * keeps to the end from the start (a new log opens at its end), stops when its user scrolls up or puts
 * the cursor above the last lines (a click, Ctrl+Home), and keeps to the end again once scrolled back
 * down to the last lines or the cursor is put there (Ctrl+End).
 *
 * Scrolling up is seen as the first visible line moving up: appended lines and revealing the end only
 * ever move it down. One race is handled: the user scrolls up while a reveal of the end is on its way
 * to the workbench; when that reveal lands after the scroll, the editor is to go back to where the user
 * went instead of keeping to the end. A reveal is known by what it asked for (the view moves down until
 * that line shows), not by the view being at the end: lines that came meanwhile put the end further
 * down than any reveal already on its way.
 */

/** How long a requested reveal counts as on its way, from its request or the user's last move up during it (a busy workbench can take a second or more). */
export const REVEAL_IN_FLIGHT_MS = 2_000;

export class TailPlace {
  /** Keeps to the end. */
  pinned = true;
  /** The first line shown at the last change of the visible lines. */
  private top: number;
  /** When the end was last revealed. */
  private revealedAt?: number;
  /** The line that reveal asked to show (the last line then). */
  private revealedLine?: number;
  /** Where the user scrolled to while a reveal was on its way. */
  private scrolledTo?: number;

  constructor(top = 0) {
    this.top = top;
  }

  /** New lines came: true when `lastLine` is to be shown (and that reveal is taken as on its way from `now`). */
  revealEnd(now: number, lastLine: number): boolean {
    if (this.pinned) {
      this.revealedAt = now;
      this.revealedLine = lastLine;
      this.scrolledTo = undefined;
    }
    return this.pinned;
  }

  /**
   * The user put the cursor on `line` of `lineCount` (by keyboard or mouse). Above the last lines it
   * stops keeping to the end, and a reveal of the end on its way is undone when it lands (see {@link moved}).
   */
  cursorMoved(line: number, lineCount: number, now: number): void {
    if (line >= lineCount - 2) {
      this.pinned = true;
      this.scrolledTo = undefined;
      return;
    }
    this.pinned = false;
    if (this.inFlight(now)) {
      this.wentUpDuringReveal(line, now);
    }
  }

  /**
   * The visible lines changed to `top`…`bottom` of `lineCount`: undefined, or the line to show at the
   * top again (a reveal of the end landed after the user scrolled up to it).
   */
  moved(top: number, bottom: number, lineCount: number, now: number): number | undefined {
    const inFlight = this.inFlight(now);
    // Like the end, the line asked for counts as shown from two lines above it (a line drawn in part).
    const landed = inFlight && this.revealedLine !== undefined && top > this.top && bottom >= this.revealedLine - 2;
    const atEnd = bottom >= lineCount - 2;
    if (landed || atEnd) {
      const back = landed ? this.scrolledTo : undefined;
      // The reveal on its way has landed (or the user went to the end): it is no longer awaited.
      this.revealedAt = undefined;
      this.revealedLine = undefined;
      this.scrolledTo = undefined;
      if (back !== undefined) {
        return back;
      }
    }
    if (atEnd) {
      this.pinned = true;
    } else if (top < this.top) {
      this.pinned = false;
      if (inFlight) {
        this.wentUpDuringReveal(top, now);
      } else {
        this.scrolledTo = undefined;
      }
    }
    this.top = top;
    return undefined;
  }

  /**
   * The user went up to `line` while a reveal of the end was on its way: it is to be undone when it
   * lands, and it is awaited from now on (a busy workbench may take a while more to draw it).
   */
  private wentUpDuringReveal(line: number, now: number): void {
    this.scrolledTo = line;
    this.revealedAt = now;
  }

  private inFlight(now: number): boolean {
    return this.revealedAt !== undefined && now - this.revealedAt < REVEAL_IN_FLIGHT_MS;
  }
}
