/**
 * Headless Debian chromium driven by playwright-core, with a fresh profile per run. The profile holds
 * the web workbench's browser-side state (including its encrypted SecretStorage), so secret scans
 * include it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BrowserContext, Page, chromium } from 'playwright-core';
import { CHROMIUM, makeRunDir } from './runtime';

/** A running browser with one page. */
export interface Browser {
  readonly context: BrowserContext;
  readonly page: Page;
  /** The browser profile (user data) folder. */
  readonly profileDir: string;
  /** Closes the browser; its profile stays until the caller removes it. Idempotent. */
  close(): Promise<void>;
}

/** Launches chromium with an empty profile (under `profileDir`, default a fresh run folder). */
export async function launchChromium(options: { profileDir?: string; width?: number; height?: number } = {}): Promise<Browser> {
  const profileDir = options.profileDir ?? makeRunDir('br-');
  fs.mkdirSync(profileDir, { recursive: true });
  const tmp = path.join(profileDir, 't');
  fs.mkdirSync(tmp, { recursive: true });
  const context = await chromium.launchPersistentContext(path.join(profileDir, 'profile'), {
    executablePath: CHROMIUM,
    env: { ...process.env, TMPDIR: tmp },
    headless: true,
    viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-dev-shm-usage'],
  });
  const page = context.pages()[0] ?? await context.newPage();
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= context.close().catch(() => undefined);
    return closing;
  };
  return { context, page, profileDir, close };
}
