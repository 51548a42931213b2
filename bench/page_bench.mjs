// page_bench.mjs - how long the dashboard takes to show a store: from
// navigation until its first complete paint of the view (the counts at the
// top, the map's points and clusters for every incident of the default view,
// the legend and the table's first page: the page sets body[data-ready]),
// and until the timeline of the whole store and the summary charts are drawn
// too (body[data-complete]). Usage:
//   node bench/page_bench.mjs URL RUNS [LIMIT_MS]
// Prints one line per load ("load N: first paint M ms, complete C ms (...)");
// the first is against the server as started (cold: nothing cached), the
// others are warm. With LIMIT_MS, exits 1 when the cold complete paint (the
// counts, map, legend, table, timeline and charts all drawn) is slower.
// Debian's chromium, headless, driven by playwright-core, as in tests/browser/page.mjs.
import { chromium } from 'playwright-core';

const [url, runsArg, limitArg] = process.argv.slice(2);
const runs = Number(runsArg || 3);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
         '--disable-component-update', '--no-first-run'],
});
let cold = null;
try {
  for (let i = 1; i <= runs; i++) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    const t0 = Date.now();
    await page.goto(url + '/', { waitUntil: 'load' });
    await page.waitForFunction(() => document.body.dataset.ready === '1', null, { timeout: 120000 });
    const paint = Date.now() - t0;
    await page.waitForFunction(() => document.body.dataset.complete === '1', null, { timeout: 120000 });
    const complete = Date.now() - t0;
    const info = await page.evaluate(() => ({
      counts: document.querySelector('#counts').textContent,
      rows: document.querySelectorAll('#table tbody tr').length,
      circles: document.querySelectorAll('#points circle').length,
      bars: document.querySelectorAll('#timeline rect.bar').length,
    }));
    if (i === 1) cold = complete;
    console.log(`load ${i}: first paint ${paint} ms, complete (timeline and charts too) ${complete} ms` +
      ` (${info.counts.split(';')[0]};` +
      ` ${info.circles} points and clusters, ${info.rows} table rows, ${info.bars} timeline months)`);
    await context.close();
  }
} finally {
  await browser.close();
}
if (limitArg) {
  const ok = cold !== null && cold <= Number(limitArg);
  console.log(`${ok ? 'ok' : 'not ok'} - the cold complete paint, timeline and charts included (${cold} ms),` +
    ` is within ${limitArg} ms`);
  process.exit(ok ? 0 : 1);
}
