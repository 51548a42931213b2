// app.js - the dashboard over tacitus serve's API (docs/api.md). It opens on
// the current events of the most recent 12 months in the store, newest first.
// A world map (Natural Earth through world-atlas, drawn by d3-geo, nothing
// fetched from elsewhere) draws every incident of the view from the server's
// aggregates (/api/map: squares of the grid, coloured by their commonest
// event type, whose counts add up to the view's total); a monthly timeline with a brush and date inputs; a
// table paged by the server; summary charts; the incident in a side panel with
// each report's evidence highlighted. The URL's query string holds the whole
// view (filters, time range, map extent, open incident): back and forward
// move between views. Live: the page asks /api/changes every few seconds
// (live=SECONDS in the URL, live=off to stop) for the incidents writers
// stored or updated since its last answer, redraws the view when one is new
// to it, and marks those in the table and on the map for a minute.
'use strict';

const SVG = 'http://www.w3.org/2000/svg';
const PAGE = 100;
const TYPES = ['Battles', 'Explosions/Remote violence', 'Violence against civilians', 'Protests', 'Riots',
  'Strategic developments'];
const COLORS = {
  'Battles': '#d32f2f', 'Explosions/Remote violence': '#f57c00', 'Violence against civilians': '#7b1fa2',
  'Protests': '#1976d2', 'Riots': '#00796b', 'Strategic developments': '#5d4037',
};
const OTHER = '#546e7a';
// the view's parameters, as the API and the URL name them
const FILTERS = ['since', 'until', 'type', 'sub_type', 'country', 'admin1', 'actor', 'min_killed', 'q', 'background'];
// (autoRange: the dates defaultRange set, while the view keeps them)
const state = { v: {}, order: 'newest', map: null, inc: null, incidents: [], cursor: null, total: 0,
  autoRange: null };
const LIVE_DEFAULT = 10; // seconds between two questions to /api/changes
const FRESH_MS = 60000;  // how long a new or updated incident stays marked
// live: seconds between polls (0: off), the server's cursor, the JSON last seen of each
// incident it returned (to tell a change from a repeat), and the fresh ones (id -> {inc, at})
const live = { seconds: LIVE_DEFAULT, cursor: null, seen: new Map(), fresh: new Map(), timer: null };
const $ = (s) => document.querySelector(s);
const fmt = (n) => Number(n).toLocaleString('en-US');

function el(tag, attrs, parent, text) {
  const e = tag.startsWith('svg:') ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  if (parent) parent.appendChild(e);
  return e;
}

function showError(err) {
  const p = $('#error');
  p.hidden = false;
  p.textContent = String(err.message || err);
}

async function getJSON(url) {
  const r = await fetch(url);
  const j = await r.json();
  if (!r.ok) throw new Error(j.error || ('HTTP ' + r.status));
  return j;
}

// The API's query string of the view's filters, with extra, less the names in drop.
function query(extra, drop) {
  const p = new URLSearchParams();
  for (const k of FILTERS) if (state.v[k] && !(drop || []).includes(k)) p.set(k, state.v[k]);
  for (const [k, v] of Object.entries(extra || {})) p.set(k, v);
  return p.toString();
}

// ---------------------------------------------------------------- the URL

// The page's URL of the view: its filters, order, map extent and open incident.
function viewURL() {
  const p = new URLSearchParams(query());
  if (state.order !== 'newest') p.set('order', state.order);
  if (state.map) p.set('map', state.map);
  if (state.inc) p.set('incident', state.inc);
  if (live.seconds !== LIVE_DEFAULT) p.set('live', live.seconds ? String(live.seconds) : 'off');
  const s = p.toString();
  return location.pathname + (s ? '?' + s : '');
}

// Record the view in the browser's history (push: a new entry, else replace).
function remember(push) {
  const u = viewURL();
  if (u === location.pathname + location.search) return;
  if (push) history.pushState(null, '', u);
  else history.replaceState(null, '', u);
}

// Read the view from the URL into state.
function readURL() {
  const p = new URLSearchParams(location.search);
  state.v = {};
  for (const k of FILTERS) if (p.get(k)) state.v[k] = p.get(k);
  state.order = p.get('order') === 'oldest' ? 'oldest' : 'newest';
  state.map = p.get('map');
  state.inc = p.get('incident');
  const l = p.get('live');
  live.seconds = l === 'off' ? 0 : l && Number(l) >= 1 && Number(l) <= 3600 ? Number(l) : LIVE_DEFAULT;
}

// ---------------------------------------------------------------- the default view

function lastDay(ym) {
  const [y, m] = ym.split('-').map(Number);
  return `${ym}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

function monthsBefore(ym, n) {
  let [y, m] = ym.split('-').map(Number);
  m -= n;
  while (m < 1) { m += 12; y--; }
  return `${y}-${String(m).padStart(2, '0')}`;
}

// The most recent 12 months in the store under the view's other filters (the
// month of its newest incident and the eleven before), into state.v; none
// when no incident is dated.
async function defaultRange() {
  delete state.v.since;
  delete state.v.until;
  state.autoRange = null;
  const r = await getJSON('/api/incidents?' + query({ limit: 1, order: 'newest' }));
  const start = r.incidents.length && r.incidents[0].date && r.incidents[0].date.start;
  if (!start) return;
  const last = start.slice(0, 7);
  state.v.since = monthsBefore(last, 11) + '-01';
  state.v.until = lastDay(last);
  state.autoRange = { since: state.v.since, until: state.v.until }; // (a live incident past it moves it)
}

// ---------------------------------------------------------------- the map

let projection = null, path = null, world = null;
let worldDrawn = Promise.resolve(); // drawMap's promise: the view's answers are asked without waiting for it
const view = { x: 0, y: 0, w: 960, h: 480 };

async function drawMap() {
  world = await getJSON('vendor/countries-110m.json');
  const land = topojson.feature(world, world.objects.countries);
  projection = d3.geoNaturalEarth1().fitExtent([[4, 4], [956, 476]], { type: 'Sphere' });
  path = d3.geoPath(projection);
  const map = $('#map');
  const g = el('svg:g', { id: 'countries' }, map);
  for (const f of land.features) el('svg:path', { d: path(f), class: 'country', 'data-id': f.id }, g);
  el('svg:g', { id: 'points' }, map);
  map.addEventListener('wheel', (ev) => {
    ev.preventDefault();
    const r = map.getBoundingClientRect();
    const px = view.x + (ev.clientX - r.left) / r.width * view.w;
    const py = view.y + (ev.clientY - r.top) / r.height * view.h;
    zoomTo(px, py, view.w * (ev.deltaY < 0 ? 0.8 : 1.25));
  }, { passive: false });
  let drag = null;
  map.addEventListener('mousedown', (ev) => {
    if (ev.target.classList.contains('pt')) return;
    drag = { x: ev.clientX, y: ev.clientY, vx: view.x, vy: view.y, moved: false };
  });
  window.addEventListener('mousemove', (ev) => {
    if (!drag) return;
    const r = map.getBoundingClientRect();
    view.x = drag.vx - (ev.clientX - drag.x) / r.width * view.w;
    view.y = drag.vy - (ev.clientY - drag.y) / r.height * view.h;
    drag.moved = true;
    applyView();
  });
  window.addEventListener('mouseup', () => { if (drag && drag.moved) mapMoved(); drag = null; });
  drawLegend();
}

// Zoom so that (px, py) stays where it is and the view is w wide.
function zoomTo(px, py, w) {
  const ow = view.w;
  view.w = Math.min(960, Math.max(8, w));
  view.h = view.w / 2;
  view.x = px - (px - view.x) * (view.w / ow);
  view.y = py - (py - view.y) * (view.w / ow);
  applyView();
  mapMoved();
}

function applyView() {
  $('#map').setAttribute('viewBox', `${view.x.toFixed(1)} ${view.y.toFixed(1)} ${view.w.toFixed(1)} ${view.h.toFixed(1)}`);
}

let moveTimer = null;
// The map's extent changed: into the URL, and the cells again for the new scale.
function mapMoved() {
  state.map = view.w >= 960 ? null : [view.x, view.y, view.w].map((n) => n.toFixed(1)).join(',');
  remember(false);
  clearTimeout(moveTimer);
  moveTimer = setTimeout(() => loadMap().catch(showError), 250);
}

// The view's extent from state.map (none: the world).
function setExtent() {
  const m = (state.map || '').split(',').map(Number);
  if (m.length === 3 && m.every(Number.isFinite) && m[2] > 0) Object.assign(view, { x: m[0], y: m[1], w: m[2], h: m[2] / 2 });
  else Object.assign(view, { x: 0, y: 0, w: 960, h: 480 });
  applyView();
}

// Zoom to the country with this alpha-2 code (its shape in world-atlas).
function zoomCountry(cc) {
  const c = COUNTRIES.find((r) => r[0] === cc);
  const geom = c && world.objects.countries.geometries.find((g) => g.id === c[1]);
  if (!geom) return;
  const [[x0, y0], [x1, y1]] = path.bounds(topojson.feature(world, geom));
  const w = Math.min(960, Math.max(12, (x1 - x0) * 1.3, (y1 - y0) * 2.6));
  Object.assign(view, { x: (x0 + x1) / 2 - w / 2, y: (y0 + y1) / 2 - w / 4, w, h: w / 2 });
  state.map = [view.x, view.y, view.w].map((n) => n.toFixed(1)).join(',');
  applyView();
}

// The grid's cell for the present zoom: about 5 units of the world's 960 (7 px of a 1,400 px map).
function cellDegrees() {
  return Math.max(0.01, Math.round(view.w / 960 * 4 * 100) / 100);
}

// A circle's radius in map units at zoom k: larger with the killed, on a log scale (1, 10, 100, 1,000:
// 4, 7, 11, 15 at the world's scale), and a little with the number of incidents it stands for.
const radius = (killed, count, k) => (2.5 + 1.3 * Math.log2(1 + killed) + 0.8 * Math.log2(count)) * k;

async function loadMap() {
  const m = await getJSON('/api/map?' + query({ cell: cellDegrees() }));
  await worldDrawn;
  state.mapData = m;
  drawPoints();
  return m;
}

function drawPoints() {
  const m = state.mapData;
  if (!m || !projection) return;
  const g = $('#points');
  g.replaceChildren();
  const k = view.w / 960;
  // the biggest first, so that small ones stay clickable on top
  const cells = [...m.cells].sort((a, b) => b.killed - a.killed || b.count - a.count);
  for (const c of cells) {
    const [x, y] = projection([c.lon, c.lat]);
    const one = c.count === 1;
    const r = radius(c.killed, c.count, k);
    const cl = 'pt' + (one ? '' : ' cluster') + (c.unknown === c.count ? ' unknown' : '') +
      (one && c.id === state.inc ? ' sel' : '');
    const dot = el('svg:circle', { cx: x.toFixed(2), cy: y.toFixed(2), r: r.toFixed(2), class: cl,
      fill: COLORS[c.type] || OTHER, 'data-id': c.id || null, 'data-count': c.count }, g);
    const toll = c.unknown === c.count ? '?' : fmt(c.killed) + (c.unknown ? '+?' : '');
    const types = Object.entries(c.types || {}).map(([t, k]) => `${t || 'no type'} ${fmt(k)}`).join(', ');
    el('svg:title', {}, dot, `${one ? c.id : fmt(c.count) + ' incidents'}: ${types}; ${toll} killed`);
    if (!one) el('svg:text', { x: x.toFixed(2), y: (y + 3 * k).toFixed(2), class: 'n', 'font-size': (9 * k).toFixed(2) },
      g, c.count > 999 ? Math.round(c.count / 1000) + 'k' : String(c.count));
    dot.addEventListener('click', () => one ? openIncident(c.id, true) : zoomTo(x, y, view.w / 4));
  }
  for (const [id, f] of live.fresh) { // a ring where each fresh incident of the view is
    const loc = f.inc.location;
    if (!isFresh(id) || !loc || typeof loc.lat !== 'number' || typeof loc.lon !== 'number' || !inDates(f.inc)) continue;
    const [x, y] = projection([loc.lon, loc.lat]);
    el('svg:circle', { cx: x.toFixed(2), cy: y.toFixed(2), r: (14 * k).toFixed(2), class: 'live-ring', 'data-id': id }, g);
  }
}

function drawLegend() {
  const box = $('#legend');
  box.replaceChildren();
  for (const t of TYPES) {
    const s = el('span', { class: 'key' }, box);
    el('i', { class: 'sw', 'data-type': t }, s);
    s.append(t);
  }
  const o = el('span', { class: 'key' }, box); el('i', { class: 'sw', 'data-type': 'other' }, o); o.append('no type');
  el('span', { class: 'key' }, box, 'size: killed (log scale: 1, 10, 100, 1,000)');
  el('span', { class: 'key unknown-key' }, box, '? dashed: killed not known');
  el('span', { class: 'key' }, box, 'a number: that many incidents in one place (its colour: their commonest type)');
}

// ---------------------------------------------------------------- the timeline

let months = [];

// The months of the whole store under the view's other filters, every month
// from the first to the last (empty ones too) into months.
async function loadMonths() {
  const s = await getJSON('/api/stats?' + query({ group: 'month' }, ['since', 'until']));
  const got = s.buckets.filter((b) => b.key);
  months = [];
  if (!got.length) return;
  const by = new Map(got.map((b) => [b.key, b]));
  let [y, m] = got[0].key.split('-').map(Number);
  const [ly, lm] = got[got.length - 1].key.split('-').map(Number);
  while (y < ly || (y === ly && m <= lm)) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    months.push(by.get(key) || { key, incidents: 0, killed: 0 });
    if (++m > 12) { m = 1; y++; }
  }
}

function drawTimeline() {
  const svg = $('#timeline');
  svg.replaceChildren();
  if (!months.length) return;
  const W = 960, H = 90, bw = W / months.length;
  const maxN = Math.max(1, ...months.map((b) => b.incidents));
  const maxK = Math.max(1, ...months.map((b) => b.killed));
  months.forEach((b, i) => {
    const h = b.incidents / maxN * (H - 10);
    el('svg:rect', { x: (i * bw).toFixed(2), y: (H - h).toFixed(2), width: Math.max(1, bw - 1).toFixed(2),
      height: h.toFixed(2), class: 'bar', 'data-month': b.key }, svg);
    const kh = b.killed / maxK * 20;
    el('svg:rect', { x: (i * bw).toFixed(2), y: (H - kh).toFixed(2), width: Math.max(1, bw - 1).toFixed(2),
      height: kh.toFixed(2), class: 'kbar' }, svg);
  });
  el('svg:text', { x: 2, y: 106, class: 'axis' }, svg, months[0].key);
  el('svg:text', { x: 958, y: 106, class: 'axis', 'text-anchor': 'end' }, svg, months[months.length - 1].key);
  const idx = (d, end) => {
    if (!d) return end ? months.length - 1 : 0;
    const i = months.findIndex((b) => b.key === d.slice(0, 7));
    return i >= 0 ? i : (d.slice(0, 7) < months[0].key ? 0 : months.length - 1);
  };
  const a0 = idx(state.v.since, false), b0 = idx(state.v.until, true);
  const brush = el('svg:rect', { class: 'brush', y: 0, height: H, id: 'brush', x: (a0 * bw).toFixed(2),
    width: ((b0 - a0 + 1) * bw).toFixed(2) }, svg);
  const monthAt = (ev) => {
    const r = svg.getBoundingClientRect();
    return Math.max(0, Math.min(months.length - 1, Math.floor((ev.clientX - r.left) / r.width * W / bw)));
  };
  let start = null;
  svg.onmousedown = (ev) => { start = monthAt(ev); };
  svg.onmousemove = (ev) => {
    if (start === null) return;
    const a = Math.min(start, monthAt(ev)), b = Math.max(start, monthAt(ev));
    brush.setAttribute('x', (a * bw).toFixed(2));
    brush.setAttribute('width', ((b - a + 1) * bw).toFixed(2));
  };
  svg.onmouseup = (ev) => {
    if (start === null) return;
    const a = Math.min(start, monthAt(ev)), b = Math.max(start, monthAt(ev));
    start = null;
    state.v.since = months[a].key + '-01';
    state.v.until = lastDay(months[b].key);
    changed();
  };
  svg.ondblclick = () => defaultRange().then(changed).catch(showError);
}

// ---------------------------------------------------------------- the table

const killed = (inc) => inc.killed && typeof inc.killed.min === 'number' ? inc.killed.min : null;
const tollText = (inc) => killed(inc) === null ? '?' : String(killed(inc));

function cells(inc) {
  return [inc.date && inc.date.start || '', inc.location && inc.location.name || '',
    inc.location && inc.location.country_code || '', inc.event_type || inc.kind || '', tollText(inc),
    inc.actor1 && inc.actor1.name || ''];
}

function drawTable() {
  const tb = $('#table tbody');
  tb.replaceChildren();
  for (const inc of state.incidents) {
    const cl = [inc.id === state.inc ? 'sel' : '', isFresh(inc.id) ? 'new' : ''].join(' ').trim();
    const tr = el('tr', { 'data-id': inc.id, 'data-date': inc.date && inc.date.start || '', class: cl || null }, tb);
    cells(inc).forEach((c, i) => el('td', { class: i === 4 && c === '?' ? 'unknown' : null }, tr, c));
    tr.addEventListener('click', () => openIncident(inc.id, true));
  }
  $('#count').textContent = `${fmt(state.incidents.length)} of ${fmt(state.total)} incidents listed` +
    (state.cursor ? ' (more below)' : '');
  $('#more').hidden = !state.cursor;
  $('#order').textContent = state.order === 'newest' ? '\u25BC' : '\u25B2';
}

async function loadTable(reset) {
  if (reset) { state.incidents = []; state.cursor = null; }
  const extra = { limit: PAGE, order: state.order };
  if (state.cursor) extra.cursor = state.cursor;
  const page = await getJSON('/api/incidents?' + query(extra));
  state.incidents = state.incidents.concat(page.incidents);
  state.cursor = page.next_cursor;
  drawTable();
}

// ---------------------------------------------------------------- counts and charts

function drawCounts() {
  const m = state.mapData;
  state.total = m.total;
  let s = `${fmt(m.total)} incidents, ${fmt(m.killed)} killed in view`;
  if (m.unknown_killed) s += ` (${fmt(m.unknown_killed)} with the toll not known: ?)`;
  if (m.not_mapped) s += `; ${fmt(m.not_mapped)} not on the map (no place, or dated only to a year)`;
  $('#counts').textContent = s;
  $('#counts').dataset.total = m.total;
  $('#counts').dataset.mapped = m.mapped;
  for (const a of document.querySelectorAll('#exports a'))
    a.href = '/api/export?' + query({ format: a.dataset.format, order: state.order });
}

// Horizontal bars of the top groups (key, incidents) into svg.
function barChart(svg, buckets, label) {
  svg.replaceChildren();
  const top = buckets.filter((b) => b.key).sort((a, b) => b.incidents - a.incidents).slice(0, 10);
  const max = Math.max(1, ...top.map((b) => b.incidents));
  top.forEach((b, i) => {
    const y = i * 21 + 2;
    el('svg:rect', { x: 200, y, height: 17, width: (b.incidents / max * 140).toFixed(1), class: 'hbar' }, svg);
    el('svg:text', { x: 196, y: y + 13, 'text-anchor': 'end', class: 'lbl' }, svg, label(b.key).slice(0, 32));
    el('svg:text', { x: 204 + b.incidents / max * 140, y: y + 13, class: 'lbl' }, svg,
      `${fmt(b.incidents)} (${fmt(b.killed)} killed)`);
  });
}

function monthChart(buckets) {
  const svg = $('#chart-months');
  svg.replaceChildren();
  const by = new Map();
  for (const b of buckets) {
    if (!b.key) continue;
    const [m, t] = b.key.split('|');
    if (!by.has(m)) by.set(m, { m, n: 0, k: 0, parts: [] });
    const e = by.get(m);
    e.n += b.incidents; e.k += b.killed; e.parts.push([t, b.incidents]);
  }
  const list = [...by.values()].sort((a, b) => (a.m < b.m ? -1 : 1));
  if (!list.length) return;
  const W = 960, H = 150, bw = W / list.length, maxN = Math.max(1, ...list.map((e) => e.n));
  const maxK = Math.max(1, ...list.map((e) => e.k));
  list.forEach((e, i) => {
    let y = H;
    for (const [t, n] of e.parts) {
      const h = n / maxN * (H - 10);
      y -= h;
      el('svg:rect', { x: (i * bw).toFixed(2), y: y.toFixed(2), width: Math.max(1, bw - 2).toFixed(2),
        height: h.toFixed(2), fill: COLORS[t] || OTHER, class: 'stack', 'data-month': e.m }, svg);
    }
    el('svg:circle', { cx: (i * bw + bw / 2).toFixed(2), cy: (H - e.k / maxK * (H - 10)).toFixed(2), r: 2.5,
      class: 'kdot' }, svg);
  });
  el('svg:text', { x: 2, y: 172, class: 'axis' }, svg, list[0].m);
  el('svg:text', { x: 958, y: 172, class: 'axis', 'text-anchor': 'end' }, svg,
    `${list[list.length - 1].m}   bars: incidents by type; dots: killed (max ${fmt(maxK)})`);
}

// The summary charts of the view: asked together, each drawn when its answer comes.
function loadCharts() {
  const chart = (g, draw) => getJSON('/api/stats?' + query({ group: g })).then((s) => draw(s.buckets));
  return Promise.all([
    chart('month_type', monthChart),
    chart('actor', (b) => barChart($('#chart-actors'), b, (k) => k)),
    chart('admin1', (b) => barChart($('#chart-admin1'), b, (k) => k.replace('/', ': '))),
  ]);
}

// ---------------------------------------------------------------- filters

// The form from state.v.
function fillForm() {
  const f = $('#filters');
  for (const k of ['since', 'until', 'sub_type', 'admin1', 'actor', 'min_killed', 'q'])
    f.elements[k].value = state.v[k] || '';
  const cc = state.v.country;
  const c = cc && COUNTRIES.find((r) => r[0] === cc);
  f.elements.country.value = c ? `${c[2]} (${c[0]})` : cc || '';
  f.elements.background.checked = state.v.background === '1';
  const types = (state.v.type || '').split(',');
  for (const b of document.querySelectorAll('#types input')) b.checked = types.includes(b.value);
}

// A country's alpha-2 code from a name, a code or "Name (CC)"; null when none.
function countryCode(s) {
  s = s.trim();
  if (!s) return null;
  const m = s.match(/\(([A-Za-z]{2})\)$/) || s.match(/^([A-Za-z]{2})$/);
  if (m) return m[1].toUpperCase();
  const low = s.toLowerCase();
  const c = COUNTRIES.find((r) => r[2].toLowerCase() === low) ||
    COUNTRIES.find((r) => r[2].toLowerCase().startsWith(low));
  return c ? c[0] : undefined;
}

// The actor's name as the store keeps it: an alias ("TTP") is looked up in /api/actors.
async function actorName(s) {
  s = s.trim();
  if (!s) return null;
  const a = await getJSON('/api/actors?' + new URLSearchParams({ q: s, limit: 10 }));
  const exact = a.actors.find((x) => x.name.toLowerCase() === s.toLowerCase());
  const alias = a.actors.find((x) => x.match === 'alias');
  return (exact || alias || { name: s }).name;
}

async function readForm() {
  const f = $('#filters'), v = {};
  for (const k of ['since', 'until', 'sub_type', 'admin1', 'min_killed', 'q'])
    if (f.elements[k].value.trim()) v[k] = f.elements[k].value.trim();
  const types = [...document.querySelectorAll('#types input:checked')].map((b) => b.value);
  if (types.length) v.type = types.join(',');
  const cc = countryCode(f.elements.country.value);
  if (cc === undefined) throw new Error(`country: no country is named "${f.elements.country.value}"`);
  if (cc) v.country = cc;
  const actor = await actorName(f.elements.actor.value);
  if (actor) { v.actor = actor; f.elements.actor.value = actor; }
  if (f.elements.background.checked) v.background = '1';
  return v;
}

let actorTimer = null;
// Suggestions for the actor box from /api/actors, as the user types.
function suggestActors() {
  clearTimeout(actorTimer);
  actorTimer = setTimeout(async () => {
    const s = $('#filters').elements.actor.value.trim();
    if (s.length < 2) return;
    try {
      const a = await getJSON('/api/actors?' + new URLSearchParams({ q: s, limit: 15 }));
      const dl = $('#actor-list');
      dl.replaceChildren();
      for (const x of a.actors) el('option', { value: x.name }, dl, x.match === 'alias' ? `${s}: ${x.name}` : x.name);
    } catch (e) { /* suggestions only */ }
  }, 200);
}

// ---------------------------------------------------------------- loading a view

// Draw the view in state (the URL's). Every answer it needs is asked at once
// (the server computes them side by side, a thread each; the timeline and the
// month chart come from the store's rollup, so they are cheap): the counts,
// the map and the table are drawn together (body[data-ready]), the timeline
// and each chart as soon as its answer comes; body[data-complete] once all are.
async function render() {
  try {
    $('#error').hidden = true;
    document.body.dataset.complete = '';
    fillForm();
    setExtent();
    const view = Promise.all([loadMap(), loadTable(true)]); // (asked first: the server takes them first)
    const rest = Promise.all([loadMonths().then(drawTimeline), loadCharts()]);
    rest.catch(() => {}); // (reported below, once the view's own answers are in)
    await view;
    drawCounts();
    drawTable();
    document.body.dataset.ready = '1';
    if (state.inc) await openIncident(state.inc, false);
    else closeIncident();
    await rest;
    document.body.dataset.complete = '1';
  } catch (err) { showError(err); }
}

// The filters changed (form, brush): a new view in the history, map kept, no incident.
function changed() {
  state.inc = null;
  remember(true);
  render();
}

// ---------------------------------------------------------------- one incident

// The text of a report with its evidence spans (byte offsets into its UTF-8
// text) marked, one <mark class="f-FIELD"> each.
function markedText(text, spans, parent) {
  const bytes = new TextEncoder().encode(text);
  const dec = new TextDecoder();
  const ok = spans.filter((s) => s.start >= 0 && s.end <= bytes.length && s.start < s.end)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  let at = 0;
  for (const s of ok) {
    if (s.start < at) continue; // nested or overlapping: the outer one is marked
    parent.appendChild(document.createTextNode(dec.decode(bytes.subarray(at, s.start))));
    el('mark', { class: 'f-' + s.field, title: s.field }, parent, dec.decode(bytes.subarray(s.start, s.end)));
    at = s.end;
  }
  parent.appendChild(document.createTextNode(dec.decode(bytes.subarray(at))));
}

function safeUrl(u) {
  try { const x = new URL(u); return x.protocol === 'http:' || x.protocol === 'https:' ? x.href : null; }
  catch (e) { return null; }
}

function closeIncident() {
  $('#incident').hidden = true;
  document.body.classList.remove('with-incident');
}

// The incident's reports, each with its evidence marked, into box.
function drawReports(d, box) {
  el('h3', {}, box, 'reports and evidence');
  for (const doc of d.documents) {
    const sec = el('section', { class: 'doc', 'data-doc': doc.id }, box);
    const h = el('h4', {}, sec);
    const u = doc.url && safeUrl(doc.url);
    if (u) el('a', { href: u, rel: 'noopener noreferrer', target: '_blank' }, h, doc.title || doc.id);
    else h.textContent = doc.title || doc.id;
    if (doc.published) h.append(` (${doc.published})`);
    const spans = [];
    for (const ev of d.events)
      if (ev.doc_id === doc.id && ev.event && Array.isArray(ev.event.evidence)) spans.push(...ev.event.evidence);
    const why = d.events.filter((ev) => ev.doc_id === doc.id).map((ev) => ev.join_reason).filter(Boolean);
    if (why.length) el('p', { class: 'why' }, sec, 'joined: ' + why.join('; '));
    if (doc.text) markedText(doc.text, spans, el('div', { class: 'text' }, sec));
  }
}

// Open incident id in the side panel (push: a new entry in the history).
async function openIncident(id, push) {
  try {
    const d = await getJSON('/api/incidents/' + encodeURIComponent(id));
    state.inc = id;
    remember(push);
    drawPoints();
    drawTable();
    const inc = d.incident, box = $('#incident');
    box.replaceChildren();
    const close = el('button', { type: 'button', class: 'close', 'aria-label': 'close' }, box, '\u00D7');
    close.addEventListener('click', () => { state.inc = null; remember(true); closeIncident(); drawTable(); });
    el('h2', {}, box, `${inc.id}: ${inc.event_type || inc.kind || ''}`);
    const dl = el('dl', {}, box);
    const row = (k, v) => { if (v !== null && v !== undefined && v !== '') { el('dt', {}, dl, k); el('dd', {}, dl, String(v)); } };
    row('date', inc.date && [inc.date.start, inc.date.end].filter(Boolean).join(' to '));
    row('place', inc.location && [inc.location.name, inc.location.admin1, inc.location.country_code]
      .filter(Boolean).join(', '));
    row('killed', tollText(inc));
    row('wounded', inc.wounded && typeof inc.wounded.min === 'number' ? inc.wounded.min : '?');
    row('actor 1', inc.actor1 && inc.actor1.name);
    row('actor 2', inc.actor2 && inc.actor2.name);
    row('claimed by', inc.claimed_by && inc.claimed_by.name);
    row('reported', `${inc.first_reported || '?'} to ${inc.last_reported || '?'}, ${d.documents.length} report(s)`);
    if (d.figures.length) {
      el('h3', {}, box, 'figure history');
      const t = el('table', { id: 'figures' }, box);
      for (const f of d.figures)
        el('tr', {}, t).append(el('td', {}, null, f.published || ''), el('td', {}, null, f.kind),
          el('td', {}, null, String(f.min) + (f.max !== null ? '-' + f.max : '')), el('td', {}, null, f.doc_id));
    }
    drawReports(d, box);
    box.hidden = false;
    box.scrollTop = 0;
    document.body.classList.add('with-incident');
  } catch (err) { showError(err); }
}

// ---------------------------------------------------------------- live

const isFresh = (id) => live.fresh.has(id) && Date.now() - live.fresh.get(id).at < FRESH_MS;

// Does the incident's date overlap the view's dates (any when the view has none)?
function inDates(inc) {
  const d = inc.date || {};
  if (!state.v.since && !state.v.until) return true;
  if (!d.start) return false;
  return (!state.v.until || d.start <= state.v.until) && (!state.v.since || (d.end || d.start) >= state.v.since);
}

// /api/changes under the view's filters but its dates (an incident dated past the
// default range still moves it), with extra.
const changesURL = (extra) => '/api/changes?' + query(extra, ['since', 'until']);

// Remember each incident's JSON; the ones not seen so, or seen otherwise (a new
// report changed them), returned.
function unseen(incidents) {
  if (live.seen.size > 20000) live.seen.clear(); // (a repeat after this is marked once more: harmless)
  return incidents.filter((inc) => {
    const k = JSON.stringify(inc), old = live.seen.get(inc.id);
    live.seen.set(inc.id, k);
    return old !== k;
  });
}

function liveStatus(text, news) {
  const p = $('#live');
  p.textContent = text;
  p.classList.toggle('news', !!news);
}

// New or changed incidents: the view moved to them when its range is the default one
// and they are past it, redrawn, and marked.
async function liveNews(news, more) {
  const now = Date.now();
  for (const inc of news) live.fresh.set(inc.id, { inc, at: now });
  for (const [id, f] of live.fresh) if (now - f.at >= FRESH_MS) live.fresh.delete(id);
  const later = news.some((inc) => inc.date && inc.date.start && state.v.until && inc.date.start > state.v.until);
  const auto = state.autoRange && state.autoRange.since === state.v.since && state.autoRange.until === state.v.until;
  if (auto && later) {
    await defaultRange();
    remember(false);
  }
  const shown = news.filter(inDates).length;
  await render();
  const ids = news.map((inc) => inc.id);
  $('#live').dataset.news = ids.join(' ');
  const t = new Date().toTimeString().slice(0, 8);
  let s = `live ${t}: ${fmt(news.length)} new or updated` + (more ? ' (and more)' : '');
  if (shown < news.length) s += `, ${fmt(news.length - shown)} outside the view's dates`;
  liveStatus(s, true);
}

async function pollLive() {
  try {
    if (!live.cursor) live.cursor = (await getJSON(changesURL({}))).cursor; // (startLive could not get one)
    const r = await getJSON(changesURL({ after: live.cursor, limit: 500 }));
    live.cursor = r.cursor;
    const news = unseen(r.incidents);
    if (news.length || r.more) await liveNews(news, r.more);
    else if (!$('#live').classList.contains('news') || [...live.fresh.keys()].every((id) => !isFresh(id)))
      liveStatus(`live: every ${live.seconds} s, nothing new at ${new Date().toTimeString().slice(0, 8)}`);
  } catch (err) {
    liveStatus(`live: ${err.message || err}; asking again in ${live.seconds} s`);
  }
  live.timer = setTimeout(pollLive, live.seconds * 1000);
}

// Start asking for changes: the cursor, then the changes the server repeats of
// the minute before it (in the view already: seen, not marked).
async function startLive() {
  if (!live.seconds) { liveStatus('live: off'); return; }
  try {
    live.cursor = (await getJSON(changesURL({}))).cursor;
    unseen((await getJSON(changesURL({ after: live.cursor, limit: 500 }))).incidents);
    liveStatus(`live: every ${live.seconds} s`);
  } catch (err) {
    liveStatus(`live: ${err.message || err}`);
  }
  document.body.dataset.live = '1';
  live.timer = setTimeout(pollLive, live.seconds * 1000);
}

// ---------------------------------------------------------------- start

async function start() {
  const types = $('#types');
  for (const t of TYPES) {
    const l = el('label', {}, types);
    el('input', { type: 'checkbox', value: t }, l);
    el('i', { class: 'sw', 'data-type': t }, l);
    l.append(t);
  }
  const dl = $('#country-list');
  for (const c of COUNTRIES) el('option', { value: `${c[2]} (${c[0]})` }, dl);
  $('#filters').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      const before = state.v.country;
      state.v = await readForm();
      if (state.v.country && state.v.country !== before) zoomCountry(state.v.country);
      if (!state.v.country && before) state.map = null;
      if (!state.v.since && !state.v.until) await defaultRange();
      changed();
    } catch (err) { showError(err); }
  });
  $('#filters').elements.actor.addEventListener('input', suggestActors);
  $('#clear').addEventListener('click', async () => {
    state.v = {}; state.map = null;
    await defaultRange().catch(showError);
    changed();
  });
  $('#more').addEventListener('click', () => loadTable(false).catch(showError));
  $('#table th[data-k="date"]').addEventListener('click', () => {
    state.order = state.order === 'newest' ? 'oldest' : 'newest';
    remember(true);
    loadTable(true).catch(showError);
  });
  window.addEventListener('popstate', () => { readURL(); render(); });
  readURL();
  try {
    const opened = !state.v.since && !state.v.until;
    worldDrawn = drawMap(); // (the world is drawn while the server counts the view: loadMap waits for it)
    worldDrawn.catch(() => {}); // (reported by loadMap)
    if (opened) await defaultRange();
    if (opened) remember(false);
    await render();
  } catch (err) { showError(err); }
  startLive();
}

document.addEventListener('DOMContentLoaded', start);
