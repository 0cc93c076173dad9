// watch.mjs, the five-minute walk's watcher, run as the README runs it: a child process with TOKEN set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeServer, JOB_ID } from './fake-server.mjs';

const watcher = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'watch.mjs');

function watch(server, { token = server.token, jobId = JOB_ID } = {}) {
  return new Promise((resolve) => {
    execFile(process.execPath, [watcher, jobId], { env: { ...process.env, TOKEN: token, LEADJOBS_URL: server.url }, timeout: 15000 },
      (error, stdout, stderr) => resolve({ code: error ? error.code : 0, out: stdout, err: stderr }));
  });
}

test('subscribes with lastSeq 0, prints the stream and exits 0 on complete', { timeout: 20000 }, async (t) => {
  const server = await startFakeServer();
  t.after(() => server.close());
  const { code, out } = await watch(server);

  assert.deepEqual(server.record.subscriptions, [{ jobId: JOB_ID, lastSeq: 0 }]);
  assert.match(out, /^status processing 0% \(0\/3 leads, 0 high score\)$/m);
  assert.match(out, /^info  Started scoring 3 leads in 1 batch of up to 25; 1 rows were rejected at upload$/m);
  assert.match(out, /^progress 33% \(1\/3\)$/m);
  assert.match(out, /^status completed: Job completed successfully$/m);
  assert.match(out, /^job completed: 3 leads scored, 2 high score$/m);
  assert.equal(code, 0);
});

test('exits 0 when job-status already says completed (no update will come)', { timeout: 20000 }, async (t) => {
  const server = await startFakeServer({ mode: 'done' });
  t.after(() => server.close());
  const { code, out } = await watch(server);

  assert.match(out, /^status completed 100% \(3\/3 leads, 2 high score\)$/m);
  assert.match(out, /^job completed$/m);
  assert.equal(code, 0);
});

test('exits 1 with the reason when the job fails', { timeout: 20000 }, async (t) => {
  const server = await startFakeServer({ mode: 'fail' });
  t.after(() => server.close());
  const { code, out } = await watch(server);

  assert.match(out, /^job failed: Enrichment backend unavailable$/m);
  assert.equal(code, 1);
});

test('exits 1 when the job is refused or the token is', { timeout: 20000 }, async (t) => {
  const server = await startFakeServer({ mode: 'notfound' });
  t.after(() => server.close());
  const notFound = await watch(server);
  assert.match(notFound.out, /^job refused: Job not found$/m);
  assert.equal(notFound.code, 1);

  const badToken = await watch(server, { token: 'forged' });
  assert.match(badToken.err, /Authentication failed: invalid signature/);
  assert.equal(badToken.code, 1);
});
