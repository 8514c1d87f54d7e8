import * as assert from 'node:assert/strict';
import { REVEAL_IN_FLIGHT_MS, TailPlace } from '../../../src/model/tailPlace';

// An editor 30 lines high on a log that grows; `moved(top, bottom, lineCount, now)` is what the workbench reports.
describe('TailPlace (an editor of a growing log keeps to its end)', () => {
  it('keeps to the end from the start, while lines come and the end is revealed', () => {
    const place = new TailPlace();
    assert.equal(place.revealEnd(0, 20), true, 'a new log opens at its end');
    assert.equal(place.moved(0, 20, 21, 10), undefined, 'a short log: all of it shows');
    assert.equal(place.revealEnd(2_000, 50), true);
    assert.equal(place.moved(20, 50, 51, 2_010), undefined, 'revealed: the first line moved down');
    assert.equal(place.pinned, true);
  });

  it('stops keeping to the end when the user scrolls up, whatever comes; again once back at the end', () => {
    const place = new TailPlace(20);
    place.moved(20, 50, 51, 0);
    place.moved(5, 35, 51, 5_000);
    assert.equal(place.pinned, false, 'scrolled up');
    assert.equal(place.revealEnd(6_000, 70), false, 'new lines do not move it');
    assert.equal(place.moved(10, 40, 80, 7_000), undefined, 'scrolled down a little: still not at the end');
    assert.equal(place.pinned, false);
    place.moved(50, 79, 80, 8_000);
    assert.equal(place.pinned, true, 'back at the last lines: keeps to the end again');
    assert.equal(place.revealEnd(9_000, 79), true);
  });

  it('new lines below a pinned editor (the first line stays) do not unpin it', () => {
    const place = new TailPlace(20);
    place.moved(20, 50, 51, 0);
    assert.equal(place.moved(20, 50, 90, 100), undefined, 'lines appended below, before the reveal landed');
    assert.equal(place.pinned, true);
  });

  it('a reveal that lands after the user scrolled up goes back to where the user went', () => {
    const place = new TailPlace(20);
    place.moved(20, 50, 51, 0);
    assert.equal(place.revealEnd(1_000, 60), true, 'lines came: the end is revealed');
    place.moved(0, 30, 61, 1_050);
    assert.equal(place.pinned, false, 'the user pressed Ctrl+Home before the reveal landed');
    assert.equal(place.moved(30, 60, 61, 1_100), 0, 'the reveal landed: back to line 0');
    assert.equal(place.pinned, false);
    assert.equal(place.moved(0, 30, 61, 1_150), undefined, 'shown at the top again: stays put');
    assert.equal(place.revealEnd(3_000, 70), false);
  });

  it('scrolling back down to the end later is the user\'s own: it keeps to the end again', () => {
    const place = new TailPlace(20);
    place.moved(20, 50, 51, 0);
    place.revealEnd(1_000, 60);
    place.moved(0, 30, 61, 1_050);
    assert.equal(place.moved(30, 60, 61, 1_050 + REVEAL_IN_FLIGHT_MS + 1), undefined, 'Ctrl+End long after the reveal and the scroll up');
    assert.equal(place.pinned, true);
  });

  it('the cursor put above the last lines (a click, Ctrl+Home) stops keeping to the end; put at the end (Ctrl+End), keeps to it again', () => {
    const place = new TailPlace(20);
    place.moved(20, 50, 51, 0);
    place.cursorMoved(30, 51, 5_000);
    assert.equal(place.pinned, false, 'a click on a line above the end');
    assert.equal(place.revealEnd(6_000, 70), false);
    place.cursorMoved(79, 80, 7_000);
    assert.equal(place.pinned, true, 'Ctrl+End');
  });

  it('a reveal that lands after the cursor went up, with no scroll seen in between, goes back to the cursor', () => {
    const place = new TailPlace(20);
    place.moved(20, 50, 51, 0);
    place.revealEnd(1_000, 60);
    place.cursorMoved(0, 61, 1_100);
    assert.equal(place.moved(30, 60, 61, 1_900), 0, 'the workbench drew the reveal over the Ctrl+Home: back to line 0');
    assert.equal(place.pinned, false);
  });

  it('a reveal that lands late, long after it was asked for but soon after the user went up, still goes back', () => {
    const place = new TailPlace(20);
    place.moved(20, 50, 51, 0);
    place.revealEnd(1_000, 60);
    place.cursorMoved(0, 61, 1_000 + REVEAL_IN_FLIGHT_MS - 100);
    place.moved(0, 30, 61, 1_000 + REVEAL_IN_FLIGHT_MS - 50);
    assert.equal(place.moved(30, 60, 61, 1_000 + REVEAL_IN_FLIGHT_MS + 500), 0, 'drawn late on a busy workbench: back to line 0');
    assert.equal(place.pinned, false);
    assert.equal(place.revealEnd(1_000 + REVEAL_IN_FLIGHT_MS + 600, 70), false, 'new lines leave it where the user is');
  });

  it('once the reveal has landed, the user\'s own scroll up and back down to the end keeps to the end', () => {
    const place = new TailPlace(20);
    place.moved(20, 50, 51, 0);
    place.revealEnd(1_000, 60);
    place.moved(30, 60, 61, 1_050);
    assert.equal(place.pinned, true, 'the reveal landed');
    place.moved(0, 30, 61, 1_200);
    assert.equal(place.pinned, false, 'the user scrolled up');
    assert.equal(place.moved(30, 60, 61, 1_400), undefined, 'and back down at once (Ctrl+End): not taken for a reveal landing');
    assert.equal(place.pinned, true);
  });

  it('a reveal that lands after the user went up, once more lines came (so the end is further down), still goes back', () => {
    const place = new TailPlace(20);
    place.moved(20, 50, 51, 0);
    assert.equal(place.revealEnd(1_000, 60), true, 'lines came: line 60 is to be shown');
    place.cursorMoved(0, 61, 1_100);
    place.moved(0, 30, 61, 1_150);
    assert.equal(place.moved(30, 60, 75, 1_400), 0, 'drawn when the log had 14 lines more: back to line 0');
    assert.equal(place.pinned, false);
    assert.equal(place.moved(0, 30, 80, 1_450), undefined, 'shown at the top again: stays put');
    assert.equal(place.revealEnd(1_500, 79), false, 'new lines leave it where the user is');
  });

  it('a reveal that lands with more lines below it, with no user move, still keeps to the end', () => {
    const place = new TailPlace(20);
    place.moved(20, 50, 51, 0);
    place.revealEnd(1_000, 60);
    assert.equal(place.moved(30, 60, 75, 1_100), undefined, 'drawn when the log had 14 lines more');
    assert.equal(place.pinned, true);
    assert.equal(place.revealEnd(1_200, 74), true, 'the next lines reveal the end again');
    assert.equal(place.moved(44, 74, 75, 1_300), undefined);
    assert.equal(place.pinned, true);
  });
});
