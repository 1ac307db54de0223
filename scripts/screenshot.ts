// Takes the README's screenshot of a running wall: `npx tsx scripts/screenshot.ts [url] [out.png]`.
// Uses the browser tests' Chromium set-up; waits for the wall's own readiness flag.
import { launchBrowser, waitForReady } from '../test/browser/harness.ts';

const url = process.argv[2] ?? 'http://127.0.0.1:8080/?diag=1';
const out = process.argv[3] ?? 'docs/screenshot.png';
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  await page.goto(url);
  await waitForReady(page, 600_000);
  await page.waitForTimeout(8000); // let live markers and cones arrive and settle
  await page.screenshot({ path: out, type: 'png' });
  console.log(`screenshot: ${out}`);
} finally {
  await browser.close();
}
