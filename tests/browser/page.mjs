// page.mjs - the dashboard in a real browser: Debian's chromium, headless,
// driven by playwright-core, over one store. Usage:
//   node tests/browser/page.mjs URL ARTIFACT_DIR NAME
// Prints TAP lines; exits 1 when a check fails. Checks, each against the API's
// own answers: the default view is the most recent 12 months of the store,
// newest first; the map draws every incident of the view (its circles' counts
// add up to the view's total less those it cannot place: undated, year-only or
// unplaced), and the counts at the top say the view's total; the legend, with
// "?" for unknown tolls; a click on a row shows the incident in view, with its
// reports and evidence; the actor box finds a group by an alias (TTP); a URL
// holds the filters and the open incident (a new page on it shows them; back
// and forward move between views); export downloads the view's rows; brushing
// the timeline keeps only the brushed months; a country typed by name zooms
// the map; no console error or page error at any time, nothing fetched from
// elsewhere. Screenshots go to ARTIFACT_DIR/NAME-*.png.
import { readFileSync } from 'node:fs';
import { launch, tap } from './harness.mjs';

const [url, artifacts, name = 'store'] = process.argv.slice(2);
const t = tap(name), ok = t.ok, watch = (p) => t.watch(p, url);
const api = async (path) => (await fetch(url + path)).json();
const lastDay = (ym) => { const [y, m] = ym.split('-').map(Number); return `${ym}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`; };
const monthsBefore = (ym, k) => { let [y, m] = ym.split('-').map(Number); m -= k; while (m < 1) { m += 12; y--; } return `${y}-${String(m).padStart(2, '0')}`; };

// The number of records in CSV text (quoted fields may hold newlines), less the header.
function csvRecords(text) {
  let rec = 0, q = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') q = !q;
    else if (c === '\n' && !q) rec++;
  }
  if (text.length && text[text.length - 1] !== '\n') rec++;
  return rec - 1;
}

const ready = (page) => page.waitForFunction(() => document.body.dataset.ready === '1', null, { timeout: 30000 });
// wait until the page has drawn a new view (ready is set again after each render)
async function reload(page, act) {
  await page.evaluate(() => { document.body.dataset.ready = ''; });
  await act();
  await ready(page);
}

const browser = await launch();
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
  const page = await context.newPage();
  watch(page);

  // ---- the default view
  const months = (await api('/api/stats?group=month')).buckets.filter((b) => b.key && b.incidents > 0);
  const last = months[months.length - 1].key;
  const since = monthsBefore(last, 11) + '-01', until = lastDay(last);
  const t0 = Date.now();
  await page.goto(url + '/', { waitUntil: 'load' });
  await ready(page);
  const ms = Date.now() - t0;
  const u = new URL(page.url());
  ok(u.searchParams.get('since') === since && u.searchParams.get('until') === until,
    `the default view is the most recent 12 months in the store, ${since} to ${until} (${ms} ms)`, page.url());
  const f = `since=${since}&until=${until}`;
  const byType = await api(`/api/stats?group=type&${f}`);
  const total = byType.buckets.reduce((s, b) => s + b.incidents, 0);
  const killed = byType.buckets.reduce((s, b) => s + b.killed, 0);
  const counts = await page.textContent('#counts');
  ok(counts.startsWith(`${total.toLocaleString('en-US')} incidents, ${killed.toLocaleString('en-US')} killed in view`),
    `the counts at the top say the view's ${total} incidents and ${killed} killed`, counts);
  const newest = await api(`/api/incidents?${f}&order=newest&limit=100`);
  const dates = await page.evaluate(() => [...document.querySelectorAll('#table tbody tr')].map((tr) => tr.dataset.date));
  const sorted = dates.every((d, i) => i === 0 || !d || (dates[i - 1] && dates[i - 1] >= d));
  ok(dates.length === newest.incidents.length && sorted && dates[0] === (newest.incidents[0].date || {}).start &&
     dates.every((d) => !d || d <= until), `the table lists the view newest first (${dates.length} rows from ${dates[0]})`,
    dates.slice(0, 5).join(' '));

  // ---- the map: every incident of the view
  const map = await api(`/api/map?${f}&cell=2.5`);
  const drawn = await page.evaluate(() => [...document.querySelectorAll('#points circle')]
    .reduce((s, c) => s + Number(c.dataset.count), 0));
  const notMapped = map.not_mapped;
  ok(drawn + notMapped === total && drawn === map.mapped && drawn > 0,
    `the map's circles count ${drawn} incidents, + ${notMapped} undated, year-only or unplaced = the view's ${total}`);
  const dots = await page.locator('#points circle').count();
  ok(dots <= drawn && (drawn < 1000 || dots < drawn), `drawn as ${dots} points and clusters`);
  const countries = await page.locator('#countries path').count();
  ok(countries > 150, `the map draws the world's countries offline (${countries} shapes)`);

  // ---- the legend and unknown tolls
  const legend = await page.textContent('#legend');
  const types = ['Battles', 'Explosions/Remote violence', 'Violence against civilians', 'Protests', 'Riots',
    'Strategic developments'];
  ok(types.every((t) => legend.includes(t)) && legend.includes('?') && /size: killed/.test(legend),
    'the legend names the colours of the event types, the size (killed) and "?" for unknown tolls', legend);
  const unknownRow = newest.incidents.findIndex((i) => !i.killed || typeof i.killed.min !== 'number');
  if (unknownRow >= 0) {
    const cell = await page.locator('#table tbody tr').nth(unknownRow).locator('td').nth(4).textContent();
    ok(cell === '?', `an unknown toll is listed as "?", not 0 (${newest.incidents[unknownRow].id})`, cell);
  } else ok(true, 'no unknown toll in the first page (skipped)');

  // ---- a row far down: the incident in view
  const rowsN = await page.locator('#table tbody tr').count();
  const row = page.locator('#table tbody tr').nth(Math.min(rowsN - 1, 60));
  const rowId = await row.getAttribute('data-id');
  await row.scrollIntoViewIfNeeded();
  await row.click();
  await page.waitForFunction((id) => (document.querySelector('#incident h2') || {}).textContent?.startsWith(id), rowId);
  const inView = await page.evaluate(() => {
    const r = document.querySelector('#incident h2').getBoundingClientRect();
    return r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0 && r.right <= window.innerWidth;
  });
  ok(inView, `a click on a row far down shows its incident in view (${rowId})`);
  ok(new URL(page.url()).searchParams.get('incident') === rowId, 'and the URL names the incident', page.url());
  await page.screenshot({ path: `${artifacts}/${name}-incident.png` });

  // ---- the incident with the most reports: its reports and evidence
  const many = (await api(`/api/incidents?${f}&limit=500`)).incidents
    .sort((a, b) => (b.documents || []).length - (a.documents || []).length)[0];
  const detail = await api('/api/incidents/' + many.id);
  await page.goto(`${url}/?${f}&incident=${many.id}`);
  await ready(page);
  await page.waitForFunction((id) => (document.querySelector('#incident h2') || {}).textContent?.startsWith(id), many.id);
  const docs = await page.locator('#incident section.doc').count();
  ok(docs === detail.documents.length, `the incident view shows its ${detail.documents.length} report(s) (${docs})`);
  const span = detail.events.flatMap((e) => (e.event && e.event.evidence) || []).find((s) => s.field === 'location');
  if (span) {
    const doc = detail.documents.find((dd) => dd.id === detail.events.find((e) =>
      (e.event.evidence || []).includes(span)).doc_id);
    const want = Buffer.from(doc.text, 'utf8').subarray(span.start, span.end).toString('utf8');
    const got = await page.locator('#incident mark.f-location').allTextContents();
    ok(got.includes(want), `the location's evidence is marked with the exact words "${want}"`, got.join(' | '));
  } else ok(true, 'no evidence in this store\'s reports (skipped)');

  // ---- the actor box finds a group by its alias
  await page.goto(url + '/');
  await ready(page);
  await page.fill('input[name=actor]', 'TTP');
  await reload(page, () => page.click('#filters button[type=submit]'));
  const actor = await page.inputValue('input[name=actor]');
  const ttp = (await api('/api/actors?q=TTP')).actors.find((a) => a.match === 'alias');
  const withActor = await api(`/api/map?${f}&actor=${encodeURIComponent(actor)}&cell=90`);
  const shown = await page.evaluate(() => Number(document.querySelector('#counts').dataset.total));
  ok(ttp && actor === ttp.name && /Taliban/.test(actor) && shown === withActor.total,
    `"TTP" in the actor box finds ${actor} (${shown} incidents in view)`, `${actor} ${shown} ${withActor.total}`);

  // ---- several types, minimum killed, a country by name: a view with its URL
  await page.goto(url + '/');
  await ready(page);
  // (the country and a type of an incident of the view with a known toll, so that the view is not empty)
  const pick = newest.incidents.find((i) => i.location && i.location.country_code && i.event_type &&
    i.killed && i.killed.min >= 1);
  const top = pick.location.country_code;
  const two = [pick.event_type, pick.event_type === 'Battles' ? 'Riots' : 'Battles'];
  const cname = await page.evaluate((cc) => COUNTRIES.find((r) => r[0] === cc)[2], top);
  await page.fill('input[name=country]', cname);
  for (const t of two) await page.check(`#types input[value="${t}"]`);
  await page.fill('input[name=min_killed]', '1');
  const viewBox0 = await page.getAttribute('#map', 'viewBox');
  await reload(page, () => page.click('#filters button[type=submit]'));
  const typesIn = (await page.evaluate(() => [...document.querySelectorAll('#types input:checked')].map((b) => b.value))).join(',');
  const q = `${f}&type=${encodeURIComponent(typesIn)}&country=${top}&min_killed=1`;
  const want = await api(`/api/map?${q}&cell=90`);
  const got = await page.evaluate(() => Number(document.querySelector('#counts').dataset.total));
  const viewBox1 = await page.getAttribute('#map', 'viewBox');
  ok(got === want.total && got > 0, `two types, min killed 1 and the country "${cname}" give the API's ${want.total} incidents (${got})`);
  ok(viewBox1 !== viewBox0 && Number(viewBox1.split(' ')[2]) < 960, `the map zooms to ${cname} (${viewBox1})`);
  const shared = page.url();
  ok(new URL(shared).searchParams.get('country') === top && new URL(shared).searchParams.get('map'),
    'the URL holds the filters and the map extent', shared);

  // ---- export downloads the filtered rows
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
  const csv = readFileSync(await dl.path(), 'utf8');
  ok(csvRecords(csv) === want.total, `export downloads the view's ${want.total} rows as CSV (${csvRecords(csv)})`);
  const geo = await api(`/api/export?${q}&format=geojson`);
  ok(geo.features.length >= want.mapped && geo.features.length <= want.total,
    `and as GeoJSON (${geo.features.length} features: those with a point and a date)`);

  // ---- a shared URL with an incident reopens the same view
  const firstRow = page.locator('#table tbody tr').first();
  {
    const id = await firstRow.getAttribute('data-id');
    await firstRow.click();
    await page.waitForFunction((i) => (document.querySelector('#incident h2') || {}).textContent?.startsWith(i), id);
    const link = page.url();
    const other = await context.newPage();
    watch(other);
    await other.goto(link);
    await ready(other);
    await other.waitForFunction((i) => (document.querySelector('#incident h2') || {}).textContent?.startsWith(i), id);
    const same = await other.evaluate(() => ({
      country: document.querySelector('input[name=country]').value,
      min: document.querySelector('input[name=min_killed]').value,
      types: [...document.querySelectorAll('#types input:checked')].map((b) => b.value).join(','),
      total: Number(document.querySelector('#counts').dataset.total),
      box: document.querySelector('#map').getAttribute('viewBox'),
    }));
    ok(same.country.includes(cname) && same.min === '1' &&
       same.types === typesIn && same.total === want.total && same.box === viewBox1,
      `a new page on the shared URL shows the same filters, map extent and incident ${id}`, JSON.stringify(same));
    await other.screenshot({ path: `${artifacts}/${name}-shared.png` });
    await other.close();
    // back: the view without the incident, then the default view
    await page.goBack();
    await page.waitForFunction(() => document.querySelector('#incident').hidden);
    await reload(page, () => page.goBack());
    const back = await page.evaluate(() => Number(document.querySelector('#counts').dataset.total));
    ok(back === total && !new URL(page.url()).searchParams.get('country'),
      `back returns to the earlier views (${back} incidents)`, page.url());
    await reload(page, () => page.goForward());
    const fwd = await page.evaluate(() => Number(document.querySelector('#counts').dataset.total));
    ok(fwd === want.total, `forward returns to the filtered view (${fwd})`);
  }

  // ---- the timeline's brush
  await page.goto(url + '/');
  await page.waitForFunction(() => document.body.dataset.complete === '1', null, { timeout: 60000 });
  await page.locator('#timeline').scrollIntoViewIfNeeded();
  const box = await page.locator('#timeline').boundingBox();
  const y = box.y + box.height * 0.5;
  await page.mouse.move(box.x + box.width * 0.35, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.5, y, { steps: 5 });
  await reload(page, async () => { await page.mouse.move(box.x + box.width * 0.65, y, { steps: 5 }); await page.mouse.up(); });
  const bs = new URL(page.url()).searchParams;
  const range = [bs.get('since'), bs.get('until')];
  const inRange = await api(`/api/map?since=${range[0]}&until=${range[1]}&cell=90`);
  const brushed = await page.evaluate(() => ({ total: Number(document.querySelector('#counts').dataset.total),
    dates: [...document.querySelectorAll('#table tbody tr')].map((tr) => tr.dataset.date),
    since: document.querySelector('input[name=since]').value }));
  ok(brushed.total === inRange.total && brushed.since === range[0] &&
     brushed.dates.every((d) => d && d <= range[1]),
    `brushing ${range[0]} to ${range[1]} keeps the API's ${inRange.total} incidents, the date inputs follow`);
  await page.screenshot({ path: `${artifacts}/${name}-dashboard.png`, fullPage: true });
  ok(true, `screenshots saved: ${artifacts}/${name}-*.png`);
} catch (e) {
  ok(false, 'the browser test ran to the end', e.stack || e.message);
} finally {
  await t.finish(browser);
}
