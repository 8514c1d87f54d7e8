/**
 * `npm run screenshots`: the README's screenshots, from the UI suite's (test-results/ui, written by
 * `npm test` or `npm run test:ui`), as JPEGs in media/screenshots: the workbench as a user sees it,
 * small enough to ship in the .vsix. Run it after the UI suite and commit the images.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { launchChromium } from './vscode/chromium';

const ROOT = path.resolve(__dirname, '..', '..');
/** The width they are shown at (the suite's are 1280 px): readable, and small enough to ship. */
const WIDTH = 1024;

/** Which UI-suite screenshot becomes which README image. */
export const README_SCREENSHOTS: readonly { readonly from: string; readonly to: string }[] = [
  { from: 'v2jobs/02-v2-context-menu.png', to: 'tree-and-menu.jpg' },
  { from: 'follow/05-scrolled-up.png', to: 'follow-log.jpg' },
  { from: 'live/04-compare-diff.png', to: 'compare.jpg' },
  { from: 'connections/03-delete-confirmation-names-connection.png', to: 'connections.jpg' },
];

async function main(): Promise<void> {
  const missing = README_SCREENSHOTS.filter(s => !fs.existsSync(path.join(ROOT, 'test-results', 'ui', s.from)));
  if (missing.length > 0) {
    throw new Error(`Run the UI suite first (npm run test:ui): missing ${missing.map(s => s.from).join(', ')}.`);
  }
  const out = path.join(ROOT, 'media', 'screenshots');
  fs.mkdirSync(out, { recursive: true });
  const browser = await launchChromium({ width: 1280, height: 800 });
  try {
    for (const shot of README_SCREENSHOTS) {
      const png = fs.readFileSync(path.join(ROOT, 'test-results', 'ui', shot.from));
      await browser.page.setContent(`<html><body style="margin:0"><img style="display:block;width:${WIDTH}px" src="data:image/png;base64,${png.toString('base64')}"></body></html>`);
      const jpeg = await browser.page.locator('img').screenshot({ type: 'jpeg', quality: 55 });
      fs.writeFileSync(path.join(out, shot.to), jpeg);
      process.stdout.write(`media/screenshots/${shot.to}: ${Math.round(jpeg.length / 1024)} KB (from ${shot.from})\n`);
    }
  } finally {
    await browser.close();
    fs.rmSync(browser.profileDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
