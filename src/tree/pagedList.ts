/** A paged list of children that loads one page at a time, never two at once. */

/** One page as the API returned it. */
export interface Page<T> {
  readonly items: readonly T[];
  /** How many items exist in all (`job_total_count`, `version_count`). */
  readonly total: number;
}

/** Fetches page `page` (1-based) of `perPage` items. */
export type PageFetcher<T> = (page: number, perPage: number) => Promise<Page<T>>;

/**
 * The loaded pages of one parent's children. `loadNext()` is single-flight: while a page is loading,
 * every call returns the same promise, so a double click on "Load more…" sends one request. Items
 * are de-duplicated by key, since a job created between two page requests shifts the pages.
 */
export class PagedList<T> {
  private readonly loaded: T[] = [];
  private readonly keys = new Set<string>();
  private pagesLoaded = 0;
  private knownTotal?: number;
  private lastPageShort = false;
  private inFlight?: Promise<void>;
  private lastError?: unknown;

  constructor(
    private readonly fetchPage: PageFetcher<T>,
    readonly perPage: number,
    private readonly keyOf: (item: T) => string,
  ) {}

  /** The items loaded so far, in the API's order. */
  get items(): readonly T[] {
    return this.loaded;
  }

  /** The total the API last reported, if any page has loaded. */
  get total(): number | undefined {
    return this.knownTotal;
  }

  /** The error of the last load, cleared when a load succeeds. */
  get error(): unknown {
    return this.lastError;
  }

  /** True once the first page has been attempted (loaded or failed). */
  get started(): boolean {
    return this.pagesLoaded > 0 || this.lastError !== undefined;
  }

  /** True while a page is loading. */
  get loading(): boolean {
    return this.inFlight !== undefined;
  }

  /** The page the next `loadNext()` fetches. */
  get nextPage(): number {
    return this.pagesLoaded + 1;
  }

  /** True when more items exist than are loaded (and the last page was full). */
  get hasMore(): boolean {
    return this.knownTotal !== undefined && !this.lastPageShort && this.loaded.length < this.knownTotal;
  }

  /** Loads the next page; resolves (never rejects) once it is loaded or has failed into `error`. */
  loadNext(): Promise<void> {
    if (!this.inFlight) {
      this.inFlight = this.fetchNext().finally(() => {
        this.inFlight = undefined;
      });
    }
    return this.inFlight;
  }

  /** Removes an item (say, a version confirmed deleted) without reloading. */
  remove(key: string): void {
    const index = this.loaded.findIndex(item => this.keyOf(item) === key);
    if (index >= 0) {
      this.loaded.splice(index, 1);
      this.keys.delete(key);
      if (this.knownTotal !== undefined) {
        this.knownTotal = Math.max(0, this.knownTotal - 1);
      }
    }
  }

  private async fetchNext(): Promise<void> {
    const page = this.pagesLoaded + 1;
    try {
      const result = await this.fetchPage(page, this.perPage);
      for (const item of result.items) {
        const key = this.keyOf(item);
        if (!this.keys.has(key)) {
          this.keys.add(key);
          this.loaded.push(item);
        }
      }
      this.pagesLoaded = page;
      this.knownTotal = result.total;
      this.lastPageShort = result.items.length < this.perPage;
      this.lastError = undefined;
    } catch (error) {
      this.lastError = error;
    }
  }
}
