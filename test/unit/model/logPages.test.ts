/** Log pages made exact: both readings of "from a cursor", and the preview diffed by size. */
import * as assert from 'node:assert/strict';
import { linePage, newerThan, olderThan, previewDelta, splitLines } from '../../../src/model/logPages';

describe('log pages', () => {
  it('splits content into lines: no final empty line, CRLF ends, nothing for empty content', () => {
    assert.deepEqual(splitLines(''), []);
    assert.deepEqual(splitLines('a\nb\n'), ['a', 'b']);
    assert.deepEqual(splitLines('a\r\nb'), ['a', 'b']);
    assert.deepEqual(splitLines('\n'), ['']);
  });

  it('keeps the cursors of a page with lines; an empty page has none', () => {
    assert.deepEqual(linePage({ content: 'x\ny', startLine: '11', endLine: '12' }), { lines: ['x', 'y'], first: '11', last: '12' });
    assert.deepEqual(linePage({ content: '', startLine: '12', endLine: '12' }), { lines: [] });
    assert.deepEqual(linePage({ content: 'x', startLine: '', endLine: '' }), { lines: ['x'], first: undefined, last: undefined });
  });

  it('read forward from a cursor: the exclusive reading is kept, the inclusive one drops the repeated line', () => {
    const exclusive = { lines: ['c', 'd'], first: '3', last: '4' };
    assert.deepEqual(newerThan(exclusive, '2'), exclusive);
    assert.deepEqual(newerThan({ lines: ['b', 'c', 'd'], first: '2', last: '4' }, '2'), { lines: ['c', 'd'], last: '4' });
    assert.deepEqual(newerThan({ lines: ['b'], first: '2', last: '2' }, '2'), { lines: [] }, 'only the cursor\'s own line: nothing new');
  });

  it('read backward from a cursor: the inclusive reading drops the repeated last line and keeps the first cursor', () => {
    assert.deepEqual(olderThan({ lines: ['a', 'b'], first: '1', last: '2' }, '3'), { lines: ['a', 'b'], first: '1', last: '2' });
    assert.deepEqual(olderThan({ lines: ['a', 'b', 'c'], first: '1', last: '3' }, '3'), { lines: ['a', 'b'], first: '1' });
  });

  describe('preview diffed by size', () => {
    it('takes the whole preview first, holding back a line not yet ended', () => {
      const d = previewDelta(undefined, { content: 'one\ntwo\nthr', fullSize: 11 });
      assert.deepEqual(d.lines, ['one', 'two']);
      assert.deepEqual(d.state, { size: 11, partial: 'thr' });
    });

    it('adds only the bytes written since, completing the held-back line', () => {
      const first = previewDelta(undefined, { content: 'one\ntwo\nthr', fullSize: 11 });
      const next = previewDelta(first.state, { content: 'one\ntwo\nthree\nfour\n', fullSize: 19 });
      assert.deepEqual(next.lines, ['three', 'four']);
      assert.equal(next.skippedBytes, 0);
      assert.deepEqual(next.state, { size: 19, partial: '' });
    });

    it('the same size adds nothing', () => {
      const first = previewDelta(undefined, { content: 'a\n', fullSize: 2 });
      assert.deepEqual(previewDelta(first.state, { content: 'a\n', fullSize: 2 }).lines, []);
    });

    it('a preview that holds only the newest part: the offset is counted from the whole size', () => {
      // The log is 1,000 bytes; the preview holds its last 8; "A\n" (2 bytes) was added since 998.
      const d = previewDelta({ size: 998, partial: '' }, { content: 'wx\nyz\nA\n', fullSize: 1000 });
      assert.deepEqual(d.lines, ['A']);
    });

    it('more written than the preview holds: all of it, and the gap counted', () => {
      const d = previewDelta({ size: 100, partial: 'lost' }, { content: 'p\nq\n', fullSize: 200 });
      assert.deepEqual(d.lines, ['p', 'q']);
      assert.equal(d.skippedBytes, 96);
    });

    it('a shorter log was written anew: it starts over', () => {
      const d = previewDelta({ size: 500, partial: 'x' }, { content: 'new\n', fullSize: 4 });
      assert.equal(d.restarted, true);
      assert.deepEqual(d.lines, ['new']);
    });

    it('counts bytes, not characters: a multi-byte line is cut exactly', () => {
      const first = previewDelta(undefined, { content: 'epoch 1 ✓\n', fullSize: Buffer.byteLength('epoch 1 ✓\n') });
      const content = 'epoch 1 ✓\nepoch 2 ✓ 损失\n';
      const next = previewDelta(first.state, { content, fullSize: Buffer.byteLength(content) });
      assert.deepEqual(next.lines, ['epoch 2 ✓ 损失']);
    });

    it('without a whole size, the content\'s own size is used', () => {
      const first = previewDelta(undefined, { content: 'a\n' });
      assert.deepEqual(previewDelta(first.state, { content: 'a\nb\n' }).lines, ['b']);
    });
  });
});
