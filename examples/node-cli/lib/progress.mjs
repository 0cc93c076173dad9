// What the watcher knows about a job, how events change it, and how it looks in a terminal.

export const TERMINAL_STATUSES = Object.freeze(['completed', 'failed', 'cancelled', 'canceled']);

export function isTerminal(status) {
  return TERMINAL_STATUSES.includes(status);
}

export function initialState(jobId, totalLeads = 0) {
  return { jobId, status: 'queued', progress: 0, total: totalLeads, processed: 0, enriched: 0, highScore: 0, error: null, lastSeq: 0, summary: null };
}

const num = (value, fallback) => (typeof value === 'number' && Number.isFinite(value) ? value : fallback);

function withCounts(state, source) {
  return {
    ...state,
    total: num(source.total_leads, state.total),
    processed: num(source.processed_leads, state.processed),
    enriched: num(source.enriched_leads, state.enriched),
    highScore: num(source.high_score_leads, state.highScore),
  };
}

/** Applies a job-status snapshot. */
export function applyStatus(state, snapshot) {
  const next = withCounts(state, snapshot);
  next.status = typeof snapshot.status === 'string' ? snapshot.status : state.status;
  next.progress = num(snapshot.progress, state.progress);
  next.error = snapshot.error_message || state.error;
  next.lastSeq = num(snapshot.seq, state.lastSeq);
  return next;
}

/** Applies one job-update event. */
export function applyUpdate(state, update) {
  let next = { ...state, lastSeq: num(update.seq, state.lastSeq) };
  switch (update.type) {
    case 'progress':
      next.progress = num(update.progress, next.progress);
      next.processed = num(update.processedLeads, next.processed);
      next.total = num(update.totalLeads, next.total);
      break;
    case 'status':
      if (typeof update.status === 'string') next.status = update.status;
      if (next.status === 'failed' && !next.error && update.message) next.error = update.message;
      break;
    case 'complete': {
      const results = update.results || {};
      next = withCounts(next, results);
      next.progress = num(results.progress, next.progress);
      next.summary = results;
      next.status = 'completed';
      break;
    }
    case 'error':
      next.status = typeof update.status === 'string' ? update.status : 'failed';
      next.error = update.error || 'the job failed';
      break;
    default:
      break;
  }
  return next;
}

/** One line: bar, percentage, counts and status. */
export function renderBar(state, width = 30) {
  const pct = Math.min(100, Math.max(0, Math.round(state.progress)));
  const filled = Math.round((pct / 100) * width);
  const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
  return `[${bar}] ${String(pct).padStart(3)} %  ${state.processed}/${state.total} processed · ${state.enriched} enriched · ${state.highScore} high score · ${state.status}`;
}

function cut(text, width) {
  const s = String(text ?? '');
  return s.length > width ? `${s.slice(0, width - 1)}…` : s.padEnd(width);
}

/** The best `top` leads as a fixed-width table, best first. */
export function renderTopLeads(leads, top) {
  const ranked = [...leads]
    .sort((a, b) => (Number(b.score) || 0) - (Number(a.score) || 0) || (a.index ?? 0) - (b.index ?? 0))
    .slice(0, top);
  if (ranked.length === 0) return 'No scored leads.';
  const header = `${'score'.padStart(5)}  grade  ${cut('name', 22)}  ${cut('email', 32)}  ${cut('company', 22)}  reasons`;
  const lines = ranked.map((lead) => {
    const name = [lead.first_name, lead.last_name].filter(Boolean).join(' ') || '–';
    const reasons = (lead.reasons || [])
      .map((r) => `${r.rule} ${r.points >= 0 ? '+' : ''}${r.points}`)
      .join(', ');
    return `${String(lead.score).padStart(5)}  ${cut(lead.grade, 5)}  ${cut(name, 22)}  ${cut(lead.email, 32)}  ${cut(lead.company || '–', 22)}  ${reasons}`;
  });
  return [header, ...lines].join('\n');
}

/** The complete update's summary (average score, grades) as one line, when the server sent one. */
export function renderSummary(summary) {
  if (!summary || typeof summary !== 'object') return null;
  const parts = [];
  if (typeof summary.average_score === 'number') parts.push(`average score ${summary.average_score}`);
  if (summary.grades && typeof summary.grades === 'object') {
    parts.push(`grades ${Object.entries(summary.grades).map(([grade, n]) => `${grade} ${n}`).join(', ')}`);
  }
  return parts.length ? parts.join(' · ') : null;
}
