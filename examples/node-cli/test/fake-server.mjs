// A small leadjobs server for the tests: real HTTP and a real Socket.IO server on a free port,
// speaking the contract (websocket-api.md + additions.md), with the job's course chosen by the test.
import http from 'node:http';
import { EventEmitter, once } from 'node:events';
import { Server } from 'socket.io';

export const JOB_ID = '3f2b8c1e-5d4a-4e7b-9c6d-0a1b2c3d4e5f';

export const LEADS = [
  { index: 0, row: 1, email: 'ceo@acme.test', first_name: 'Ada', last_name: 'Lovelace', company: 'Acme', title: 'CEO', score: 92, grade: 'A', high_score: true, reasons: [{ rule: 'seniority', points: 30, detail: 'CEO' }, { rule: 'corporate-email', points: 25, detail: 'acme.test' }], enrichment: {} },
  { index: 1, row: 2, email: 'bob@gmail.test', first_name: 'Bob', last_name: 'Free', company: '', title: 'Student', score: 21, grade: 'F', high_score: false, reasons: [{ rule: 'free-email', points: -10, detail: 'gmail' }], enrichment: {} },
  { index: 2, row: 3, email: 'vp@globex.test', first_name: 'Grace', last_name: 'Hopper', company: 'Globex', title: 'VP Engineering', score: 77, grade: 'B', high_score: true, reasons: [{ rule: 'seniority', points: 20, detail: 'VP' }], enrichment: {} },
];
export const REJECTED = [{ row: 4, reason: 'email is missing' }];

/**
 * @param {object} options
 * @param {'complete'|'hold'|'fail'|'notfound'|'drop'|'statusonly'|'done'} [options.mode] how the job goes once subscribed
 * @param {string} [options.token] the token REST and the socket accept
 * @param {string} [options.handshakeRefusal] when set, every socket is refused with this reason
 * @param {object} [options.submitError] when set, POST /api/jobs answers 400 with this body
 */
export async function startFakeServer({ mode = 'complete', token = 'good-token', handshakeRefusal, submitError } = {}) {
  const events = new EventEmitter();
  const record = { requests: [], subscriptions: [], unsubscriptions: [] };
  let seq = 0;
  const sent = [];

  const server = http.createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    record.requests.push({ method: req.method, url: req.url, headers: req.headers, body });
    const reply = (status, json) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(json));
    };
    if (req.headers.authorization !== `Bearer ${token}`) return reply(401, { error: 'Authentication failed: invalid signature.', details: [] });
    if (req.method === 'POST' && req.url === '/api/jobs') {
      if (submitError) return reply(400, submitError);
      return reply(202, { jobId: JOB_ID, status: 'queued', total_leads: LEADS.length });
    }
    if (req.method === 'GET' && req.url === `/api/jobs/${JOB_ID}/results`) {
      return reply(200, { jobId: JOB_ID, leads: LEADS, rejected: REJECTED });
    }
    return reply(404, { error: 'Job not found.', details: [] });
  });

  const io = new Server(server);
  io.use((socket, next) => {
    if (handshakeRefusal) return next(new Error(`Authentication failed: ${handshakeRefusal}`));
    if (socket.handshake.auth.token !== token) return next(new Error('Authentication failed: invalid signature'));
    return next();
  });

  const update = (socket, body) => {
    const u = { ...body, jobId: JOB_ID, seq: ++seq };
    sent.push(u);
    socket.emit('job-update', u);
  };
  const status = (progress, processed, state = 'processing') => ({
    jobId: JOB_ID, status: state, progress, total_leads: LEADS.length, processed_leads: processed,
    enriched_leads: processed, high_score_leads: 0, error_message: null, seq,
    recentLogs: [{ level: 'info', message: 'Job accepted', timestamp: '2026-01-01T10:00:00.000Z' }],
  });
  // As the core publishes them: a status update, the closing log line, then the complete update with the final counts.
  const finishJob = (socket) => {
    update(socket, { type: 'progress', progress: 100, processedLeads: 3, totalLeads: 3 });
    update(socket, { type: 'status', status: 'completed', message: 'Job completed successfully' });
    update(socket, { type: 'log', log: { level: 'info', message: 'Job completed: 3 leads scored, 2 high score', timestamp: '2026-01-01T10:00:02.000Z' } });
    update(socket, {
      type: 'complete',
      status: 'completed',
      results: {
        total_leads: 3, processed_leads: 3, enriched_leads: 3, high_score_leads: 2, rejected_leads: 1,
        average_score: 63.33, grades: { A: 1, B: 1, C: 0, D: 0, E: 0, F: 1 }, progress: 100,
      },
    });
  };

  io.on('connection', (socket) => {
    socket.on('subscribe-job', (arg, ack) => {
      record.subscriptions.push(arg);
      events.emit('subscribed', arg);
      const answer = (a) => { if (typeof ack === 'function') ack(a); };
      if (mode === 'notfound') {
        socket.emit('error', { message: 'Job not found' });
        return answer({ error: 'Job not found' });
      }
      answer({ ok: true });
      if (arg && typeof arg === 'object' && typeof arg.lastSeq === 'number' && sent.length > 0) {
        // a resubscription: replay what the client missed, then end the job
        for (const u of sent.filter((s) => s.seq > arg.lastSeq)) socket.emit('job-update', u);
        return finishJob(socket);
      }
      if (mode === 'done') {
        // the job ended before the client came, and the server no longer holds its updates: job-status only
        return socket.emit('job-status', { ...status(100, 3, 'completed'), high_score_leads: 2 });
      }
      socket.emit('job-status', status(0, 0));
      if (mode === 'hold') return undefined;
      update(socket, { type: 'log', log: { level: 'info', message: 'Started scoring 3 leads in 1 batch of up to 25; 1 rows were rejected at upload', timestamp: '2026-01-01T10:00:01.000Z' } });
      update(socket, { type: 'progress', progress: 33, processedLeads: 1, totalLeads: 3 });
      if (mode === 'fail') {
        update(socket, { type: 'status', status: 'failed', message: 'Enrichment backend unavailable' });
        update(socket, { type: 'log', log: { level: 'error', message: 'Job failed: Enrichment backend unavailable', timestamp: '2026-01-01T10:00:02.000Z' } });
        return update(socket, { type: 'error', status: 'failed', error: 'Enrichment backend unavailable' });
      }
      if (mode === 'drop') {
        // Cut the transport under the client, as a network failure would: it reconnects and resubscribes.
        return socket.conn.close();
      }
      if (mode === 'statusonly') {
        // A server that ends with the status update alone, without the complete update.
        update(socket, { type: 'progress', progress: 100, processedLeads: 3, totalLeads: 3 });
        return update(socket, { type: 'status', status: 'completed', message: 'Job completed successfully' });
      }
      return finishJob(socket);
    });
    socket.on('unsubscribe-job', (jobId, ack) => {
      record.unsubscriptions.push(jobId);
      events.emit('unsubscribed', jobId);
      if (typeof ack === 'function') ack({ ok: true });
    });
    socket.on('disconnect', (reason) => events.emit('disconnected', reason));
  });

  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    token,
    events,
    record,
    async close() {
      io.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
