import { test } from 'node:test';
import assert from 'node:assert/strict';
import { watchJob, WatchError } from '../lib/watch.mjs';
import { startFakeServer, JOB_ID } from './fake-server.mjs';

test('ends on the complete update that follows the completed status, with its final counts', { timeout: 20000 }, async (t) => {
  const server = await startFakeServer();
  t.after(() => server.close());
  const seen = [];
  const { outcome, state } = await watchJob({
    url: server.url, token: server.token, jobId: JOB_ID, onChange: (s) => seen.push(s.status),
  });
  assert.equal(outcome, 'ended');
  assert.equal(state.status, 'completed');
  assert.equal(state.highScore, 2, 'high_score_leads comes from the complete update only');
  assert.equal(state.lastSeq, 6);
  assert.deepEqual(state.summary.grades, { A: 1, B: 1, C: 0, D: 0, E: 0, F: 1 });
  assert.deepEqual(seen, ['processing', 'processing', 'processing', 'processing', 'completed', 'completed', 'completed']);
});

test('ends after a short wait when a completed status is not followed by a complete update', { timeout: 20000 }, async (t) => {
  const server = await startFakeServer({ mode: 'statusonly' });
  t.after(() => server.close());
  const { outcome, state } = await watchJob({ url: server.url, token: server.token, jobId: JOB_ID, followUpWaitMs: 50 });
  assert.equal(outcome, 'ended');
  assert.equal(state.status, 'completed');
  assert.equal(state.summary, null);
});

test('a failed job ends with the error update\'s text', { timeout: 20000 }, async (t) => {
  const server = await startFakeServer({ mode: 'fail' });
  t.after(() => server.close());
  const { state } = await watchJob({ url: server.url, token: server.token, jobId: JOB_ID });
  assert.equal(state.status, 'failed');
  assert.equal(state.error, 'Enrichment backend unavailable');
});

test('a refused handshake rejects with the server\'s reason and does not retry', { timeout: 20000 }, async (t) => {
  const server = await startFakeServer({ handshakeRefusal: 'algorithm not allowed' });
  t.after(() => server.close());
  await assert.rejects(
    watchJob({ url: server.url, token: server.token, jobId: JOB_ID }),
    (error) => error instanceof WatchError && error.message === 'Authentication failed: algorithm not allowed',
  );
});

test('an unreachable server is given up after the allowed attempts', { timeout: 20000 }, async (t) => {
  const server = await startFakeServer();
  const url = server.url;
  await server.close();
  const notices = [];
  await assert.rejects(
    watchJob({ url, token: 'x', jobId: JOB_ID, reconnectionAttempts: 2, reconnectionDelay: 10, onNotice: (m) => notices.push(m) }),
    { name: 'WatchError', message: `gave up connecting to ${url} after 2 attempts` },
  );
  assert.ok(notices.length >= 1 && notices.every((m) => m.startsWith(`cannot connect to ${url}`)), notices.join('\n'));
});
