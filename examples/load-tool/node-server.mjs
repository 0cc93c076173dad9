// A minimal socket.io 4.8 server for the load tool's --compare-node: the job-events protocol reduced to
// what the load clients use, replaying the job-update streams recorded in the leadjobs run.
//
//   subscribe-job (a job id, or { jobId }) -> joins the job's room, sends job-status (with seq), acks { ok: true }
//   job-update                             -> the recorded updates, in order, at their recorded times; a log
//                                             entry's timestamp is the time leadjobs made it, not the time it went out
//
// The token in the handshake's auth must be present; it is not verified (no JWT library here).
// Commands in on stdin, one JSON object a line:
//   {"cmd":"load","file":path}  the replay: { jobs: [ { jobId, submittedAt, status, updates: [ { at, stampAt, update } ] } ] },
//                               a job whose updates do not end with complete or error ends after its last one
//                               `at` in milliseconds after `start`, when to send it; `stampAt` (log entries; else `at`)
//                               when the entry was made, on the same scale; `status` the job-status at `start` (its
//                               recentLogs' timestamps move by `start` minus `submittedAt`)
//   {"cmd":"heap"}              answers {"event":"heap",..} after two full collections (needs --expose-gc)
//   {"cmd":"start"}             starts every job's replay
//   {"cmd":"close"}             closes the server and exits
// Events out: listening, loaded, heap, started, job-end (the "Job completed" log was sent), job-done (its
// complete or error was sent, or, type "truncated", the last update of a recording that stops before them), fatal.

import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Server } from 'socket.io';

const RECENT_LOGS = 50; // as many as leadjobs puts in a job-status

function send(event) {
  process.stdout.write(JSON.stringify(event) + '\n');
}

const jobs = new Map(); // jobId -> { status, recentLogs, updates, next, done }

const http = createServer((request, response) => {
  response.writeHead(request.url === '/health' ? 200 : 404, { 'content-type': 'text/plain' });
  response.end(request.url === '/health' ? 'ok' : 'not found');
});
const io = new Server(http, { maxHttpBufferSize: 1e6 });

io.use((socket, next) => {
  const token = socket.handshake.auth && socket.handshake.auth.token;
  if (typeof token !== 'string' || token.length === 0) {
    next(new Error('Authentication failed: missing token'));
  } else {
    next();
  }
});

io.on('connection', (socket) => {
  socket.on('subscribe-job', (argument, ack) => {
    const jobId = typeof argument === 'string' ? argument : argument && argument.jobId;
    const job = jobs.get(jobId);
    if (!job) {
      socket.emit('error', { message: 'Job not found' });
      if (typeof ack === 'function') ack({ error: 'Job not found' });
      return;
    }
    socket.join(jobId);
    socket.emit('job-status', { ...job.status, recentLogs: job.recentLogs });
    if (typeof ack === 'function') ack({ ok: true });
  });
  socket.on('unsubscribe-job', (jobId) => socket.leave(String(jobId)));
});

function load(file) {
  const replay = JSON.parse(readFileSync(file, 'utf8'));
  for (const job of replay.jobs) {
    const status = { ...job.status, jobId: job.jobId };
    const recentLogs = (status.recentLogs || []).slice(-RECENT_LOGS);
    delete status.recentLogs;
    jobs.set(job.jobId, { status, recentLogs, submittedAt: job.submittedAt, updates: job.updates, next: 0, done: false });
  }
  send({ event: 'loaded', jobs: jobs.size, updates: replay.jobs.reduce((n, j) => n + j.updates.length, 0) });
}

/**
 * Sends one update to the job's room as leadjobs would have, and keeps the job-status snapshot current. A log
 * entry carries the time leadjobs' pipeline made it (`madeAt`, epoch ms: its `stampAt` in the replay), not the time
 * this server got round to sending it: the clients measure latency from that moment, so the Node server's own
 * lateness (timers firing late on a busy event loop) counts too, and so does the wait of an enricher's warning for
 * the report that publishes it.
 */
function emit(jobId, job, recorded, madeAt) {
  let update = recorded;
  if (update.type === 'log') {
    update = { ...update, log: { ...update.log, timestamp: new Date(madeAt).toISOString() } };
    job.recentLogs.push(update.log);
    if (job.recentLogs.length > RECENT_LOGS) job.recentLogs.shift();
  }
  const status = job.status;
  status.seq = update.seq;
  if (update.type === 'progress') {
    status.progress = update.progress;
    status.processed_leads = update.processedLeads;
  } else if (update.type === 'status' || update.type === 'complete' || update.type === 'error') {
    status.status = update.status;
  }
  io.to(jobId).emit('job-update', update);
  if (update.type === 'log' && update.log.message.startsWith('Job completed')) {
    send({ event: 'job-end', jobId, at: update.log.timestamp });
  }
  if (update.type === 'complete' || update.type === 'error') {
    send({ event: 'job-done', jobId, type: update.type });
  }
}

function start() {
  const startedAt = performance.now();
  const startEpoch = performance.timeOrigin + startedAt; // the clients' clock: performance.timeOrigin + now()
  for (const [jobId, job] of jobs) {
    job.recentLogs = job.recentLogs.map((log) => ({ ...log,
      timestamp: new Date(startEpoch + (Date.parse(log.timestamp) - job.submittedAt)).toISOString() }));
    const step = () => {
      const elapsed = performance.now() - startedAt;
      while (job.next < job.updates.length && job.updates[job.next].at <= elapsed) {
        const entry = job.updates[job.next];
        emit(jobId, job, entry.update, startEpoch + (entry.stampAt ?? entry.at));
        job.next++;
      }
      if (job.next < job.updates.length) {
        setTimeout(step, Math.max(0, job.updates[job.next].at - (performance.now() - startedAt)));
      } else if (!job.done) {
        job.done = true;
        const last = job.updates.length === 0 ? null : job.updates[job.updates.length - 1].update;
        if (last === null || (last.type !== 'complete' && last.type !== 'error')) {
          send({ event: 'job-done', jobId, type: 'truncated', at: new Date().toISOString() });
        }
      }
    };
    step();
  }
  send({ event: 'started', at: Date.now() });
}

function heap() {
  for (let i = 0; i < 2; i++) if (typeof global.gc === 'function') global.gc();
  const memory = process.memoryUsage();
  send({ event: 'heap', gc: typeof global.gc === 'function', heapUsed: memory.heapUsed, external: memory.external,
    rss: memory.rss, connections: io.engine.clientsCount });
}

const commands = createInterface({ input: process.stdin });
commands.on('line', (line) => {
  if (line.trim() === '') return;
  try {
    const command = JSON.parse(line);
    switch (command.cmd) {
      case 'load': load(command.file); break;
      case 'heap': heap(); break;
      case 'start': start(); break;
      case 'close':
        io.close();
        send({ event: 'closed' });
        setTimeout(() => process.exit(0), 100);
        break;
      default: send({ event: 'fatal', message: `Unknown command ${command.cmd}` });
    }
  } catch (error) {
    send({ event: 'fatal', message: `Command ${line.slice(0, 100)} failed: ${error && error.stack}` });
  }
});
commands.on('close', () => process.exit(0));

http.listen(0, '127.0.0.1', () => send({ event: 'listening', port: http.address().port, node: process.version, pid: process.pid }));
