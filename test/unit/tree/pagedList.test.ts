/** PagedList (plain Node): one page at a time, single-flight, de-duplication, errors kept. */
import * as assert from 'node:assert/strict';
import { PagedList, type Page } from '../../../src/tree/pagedList';

/** A fetcher over `total` numbered items whose pages resolve only when the test says so. */
function manualFetcher(total: number) {
  const calls: number[] = [];
  const pending: { page: number; resolve: (p: Page<string>) => void; reject: (e: unknown) => void }[] = [];
  const fetch = (page: number, perPage: number) => new Promise<Page<string>>((resolve, reject) => {
    calls.push(page);
    pending.push({
      page,
      resolve: () => resolve({
        items: Array.from({ length: Math.max(0, Math.min(perPage, total - (page - 1) * perPage)) }, (_, i) => `item${(page - 1) * perPage + i}`),
        total,
      }),
      reject,
    });
  });
  return { calls, pending, fetch };
}

describe('PagedList', () => {
  it('starts empty and not started', () => {
    const list = new PagedList<string>(async () => ({ items: [], total: 0 }), 10, s => s);
    assert.equal(list.started, false);
    assert.equal(list.hasMore, false);
    assert.equal(list.nextPage, 1);
  });

  it('without a total, offers more while pages are full and stops at the first short page', async () => {
    const list = new PagedList<string>(async page => ({ items: page < 3 ? ['a', 'b'].map(x => `${x}${page}`) : ['last'], total: undefined }), 2, s => s);
    await list.loadNext();
    assert.equal(list.total, undefined);
    assert.equal(list.hasMore, true);
    await list.loadNext();
    assert.equal(list.hasMore, true);
    await list.loadNext();
    assert.equal(list.hasMore, false);
    assert.deepEqual(list.items, ['a1', 'b1', 'a2', 'b2', 'last']);
  });

  it('cancel() aborts the load in flight through the fetcher\'s signal', async () => {
    let seen: AbortSignal | undefined;
    const list = new PagedList<string>((_page, _perPage, signal) => new Promise((_resolve, reject) => {
      seen = signal;
      signal.addEventListener('abort', () => reject(new Error('aborted')));
    }), 10, s => s);
    const loading = list.loadNext();
    list.cancel();
    await loading;
    assert.equal(seen?.aborted, true);
    assert.ok(list.error instanceof Error);
  });

  it('makes one request for concurrent loadNext() calls and then moves to the next page', async () => {
    const f = manualFetcher(25);
    const list = new PagedList(f.fetch, 10, s => s);
    const a = list.loadNext();
    const b = list.loadNext();
    assert.equal(a, b, 'the same promise while in flight');
    assert.equal(list.loading, true);
    f.pending[0].resolve(undefined as never);
    await a;
    assert.deepEqual(f.calls, [1]);
    assert.equal(list.items.length, 10);
    assert.equal(list.total, 25);
    assert.equal(list.hasMore, true);
    assert.equal(list.nextPage, 2);
    const c = list.loadNext();
    f.pending[1].resolve(undefined as never);
    await c;
    const d = list.loadNext();
    f.pending[2].resolve(undefined as never);
    await d;
    assert.deepEqual(f.calls, [1, 2, 3]);
    assert.equal(list.items.length, 25);
    assert.equal(list.hasMore, false);
  });

  it('stops at a short page even when the total says more', async () => {
    const list = new PagedList<string>(async () => ({ items: ['a', 'b'], total: 99 }), 5, s => s);
    await list.loadNext();
    assert.equal(list.hasMore, false);
  });

  it('drops items already loaded when the pages shifted', async () => {
    const pages: Record<number, string[]> = { 1: ['a', 'b'], 2: ['b', 'c'] };
    const list = new PagedList<string>(async page => ({ items: pages[page], total: 4 }), 2, s => s);
    await list.loadNext();
    await list.loadNext();
    assert.deepEqual(list.items, ['a', 'b', 'c']);
  });

  it('keeps a failure in error (never rejects), keeps loaded items, and retries the same page', async () => {
    let fail = true;
    const calls: number[] = [];
    const list = new PagedList<string>(async page => {
      calls.push(page);
      if (page === 2 && fail) {
        throw new Error('boom');
      }
      return { items: [`p${page}a`, `p${page}b`], total: 6 };
    }, 2, s => s);
    await list.loadNext();
    await list.loadNext();
    assert.equal((list.error as Error).message, 'boom');
    assert.deepEqual(list.items, ['p1a', 'p1b']);
    assert.equal(list.nextPage, 2);
    fail = false;
    await list.loadNext();
    assert.equal(list.error, undefined);
    assert.deepEqual(list.items, ['p1a', 'p1b', 'p2a', 'p2b']);
    assert.deepEqual(calls, [1, 2, 2]);
  });

  it('counts a first page that failed as started, so the error is shown rather than loaded again', async () => {
    const list = new PagedList<string>(async () => { throw new Error('down'); }, 2, s => s);
    await list.loadNext();
    assert.equal(list.started, true);
    assert.equal(list.items.length, 0);
  });

  it('removes an item and lowers the total', async () => {
    const list = new PagedList<string>(async () => ({ items: ['a', 'b', 'c'], total: 3 }), 5, s => s);
    await list.loadNext();
    list.remove('b');
    assert.deepEqual(list.items, ['a', 'c']);
    assert.equal(list.total, 2);
  });

  /** A server list of `items` (mutable), served in pages, recording the pages asked for. */
  function serverList(items: string[]) {
    const calls: number[] = [];
    const fetch = async (page: number, perPage: number) => {
      calls.push(page);
      return { items: items.slice((page - 1) * perPage, page * perPage), total: items.length };
    };
    return { calls, fetch };
  }

  it('after a local removal, fetches the last loaded page again so the item that moved up is not skipped', async () => {
    const server = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    const s = serverList(server);
    const list = new PagedList<string>(s.fetch, 2, x => x);
    await list.loadNext();
    await list.loadNext();
    assert.deepEqual(list.items, ['a', 'b', 'c', 'd']);
    server.splice(server.indexOf('b'), 1);
    assert.equal(list.remove('b'), true);
    assert.equal(list.total, 6);
    assert.equal(list.remove('zz'), false, 'not loaded: nothing changes');
    assert.equal(list.nextPage, 3, 'the "Load more…" node still names page 3');
    await list.loadNext();
    assert.deepEqual(list.items, ['a', 'c', 'd', 'e', 'f', 'g'], 'e moved up into page 2 and is listed');
    assert.deepEqual(s.calls, [1, 2, 2, 3]);
    await list.loadNext();
    assert.deepEqual(s.calls, [1, 2, 2, 3, 4], 'afterwards one page per load again');
  });

  it('goes back as many pages as were removed from', async () => {
    const server = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    const s = serverList(server);
    const list = new PagedList<string>(s.fetch, 2, x => x);
    await list.loadNext();
    await list.loadNext();
    for (const gone of ['a', 'b', 'c']) {
      server.splice(server.indexOf(gone), 1);
      list.remove(gone);
    }
    await list.loadNext();
    assert.deepEqual(list.items, ['d', 'e', 'f', 'g', 'h']);
    assert.deepEqual(s.calls, [1, 2, 1, 2, 3]);
  });

  it('replaces a loaded item in place', async () => {
    const list = new PagedList<{ id: string; v: number }>(async () => ({ items: [{ id: 'a', v: 1 }, { id: 'b', v: 1 }], total: 2 }), 5, x => x.id);
    await list.loadNext();
    assert.equal(list.replace({ id: 'b', v: 2 }), true);
    assert.equal(list.replace({ id: 'c', v: 2 }), false);
    assert.deepEqual(list.items, [{ id: 'a', v: 1 }, { id: 'b', v: 2 }]);
  });

  it('ensurePage() loads every page up to the one asked for, once, even when called twice at once', async () => {
    const s = serverList(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    const list = new PagedList<string>(s.fetch, 2, x => x);
    await Promise.all([list.ensurePage(3), list.ensurePage(3)]);
    assert.deepEqual(s.calls, [1, 2, 3]);
    assert.deepEqual(list.items, ['a', 'b', 'c', 'd', 'e', 'f']);
    await list.ensurePage(2);
    assert.deepEqual(s.calls, [1, 2, 3], 'already loaded: nothing more');
    await list.ensurePage(9);
    assert.deepEqual(s.calls, [1, 2, 3, 4], 'stops when no more exist');
  });

  it('ensurePage() stops at a failure and keeps it in error', async () => {
    const calls: number[] = [];
    const list = new PagedList<string>(async page => {
      calls.push(page);
      if (page === 2) {
        throw new Error('down');
      }
      return { items: [`p${page}a`, `p${page}b`], total: 6 };
    }, 2, x => x);
    await list.ensurePage(3);
    assert.deepEqual(calls, [1, 2]);
    assert.equal((list.error as Error).message, 'down');
  });
});
