/**
 * Reading an answer's body safely. node-fetch 2 pipes the `IncomingMessage` into the body stream
 * without passing errors on, so on Node 20 a connection that closes after the headers leaves
 * `response.text()` pending until the request's timeout, and it buffers an answer of any size. Here
 * the body is read with a byte cap, and the `IncomingMessage` itself (handed over by
 * {@link trackingAgent}) tells when the answer was cut off, at once.
 */
import type * as http from 'node:http';

/** Why a body could not be read whole. */
export type BodyFailure = 'too-large' | 'cut-off';

/** The body was larger than allowed, or the connection closed before it ended. */
export class BodyError extends Error {
  constructor(readonly failure: BodyFailure, readonly received: number) {
    super(failure === 'too-large' ? 'the answer is too large' : 'the answer was cut off');
    this.name = 'BodyError';
  }
}

/** `http.Agent` with its (undocumented, stable since Node 0.x) per-request hook. */
interface AgentWithHook extends http.Agent {
  addRequest(request: http.ClientRequest, options: unknown): void;
}

/**
 * An agent that behaves as `pool` (same sockets, same options) and hands every request it gets to
 * `onRequest` first. node-fetch calls the agent synchronously from `fetch()`, so the hook sees exactly
 * the request of that call.
 */
export function trackingAgent(pool: http.Agent, onRequest: (request: http.ClientRequest) => void): http.Agent {
  const agent = Object.create(pool) as AgentWithHook;
  agent.addRequest = (request, options) => {
    onRequest(request);
    (pool as AgentWithHook).addRequest(request, options);
  };
  return agent;
}

/**
 * Reads `body` (the stream node-fetch gives, decompressed) as UTF-8 text of at most `maxBytes`.
 * Rejects with {@link BodyError} `too-large` as soon as more arrives (or `Content-Length` says more
 * will), destroying the connection, and with `cut-off` as soon as `incoming` closes before its end;
 * with the stream's own error (an abort) otherwise.
 */
export function readBody(body: NodeJS.ReadableStream, incoming: http.IncomingMessage | undefined, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (error?: unknown): void => {
      if (settled) {
        return;
      }
      settled = true;
      body.removeListener('data', onData);
      body.removeListener('end', onEnd);
      body.removeListener('error', finish);
      incoming?.removeListener('aborted', onClose);
      incoming?.removeListener('close', onClose);
      if (error === undefined) {
        resolve(Buffer.concat(chunks).toString('utf8'));
        return;
      }
      if (error instanceof BodyError && error.failure === 'too-large') {
        incoming?.destroy();
      }
      reject(error);
    };
    const onData = (chunk: Buffer | string): void => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += bytes.length;
      if (size > maxBytes) {
        finish(new BodyError('too-large', size));
      } else {
        chunks.push(bytes);
      }
    };
    const onEnd = (): void => finish();
    const onClose = (): void => {
      if (incoming && !incoming.complete) {
        finish(new BodyError('cut-off', size));
      }
    };
    const declared = Number(incoming?.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      finish(new BodyError('too-large', 0));
      return;
    }
    body.on('data', onData);
    body.once('end', onEnd);
    body.once('error', finish);
    if (incoming) {
      incoming.once('aborted', onClose);
      incoming.once('close', onClose);
      if (incoming.destroyed) {
        onClose();
      }
    }
  });
}
