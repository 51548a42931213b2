// page.mjs - the dashboard in a real browser: Debian's chromium, headless,
// driven by playwright-core. Usage: node tests/browser/page.mjs URL ARTIFACT_DIR
// Prints TAP lines; exits 1 when a check fails. Checks: the map draws a point
// for every incident with coordinates the API lists, the timeline draws the
// API's months, the table lists the incidents; a click on a point opens the
// incident with its reports and evidence highlighted; brushing the timeline
// keeps only incidents of the brushed months in the table; no console error
// or page error at any time; a screenshot is saved.
import { chromium } from 'playwright-core';

const [url, artifacts] = process.argv.slice(2);
let n = 0, failed = 0;
const ok = (cond, desc, info) => {
  n++;
  if (cond) console.log(`ok ${n} - ${desc}`);
  else { failed++; console.log(`not ok ${n} - ${desc}`); if (info) console.log(`#   ${String(info).slice(0, 400)}`); }
};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
         '--disable-component-update', '--no-first-run'],
});
const errors = [];
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('console', (m) => { if (m.type() === 'error') errors.push('console: ' + m.text()); });
  page.on('pageerror', (e) => errors.push('page: ' + e.message));
  page.on('requestfailed', (r) => errors.push('request failed: ' + r.url()));
  const outside = [];
  page.on('request', (r) => { if (!r.url().startsWith(url)) outside.push(r.url()); });

  const api = async (path) => (await fetch(url + path)).json();
  const all = await api('/api/incidents?limit=500');
  // a point needs a place and a date finer than a year (undated or year-only: table only)
  const mappable = (i) => i.location && typeof i.location.lat === 'number' &&
    i.date && i.date.start && i.date.precision !== 'year';
  const located = all.incidents.filter(mappable).length;
  const coarse = all.incidents.filter((i) => i.location && typeof i.location.lat === 'number').length - located;

  const t0 = Date.now();
  await page.goto(url + '/', { waitUntil: 'load' });
  await page.waitForFunction((want) => document.querySelectorAll('#points circle').length === want,
    located, { timeout: 20000 });
  await page.waitForSelector('#timeline rect.bar');
  const loadMs = Date.now() - t0;
  ok(true, `the map shows a point for each of the ${located} located and dated incidents, none for the ${coarse} undated or year-only ones (loaded in ${loadMs} ms)`);
  const countries = await page.locator('#countries path').count();
  ok(countries > 150, `the map draws the world's countries offline (${countries} shapes)`);
  const rows = await page.locator('#table tbody tr').count();
  ok(rows === all.incidents.length, `the table lists the ${all.incidents.length} incidents (${rows} rows)`);
  const stats = await api('/api/stats?group=month');
  const dated = stats.buckets.filter((b) => b.key && b.incidents > 0).length;
  const bars = await page.evaluate(() => [...document.querySelectorAll('#timeline rect.bar')]
    .filter((r) => Number(r.getAttribute('height')) > 0).length);
  ok(bars === dated, `the timeline has a bar for each of the ${dated} months with incidents (${bars})`);

  // the incident with the most reports: click its point
  const many = [...all.incidents].filter(mappable)
    .sort((a, b) => (b.documents || []).length - (a.documents || []).length)[0];
  // a real click on the topmost point at some place opens that point's incident
  const top = page.locator('#points circle').last();
  const topId = await top.getAttribute('data-id');
  await top.click();
  await page.waitForFunction((id) => (document.querySelector('#incident h2') || {}).textContent
    ?.startsWith(id), topId, { timeout: 10000 });
  ok(true, `a click on a point opens its incident (${topId})`);
  // (points of one city overlap: the incident with the most reports is opened through its own point)
  await page.locator(`#points circle[data-id="${many.id}"]`).dispatchEvent('click');
  await page.waitForFunction((id) => (document.querySelector('#incident h2') || {}).textContent
    ?.startsWith(id), many.id, { timeout: 10000 });
  const title = await page.textContent('#incident h2');
  ok(title.startsWith(many.id), `its point opens the incident with the most reports (${title})`);
  const docs = await page.locator('#incident section.doc').count();
  ok(docs === many.documents.length, `the incident view shows its ${many.documents.length} report(s) (${docs})`);
  const marks = await page.locator('#incident mark').count();
  const killedMark = await page.locator('#incident mark.f-killed, #incident mark.f-trigger').count();
  ok(marks > 0 && killedMark > 0, `the evidence is highlighted in the reports (${marks} marks)`);
  const detail = await api('/api/incidents/' + many.id);
  const span = detail.events.flatMap((e) => (e.event && e.event.evidence) || [])
    .find((s) => s.field === 'location');
  if (span) {
    const doc = detail.documents.find((dd) => dd.id === detail.events.find((e) =>
      (e.event.evidence || []).includes(span)).doc_id);
    const want = Buffer.from(doc.text, 'utf8').subarray(span.start, span.end).toString('utf8');
    const got = await page.locator('#incident mark.f-location').allTextContents();
    ok(got.includes(want), `the location's evidence is marked with the exact words "${want}"`, got.join(' | '));
  } else ok(true, 'no location evidence to compare (skipped)');

  // brush the timeline over the middle third of its months
  const box = await page.locator('#timeline').boundingBox();
  const y = box.y + box.height * 0.5;
  await page.mouse.move(box.x + box.width * 0.35, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.5, y, { steps: 5 });
  await page.mouse.move(box.x + box.width * 0.65, y, { steps: 5 });
  await page.mouse.up();
  await page.waitForFunction(() => document.querySelector('#range').textContent.includes(' to '));
  await page.waitForTimeout(300);
  const range = (await page.textContent('#range')).split(' to ');
  const filtered = await api(`/api/incidents?limit=500&since=${range[0]}&until=${range[1]}`);
  await page.waitForFunction((want) => document.querySelectorAll('#table tbody tr').length === want,
    filtered.incidents.length, { timeout: 10000 }).catch(() => {});
  const dates = await page.evaluate(() => [...document.querySelectorAll('#table tbody tr')]
    .map((tr) => tr.dataset.date));
  ok(dates.length === filtered.incidents.length && dates.length < rows &&
     dates.every((d) => d && d <= range[1]),
     `brushing ${range[0]} to ${range[1]} keeps ${dates.length} of ${rows} incidents in the table, all of those months`);
  const pts = await page.locator('#points circle').count();
  ok(pts <= dates.length, `and the map shows only them (${pts} points)`);

  await page.screenshot({ path: `${artifacts}/dashboard.png`, fullPage: true });
  ok(true, `screenshot saved: ${artifacts}/dashboard.png`);
  ok(outside.length === 0, 'nothing was fetched from outside the server', outside.join(' '));
} catch (e) {
  ok(false, 'the browser test ran to the end', e.stack || e.message);
} finally {
  ok(errors.length === 0, 'no console error, page error or failed request', errors.join(' | '));
  await browser.close();
}
console.log(`1..${n}`);
process.exit(failed ? 1 : 0);
