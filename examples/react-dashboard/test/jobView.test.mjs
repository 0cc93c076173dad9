import { test } from 'node:test';
import assert from 'node:assert/strict';
import { liveView, logLines, rankLeads, leadName, enrichmentSummary } from '../src/jobView.js';

const listed = { jobId: 'j1', status: 'queued', progress: 0, total_leads: 40, processed_leads: 0 };

test('a listed job with no live data shows as listed', () => {
  assert.deepEqual(liveView(listed, null, []), {
    jobId: 'j1', status: 'queued', message: null, error: null, progress: 0, total: 40, processed: 0, enriched: 0, highScore: 0,
  });
});

test('the hook\'s jobStatus (snapshot merged with progress) wins over the listed row', () => {
  const jobStatus = { jobId: 'j1', status: 'processing', progress: 45, total_leads: 40, processed_leads: 18, enriched_leads: 15, high_score_leads: 4 };
  const view = liveView(listed, jobStatus, []);
  assert.equal(view.status, 'processing');
  assert.equal(view.progress, 45);
  assert.equal(view.processed, 18);
  assert.equal(view.highScore, 4);
});

test('status, complete and error updates say where the job stands now', () => {
  const jobStatus = { ...listed, status: 'queued' };
  assert.equal(liveView(listed, jobStatus, [{ type: 'status', status: 'processing', message: 'Job started' }]).status, 'processing');
  assert.equal(liveView(listed, jobStatus, [{ type: 'status', status: 'processing' }, { type: 'complete', status: 'completed' }]).status, 'completed');
  const failed = liveView(listed, jobStatus, [{ type: 'error', status: 'failed', error: 'DNS down' }]);
  assert.equal(failed.status, 'failed');
  assert.equal(failed.error, 'DNS down');
});

test('a finished snapshot is not undone by an older running-status update', () => {
  const jobStatus = { ...listed, status: 'completed', progress: 100 };
  assert.equal(liveView(listed, jobStatus, [{ type: 'status', status: 'processing' }]).status, 'completed');
});

test('progress is shown as a whole percentage within 0..100', () => {
  assert.equal(liveView(listed, { progress: 33.4 }, []).progress, 33);
  assert.equal(liveView(listed, { progress: 250 }, []).progress, 100);
  assert.equal(liveView(listed, { progress: 'n/a' }, []).progress, 0);
});

test('the log joins recentLogs and streamed entries without repeating one', () => {
  const entry = { level: 'info', message: 'Scoring 40 leads', timestamp: '2026-01-01T10:00:00Z' };
  const lines = logLines({ recentLogs: [entry] }, [
    { type: 'log', log: entry, seq: 1 },
    { type: 'progress', progress: 10, seq: 2 },
    { type: 'log', log: { level: 'warn', message: 'slow DNS', timestamp: '2026-01-01T10:00:01Z' }, seq: 3 },
    { type: 'complete', status: 'completed', seq: 4 },
  ]);
  assert.deepEqual(lines.map((l) => `${l.level} ${l.message}`), ['info Scoring 40 leads', 'warn slow DNS', 'info status: completed']);
});

test('leads are ranked best first, ties in input order', () => {
  const ranked = rankLeads([{ index: 0, score: 50 }, { index: 1, score: 90 }, { index: 2, score: 50 }]);
  assert.deepEqual(ranked.map((l) => l.index), [1, 0, 2]);
});

test('a lead is named by its person, else its email, else its row', () => {
  assert.equal(leadName({ first_name: 'Ada', last_name: 'Lovelace', email: 'a@x.test' }), 'Ada Lovelace');
  assert.equal(leadName({ email: 'info@x.test' }), 'info@x.test');
  assert.equal(leadName({ row: 7 }), 'row 7');
});

test('enrichment is summarised as short key: value lines', () => {
  assert.deepEqual(enrichmentSummary({ mx: true, domain: 'x.test', missing: null }), ['mx: true', 'domain: x.test', 'missing: –']);
  assert.match(enrichmentSummary({ dns: { a: ['1.2.3.4', '5.6.7.8', '9.10.11.12', '13.14.15.16', '17.18.19.20'] } })[0], /^dns: \{.*\.\.\.$/);
  assert.deepEqual(enrichmentSummary(undefined), []);
});
