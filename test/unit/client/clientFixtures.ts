/**
 * Shared helpers of the client tests: clients wired to the emulator for each kind of credentials,
 * loopback servers for what the emulator cannot do (refused ports, silent servers), and an
 * assertion helper for typed errors.
 */
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { ModelArtsClient, type ClientConfig, type Credentials, type RequestLogEntry } from '../../../src/client';
import type { Emulator } from '../../fixtures/emulator';

/** The three ways the client authenticates. */
export type AuthMode = 'aksk' | 'temporary' | 'password';

export const AUTH_MODES: readonly AuthMode[] = ['aksk', 'temporary', 'password'];

/** Tiny retry delays so that retried tests stay fast. */
export const FAST_RETRY = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 } as const;

/** The emulator's accepted credentials of the given kind. */
export function credentialsFor(emulator: Emulator, mode: AuthMode): Credentials {
  const c = emulator.credentials;
  switch (mode) {
    case 'aksk':
      return { kind: 'aksk', accessKey: c.accessKey, secretKey: c.secretKey };
    case 'temporary':
      return { kind: 'aksk', accessKey: c.temporary.accessKey, secretKey: c.temporary.secretKey, securityToken: c.temporary.securityToken };
    case 'password':
      return { kind: 'password', userName: c.userName, password: c.password, domainName: c.domainName };
  }
}

/** A client of the emulator; `log` entries are collected in the returned array. */
export function clientFor(
  emulator: Emulator, mode: AuthMode = 'aksk', overrides: Partial<ClientConfig> = {},
): { client: ModelArtsClient; log: RequestLogEntry[] } {
  const log: RequestLogEntry[] = [];
  const client = new ModelArtsClient({
    endpoint: emulator.url,
    iamEndpoint: emulator.url,
    region: emulator.region,
    projectId: emulator.projectId,
    credentials: credentialsFor(emulator, mode),
    retry: FAST_RETRY,
    clientVersion: '1.2.3-test',
    log: entry => log.push(entry),
    ...overrides,
  });
  return { client, log };
}

/**
 * Awaits a rejection of the given class and returns the error for further checks.
 */
export async function rejectsWith<T extends Error>(promise: Promise<unknown>, type: abstract new (...args: never[]) => T): Promise<T> {
  let caught: unknown;
  try {
    await promise;
  } catch (err) {
    caught = err;
  }
  assert.ok(caught !== undefined, `expected a ${type.name}, but the call succeeded`);
  assert.ok(caught instanceof type, `expected a ${type.name}, got ${String(caught)}`);
  return caught;
}

/** A loopback port with nothing listening on it (bound once, then released). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>(resolve => server.close(() => resolve()));
  return port;
}

/** A TCP server on loopback, with the connections it accepted. */
export interface LoopbackServer {
  readonly port: number;
  readonly url: string;
  connections: number;
  close(): Promise<void>;
}

/** Starts a TCP server on 127.0.0.1 that handles each accepted socket with `onSocket`. */
export async function tcpServer(onSocket: (socket: net.Socket) => void, port = 0): Promise<LoopbackServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer(socket => {
    result.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    onSocket(socket);
  });
  await new Promise<void>(resolve => server.listen(port, '127.0.0.1', resolve));
  const bound = (server.address() as net.AddressInfo).port;
  const result: LoopbackServer = {
    port: bound,
    url: `http://127.0.0.1:${bound}`,
    connections: 0,
    close: () => new Promise<void>(resolve => {
      for (const s of sockets) {
        s.destroy();
      }
      server.close(() => resolve());
    }),
  };
  return result;
}

/** A server that accepts connections and reads requests but never answers. */
export function silentServer(): Promise<LoopbackServer> {
  return tcpServer(socket => socket.resume());
}

/** A TCP proxy from a port of 127.0.0.1 to `targetPort`. */
export function proxyTo(targetPort: number, port: number): Promise<LoopbackServer> {
  return tcpServer(socket => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    upstream.on('error', () => socket.destroy());
    socket.on('close', () => upstream.destroy());
    socket.pipe(upstream).pipe(socket);
  }, port);
}
