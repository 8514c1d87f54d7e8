/** npm start's token door (scripts/vscode/authProxy.ts) in front of a stand-in server on a unix socket. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { startAuthProxy, type AuthProxy } from '../../../scripts/vscode/authProxy';

function request(port: number, pathAndQuery: string, headers: http.OutgoingHttpHeaders = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: pathAndQuery, headers }, response => {
      let body = '';
      response.on('data', chunk => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    }).on('error', reject);
  });
}

describe('npm start: the token proxy in front of code-server', () => {
  let dir: string;
  let upstream: http.Server;
  let proxy: AuthProxy;
  let seen: string[];
  const token = 'T0k3n_for-the-test_0123456789abcd';

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'auth-proxy-'));
    const socketPath = path.join(dir, 's.sock');
    seen = [];
    upstream = http.createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`workbench at ${req.url}`);
    });
    upstream.on('upgrade', (req, socket) => {
      seen.push(`UPGRADE ${req.url}`);
      socket.end('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n');
    });
    await new Promise<void>(resolve => upstream.listen(socketPath, resolve));
    proxy = await startAuthProxy({ socketPath, port: 0, token });
  });

  after(async () => {
    await proxy.close();
    await new Promise(resolve => upstream.close(resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('prints a loopback URL that holds the token', () => {
    assert.equal(proxy.url, `http://127.0.0.1:${proxy.port}/?tkn=${token}`);
  });

  it('refuses requests without the token, or with a wrong one, and forwards none of them', async () => {
    seen.length = 0;
    assert.equal((await request(proxy.port, '/')).status, 401);
    assert.equal((await request(proxy.port, '/?tkn=wrong')).status, 401);
    assert.equal((await request(proxy.port, '/', { cookie: 'modelarts-start-token=wrong' })).status, 401);
    assert.deepEqual(seen, []);
  });

  it('turns the token into an HttpOnly cookie, drops it from the URL, then forwards', async () => {
    const first = await request(proxy.port, `/?folder=x&tkn=${token}`);
    assert.equal(first.status, 302);
    assert.equal(first.headers.location, '/?folder=x');
    const cookie = String(first.headers['set-cookie']);
    assert.match(cookie, /^modelarts-start-token=[^;]+; HttpOnly; SameSite=Strict; Path=\//);
    const page = await request(proxy.port, '/?folder=x', { cookie: cookie.split(';')[0] });
    assert.equal(page.status, 200);
    assert.equal(page.body, 'workbench at /?folder=x');
  });

  it('upgrades a WebSocket only with the cookie', async () => {
    const upgrade = (cookie?: string) => new Promise<number>((resolve, reject) => {
      const socket = net.connect(proxy.port, '127.0.0.1', () => {
        socket.write(['GET /socket HTTP/1.1', 'Host: 127.0.0.1', 'Connection: Upgrade', 'Upgrade: websocket',
          ...(cookie ? [`Cookie: ${cookie}`] : []), '', ''].join('\r\n'));
      });
      socket.once('data', data => { resolve(Number(/^HTTP\/1\.1 (\d+)/.exec(data.toString())?.[1])); socket.destroy(); });
      socket.on('error', reject);
    });
    seen.length = 0;
    assert.equal(await upgrade(), 401);
    assert.deepEqual(seen, []);
    assert.equal(await upgrade(`modelarts-start-token=${token}`), 101);
    assert.deepEqual(seen, ['UPGRADE /socket']);
  });
});
