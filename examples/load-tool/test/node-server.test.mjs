// node-server.mjs, the Node side of --compare-node: its log entries carry the time they were due in the replay, not
// the time the server got round to sending them, so that a late send counts in the latency the clients measure.
//   cd examples/load-tool && npm ci && node --test test/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { io } from 'socket.io-client';

/** How far apart two Node processes' clocks (performance.timeOrigin + performance.now()) may read, in ms. */
const CLOCKS_APART_MS = 2;

const here = fileURLToPath(new URL('..', import.meta.url));

function status(jobId) {
  return { jobId, status: 'processing', progress: 0, total_leads: 10, processed_leads: 0, enriched_leads: 0,
    high_score_leads: 0, error_message: null, seq: 0, recentLogs: [] };
}

function log(seq, message) {
  return { type: 'log', seq, log: { level: 'info', message, timestamp: '2026-01-01T00:00:00.000Z' } };
}

/** The Node server as the load tool runs it, with its stdout events as a queue. */
function startServer() {
  const child = spawn('node', ['node-server.mjs'], { cwd: here, stdio: ['pipe', 'pipe', 'inherit'] });
  const events = [];
  const waiters = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    const event = JSON.parse(line);
    const i = waiters.findIndex((w) => w.name === event.event);
    if (i >= 0) waiters.splice(i, 1)[0].resolve(event);
    else events.push(event);
  });
  return {
    child,
    send: (command) => child.stdin.write(JSON.stringify(command) + '\n'),
    await: (name) => {
      const i = events.findIndex((e) => e.event === name);
      if (i >= 0) return Promise.resolve(events.splice(i, 1)[0]);
      return new Promise((resolve) => waiters.push({ name, resolve }));
    },
  };
}

/** Runs `body(port)` against a Node server that has loaded `replay`, then closes the server. */
async function withReplay(replay, body) {
  const file = join(mkdtempSync(join(tmpdir(), 'node-server-test-')), 'replay.json');
  writeFileSync(file, JSON.stringify(replay));
  const server = startServer();
  try {
    const { port } = await server.await('listening');
    server.send({ cmd: 'load', file });
    await server.await('loaded');
    await body(port, server);
  } finally {
    server.send({ cmd: 'close' });
    server.child.kill();
  }
}

/** A client subscribed to `jobId` that pushes each log update's receipt time and timestamp onto `received`. */
async function watch(port, jobId, received) {
  const socket = io(`http://127.0.0.1:${port}`, { transports: ['websocket'], auth: { token: 't' } });
  socket.on('job-update', (update) => received.push({ at: performance.timeOrigin + performance.now(),
    timestamp: Date.parse(update.log.timestamp) }));
  assert.deepEqual(await socket.timeout(10_000).emitWithAck('subscribe-job', jobId), { ok: true });
  return socket;
}

test('a log entry sent late carries the time it was due', { timeout: 120_000 }, async () => {
  // job "burst" has 20,000 updates due at 0 ms; job "late" has one, also due at 0 ms, which the server can only
  // send after the whole burst, since it starts the jobs' replays in order on one event loop
  const burst = [];
  for (let seq = 1; seq <= 20_000; seq++) burst.push({ at: 0, update: log(seq, `Scored ${seq}`) });
  const replay = { jobs: [
    { jobId: 'burst', submittedAt: 0, status: status('burst'), updates: burst },
    { jobId: 'late', submittedAt: 0, status: status('late'), updates: [{ at: 0, update: log(1, 'Scored late') }] },
  ] };

  await withReplay(replay, async (port, server) => {
    const received = { burst: [], late: [] };
    const clients = [await watch(port, 'burst', received.burst), await watch(port, 'late', received.late)];

    server.send({ cmd: 'start' });
    await server.await('started');
    while (received.burst.length < burst.length || received.late.length < 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    clients.forEach((socket) => socket.close());

    const due = received.burst[0].timestamp; // the replay's start: every update here was due then
    const late = received.late[0];
    // the premise: the late job's entry really went out well after it was due
    assert.ok(late.at - due >= 20, `the burst should have delayed the late entry; it arrived ${late.at - due} ms after it was due`);
    assert.equal(late.timestamp, due, 'the late entry is stamped with the time it was due, not the time it was sent');
    assert.equal(received.burst.at(-1).timestamp, due, 'the last entry of the burst was due at the start too');
  });
});

test('a log entry sent with a later report carries the time it was made', { timeout: 60_000 }, async () => {
  // an enricher's warning made at 100 ms and published with the batch's report at 300 ms (the replay's stampAt
  // and at), then the report's own entry, made as it was published
  const replay = { jobs: [{ jobId: 'job', submittedAt: 0, status: status('job'), updates: [
    { at: 300, stampAt: 100, update: log(1, 'DNS lookups are unavailable') },
    { at: 300, update: log(2, 'Scored leads 1-25 of 10') },
  ] }] };

  await withReplay(replay, async (port, server) => {
    const received = [];
    const socket = await watch(port, 'job', received);

    server.send({ cmd: 'start' });
    await server.await('started');
    while (received.length < 2) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    socket.close();

    const [warning, report] = received;
    assert.equal(report.timestamp - warning.timestamp, 200, 'the warning keeps the time it was made, 200 ms before the report');
    // the server stamps and the client measures by each process's own performance.timeOrigin, which stands up to about
    // half a millisecond off the system clock: a wait of exactly 200 ms can read a fraction of a millisecond short
    const wait = warning.at - warning.timestamp;
    assert.ok(wait >= 200 - CLOCKS_APART_MS, `and its wait for the report counts in its latency; it read ${wait} ms`);
  });
});
