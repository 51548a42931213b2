// page_bench.mjs - how long the dashboard takes to show a store: from
// navigation until the map has drawn a point for each located incident of the
// first page and the timeline its bars. Usage: node bench/page_bench.mjs URL RUNS
// Prints one line per load ("load N: M ms"); the first is against the
// server as started (cold: nothing cached), the others are warm. Debian's
// chromium, headless, driven by playwright-core, as in tests/browser/page.mjs.
import { chromium } from 'playwright-core';

const [url, runsArg] = process.argv.slice(2);
const runs = Number(runsArg || 3);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
         '--disable-component-update', '--no-first-run'],
});
try {
  for (let i = 1; i <= runs; i++) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    const t0 = Date.now();
    await page.goto(url + '/', { waitUntil: 'load' });
    // the first page of incidents, as the page itself asks for it, then its points
    await page.waitForFunction(() => document.querySelectorAll('#table tbody tr').length > 0, null,
      { timeout: 120000 });
    await page.waitForFunction(() => document.querySelectorAll('#points circle').length > 0 &&
      document.querySelectorAll('#timeline rect.bar').length > 0, null, { timeout: 120000 });
    const ms = Date.now() - t0;
    const rows = await page.locator('#table tbody tr').count();
    const points = await page.locator('#points circle').count();
    const bars = await page.locator('#timeline rect.bar').count();
    console.log(`load ${i}: ${ms} ms (${rows} table rows, ${points} points, ${bars} timeline bars)`);
    await context.close();
  }
} finally {
  await browser.close();
}
