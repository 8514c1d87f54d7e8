/**
 * The door in front of `npm start`'s VS Code. code-server's own authentication is a password page,
 * and without it any local user of a shared machine could open the workbench (and with it a shell as
 * this user). So code-server listens on a unix socket only its owner can open (mode 0600), and this
 * proxy on 127.0.0.1 lets a browser through only with a random token: the printed URL carries it once
 * (`?tkn=`), the proxy turns it into an HttpOnly cookie and redirects to the same page without it.
 * Every request and WebSocket upgrade without the cookie is refused.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import * as http from 'node:http';
import * as net from 'node:net';

/** The query parameter of the printed URL that carries the token. */
export const TOKEN_PARAM = 'tkn';

const COOKIE = 'modelarts-start-token';

/** A running proxy. */
export interface AuthProxy {
  /** `http://127.0.0.1:PORT/?tkn=TOKEN`: the URL to open (and print); it holds the token. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export interface AuthProxyOptions {
  /** The unix socket code-server listens on. */
  readonly socketPath: string;
  /** Port on 127.0.0.1; 0 lets the system pick one. */
  readonly port: number;
  /** Default: 24 random bytes. */
  readonly token?: string;
}

function same(a: string | undefined, b: string): boolean {
  if (a === undefined) {
    return false;
  }
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieOf(req: http.IncomingMessage): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === COOKIE) {
      return value.join('=');
    }
  }
  return undefined;
}

const REFUSED = '<!doctype html><title>Token needed</title><p>This VS Code was started by <code>npm start</code> and is protected: ' +
  'open the URL that <code>npm start</code> printed (it holds a token).</p>';

/** Starts the proxy on 127.0.0.1 in front of `socketPath`. */
export async function startAuthProxy(options: AuthProxyOptions): Promise<AuthProxy> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const sockets = new Set<net.Socket>();

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.searchParams.has(TOKEN_PARAM)) {
      if (!same(url.searchParams.get(TOKEN_PARAM) ?? undefined, token)) {
        res.writeHead(401, { 'content-type': 'text/html' }).end(REFUSED);
        return;
      }
      url.searchParams.delete(TOKEN_PARAM);
      res.writeHead(302, {
        'set-cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        location: `${url.pathname}${url.search}`,
        'cache-control': 'no-store',
      }).end();
      return;
    }
    if (!same(cookieOf(req), token)) {
      res.writeHead(401, { 'content-type': 'text/html' }).end(REFUSED);
      return;
    }
    const upstream = http.request({ socketPath: options.socketPath, method: req.method, path: req.url, headers: req.headers }, answer => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => {
      if (!res.headersSent) {
        res.writeHead(502).end();
      } else {
        res.destroy();
      }
    });
    req.pipe(upstream);
  });

  server.on('upgrade', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    if (!same(cookieOf(req), token)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    const upstream = net.connect(options.socketPath, () => {
      const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      }
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      upstream.write(head);
      socket.pipe(upstream).pipe(socket);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('close', () => upstream.destroy());
  });
  server.on('connection', socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?${TOKEN_PARAM}=${token}`,
    port,
    close: () => new Promise(resolve => {
      for (const socket of sockets) {
        socket.destroy();
      }
      server.close(() => resolve());
    }),
  };
}
