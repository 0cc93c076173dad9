// Browser test for the leadjobs dashboards: drives Debian's Chromium (never a downloaded browser)
// through the React dashboard, the Vue page and the server's own demo page against a running leadjobs server.
//
//   LEADJOBS_URL=http://localhost:3000 LEADJOBS_TOKEN=<jwt> node run.mjs
//
// Optional: LEADJOBS_REACT_PATH (default /), LEADJOBS_VUE_PATH (default /vue/), LEADJOBS_DEMO_PATH (the
// server's own demo page, default /demo/),
// LEADJOBS_CSV (default ../sample-leads.csv), LEADJOBS_CSV_REPEAT (its data rows n times, default 1),
// LEADJOBS_TIMEOUT_S (per wait, default 90),
// CHROMIUM (default /usr/bin/chromium), LEADJOBS_SKIP_REACT=1, LEADJOBS_SKIP_VUE=1, LEADJOBS_SKIP_DEMO=1.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const serverUrl = (process.env.LEADJOBS_URL || '').replace(/\/+$/, '');
const token = process.env.LEADJOBS_TOKEN || '';
const reactPath = process.env.LEADJOBS_REACT_PATH || '/';
const vuePath = process.env.LEADJOBS_VUE_PATH || '/vue/';
const demoPath = process.env.LEADJOBS_DEMO_PATH || '/demo/';
const sourceCsv = path.resolve(here, process.env.LEADJOBS_CSV || '../sample-leads.csv');
const csvRepeat = Number(process.env.LEADJOBS_CSV_REPEAT || 1);
const timeoutMs = Number(process.env.LEADJOBS_TIMEOUT_S || 90) * 1000;
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const screenshotDir = path.join(here, 'screenshots');

function usage(problem) {
  console.error(`browser-test: ${problem}`);
  console.error('usage: LEADJOBS_URL=http://host:port LEADJOBS_TOKEN=<jwt> node run.mjs   (or ./run.sh <server-url> <token>)');
  process.exit(2);
}
if (!/^https?:\/\/[^/]+/.test(serverUrl)) usage(`LEADJOBS_URL must be an http(s) URL, was "${process.env.LEADJOBS_URL || ''}"`);
if (!token) usage('LEADJOBS_TOKEN is empty; pass the token the server printed');
if (!fs.existsSync(sourceCsv)) usage(`the CSV ${sourceCsv} does not exist`);
if (!Number.isInteger(csvRepeat) || csvRepeat < 1 || csvRepeat > 1000) usage(`LEADJOBS_CSV_REPEAT must be a whole number from 1 to 1000, was "${process.env.LEADJOBS_CSV_REPEAT}"`);
let csvPath = sourceCsv;

const SLOW_HINT = 'If the job had already finished when the page subscribed (job-status said completed at once), '
  + 'no live update can be seen: give the server more work with LEADJOBS_CSV_REPEAT=20 (or a larger LEADJOBS_CSV).';

/**
 * The CSV to upload: the sample itself, or its data rows repeated (emails made unique with +n) so that
 * a fast server's job lasts long enough to be watched live.
 */
function prepareCsv(dir) {
  if (csvRepeat === 1) return sourceCsv;
  const file = path.join(dir, `sample-leads-x${csvRepeat}.csv`);
  fs.writeFileSync(file, repeatedCsv(csvRepeat, (n) => (n > 0 ? `+${n}` : '')));
  return file;
}

/** The sample's header and its data rows {@code copies} times, each copy's emails tagged (`jane+3@...`). */
function repeatedCsv(copies, tagOf) {
  const [header, ...rows] = fs.readFileSync(sourceCsv, 'utf8').split(/\r?\n/).filter((line) => line.trim());
  const emailColumn = header.split(',').indexOf('email');
  const out = [header];
  for (let n = 0; n < copies; n += 1) {
    const tag = tagOf(n);
    for (const row of rows) {
      const cells = row.split(',');
      if (tag && emailColumn >= 0 && /^[^@]+@[^@]+$/.test(cells[emailColumn])) {
        cells[emailColumn] = cells[emailColumn].replace('@', `${tag}@`);
      }
      out.push(cells.join(','));
    }
  }
  return `${out.join('\n')}\n`;
}
if (!fs.existsSync(chromiumPath)) usage(`no Chromium at ${chromiumPath}; install it with: apt-get install -y chromium`);

const results = [];
const SETUP = 'setup';

/**
 * Runs the steps of one scenario in order. After a failed setup step (one marked SETUP: loading the
 * page, the token, the upload) the rest cannot run and are reported as not run; after any other
 * failure the remaining checks still run.
 */
async function scenario(name, page, steps) {
  let failed = false;
  for (const [label, fn, kind] of steps) {
    const title = `${name}: ${label}`;
    if (failed) {
      results.push({ title, ok: false, skipped: true });
      console.log(`  SKIP ${title} (a setup step failed)`);
      continue;
    }
    try {
      const note = await fn();
      results.push({ title, ok: true });
      console.log(`  PASS ${title}${note ? ` (${note})` : ''}`);
    } catch (error) {
      if (kind === SETUP) failed = true;
      results.push({ title, ok: false });
      const text = String(error.message || error).replace(/\x1b\[[0-9;]*m/g, '');
      console.log(`  FAIL ${title}\n       ${text.split('\n').filter((line) => line.trim()).slice(0, 5).join('\n       ')}`);
      const shot = path.join(screenshotDir, `${name.toLowerCase()}-failure.png`);
      await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
      console.log(`       screenshot of the page at failure: ${shot}`);
      const problems = page.diagnostics ? page.diagnostics.slice(-8) : [];
      if (problems.length) console.log(`       the page reported:\n         ${problems.join('\n         ')}`);
    }
  }
}

/** Keeps the page's console errors, failed requests and HTTP errors, to print when a step fails. */
function collectDiagnostics(page) {
  const seen = [];
  page.diagnostics = seen;
  page.on('console', (message) => {
    if (message.type() === 'error') seen.push(`console: ${message.text()}`);
  });
  page.on('requestfailed', (request) => seen.push(`request failed: ${request.method()} ${request.url()} (${request.failure()?.errorText})`));
  page.on('response', (response) => {
    if (response.status() >= 400) seen.push(`HTTP ${response.status()}: ${response.request().method()} ${response.url()}`);
  });
}

/** Counts job-update events reaching the page over Socket.IO, whichever transport carries them. */
function watchSocketIo(page) {
  const seen = { frames: 0, jobUpdates: 0, statusFor: new Set() };
  const count = (text) => {
    const hits = String(text).match(/"job-update"/g);
    if (hits) seen.jobUpdates += hits.length;
    for (const m of String(text).matchAll(/"job-status",\{"jobId":"([0-9a-f-]{36})"/g)) seen.statusFor.add(m[1]);
  };
  page.on('websocket', (ws) => {
    if (!ws.url().includes('/socket.io/')) return;
    ws.on('framereceived', (frame) => { seen.frames += 1; count(frame.payload); });
  });
  page.on('response', async (response) => {
    const url = response.url();
    if (!url.includes('/socket.io/') || !url.includes('transport=polling') || response.request().method() !== 'GET') return;
    try { count(await response.text()); } catch { /* the page went away */ }
  });
  return seen;
}

/** The whole page, up to a height that keeps a long results table from making the shot huge and slow. */
async function screenshot(page, file) {
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  const width = page.viewportSize().width;
  await page.screenshot({ path: file, fullPage: true, clip: { x: 0, y: 0, width, height: Math.min(height, 4000) }, timeout: timeoutMs });
}

/**
 * A job scored in a few milliseconds finishes before a freshly uploaded page has subscribed, and then no
 * live update can be seen. So before a page uploads, the test fills the server's workers with large
 * jobs of its own (over REST, with the same token): the page's job waits in the queue behind them, the
 * page subscribes (its job-status says queued), and only then does the test cancel them and let the
 * page's job run. The one assumption left is that a filler of FILLER_COPIES copies of the sample does
 * not finish before a page subscribes, which takes a fraction of a second.
 */
const FILLERS = 4; // more than the reference server's 2 workers
const FILLER_COPIES = 2000; // 80,000 rows each

async function api(method, pathAndQuery, body, contentType) {
  const response = await fetch(`${serverUrl}${pathAndQuery}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(contentType ? { 'Content-Type': contentType } : {}) },
    body,
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : {} };
}

async function holdWorkers() {
  const csv = repeatedCsv(FILLER_COPIES, (n) => `+filler${n}`);
  const ids = [];
  for (let i = 0; i < FILLERS; i += 1) {
    const { status, json } = await api('POST', '/api/jobs?name=browser-test%20filler', csv, 'text/csv');
    if (status !== 202) throw new Error(`a filler job was refused: ${status} ${JSON.stringify(json)}`);
    ids.push(json.jobId);
  }
  return ids;
}

/** Waits until the page has the job's job-status (it has subscribed), then cancels the fillers. */
async function releaseWorkers(socketIo, jobId, fillers) {
  const deadline = Date.now() + timeoutMs;
  while (!socketIo.statusFor.has(jobId)) {
    if (Date.now() > deadline) throw new Error(`the page did not subscribe to job ${jobId} within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const { status, json } = await api('GET', `/api/jobs/${jobId}`);
  for (const id of fillers) {
    const cancel = await api('POST', `/api/jobs/${id}/cancel`);
    if (cancel.status !== 200 && cancel.status !== 409) throw new Error(`cancelling filler ${id} answered ${cancel.status}`);
  }
  return `job ${status === 200 ? json.status : `unknown (${status})`} when the page subscribed`;
}

/** Waits for the POST /api/jobs that a click starts and returns its JSON. */
async function submitThroughPage(page, clickUpload) {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().startsWith(`${serverUrl}/api/jobs`) && r.request().method() === 'POST', { timeout: timeoutMs }),
    clickUpload(),
  ]);
  const body = await response.json().catch(() => ({}));
  if (response.status() !== 202) throw new Error(`POST /api/jobs answered ${response.status()}: ${JSON.stringify(body)}`);
  if (!body.jobId || typeof body.total_leads !== 'number') throw new Error(`POST /api/jobs answered without jobId/total_leads: ${JSON.stringify(body)}`);
  return body;
}

async function expectAttr(locator, name, value, what) {
  try {
    await locator.waitFor({ state: 'visible', timeout: timeoutMs });
    await locator.page().waitForFunction(
      ([el, n, v]) => el && el.getAttribute(n) === v,
      [await locator.elementHandle(), name, value],
      { timeout: timeoutMs },
    );
  } catch {
    const actual = await locator.getAttribute(name).catch(() => null);
    throw new Error(`${what}: expected ${name}=${value} within ${timeoutMs / 1000} s, last seen ${actual}`);
  }
}

async function expectText(locator, text, what) {
  try {
    await locator.waitFor({ state: 'visible', timeout: timeoutMs });
    await locator.page().waitForFunction(
      ([el, t]) => el && el.textContent.trim() === t,
      [await locator.elementHandle(), text],
      { timeout: timeoutMs },
    );
  } catch {
    const actual = await locator.textContent().catch(() => null);
    throw new Error(`${what}: expected "${text}" within ${timeoutMs / 1000} s, last seen ${JSON.stringify(actual)}`);
  }
}

async function reactScenario(context) {
  const page = await context.newPage();
  const socketIo = watchSocketIo(page);
  collectDiagnostics(page);
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  let job;
  let fillers = [];
  const detail = page.getByTestId('job-detail');

  await scenario('React', page, [
    ['the dashboard loads', async () => {
      await page.goto(`${serverUrl}${reactPath}`, { timeout: timeoutMs });
      await page.getByTestId('token-input').waitFor({ timeout: timeoutMs });
      return await page.title();
    }, SETUP],
    ['a pasted token is kept', async () => {
      await page.getByTestId('token-input').fill(token);
      await page.getByTestId('token-save').click();
      await expectText(page.getByTestId('token-state'), 'Token saved in this browser.', 'token state');
      const stored = await page.evaluate(() => window.localStorage.getItem('leadjobs.token'));
      if (stored !== token) throw new Error('the token was not stored in localStorage');
    }, SETUP],
    ['uploading the CSV starts a job', async () => {
      fillers = await holdWorkers();
      await page.getByTestId('csv-input').setInputFiles(csvPath);
      job = await submitThroughPage(page, () => page.getByTestId('upload-button').click());
      await page.getByTestId('upload-result').waitFor({ timeout: timeoutMs });
      return `job ${job.jobId}, ${job.total_leads} leads`;
    }, SETUP],
    ['the page subscribes while its job waits in the queue', async () => releaseWorkers(socketIo, job.jobId, fillers), SETUP],
    ['the job is listed', async () => {
      await page.locator(`[data-testid="job-row"][data-job-id="${job.jobId}"]`).waitFor({ timeout: timeoutMs });
    }],
    ['the progress bar reaches 100 %', async () => {
      await expectAttr(detail.getByTestId('job-progress'), 'aria-valuenow', '100', 'job progress bar');
      const label = (await detail.getByTestId('job-progress').textContent()).trim();
      if (label !== '100 %') throw new Error(`progress label reads "${label}"`);
    }],
    ['the status reads completed', async () => {
      await expectText(detail.getByTestId('job-status'), 'completed', 'job status');
    }],
    ['live job-update events arrived over Socket.IO', async () => {
      if (socketIo.jobUpdates === 0) throw new Error(`the page received no job-update event. ${SLOW_HINT}`);
      return `${socketIo.jobUpdates} job-update events`;
    }],
    ['the log shows the job\'s entries', async () => {
      const n = await detail.getByTestId('log-entry').count();
      if (n === 0) throw new Error('the log is empty');
      return `${n} entries`;
    }],
    ['the results table shows every scored lead', async () => {
      const rows = detail.getByTestId('result-row');
      await rows.first().waitFor({ timeout: timeoutMs });
      const n = await rows.count();
      if (n !== job.total_leads) throw new Error(`expected ${job.total_leads} result rows, found ${n}`);
      const first = rows.first();
      const score = (await first.getByTestId('result-score').textContent()).trim();
      const grade = (await first.getByTestId('result-grade').textContent()).trim();
      if (!/^\d+(\.\d+)?$/.test(score)) throw new Error(`first row's score is "${score}"`);
      if (!/^[A-F][+-]?$/.test(grade)) throw new Error(`first row's grade is "${grade}"`);
      return `${n} rows, best ${score} (${grade})`;
    }],
    ['the job list shows it completed at 100 %', async () => {
      const row = page.locator(`[data-testid="job-row"][data-job-id="${job.jobId}"]`);
      await expectText(row.getByTestId('job-row-status'), 'completed', 'job list status');
      await expectAttr(row.getByTestId('job-row-progress'), 'aria-valuenow', '100', 'job list progress bar');
    }],
    ['no script error on the page', async () => {
      if (pageErrors.length) throw new Error(pageErrors.join('\n'));
    }],
    ['screenshot saved', async () => {
      const file = path.join(screenshotDir, 'react.png');
      await screenshot(page, file);
      return file;
    }],
  ]);
  await page.close();
}

async function vueScenario(context) {
  const page = await context.newPage();
  const socketIo = watchSocketIo(page);
  collectDiagnostics(page);
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  let job;
  let fillers = [];

  await scenario('Vue', page, [
    ['the page loads', async () => {
      await page.goto(`${serverUrl}${vuePath}`, { timeout: timeoutMs });
      await page.getByTestId('token-input').waitFor({ timeout: timeoutMs });
    }, SETUP],
    ['a pasted token is kept', async () => {
      await page.getByTestId('token-input').fill(token);
      await page.getByTestId('token-save').click();
      await expectText(page.getByTestId('token-state'), 'Token saved in this browser.', 'token state');
    }, SETUP],
    ['uploading the CSV starts a job', async () => {
      fillers = await holdWorkers();
      await page.getByTestId('csv-input').setInputFiles(csvPath);
      job = await submitThroughPage(page, () => page.getByTestId('upload-button').click());
      return `job ${job.jobId}, ${job.total_leads} leads`;
    }, SETUP],
    ['the page subscribes while its job waits in the queue', async () => releaseWorkers(socketIo, job.jobId, fillers), SETUP],
    ['job-status arrives', async () => {
      await page.getByTestId('job-status').waitFor({ timeout: timeoutMs });
    }],
    ['the progress bar reaches 100 %', async () => {
      await expectAttr(page.getByTestId('job-progress'), 'aria-valuenow', '100', 'job progress bar');
    }],
    ['complete arrives and the status reads completed', async () => {
      const status = (await page.getByTestId('job-status').textContent()).trim();
      if (status === 'completed' && (await page.getByTestId('log-entry').count()) === 0) {
        throw new Error(`job-status already said completed and no update came before it. ${SLOW_HINT}`);
      }
      try {
        await page.locator('[data-testid="log-entry"].update-complete').waitFor({ timeout: timeoutMs });
      } catch {
        const updates = await page.getByTestId('log-entry').count();
        const status = (await page.getByTestId('job-status').textContent()).trim();
        throw new Error(`no complete update within ${timeoutMs / 1000} s (status "${status}", ${updates} updates shown). ${updates === 0 ? SLOW_HINT : ''}`);
      }
      await expectText(page.getByTestId('job-status'), 'completed', 'job status');
      return `${socketIo.jobUpdates} job-update events`;
    }],
    ['the results table shows the leads', async () => {
      await page.getByTestId('result-row').first().waitFor({ timeout: timeoutMs });
      return `${await page.getByTestId('result-row').count()} rows shown`;
    }],
    ['no script error on the page', async () => {
      if (pageErrors.length) throw new Error(pageErrors.join('\n'));
    }],
    ['screenshot saved', async () => {
      const file = path.join(screenshotDir, 'vue.png');
      await screenshot(page, file);
      return file;
    }],
  ]);
  await page.close();
}

/** The numbers in the given cells, in page order. */
async function numbers(locator) {
  return (await locator.allTextContents()).map((text) => Number(text.trim()));
}

async function demoScenario(context) {
  const page = await context.newPage();
  const socketIo = watchSocketIo(page);
  collectDiagnostics(page);
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  let job;
  let fillers = [];
  let card;

  await scenario('Demo', page, [
    ['the demo page loads', async () => {
      await page.goto(`${serverUrl}${demoPath}`, { timeout: timeoutMs });
      await page.getByTestId('token-input').waitFor({ timeout: timeoutMs });
    }, SETUP],
    ['a pasted token connects', async () => {
      await page.getByTestId('token-input').fill(token);
      await page.getByTestId('connect-button').click();
      await expectText(page.getByTestId('connection-status'), 'connected', 'connection status');
    }, SETUP],
    ['uploading the CSV starts a job', async () => {
      fillers = await holdWorkers();
      await page.getByTestId('csv-file').setInputFiles(csvPath);
      // Chromium does not keep the answer's body after a large upload from a File, so the job id is read from
      // the card the page adds for it, and its size from the REST API
      const known = new Set(await page.getByTestId('job-card').evaluateAll((cards) => cards.map((c) => c.dataset.jobId)));
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.url().startsWith(`${serverUrl}/api/jobs`) && r.request().method() === 'POST', { timeout: timeoutMs }),
        page.getByTestId('upload-button').click(),
      ]);
      if (response.status() !== 202) throw new Error(`POST /api/jobs answered ${response.status()}`);
      const handle = await page.waitForFunction((ids) => [...document.querySelectorAll('[data-testid="job-card"]')]
        .map((c) => c.dataset.jobId).find((id) => !ids.includes(id)), [...known], { timeout: timeoutMs });
      const jobId = await handle.jsonValue();
      const { status, json } = await api('GET', `/api/jobs/${jobId}`);
      if (status !== 200) throw new Error(`GET /api/jobs/${jobId} answered ${status}`);
      job = { jobId, total_leads: json.total_leads };
      card = page.locator(`[data-testid="job-card"][data-job-id="${job.jobId}"]`);
      return `job ${job.jobId}, ${job.total_leads} leads`;
    }, SETUP],
    ['the page subscribes while its job waits in the queue', async () => releaseWorkers(socketIo, job.jobId, fillers), SETUP],
    ['the progress bar reaches 100 % and the status reads completed', async () => {
      await expectAttr(card.getByTestId('job-progress'), 'value', '100', 'job progress bar');
      await expectText(card.getByTestId('job-status'), 'completed', 'job status');
    }],
    ['live job-update events arrived over Socket.IO', async () => {
      if (socketIo.jobUpdates === 0) throw new Error(`the page received no job-update event. ${SLOW_HINT}`);
      return `${socketIo.jobUpdates} job-update events`;
    }],
    ['the results come a page at a time, best score first', async () => {
      await card.getByTestId('result-row').first().waitFor({ timeout: timeoutMs });
      const rows = await card.getByTestId('result-row').count();
      const expected = Math.min(50, job.total_leads);
      if (rows !== expected) throw new Error(`expected ${expected} rows on the first page, found ${rows}`);
      const info = (await card.getByTestId('page-info').textContent()).trim();
      if (info !== `Leads 1-${expected} of ${job.total_leads}`) throw new Error(`page info reads "${info}"`);
      const scores = await numbers(card.getByTestId('result-score'));
      if (scores.some((s, i) => i > 0 && s > scores[i - 1])) throw new Error(`scores are not highest first: ${scores.join(', ')}`);
      return info;
    }],
    ['each row shows the name, company, title and readable reasons', async () => {
      const first = card.getByTestId('result-row').first();
      const name = (await first.getByTestId('result-name').textContent()).trim();
      if (!name) throw new Error('the first row has no name');
      const reasons = first.getByTestId('result-reasons').locator('li');
      const n = await reasons.count();
      if (n === 0) throw new Error('the first row shows no reasons');
      for (let i = 0; i < n; i += 1) {
        const text = (await reasons.nth(i).textContent()).trim();
        const rule = await reasons.nth(i).getAttribute('title');
        if (!/^[+-]?\d+ \S/.test(text)) throw new Error(`reason "${text}" does not read "<points> <sentence>"`);
        if (rule && text.includes(rule)) throw new Error(`reason "${text}" shows the rule id ${rule} instead of its detail`);
      }
      return `${name}: ${n} reasons`;
    }],
    ['sorting by score flips to lowest first', async () => {
      await card.getByTestId('sort-score').click();
      await expectAttr(card.getByTestId('sort-score').locator('xpath=..'), 'aria-sort', 'ascending', 'score column');
      const scores = await numbers(card.getByTestId('result-score'));
      if (scores.some((s, i) => i > 0 && s < scores[i - 1])) throw new Error(`scores are not lowest first: ${scores.join(', ')}`);
    }],
    ['the grade counts and the histogram add up to the job', async () => {
      const grades = card.getByTestId('grade-count');
      const counts = (await grades.evaluateAll((items) => items.map((i) => Number(i.dataset.count))));
      const bars = (await card.getByTestId('histogram-bar').evaluateAll((items) => items.map((i) => Number(i.dataset.count))));
      const sum = (list) => list.reduce((a, b) => a + b, 0);
      if (bars.length !== 10) throw new Error(`the histogram has ${bars.length} bars, not 10`);
      if (sum(counts) !== job.total_leads || sum(bars) !== job.total_leads) {
        throw new Error(`grades add up to ${sum(counts)} and the histogram to ${sum(bars)}, the job has ${job.total_leads} leads`);
      }
      return `grades ${counts.join('/')}`;
    }],
    ['the next page shows the next leads', async () => {
      if (job.total_leads <= 50) return 'one page only';
      await card.getByTestId('page-next').click();
      const info = (await card.getByTestId('page-info').textContent()).trim();
      const to = Math.min(100, job.total_leads);
      if (info !== `Leads 51-${to} of ${job.total_leads}`) throw new Error(`page info reads "${info}"`);
      await card.getByTestId('page-prev').click();
      await card.getByTestId('sort-score').click(); // highest first again, for the screenshot
      return info;
    }],
    ['no script error on the page', async () => {
      if (pageErrors.length) throw new Error(pageErrors.join('\n'));
    }],
    ['screenshot saved', async () => {
      const file = path.join(screenshotDir, 'demo.png');
      await screenshot(page, file);
      return file;
    }],
  ]);
  await page.close();
}

async function main() {
  fs.mkdirSync(screenshotDir, { recursive: true });
  // Screenshots of an earlier run would mislead: start with none.
  for (const name of fs.readdirSync(screenshotDir)) {
    if (name.endsWith('.png')) fs.rmSync(path.join(screenshotDir, name));
  }
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadjobs-chromium-'));
  csvPath = prepareCsv(userDataDir);
  console.log(`browser-test: ${serverUrl} with ${chromiumPath}, CSV ${path.relative(process.cwd(), sourceCsv) || sourceCsv}${csvRepeat > 1 ? ` x${csvRepeat}` : ''}`);
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumPath,
      headless: true,
      viewport: { width: 1280, height: 900 },
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  } catch (error) {
    console.error(`browser-test: Chromium did not start: ${error.message.split('\n')[0]}`);
    fs.rmSync(userDataDir, { recursive: true, force: true });
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  try {
    if (process.env.LEADJOBS_SKIP_REACT !== '1') await reactScenario(context);
    if (process.env.LEADJOBS_SKIP_VUE !== '1') await vueScenario(context);
    if (process.env.LEADJOBS_SKIP_DEMO !== '1') await demoScenario(context);
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  const skipped = results.filter((r) => r.skipped).length;
  if (failed) {
    console.log(`browser-test FAILED: ${results.filter((r) => !r.ok && !r.skipped).map((r) => r.title).join('; ')}`);
    if (skipped) console.log(`(${skipped} of the failed steps were not run because a setup step of their page failed)`);
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((error) => {
  console.error(`browser-test: ${error.stack || error}`);
  console.log(`${results.filter((r) => r.ok).length} passed, ${results.filter((r) => !r.ok).length + 1} failed`);
  process.exit(1);
});
