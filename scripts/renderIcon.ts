/**
 * `npm run icon`: renders the Marketplace icon, media/icon.svg, to the 128×128 PNG the manifest names
 * (media/icon.png), with the headless chromium the UI tests use. Run it after changing the SVG and
 * commit both.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { launchChromium } from './vscode/chromium';

const ROOT = path.resolve(__dirname, '..', '..');

async function main(): Promise<void> {
  const svg = fs.readFileSync(path.join(ROOT, 'media', 'icon.svg'), 'utf8');
  const browser = await launchChromium({ width: 128, height: 128 });
  try {
    await browser.page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
    const png = await browser.page.locator('svg').screenshot({ omitBackground: true, type: 'png' });
    fs.writeFileSync(path.join(ROOT, 'media', 'icon.png'), png);
    process.stdout.write(`media/icon.png: ${png.length} bytes\n`);
  } finally {
    await browser.close();
    fs.rmSync(browser.profileDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
