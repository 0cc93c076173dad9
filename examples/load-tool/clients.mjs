// One process of stock socket.io-client connections for the load tool's `jobs` mode.
//
// The Java side (JobsRun) starts a few of these and talks to each over stdin/stdout, one JSON object a
// line. Commands in:
//   {"cmd":"connect","url":..,"token":..,"transport":"websocket|polling|default","first":i,"count":n,"rate":r}
//   {"cmd":"subscribe","jobIds":[..],"record":bool}  client with global index i subscribes to jobIds[i % n]
//   {"cmd":"report"}                                  answers {"event":"report",..} with the aggregate
//   {"cmd":"recordings"}                              answers {"event":"recordings","jobs":[..]}: per job, what
//                                                     its recorder kept (with "record": true, its updates)
//   {"cmd":"close"}                                   disconnects every client and exits
// Events out: ready, connected (once every connection attempt has settled), subscribed (once every
// acknowledgement has come), progress (every second), report, recordings, closed, fatal.
//
// Memory stays flat in the number of messages: per client only a few numbers in typed arrays, one
// latency histogram per process (and, for the entries written as a batch is stored, one small one per update);
// only the first client of each job in this process ("the recorder")
// keeps that job's updates, and only when the run asks for them (for --compare-node's replay).

import { io } from 'socket.io-client';
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';

const now = () => performance.timeOrigin + performance.now(); // epoch milliseconds with a fraction

function send(event) {
  process.stdout.write(JSON.stringify(event) + '\n');
}

// ---- latency histograms: microseconds, exact below 128 µs, then 64 buckets per power of two ----
// (relative error under 1/64; the Java side reads the same layout in LogLinearHistogram)
const SUB = 64;

function microsOf(millis) {
  return Math.min(0xffffffff, Math.floor(Math.max(0, millis) * 1000));
}

function bucketOf(micros) {
  if (micros < 2 * SUB) return micros;
  const shift = 31 - Math.clz32(micros) - 6; // micros >>> shift lies in 64..127
  return shift * SUB + (micros >>> shift);
}

class Histogram {
  counts = new Float64Array(27 * SUB); // up to 2^32 µs, about 71 minutes
  count = 0;
  maxMicros = 0;
  negative = 0;

  record(millis) {
    if (millis < 0) {
      this.negative++;
      millis = 0;
    }
    const micros = microsOf(millis);
    this.counts[bucketOf(micros)]++;
    this.count++;
    if (micros > this.maxMicros) this.maxMicros = micros;
  }

  toJSON() {
    const buckets = [];
    for (let i = 0; i < this.counts.length; i++) if (this.counts[i] > 0) buckets.push([i, this.counts[i]]);
    return { count: this.count, maxMicros: this.maxMicros, negative: this.negative, buckets };
  }
}

// Every log update, and those whose entry the job writes as it stores a batch or changes state ("Started ...",
// "Scored ...", "Job completed ..."): an enricher's warning is written when the lead is enriched, which can be
// long before its batch is stored and published, so its timestamp is not a publish time.
const latency = new Histogram();
const batchLatency = new Histogram();
const WRITTEN_AT_PUBLISH = /^(Started|Scored|Resumed|Job )/;
// The same entries by update, so that the report can say which updates the run's tail is made of: per job (its
// index in jobIds) a Map from seq to { message, maxMicros, buckets: Map(bucket -> count) }, in the same layout.
// A run has a few hundred such updates, so this stays small whatever the number of clients.
let batchLatencyByUpdate = [];

function recordByUpdate(job, seq, message, millis) {
  const bySeq = batchLatencyByUpdate[job];
  if (bySeq === undefined) return; // not a client this process subscribed
  let entry = bySeq.get(seq);
  if (entry === undefined) {
    entry = { message: message.length > 60 ? message.slice(0, 59) + '…' : message, maxMicros: 0, buckets: new Map() };
    bySeq.set(seq, entry);
  }
  const micros = microsOf(millis);
  const bucket = bucketOf(micros);
  entry.buckets.set(bucket, (entry.buckets.get(bucket) || 0) + 1);
  if (micros > entry.maxMicros) entry.maxMicros = micros;
}

function batchLatencyByUpdateJSON() {
  const out = [];
  batchLatencyByUpdate.forEach((bySeq, job) => {
    for (const [seq, e] of bySeq) {
      out.push({ job, seq, message: e.message, maxMicros: e.maxMicros, buckets: [...e.buckets] });
    }
  });
  return out;
}

// ---- per-client state, indexed by local client number ----
let clients = [];          // socket.io-client sockets
let first = 0;             // global index of local client 0
let jobOf;                 // Int32Array: job index, -1 before subscribe
let lastSeq;               // Float64Array: NaN until job-status
let statusSeq;             // Float64Array
let received;              // Uint32Array: job-updates received
let completeAt;            // Float64Array: receipt time of the terminal update, NaN before
let state;                 // Uint8Array of flags below
const CONNECTED = 1, GONE = 2, ACK_OK = 4, ACK_REFUSED = 8, ENDED_AT_STATUS = 16, IRREGULAR = 32, TERMINAL = 64;

const tally = () => Object.create(null);
const connectErrors = tally();
const disconnectReasons = tally();
const errorEvents = tally();
const ackAnswers = tally();
const terminalTypes = tally();
let connectedCount = 0, connectFailed = 0, settled = 0, acked = 0, subscribeAsked = 0;
let statuses = 0, repeatedStatuses = 0, updatesBeforeStatus = 0;
let irregularAhead = 0, irregularBehind = 0, skippedNumbers = 0;
// log updates saying that entries were dropped because the client fell behind (`dropped`: how many)
let dropNotices = 0, droppedLogEntries = 0;
let deliveries = 0, firstDeliveryAt = NaN, lastDeliveryAt = NaN;
let disconnectsAfterSubscribe = 0;
let jobIds = [];
let record = false;
let recorders = [];        // per job: { client, statusSeq, status, startedLogAt, completedLogAt, byType, lastSeq, updates? }
let connectStartedAt = NaN, connectSettledAt = NaN, cpuAtStart = process.cpuUsage();

function flag(k, bit) {
  state[k] |= bit;
}

function has(k, bit) {
  return (state[k] & bit) !== 0;
}

function count(map, key) {
  const name = String(key).slice(0, 200);
  map[name] = (map[name] || 0) + 1;
}

function openClient(k, url, token, transport) {
  const options = { auth: { token }, reconnection: false, forceNew: true, timeout: 120000 };
  if (transport === 'websocket') options.transports = ['websocket'];
  else if (transport === 'polling') options.transports = ['polling'];
  const socket = io(url, options);
  clients[k] = socket;
  socket.on('connect', () => {
    flag(k, CONNECTED);
    connectedCount++;
    settle();
  });
  socket.on('connect_error', (error) => {
    count(connectErrors, error && error.message);
    connectFailed++;
    flag(k, GONE);
    settle();
  });
  socket.on('disconnect', (reason) => {
    if (!has(k, CONNECTED) || has(k, GONE)) return;
    flag(k, GONE);
    count(disconnectReasons, reason);
    if (jobOf[k] >= 0 && !has(k, TERMINAL)) disconnectsAfterSubscribe++;
  });
  socket.on('error', (error) => count(errorEvents, error && error.message !== undefined ? error.message : JSON.stringify(error)));
  socket.on('job-status', (status) => onStatus(k, status));
  socket.on('job-update', (update) => onUpdate(k, update));
}

function settle() {
  settled++;
  if (settled === clients.length) {
    connectSettledAt = now();
    send({ event: 'connected', connected: connectedCount, failed: connectFailed, errors: connectErrors,
      seconds: (connectSettledAt - connectStartedAt) / 1000 });
  }
}

function connect(command) {
  const { url, token, transport, rate } = command;
  first = command.first;
  const total = command.count;
  clients = new Array(total);
  jobOf = new Int32Array(total).fill(-1);
  lastSeq = new Float64Array(total).fill(NaN);
  statusSeq = new Float64Array(total).fill(NaN);
  received = new Uint32Array(total);
  completeAt = new Float64Array(total).fill(NaN);
  state = new Uint8Array(total);
  connectStartedAt = now();
  if (total === 0) {
    connectSettledAt = connectStartedAt;
    send({ event: 'connected', connected: 0, failed: 0, errors: connectErrors, seconds: 0 });
    return;
  }
  let opened = 0;
  const pace = setInterval(() => {
    const due = Math.min(total, Math.floor((now() - connectStartedAt) / 1000 * rate) + 1);
    while (opened < due) {
      openClient(opened, url, token, transport);
      opened++;
    }
    if (opened === total) clearInterval(pace);
  }, 5);
}

function subscribe(command) {
  jobIds = command.jobIds;
  record = command.record === true;
  recorders = jobIds.map(() => null);
  batchLatencyByUpdate = jobIds.map(() => new Map());
  for (let k = 0; k < clients.length; k++) {
    const job = (first + k) % jobIds.length;
    jobOf[k] = job;
    if (!has(k, CONNECTED) || has(k, GONE)) continue;
    if (recorders[job] === null) {
      recorders[job] = { client: k, statusSeq: null, status: null, startedLogAt: null, completedLogAt: null,
        lastSeq: null, byType: tally(), updates: record ? [] : null };
    }
    subscribeAsked++;
    clients[k].emit('subscribe-job', jobIds[job], (answer) => {
      acked++;
      if (answer && answer.ok === true) {
        flag(k, ACK_OK);
        count(ackAnswers, 'ok');
      } else {
        flag(k, ACK_REFUSED);
        count(ackAnswers, answer && answer.error !== undefined ? answer.error : JSON.stringify(answer));
      }
      if (acked === subscribeAsked) {
        send({ event: 'subscribed', asked: subscribeAsked, answers: ackAnswers });
      }
    });
  }
  if (subscribeAsked === 0) send({ event: 'subscribed', asked: 0, answers: ackAnswers });
}

function isTerminalStatus(status) {
  return status === 'completed' || status === 'failed' || status === 'cancelled';
}

function onStatus(k, status) {
  statuses++;
  const seq = typeof status.seq === 'number' ? status.seq : 0;
  if (!Number.isNaN(statusSeq[k])) repeatedStatuses++;
  statusSeq[k] = seq;
  lastSeq[k] = seq; // the snapshot includes every update up to seq: the next one must be seq + 1
  if (isTerminalStatus(status.status) && !has(k, TERMINAL)) flag(k, ENDED_AT_STATUS);
  const recorder = recorders[jobOf[k]];
  if (recorder && recorder.client === k && recorder.statusSeq === null) {
    recorder.statusSeq = seq;
    recorder.status = status;
    for (const log of status.recentLogs || []) noteLog(recorder, log);
  }
}

function noteLog(recorder, log) {
  if (!log || typeof log.message !== 'string') return;
  if (log.message.startsWith('Started')) recorder.startedLogAt = log.timestamp;
  else if (log.message.startsWith('Job completed')) recorder.completedLogAt = log.timestamp;
}

function onUpdate(k, update) {
  const at = now();
  deliveries++;
  received[k]++;
  if (Number.isNaN(firstDeliveryAt)) firstDeliveryAt = at;
  lastDeliveryAt = at;
  const seq = update.seq;
  const last = lastSeq[k];
  if (Number.isNaN(last)) {
    updatesBeforeStatus++;
    lastSeq[k] = seq;
  } else if (seq !== last + 1) {
    flag(k, IRREGULAR);
    if (seq > last + 1) {
      irregularAhead++;
      skippedNumbers += seq - last - 1;
    } else {
      irregularBehind++; // a duplicate or an update older than one already seen
    }
    if (seq > last) lastSeq[k] = seq;
  } else {
    lastSeq[k] = seq;
  }
  const type = update.type;
  if (type === 'log') {
    if (typeof update.dropped === 'number') {
      dropNotices++;
      droppedLogEntries += update.dropped;
    }
    const millis = at - Date.parse(update.log.timestamp);
    latency.record(millis);
    if (WRITTEN_AT_PUBLISH.test(update.log.message)) {
      batchLatency.record(millis);
      recordByUpdate(jobOf[k], seq, update.log.message, millis);
    }
  } else if (type === 'complete' || type === 'error') {
    if (!has(k, TERMINAL)) {
      flag(k, TERMINAL);
      completeAt[k] = at;
      count(terminalTypes, type);
    }
  }
  const recorder = recorders[jobOf[k]];
  if (recorder && recorder.client === k) {
    count(recorder.byType, type);
    recorder.lastSeq = seq;
    if (type === 'log') noteLog(recorder, update.log);
    if (recorder.updates) recorder.updates.push([at, update]);
  }
}

/** Clients still expected to deliver a terminal update: subscribed (or not yet answered), connected, not ended. */
function pending() {
  let n = 0;
  for (let k = 0; k < clients.length; k++) {
    const s = state[k];
    if (jobOf[k] >= 0 && (s & CONNECTED) && !(s & (GONE | ACK_REFUSED | TERMINAL | ENDED_AT_STATUS))) n++;
  }
  return n;
}

function report() {
  const perJob = jobIds.map(() => ({ subscribed: 0, endedAtStatus: 0, statusSeqSum: 0, received: 0, completes: [] }));
  let irregularClients = 0, gone = 0;
  for (let k = 0; k < clients.length; k++) {
    const s = state[k];
    if (s & IRREGULAR) irregularClients++;
    if (s & GONE && s & CONNECTED) gone++;
    if (jobOf[k] < 0 || !(s & ACK_OK)) continue;
    const job = perJob[jobOf[k]];
    job.subscribed++;
    if (!Number.isNaN(statusSeq[k])) job.statusSeqSum += statusSeq[k];
    job.received += received[k];
    if (s & ENDED_AT_STATUS) job.endedAtStatus++;
    if (s & TERMINAL) job.completes.push(Math.round(completeAt[k] * 1000) / 1000);
  }
  const cpu = process.cpuUsage(cpuAtStart);
  send({
    event: 'report',
    clients: clients.length, connected: connectedCount, connectFailed, connectErrors,
    connectSeconds: (connectSettledAt - connectStartedAt) / 1000,
    subscribeAsked, acked, ackAnswers, statuses, repeatedStatuses, updatesBeforeStatus,
    deliveries, firstDeliveryAt, lastDeliveryAt,
    latency, batchLatency, batchLatencyByUpdate: batchLatencyByUpdateJSON(),
    seq: { irregularAhead, irregularBehind, skippedNumbers, clientsAffected: irregularClients, dropNotices,
      droppedLogEntries },
    disconnects: disconnectReasons, disconnectsAfterSubscribe, connectionsLost: gone, errorEvents, terminalTypes,
    pending: pending(),
    jobs: perJob.map((job, j) => {
      const r = recorders[j];
      return { ...job, recorder: r === null ? null : {
        statusSeq: r.statusSeq, startedLogAt: r.startedLogAt, completedLogAt: r.completedLogAt,
        lastSeq: r.lastSeq, byType: r.byType, terminal: has(r.client, TERMINAL) } };
    }),
    cpuMicros: cpu.user + cpu.system, memory: process.memoryUsage(),
  });
}

function recordings() {
  send({ event: 'recordings', jobs: recorders.map((r) => r === null ? null : {
    statusSeq: r.statusSeq, status: r.status, terminal: has(r.client, TERMINAL), updates: r.updates }) });
}

/** Recorders keeping updates that still wait for their job's terminal update (and can still get it). */
function recordersPending() {
  let n = 0;
  for (const r of recorders) {
    if (r !== null && r.updates !== null && !(state[r.client] & (TERMINAL | GONE | ENDED_AT_STATUS))) n++;
  }
  return n;
}

function closeAll() {
  for (const socket of clients) if (socket) socket.disconnect();
}

let ticker = setInterval(() => {
  if (clients.length === 0) return;
  let completes = 0;
  for (let k = 0; k < clients.length; k++) if (state[k] & TERMINAL) completes++;
  send({ event: 'progress', connected: connectedCount, failed: connectFailed, deliveries, completes,
    pending: jobIds.length > 0 ? pending() : -1, recordersPending: jobIds.length > 0 ? recordersPending() : -1 });
}, 1000);

const commands = createInterface({ input: process.stdin });
commands.on('line', (line) => {
  if (line.trim() === '') return;
  let command;
  try {
    command = JSON.parse(line);
    switch (command.cmd) {
      case 'connect': connect(command); break;
      case 'subscribe': subscribe(command); break;
      case 'report': report(); break;
      case 'recordings': recordings(); break;
      case 'close':
        clearInterval(ticker);
        closeAll();
        send({ event: 'closed' });
        setTimeout(() => process.exit(0), 100);
        break;
      default: send({ event: 'fatal', message: `Unknown command ${command.cmd}` });
    }
  } catch (error) {
    send({ event: 'fatal', message: `Command ${line.slice(0, 100)} failed: ${error && error.stack}` });
  }
});
// the Java side is gone (ended, killed): do not linger with thousands of open connections
commands.on('close', () => {
  closeAll();
  process.exit(0);
});

send({ event: 'ready', node: process.version, pid: process.pid });
