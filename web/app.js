// app.js - the dashboard over tacitus serve's API (docs/api.md): a world map
// of the incidents (Natural Earth through world-atlas, drawn by d3-geo, no
// tiles, nothing fetched from elsewhere), a monthly timeline whose brushed
// range filters the map and the table, a sortable table, and the incident
// view with each report's evidence highlighted. Pages of 500 incidents: the
// page never downloads the whole store.
'use strict';

const SVG = 'http://www.w3.org/2000/svg';
const PAGE = 500;
const COLORS = {
  'Battles': '#d32f2f', 'Explosions/Remote violence': '#f57c00', 'Violence against civilians': '#7b1fa2',
  'Protests': '#1976d2', 'Riots': '#00796b', 'Strategic developments': '#5d4037',
};
const state = { filters: {}, since: null, until: null, incidents: [], cursor: null, sort: { k: 'date', dir: 1 },
  selected: null };
const $ = (s) => document.querySelector(s);

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

// The query string of the filters (and of the brushed range unless noRange).
function query(extra, noRange) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(state.filters)) if (v) p.set(k, v);
  if (!noRange && state.since) p.set('since', state.since);
  if (!noRange && state.until) p.set('until', state.until);
  for (const [k, v] of Object.entries(extra || {})) p.set(k, v);
  return p.toString();
}

// ---------------------------------------------------------------- the map

let projection = null;
const view = { x: 0, y: 0, w: 960, h: 480 };

async function drawMap() {
  const world = await getJSON('vendor/countries-110m.json');
  const land = topojson.feature(world, world.objects.countries);
  projection = d3.geoNaturalEarth1().fitExtent([[4, 4], [956, 476]], { type: 'Sphere' });
  const path = d3.geoPath(projection);
  const map = $('#map');
  const g = el('svg:g', { id: 'countries' }, map);
  for (const f of land.features) el('svg:path', { d: path(f), class: 'country' }, g);
  el('svg:g', { id: 'points' }, map);
  // zoom with the wheel around the pointer, pan by dragging
  map.addEventListener('wheel', (ev) => {
    ev.preventDefault();
    const r = map.getBoundingClientRect();
    const px = view.x + (ev.clientX - r.left) / r.width * view.w;
    const py = view.y + (ev.clientY - r.top) / r.height * view.h;
    const ow = view.w;
    view.w = Math.min(960, Math.max(30, view.w * (ev.deltaY < 0 ? 0.8 : 1.25)));
    view.h = view.w / 2;
    view.x = px - (px - view.x) * (view.w / ow);
    view.y = py - (py - view.y) * (view.w / ow);
    applyView();
    drawPoints(); // (their radius follows the zoom)
  }, { passive: false });
  let drag = null;
  map.addEventListener('mousedown', (ev) => {
    if (ev.target.classList.contains('pt')) return;
    drag = { x: ev.clientX, y: ev.clientY, vx: view.x, vy: view.y };
  });
  window.addEventListener('mousemove', (ev) => {
    if (!drag) return;
    const r = map.getBoundingClientRect();
    view.x = drag.vx - (ev.clientX - drag.x) / r.width * view.w;
    view.y = drag.vy - (ev.clientY - drag.y) / r.height * view.h;
    applyView();
  });
  window.addEventListener('mouseup', () => { drag = null; });
}

function applyView() {
  $('#map').setAttribute('viewBox', `${view.x} ${view.y} ${view.w} ${view.h}`);
}

function drawPoints() {
  const g = $('#points');
  g.replaceChildren();
  const k = view.w / 960;
  // the biggest first, so that small incidents stay clickable on top
  const list = state.incidents.filter(mappable).sort((a, b) => killed(b) - killed(a));
  for (const inc of list) {
    const [x, y] = projection([inc.location.lon, inc.location.lat]);
    const c = el('svg:circle', {
      cx: x.toFixed(2), cy: y.toFixed(2), r: ((2.5 + Math.sqrt(killed(inc))) * k).toFixed(2),
      class: 'pt' + (inc.id === state.selected ? ' sel' : ''), fill: COLORS[inc.event_type] || '#546e7a',
      'data-id': inc.id,
    }, g);
    el('svg:title', {}, c, `${inc.id} ${inc.date && inc.date.start || ''} ${inc.location.name || ''}: ` +
      `${inc.event_type || inc.kind || ''}, ${killed(inc)} killed`);
    c.addEventListener('click', () => showIncident(inc.id));
  }
}

// A point on the map needs a place and a date finer than a year: an undated or
// year-only incident (often one a report only recalls) stays in the table only.
function mappable(inc) {
  return inc.location && typeof inc.location.lat === 'number' &&
    inc.date && inc.date.start && inc.date.precision !== 'year';
}

function killed(inc) {
  return inc.killed && typeof inc.killed.min === 'number' ? inc.killed.min : 0;
}

// ---------------------------------------------------------------- the timeline

let months = [];

async function drawTimeline() {
  const s = await getJSON('/api/stats?' + query({ group: 'month' }, true));
  months = s.buckets.filter((b) => b.key);
  const svg = $('#timeline');
  svg.replaceChildren();
  if (!months.length) return;
  // every month from the first to the last, empty ones too
  const all = [];
  let [y, m] = months[0].key.split('-').map(Number);
  const [ly, lm] = months[months.length - 1].key.split('-').map(Number);
  const by = new Map(months.map((b) => [b.key, b]));
  while (y < ly || (y === ly && m <= lm)) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    all.push(by.get(key) || { key, incidents: 0, killed: 0 });
    if (++m > 12) { m = 1; y++; }
  }
  months = all;
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
  const brush = el('svg:rect', { class: 'brush', y: 0, height: H, x: 0, width: 0, id: 'brush' }, svg);
  const monthAt = (ev) => {
    const r = svg.getBoundingClientRect();
    const x = (ev.clientX - r.left) / r.width * W;
    return Math.max(0, Math.min(months.length - 1, Math.floor(x / bw)));
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
    const [ey, em] = months[b].key.split('-').map(Number);
    state.since = months[a].key + '-01';
    state.until = `${months[b].key}-${String(new Date(Date.UTC(ey, em, 0)).getUTCDate()).padStart(2, '0')}`;
    load(true);
  };
  svg.ondblclick = () => { state.since = state.until = null; brush.setAttribute('width', 0); load(true); };
}

// ---------------------------------------------------------------- the table

function cell(inc, k) {
  switch (k) {
    case 'date': return inc.date && inc.date.start || '';
    case 'place': return inc.location && inc.location.name || '';
    case 'cc': return inc.location && inc.location.country_code || '';
    case 'type': return inc.event_type || inc.kind || '';
    case 'killed': return killed(inc);
    case 'actor': return inc.actor1 && inc.actor1.name || '';
  }
  return '';
}

function drawTable() {
  const { k, dir } = state.sort;
  const rows = [...state.incidents].sort((a, b) => {
    const x = cell(a, k), y = cell(b, k);
    return (x < y ? -1 : x > y ? 1 : 0) * dir;
  });
  const tb = $('#table tbody');
  tb.replaceChildren();
  for (const inc of rows) {
    const tr = el('tr', { 'data-id': inc.id, 'data-date': cell(inc, 'date'),
      class: inc.id === state.selected ? 'sel' : null }, tb);
    for (const c of ['date', 'place', 'cc', 'type', 'killed', 'actor']) el('td', {}, tr, String(cell(inc, c)));
    tr.addEventListener('click', () => showIncident(inc.id));
  }
  $('#count').textContent = `${state.incidents.length} incidents` + (state.cursor ? ' (more below)' : '');
  $('#more').hidden = !state.cursor;
  $('#range').textContent = state.since ? `${state.since} to ${state.until}` : '';
}

// ---------------------------------------------------------------- loading

async function load(reset) {
  try {
    if (reset) { state.incidents = []; state.cursor = null; }
    const extra = { limit: PAGE };
    if (state.cursor) extra.cursor = state.cursor;
    const page = await getJSON('/api/incidents?' + query(extra));
    state.incidents = state.incidents.concat(page.incidents);
    state.cursor = page.next_cursor;
    drawPoints();
    drawTable();
  } catch (err) { showError(err); }
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

async function showIncident(id) {
  try {
    const d = await getJSON('/api/incidents/' + encodeURIComponent(id));
    state.selected = id;
    drawPoints();
    drawTable();
    const inc = d.incident, box = $('#incident');
    box.replaceChildren();
    box.hidden = false;
    el('h2', {}, box, `${inc.id}: ${inc.event_type || inc.kind || ''}`);
    const dl = el('dl', {}, box);
    const row = (k, v) => { if (v) { el('dt', {}, dl, k); el('dd', {}, dl, String(v)); } };
    row('date', inc.date && [inc.date.start, inc.date.end].filter(Boolean).join(' to '));
    row('place', inc.location && [inc.location.name, inc.location.admin1, inc.location.country_code]
      .filter(Boolean).join(', '));
    row('killed', inc.killed && inc.killed.min);
    row('wounded', inc.wounded && inc.wounded.min);
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
  } catch (err) { showError(err); }
}

// ---------------------------------------------------------------- start

function start() {
  $('#filters').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const f = new FormData(ev.target);
    state.filters = {};
    for (const k of ['country', 'type', 'actor', 'q']) state.filters[k] = (f.get(k) || '').trim();
    load(true);
    drawTimeline().catch(showError);
  });
  $('#clear').addEventListener('click', () => {
    $('#filters').reset();
    state.filters = {}; state.since = state.until = null;
    load(true);
    drawTimeline().catch(showError);
  });
  $('#more').addEventListener('click', () => load(false));
  for (const th of document.querySelectorAll('#table th'))
    th.addEventListener('click', () => {
      const k = th.dataset.k;
      state.sort = { k, dir: state.sort.k === k ? -state.sort.dir : 1 };
      drawTable();
    });
  drawMap().then(() => load(true)).catch(showError);
  drawTimeline().catch(showError);
}

document.addEventListener('DOMContentLoaded', start);
