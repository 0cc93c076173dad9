import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter, once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../lib/cli.mjs';
import { startFakeServer, JOB_ID } from './fake-server.mjs';

const CSV = 'email,first_name,last_name,company,title\nceo@acme.test,Ada,Lovelace,Acme,CEO\nbob@gmail.test,Bob,Free,,Student\nvp@globex.test,Grace,Hopper,Globex,VP Engineering\n,No,Email,Nowhere,Manager\n';

function csvFile() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'watch-job-test-'));
  const file = path.join(dir, 'leads.csv');
  fs.writeFileSync(file, CSV);
  return file;
}

function stream() {
  const chunks = [];
  return { isTTY: false, write: (s) => { chunks.push(String(s)); return true; }, text: () => chunks.join('') };
}

async function run(server, args, { token = server.token, signals = new EventEmitter() } = {}) {
  const stdout = stream();
  const stderr = stream();
  const code = await main(args, { env: { LEADJOBS_URL: server.url, LEADJOBS_TOKEN: token }, stdout, stderr, signals });
  return { code, out: stdout.text(), err: stderr.text() };
}

test('submits the CSV, follows the job to 100 % and prints the best leads first', { timeout: 20000 }, async (t) => {
  const server = await startFakeServer();
  t.after(() => server.close());
  const { code, out, err } = await run(server, ['--top', '2', csvFile()]);

  assert.equal(err, '');
  assert.equal(code, 0);
  const post = server.record.requests.find((r) => r.method === 'POST');
  assert.equal(post.url, '/api/jobs');
  assert.equal(post.headers['content-type'], 'text/csv');
  assert.equal(post.headers.authorization, `Bearer ${server.token}`);
  assert.equal(post.body, CSV);
  assert.deepEqual(server.record.subscriptions, [JOB_ID]);

  assert.match(out, new RegExp(`Job ${JOB_ID} queued: 3 leads from leads\\.csv`));
  assert.match(out, /\s33 %\s+1\/3 processed/);
  assert.match(out, /100 %\s+3\/3 processed · 3 enriched · 2 high score · completed/);
  assert.match(out, /info\s+Job accepted/);
  assert.match(out, /info\s+Started scoring 3 leads in 1 batch/);
  assert.match(out, /completed: 3 leads scored, 2 high score, 1 rows rejected/);
  assert.match(out, /average score 63\.33 · grades A 1, B 1, C 0, D 0, E 0, F 1/);
  assert.match(out, /Top 2 leads:/);
  assert.ok(out.indexOf('ceo@acme.test') < out.indexOf('vp@globex.test'), 'the 92-point lead comes before the 77-point one');
  assert.doesNotMatch(out, /bob@gmail\.test/, '--top 2 leaves out the third lead');
  assert.match(out, /row 4: email is missing/);
});

test('stops with the handshake refusal when the socket is refused', { timeout: 20000 }, async (t) => {
  const server = await startFakeServer({ handshakeRefusal: 'token expired' });
  t.after(() => server.close());
  const { code, err } = await run(server, [csvFile()]);
  assert.equal(code, 1);
  assert.match(err, /watch-job: Authentication failed: token expired/);
});

test('stops with the server\'s error event when the subscription is refused', { timeout: 20000 }, async (t) => {
  const server = await startFakeServer({ mode: 'notfound' });
  t.after(() => server.close());
  const { code, err } = await run(server, [csvFile()]);
  assert.equal(code, 1);
  assert.match(err, /watch-job: the server refused.*Job not found/);
});

test('reports a failed job with its error and exits non-zero', { timeout: 20000 }, async (t) => {
  const server = await startFakeServer({ mode: 'fail' });
  t.after(() => server.close());
  const { code, out, err } = await run(server, [csvFile()]);
  assert.equal(code, 1);
  assert.match(err, new RegExp(`Job ${JOB_ID} failed: Enrichment backend unavailable`));
  assert.doesNotMatch(out, /Top \d+ leads/);
  assert.equal(server.record.requests.filter((r) => r.url.endsWith('/results')).length, 0);
});

test('prints the server\'s error and details when the CSV is refused', { timeout: 20000 }, async (t) => {
  const server = await startFakeServer({ submitError: { error: 'The CSV has no email column.', details: ['row 1, column 1: expected header "email", found "mail"'] } });
  t.after(() => server.close());
  const { code, err } = await run(server, [csvFile()]);
  assert.equal(code, 1);
  assert.match(err, /POST \/api\/jobs failed: The CSV has no email column\.\n\s+row 1, column 1: expected header "email", found "mail"/);
});

test('a wrong token is refused by the REST API before any socket is opened', { timeout: 20000 }, async (t) => {
  const server = await startFakeServer();
  t.after(() => server.close());
  const { code, err } = await run(server, [csvFile()], { token: 'stolen' });
  assert.equal(code, 1);
  assert.match(err, /Authentication failed: invalid signature/);
  assert.deepEqual(server.record.subscriptions, []);
});

test('a missing file is a usage error naming the file', { timeout: 20000 }, async (t) => {
  const server = await startFakeServer();
  t.after(() => server.close());
  const { code, err } = await run(server, ['/nonexistent/leads.csv']);
  assert.equal(code, 2);
  assert.equal(err, 'watch-job: cannot read /nonexistent/leads.csv: no such file\n');
  assert.deepEqual(server.record.requests, []);
});

test('Ctrl-C unsubscribes, disconnects and says the job goes on', { timeout: 20000 }, async (t) => {
  const server = await startFakeServer({ mode: 'hold' });
  t.after(() => server.close());
  const signals = new EventEmitter();
  const subscribed = once(server.events, 'subscribed');
  const unsubscribed = once(server.events, 'unsubscribed');
  const disconnected = once(server.events, 'disconnected');
  const running = run(server, [csvFile()], { signals });
  await subscribed;
  signals.emit('SIGINT');
  const { code, err } = await running;

  assert.equal(code, 130);
  assert.match(err, new RegExp(`Stopped watching job ${JOB_ID}; it goes on running on the server`));
  assert.match(err, new RegExp(`curl -X POST .*/api/jobs/${JOB_ID}/cancel`));
  assert.deepEqual(await unsubscribed, [JOB_ID]);
  assert.deepEqual(await disconnected, ['client namespace disconnect']);
  assert.equal(signals.listenerCount('SIGINT'), 0, 'the handler is removed, so a second Ctrl-C ends the process');
});

test('after a dropped connection it resubscribes from the last update it saw and finishes', { timeout: 20000 }, async (t) => {
  const server = await startFakeServer({ mode: 'drop' });
  t.after(() => server.close());
  const { code, out } = await run(server, ['--top', '1', csvFile()]);

  assert.equal(code, 0);
  assert.deepEqual(server.record.subscriptions, [JOB_ID, { jobId: JOB_ID, lastSeq: 2 }]);
  assert.match(out, /connection lost \(transport close\); reconnecting/);
  assert.match(out, /100 %\s+3\/3 processed/);
});
