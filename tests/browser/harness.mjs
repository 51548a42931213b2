// harness.mjs - what the browser tests share: TAP lines, Debian's chromium
// launched headless through playwright-core, and a page watched for console
// errors, page errors, failed requests and requests outside the server.
//   const t = tap(name); const browser = await launch(); t.watch(page, url);
//   ... t.ok(cond, desc, info) ...; await t.finish(browser) (prints the plan, exits 1 on a failure)
import { chromium } from 'playwright-core';

export const launch = () => chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
         '--disable-component-update', '--no-first-run'],
});

export function tap(name) {
  let n = 0, failed = 0;
  const errors = [];
  const ok = (cond, desc, info) => {
    n++;
    if (cond) console.log(`ok ${n} - ${name}: ${desc}`);
    else { failed++; console.log(`not ok ${n} - ${name}: ${desc}`); if (info) console.log(`#   ${String(info).slice(0, 600)}`); }
  };
  // Record what goes wrong on page p, whose server is url.
  const watch = (p, url) => {
    p.on('console', (m) => { if (m.type() === 'error') errors.push('console: ' + m.text()); });
    p.on('pageerror', (e) => errors.push('page: ' + e.message));
    // (a request the test's own navigation cancels, as a download does, is not a failure)
    p.on('requestfailed', (r) => {
      if ((r.failure() || {}).errorText !== 'net::ERR_ABORTED') errors.push('request failed: ' + r.url());
    });
    p.on('request', (r) => { if (!r.url().startsWith(url)) errors.push('fetched from outside: ' + r.url()); });
  };
  // The last check (nothing went wrong on the watched pages), the plan, the exit.
  const finish = async (browser) => {
    ok(errors.length === 0, 'no console error, page error, failed request or request outside the server',
      errors.join(' | '));
    await browser.close();
    console.log(`1..${n}`);
    process.exit(failed ? 1 : 0);
  };
  return { ok, watch, finish };
}
