/**
 * A minimal event emitter with VS Code's `Event` shape (`event(listener)` returns a disposable), for
 * the modules that must run in plain Node too (src/actions): `vscode.EventEmitter` needs VS Code.
 */

/** Subscribes `listener`; the result unsubscribes it. */
export type Event<T> = (listener: (value: T) => void) => { dispose(): void };

export class Emitter<T> {
  private listeners = new Set<(value: T) => void>();
  private disposed = false;

  /** What listeners subscribe with. */
  readonly event: Event<T> = listener => {
    if (this.disposed) {
      return { dispose: () => undefined };
    }
    const own = (value: T): void => listener(value);
    this.listeners.add(own);
    return { dispose: () => this.listeners.delete(own) };
  };

  /** Calls every listener with `value`; one that throws does not keep the others from hearing it. */
  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (error) {
        queueMicrotask(() => { throw error; });
      }
    }
  }

  dispose(): void {
    this.disposed = true;
    this.listeners.clear();
  }
}
