/** The extension's log: one `LogOutputChannel` line per request and per error, never a secret. */
import type * as vscode from 'vscode';
import type { RequestLogEntry } from '../client/types';
import { describeError } from './describeError';

/** The part of `vscode.LogOutputChannel` the logger uses. */
export type LogSink = Pick<vscode.LogOutputChannel, 'info' | 'warn' | 'error' | 'show'>;

/** How many recent lines {@link Logger.lines} keeps (for the test API). */
const KEPT_LINES = 500;

/**
 * Writes to the "ModelArts" output channel and keeps the most recent lines in memory so that tests
 * can assert on them. Callers pass only secret-free values (the client's log entries and errors are).
 */
export class Logger {
  private readonly recent: string[] = [];

  constructor(private readonly sink: LogSink) {}

  /** The most recent lines, oldest first. */
  get lines(): readonly string[] {
    return this.recent;
  }

  /** One HTTP attempt: method, path, status and duration. */
  request(entry: RequestLogEntry): void {
    const status = entry.status === undefined ? 'no answer' : String(entry.status);
    const attempt = entry.attempt > 1 ? ` (attempt ${entry.attempt})` : '';
    const failure = entry.error ? `: ${entry.error}` : '';
    const line = `${entry.method} ${entry.path} ${status} ${Math.round(entry.durationMs)} ms${attempt}${failure}`;
    if (entry.error || (entry.status !== undefined && entry.status >= 400)) {
      this.warn(line);
    } else {
      this.info(line);
    }
  }

  info(message: string): void {
    this.keep(message);
    this.sink.info(message);
  }

  warn(message: string): void {
    this.keep(message);
    this.sink.warn(message);
  }

  /** An error with what was being done, e.g. `Loading training jobs failed: …`. */
  error(action: string, error: unknown): void {
    const line = `${action}: ${describeError(error)}`;
    this.keep(line);
    this.sink.error(line);
  }

  /** Reveals the output channel. */
  show(): void {
    this.sink.show(true);
  }

  private keep(line: string): void {
    this.recent.push(line);
    if (this.recent.length > KEPT_LINES) {
      this.recent.splice(0, this.recent.length - KEPT_LINES);
    }
  }
}
