// live.mjs - the live map in a real browser (Debian's chromium, headless,
// playwright-core): a page open on a store sees incidents appear that a
// writer stores while it is open, without a reload. Usage:
//   node tests/browser/live.mjs URL ARTIFACT_DIR NAME COMMAND
// COMMAND (run with bash once the page is live) makes a writer store new
// reports: an ingest, or a feed poll. Prints TAP lines; exits 1 when a check
// fails. Checks: the page starts asking /api/changes (live=1: every second);
// after COMMAND, without a reload, the status line names the new incidents
// (those /api/changes gives for the store since the page opened), each is a
// row of the table marked new and, when it has a point, a ring on the map;
// the counts at the top grow by as many as are in the view; no console or
// page error and nothing fetched from elsewhere. A screenshot goes to
// ARTIFACT_DIR/NAME-live.png.
import { execFileSync } from 'node:child_process';
import { launch, tap } from './harness.mjs';

const [url, artifacts, name = 'live', command] = process.argv.slice(2);
const { ok, watch, finish } = tap(name);
const api = async (path) => (await fetch(url + path)).json();

const browser = await launch();
try {
  const page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
  watch(page, url);
  const start = (await api('/api/changes')).cursor;
  await page.goto(url + '/?live=1', { waitUntil: 'load' });
  await page.waitForFunction(() => document.body.dataset.ready === '1' && document.body.dataset.live === '1',
    null, { timeout: 30000 });
  const before = await page.evaluate(() => {
    window.liveMarker = 'not reloaded'; // (gone if the page reloads)
    return { total: Number(document.querySelector('#counts').dataset.total || 0),
      rows: [...document.querySelectorAll('#table tbody tr')].map((tr) => tr.dataset.id) };
  });
  const asked = page.waitForRequest((r) => r.url().includes('/api/changes?') && r.url().includes('after='),
    { timeout: 10000 }).then(() => true, () => false);
  ok(await asked, 'the open page asks /api/changes for what changed after its cursor');

  execFileSync('bash', ['-c', command], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 120000 });
  const changed = (await api(`/api/changes?after=${start}&limit=500`)).incidents
    .filter((inc) => !before.rows.includes(inc.id));
  ok(changed.length > 0, `the command stored new incidents (${changed.map((i) => i.id).join(' ')})`);

  const shown = await page.waitForFunction((ids) => {
    const said = (document.querySelector('#live').dataset.news || '').split(' ');
    return ids.every((id) => said.includes(id)) && document.body.dataset.ready === '1';
  }, changed.map((i) => i.id), { timeout: 30000 }).then(() => true, () => false);
  const after = await page.evaluate(() => ({
    marker: window.liveMarker,
    status: document.querySelector('#live').textContent,
    total: Number(document.querySelector('#counts').dataset.total || 0),
    rows: [...document.querySelectorAll('#table tbody tr')].map((tr) => ({ id: tr.dataset.id, cls: tr.className })),
    rings: [...document.querySelectorAll('#points .live-ring')].map((c) => c.dataset.id),
  }));
  ok(shown, `the status line names them without a reload: "${after.status}"`, after.status);
  ok(after.marker === 'not reloaded', 'the page was not reloaded');
  const rowOf = (id) => after.rows.find((r) => r.id === id);
  ok(changed.every((inc) => rowOf(inc.id) && rowOf(inc.id).cls.split(' ').includes('new')),
    'each new incident is a row of the table, marked new', JSON.stringify(after.rows.slice(0, 5)));
  const placed = changed.filter((inc) => inc.location && typeof inc.location.lat === 'number');
  ok(placed.every((inc) => after.rings.includes(inc.id)),
    `a ring on the map at each new incident with a point (${placed.length})`, JSON.stringify(after.rings));
  ok(after.total === before.total + changed.length,
    `the counts grew by the new incidents: ${before.total} -> ${after.total}`);
  await page.screenshot({ path: `${artifacts}/${name}-live.png`, fullPage: true });
} catch (e) {
  ok(false, 'the browser test ran to the end', e.stack || e.message);
} finally {
  await finish(browser);
}
