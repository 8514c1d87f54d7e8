/** fetchEmulatorInfo (plain Node, src/client/emulatorInfo.ts) against the real emulator. */
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigurationError, InvalidResponseError, NetworkError } from '../../../src/client/errors';
import { fetchEmulatorInfo, loopbackOrigin } from '../../../src/client/emulatorInfo';
import { startEmulator, type Emulator } from '../../fixtures/emulator';

describe('fetchEmulatorInfo', () => {
  let emulator: Emulator;

  before(async () => {
    emulator = await startEmulator();
  });

  after(async () => {
    await emulator.close();
  });

  it('reads the region, project and demo AK/SK of a running emulator', async () => {
    const info = await fetchEmulatorInfo(`${emulator.url}/`);
    assert.deepEqual(info, {
      url: emulator.url,
      region: emulator.region,
      projectId: emulator.projectId,
      credentials: { accessKey: emulator.credentials.accessKey, secretKey: emulator.credentials.secretKey },
    });
  });

  it('accepts only loopback URLs, sending nothing otherwise', async () => {
    emulator.clearRequests();
    assert.equal(loopbackOrigin('http://localhost:8080/x'), 'http://localhost:8080');
    assert.equal(loopbackOrigin('http://[::1]:8080'), 'http://[::1]:8080');
    for (const url of ['http://example.com:8080', 'http://10.0.0.1', 'file:///etc/passwd', 'not a url']) {
      await assert.rejects(fetchEmulatorInfo(url), ConfigurationError, url);
    }
    assert.equal(emulator.requests.length, 0);
  });

  it('accepts exactly 127.0.0.1, [::1] and localhost, not the rest of 127.0.0.0/8', async () => {
    for (const url of ['http://127.0.0.2:8080', 'http://127.1.1.1:8080']) {
      await assert.rejects(fetchEmulatorInfo(url), ConfigurationError, url);
    }
  });

  it('follows no redirect: the stored credentials could otherwise come from another origin', async () => {
    const elsewhere = await startEmulator();
    const redirector = http.createServer((_req, res) => res.writeHead(302, { location: `${elsewhere.url}/emulator/info` }).end());
    await new Promise<void>(resolve => redirector.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = redirector.address() as AddressInfo;
      await assert.rejects(fetchEmulatorInfo(`http://127.0.0.1:${port}`),
        (e: unknown) => e instanceof InvalidResponseError && /redirect \(HTTP 302\), which is not followed/.test(e.message));
      assert.equal(elsewhere.requests.length, 0, 'the redirect target was never asked');
    } finally {
      await new Promise(resolve => redirector.close(resolve));
      await elsewhere.close();
    }
  });

  it('refuses an answer larger than an emulator\'s info could be', async () => {
    const huge = JSON.stringify({ region: 'eu-de', projectId: 'p', credentials: { accessKey: 'a', secretKey: 's' }, padding: 'x'.repeat(1024 * 1024) });
    const server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(huge));
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      await assert.rejects(fetchEmulatorInfo(`http://127.0.0.1:${port}`),
        (e: unknown) => e instanceof InvalidResponseError && /more than 64 KB/.test(e.message));
    } finally {
      await new Promise(resolve => server.close(resolve));
    }
  });

  it('says what is wrong when nothing listens or the answer is not an emulator\'s', async () => {
    const closed = await startEmulator();
    const url = closed.url;
    await closed.close();
    await assert.rejects(fetchEmulatorInfo(url), (e: unknown) => e instanceof NetworkError && /GET \/emulator\/info/.test(e.message));
    const server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>not json</html>'));
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      await assert.rejects(fetchEmulatorInfo(`http://127.0.0.1:${port}`),
        (e: unknown) => e instanceof InvalidResponseError && /did not answer JSON/.test(e.message));
    } finally {
      await new Promise(resolve => server.close(resolve));
    }
  });
});
