/**
 * Child process of the activation benchmark: a fresh Node process (like a fresh extension host) that
 * installs the `vscode` stand-in, then times `require()` of the extension's entry and `activate()`,
 * counting every socket the process opens meanwhile. Prints one JSON line.
 *
 * Usage: node activationProbe.js <entry.js> <extensionPath>; settings and secrets come as JSON in
 * BENCH_SETTINGS and BENCH_SECRETS.
 */
import * as net from 'node:net';
import { createFakeVscode, installVscodeModule } from './fakeVscode';

/** What one probe run reports. */
export interface ProbeResult {
  readonly loadMs: number;
  readonly activateMs: number;
  /** Sockets opened from the start of `require()` until `activate()` settled. */
  readonly socketsDuringActivation: number;
  /** Sockets opened in the idle time after activation (deferred work started by activate). */
  readonly socketsAfterIdle: number;
  readonly commands: number;
  readonly treeViews: number;
  readonly apiCalls: number;
  readonly missing: string[];
  readonly error?: string;
}

/** How long to stay idle after `activate()` to catch requests it deferred (a timer, a promise chain). */
const IDLE_MS = 300;

async function main(): Promise<void> {
  const [entry, extensionPath] = process.argv.slice(2);
  let sockets = 0;
  const realConnect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    sockets++;
    return (realConnect as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof realConnect;

  const fake = createFakeVscode({
    extensionPath,
    settings: JSON.parse(process.env.BENCH_SETTINGS ?? '{}') as Record<string, unknown>,
    secrets: JSON.parse(process.env.BENCH_SECRETS ?? '{}') as Record<string, string>,
  });
  installVscodeModule(fake.api);

  const t0 = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const extension = require(entry) as { activate(context: unknown): unknown };
  const t1 = performance.now();
  await extension.activate(fake.context);
  const t2 = performance.now();
  const socketsDuringActivation = sockets;
  await new Promise(resolve => setTimeout(resolve, IDLE_MS));

  const result: ProbeResult = {
    loadMs: t1 - t0,
    activateMs: t2 - t1,
    socketsDuringActivation,
    socketsAfterIdle: sockets - socketsDuringActivation,
    commands: fake.commands.size,
    treeViews: fake.treeDataProviders.size,
    apiCalls: fake.calls.length,
    missing: [...fake.missing],
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  // Whatever activation left running (timers, watchers) must not keep the probe alive.
  process.exit(0);
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  process.stdout.write(`${JSON.stringify({ error: message })}\n`);
  process.exit(1);
});
