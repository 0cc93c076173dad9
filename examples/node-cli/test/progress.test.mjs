import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initialState, applyStatus, applyUpdate, renderBar, renderTopLeads, renderSummary, isTerminal } from '../lib/progress.mjs';
import { createRenderer } from '../lib/cli.mjs';

const JOB = 'job-1';

test('a bar shows the share done, the percentage, the counts and the status', () => {
  const state = { ...initialState(JOB, 100), status: 'processing', progress: 45, processed: 45, enriched: 40, highScore: 12 };
  const line = renderBar(state, 20);
  assert.equal(line, `[${'█'.repeat(9)}${'░'.repeat(11)}]  45 %  45/100 processed · 40 enriched · 12 high score · processing`);
  assert.equal(renderBar(initialState(JOB, 7), 10), `[${'░'.repeat(10)}]   0 %  0/7 processed · 0 enriched · 0 high score · queued`);
  assert.match(renderBar({ ...state, progress: 100 }, 10), /^\[█{10}\] 100 %/);
});

test('a bar keeps within 0..100 whatever the server sends', () => {
  assert.match(renderBar({ ...initialState(JOB), progress: 140 }, 10), /^\[█{10}\] 100 %/);
  assert.match(renderBar({ ...initialState(JOB), progress: -5 }, 10), /^\[░{10}\]   0 %/);
});

test('job-status, progress and complete bring the state to completed with the final counts', () => {
  let state = initialState(JOB, 3);
  state = applyStatus(state, { jobId: JOB, status: 'processing', progress: 0, total_leads: 3, processed_leads: 0, enriched_leads: 0, high_score_leads: 0, seq: 4 });
  assert.equal(state.lastSeq, 4);
  state = applyUpdate(state, { type: 'progress', progress: 67, processedLeads: 2, totalLeads: 3, seq: 5 });
  assert.deepEqual([state.progress, state.processed, state.total, state.lastSeq], [67, 2, 3, 5]);
  assert.equal(isTerminal(state.status), false);
  state = applyUpdate(state, { type: 'complete', status: 'completed', results: { total_leads: 3, processed_leads: 3, enriched_leads: 3, high_score_leads: 1 }, seq: 6 });
  assert.deepEqual(
    [state.status, state.processed, state.enriched, state.highScore, state.lastSeq],
    ['completed', 3, 3, 1, 6],
  );
  assert.equal(isTerminal(state.status), true);
});

test('an error update fails the job and keeps its message; a log update changes nothing but seq', () => {
  const base = applyStatus(initialState(JOB), { status: 'processing', progress: 10 });
  const logged = applyUpdate(base, { type: 'log', log: { level: 'info', message: 'x' }, seq: 1 });
  assert.deepEqual({ ...logged, lastSeq: 0 }, base);
  const failed = applyUpdate(logged, { type: 'error', status: 'failed', error: 'DNS resolver down', seq: 2 });
  assert.equal(failed.status, 'failed');
  assert.equal(failed.error, 'DNS resolver down');
  assert.equal(isTerminal(failed.status), true);
});

test('a status update to cancelled ends the job', () => {
  const state = applyUpdate(initialState(JOB), { type: 'status', status: 'cancelled', message: 'Cancelled by user' });
  assert.equal(isTerminal(state.status), true);
});

test('the top leads table lists the best first, as many as asked, with their reasons', () => {
  const leads = [
    { index: 0, score: 40, grade: 'D', email: 'low@x.test', first_name: 'Low', reasons: [] },
    { index: 1, score: 90, grade: 'A', email: 'best@x.test', first_name: 'Best', company: 'X', reasons: [{ rule: 'seniority', points: 30 }, { rule: 'free-email', points: -10 }] },
    { index: 2, score: 70, grade: 'B', email: 'mid@x.test', first_name: 'Mid', reasons: [] },
  ];
  const lines = renderTopLeads(leads, 2).split('\n');
  assert.equal(lines.length, 3);
  assert.match(lines[0], /score\s+grade\s+name\s+email\s+company\s+reasons/);
  assert.match(lines[1], /^\s+90\s+A\s+Best\s+best@x\.test\s+X\s+seniority \+30, free-email -10$/);
  assert.match(lines[2], /^\s+70\s+B\s+Mid\s+mid@x\.test/);
  assert.equal(renderTopLeads([], 5), 'No scored leads.');
});

function fakeStream(isTTY) {
  const chunks = [];
  return { isTTY, columns: 120, write: (s) => { chunks.push(s); return true; }, text: () => chunks.join('') };
}

test('on a terminal the bar is redrawn in place and log lines print above it', () => {
  const out = fakeStream(true);
  const renderer = createRenderer(out);
  const state = { ...initialState(JOB, 2), status: 'processing', progress: 50, processed: 1 };
  renderer.update(state);
  renderer.log({ level: 'warn', message: 'slow DNS', timestamp: '2026-01-01T10:00:05.000Z' });
  renderer.done();
  const bar = renderBar(state, 30);
  assert.equal(out.text(), `\r\x1b[2K${bar}\r\x1b[2K  10:00:05 warn  slow DNS\n${bar}\n`);
});

test('off a terminal each change prints one line and repeats are dropped', () => {
  const out = fakeStream(false);
  const renderer = createRenderer(out);
  const state = { ...initialState(JOB, 2), status: 'processing' };
  renderer.update(state);
  renderer.update(state);
  renderer.update({ ...state, progress: 100, processed: 2 });
  renderer.done();
  const lines = out.text().split('\n').filter(Boolean);
  assert.equal(lines.length, 2);
  assert.match(lines[0], /\s0 %\s+0\/2 processed/);
  assert.match(lines[1], /100 %\s+2\/2 processed/);
});

test('a failed status keeps its message as the error until the error update says more', () => {
  const failed = applyUpdate(initialState(JOB), { type: 'status', status: 'failed', message: 'Store unavailable' });
  assert.equal(failed.error, 'Store unavailable');
  assert.equal(applyUpdate(failed, { type: 'error', status: 'failed', error: 'Store unavailable: timeout' }).error, 'Store unavailable: timeout');
});

test('the complete update sets progress and keeps its summary', () => {
  const done = applyUpdate({ ...initialState(JOB, 3), progress: 97 }, { type: 'complete', status: 'completed', results: { progress: 100, average_score: 55.5, grades: { A: 1, F: 2 } } });
  assert.equal(done.progress, 100);
  assert.equal(renderSummary(done.summary), 'average score 55.5 · grades A 1, F 2');
  assert.equal(renderSummary(null), null);
  assert.equal(renderSummary({}), null);
});
