/**
 * Answers a hostile or broken server can give, each against a real loopback server: a body cut off
 * after its headers, a body of hundreds of megabytes, and redirects that would carry the token or the
 * security token to another host. The client must fail at once with a typed error and follow nothing.
 */
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError, InvalidResponseError, NetworkError, type ModelArtsClient } from '../../../src/client';
import { startEmulator, type Emulator } from '../../fixtures/emulator';
import { clientFor, rejectsWith, tcpServer, type AuthMode, type LoopbackServer } from './clientFixtures';

/** A server that answers each request with headers announcing `length` bytes, sends `sent` of them, and closes. */
function cutOffServer(length: number, sent: number): Promise<LoopbackServer> {
  return tcpServer(socket => {
    socket.once('data', () => {
      socket.write(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${length}\r\n\r\n`);
      socket.write(`{"jobs":[${' '.repeat(Math.max(0, sent - 9))}`);
      setTimeout(() => socket.destroy(), 20);
    });
  });
}

/** An HTTP server whose every answer streams `totalBytes` of JSON; records how much it could write. */
async function hugeServer(totalBytes: number, declareLength: boolean): Promise<{ url: string; written: () => number; close(): Promise<void> }> {
  let written = 0;
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', ...(declareLength ? { 'content-length': String(totalBytes) } : {}) });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const pump = (): void => {
      while (written < totalBytes) {
        written += chunk.length;
        if (!res.write(chunk)) {
          res.once('drain', pump);
          return;
        }
      }
      res.end();
    };
    res.on('error', () => undefined);
    pump();
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    written: () => written,
    close: () => new Promise(resolve => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

describe('client against hostile and broken answers', () => {
  let emulator: Emulator;
  let extra: { close(): Promise<void> } | undefined;

  beforeEach(async () => {
    emulator = await startEmulator();
  });

  afterEach(async () => {
    await extra?.close();
    extra = undefined;
    await emulator.close();
  });

  /** A client whose ModelArts endpoint is `url`, with a 30 s timeout (the default) and fast retries. */
  const clientAt = (url: string, mode: AuthMode = 'aksk'): ModelArtsClient =>
    clientFor(emulator, mode, { endpoint: url, timeoutMs: 30_000 }).client;

  describe('a body cut off after the headers (the connection closes mid-transfer)', () => {
    it('fails a GET at once with NetworkError(cut-off), not after the 30 s timeout', async () => {
      const server = await cutOffServer(10_000, 100);
      extra = server;
      const started = Date.now();
      const err = await rejectsWith(clientAt(server.url).listJobs(), NetworkError);
      assert.equal(err.failure, 'cut-off');
      assert.match(err.message, /the connection closed after \d+ bytes of the answer \(HTTP 200\), before it ended/);
      assert.ok(Date.now() - started < 5_000, `took ${Date.now() - started} ms`);
    });

    it('fails a DELETE at once, sent once, saying the deletion may or may not have happened', async () => {
      const server = await cutOffServer(10_000, 100);
      extra = server;
      const started = Date.now();
      const err = await rejectsWith(clientAt(server.url).deleteVersion('1', '2'), NetworkError);
      assert.equal(err.failure, 'cut-off');
      assert.equal(err.beforeSend, false);
      assert.match(err.message, /may or may not have been applied: refresh to check before trying again/);
      assert.equal(server.connections, 1, 'never sent again');
      assert.ok(Date.now() - started < 5_000);
    });
  });

  describe('an answer of hundreds of megabytes', () => {
    for (const declared of [true, false]) {
      it(`is refused with InvalidResponseError after at most the cap, without buffering it (Content-Length ${declared ? 'sent' : 'absent'})`, async () => {
        const server = await hugeServer(300 * 1024 * 1024, declared);
        extra = server;
        const heapBefore = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
        const err = await rejectsWith(clientAt(server.url).listJobs(), InvalidResponseError);
        assert.match(err.message, /answered HTTP 200 with more than 8 MB, more than any ModelArts answer; it was not read/);
        const grown = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers - heapBefore;
        assert.ok(grown < 64 * 1024 * 1024, `memory grew by ${Math.round(grown / 1024 / 1024)} MB`);
        await new Promise(resolve => setTimeout(resolve, 50));
        assert.ok(server.written() < 100 * 1024 * 1024, `the server could still write ${Math.round(server.written() / 1024 / 1024)} MB`);
      });
    }
  });

  describe('redirects are never followed, so no token or signature goes to another host', () => {
    let target: LoopbackServer;

    /** A server that redirects every request (307 keeps the method and headers) to `target`. */
    async function redirector(): Promise<string> {
      const server = http.createServer((req, res) => res.writeHead(307, { location: `${target.url}${req.url ?? '/'}` }).end());
      await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
      extra = { close: () => new Promise(resolve => { server.closeAllConnections(); server.close(() => resolve()); }) };
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    }

    beforeEach(async () => {
      target = await tcpServer(socket => socket.destroy());
    });

    afterEach(async () => {
      await target.close();
    });

    const cases: { what: string; run: (url: string) => Promise<unknown> }[] = [
      { what: 'a ModelArts GET (list jobs)', run: url => clientAt(url).listJobs() },
      { what: 'a ModelArts DELETE', run: url => clientAt(url).deleteVersion('1', '2') },
      { what: 'a ModelArts POST (stop)', run: url => clientAt(url).stopVersion('1', '2') },
      { what: 'a ModelArts GET with a temporary key (X-Security-Token)', run: url => clientAt(url, 'temporary').listJobs() },
      { what: 'the IAM sign-in (POST /v3/auth/tokens)', run: url => clientFor(emulator, 'password', { iamEndpoint: url, projectId: undefined }).client.listJobs() },
      { what: 'the IAM project look-up (GET /v3/projects)', run: url => clientFor(emulator, 'aksk', { iamEndpoint: url, projectId: undefined }).client.listJobs() },
      {
        what: 'a ModelArts GET with an IAM token (X-Auth-Token)',
        run: async url => {
          const { client } = clientFor(emulator, 'password', { endpoint: url });
          return client.listJobs();
        },
      },
    ];
    for (const c of cases) {
      it(c.what, async () => {
        const url = await redirector();
        const err = await rejectsWith(c.run(url) as Promise<unknown>, ApiError);
        assert.match(err.message, /unexpected redirect \(HTTP 307\); redirects are not followed/);
        assert.equal(target.connections, 0, 'the redirect target was never contacted');
      });
    }
  });
});
