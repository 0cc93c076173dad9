// Pure helpers that turn what the dashboard knows about a job (its row from GET /api/jobs, the
// hook's jobStatus and the hook's list of job-update events) into what the page shows.

export const TERMINAL_STATUSES = Object.freeze(['completed', 'failed', 'cancelled', 'canceled']);

export function isTerminal(status) {
  return TERMINAL_STATUSES.includes(status);
}

function clampPercent(value) {
  const n = Number(value);
  if (!Number.isFinite(n)) return 0;
  return Math.min(100, Math.max(0, Math.round(n)));
}

function firstDefined(...values) {
  return values.find((v) => v !== undefined && v !== null);
}

/**
 * The current state of one job.
 * @param {object|null} listed   the job as GET /api/jobs listed it (may be null)
 * @param {object|null} jobStatus the hook's jobStatus (job-status snapshot merged with progress/complete)
 * @param {Array} updates         the hook's job-update events (all of them, in arrival order)
 */
export function liveView(listed, jobStatus, updates = []) {
  const base = { ...(listed || {}), ...(jobStatus || {}) };
  let status = base.status || 'queued';
  let message = null;
  let error = base.error_message || null;

  // The seed's hook folds 'progress' and 'complete' into jobStatus; 'status' and 'error' updates stay
  // in the list, so the latest of them says where the job stands now.
  let updateStatus = null;
  for (const update of updates) {
    if (update.type === 'status') {
      updateStatus = update.status;
      message = update.message || message;
    } else if (update.type === 'error') {
      updateStatus = update.status || 'failed';
      error = update.error || error;
    } else if (update.type === 'complete') {
      updateStatus = 'completed';
    }
  }
  if (updateStatus && !(isTerminal(status) && !isTerminal(updateStatus))) {
    status = updateStatus;
  }

  const progressUpdates = updates.filter((u) => u.type === 'progress');
  const lastProgress = progressUpdates[progressUpdates.length - 1];
  return {
    jobId: base.jobId,
    status,
    message,
    error,
    progress: clampPercent(base.progress),
    total: firstDefined(base.total_leads, lastProgress && lastProgress.totalLeads, 0),
    processed: firstDefined(base.processed_leads, 0),
    enriched: firstDefined(base.enriched_leads, 0),
    highScore: firstDefined(base.high_score_leads, 0),
  };
}

/** The job's log: the snapshot's recentLogs, then streamed log entries and status changes, without repeats. */
export function logLines(jobStatus, updates = []) {
  const seen = new Set();
  const lines = [];
  const add = (line) => {
    const key = `${line.kind}|${line.timestamp || ''}|${line.level || ''}|${line.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    lines.push(line);
  };
  const recent = jobStatus && Array.isArray(jobStatus.recentLogs) ? jobStatus.recentLogs : [];
  for (const log of recent) {
    add({ kind: 'log', level: log.level || 'info', message: String(log.message ?? ''), timestamp: log.timestamp });
  }
  for (const update of updates) {
    if (update.type === 'log' && update.log) {
      add({
        kind: 'log',
        level: update.log.level || 'info',
        message: String(update.log.message ?? ''),
        timestamp: update.log.timestamp,
        seq: update.seq,
      });
    } else if (update.type === 'status') {
      add({ kind: 'status', level: 'info', message: `status: ${update.status}${update.message ? ` (${update.message})` : ''}`, seq: update.seq });
    } else if (update.type === 'error') {
      add({ kind: 'status', level: 'error', message: `failed: ${update.error || 'unknown error'}`, seq: update.seq });
    } else if (update.type === 'complete') {
      add({ kind: 'status', level: 'info', message: 'status: completed', seq: update.seq });
    }
  }
  return lines;
}

/** Leads ordered best first (score descending, then input order). */
export function rankLeads(leads = []) {
  return [...leads].sort((a, b) => (Number(b.score) || 0) - (Number(a.score) || 0) || (a.index ?? 0) - (b.index ?? 0));
}

/** A person-readable name for a lead row from /results. */
export function leadName(lead) {
  const name = [lead.first_name, lead.last_name].filter(Boolean).join(' ');
  return name || lead.email || `row ${lead.row}`;
}

/** Enrichment values as short "key: value" strings (nested values summarised). */
export function enrichmentSummary(enrichment) {
  if (!enrichment || typeof enrichment !== 'object') return [];
  return Object.entries(enrichment).map(([key, value]) => {
    if (value === null || value === undefined) return `${key}: –`;
    if (typeof value === 'object') {
      const text = JSON.stringify(value);
      return `${key}: ${text.length > 60 ? `${text.slice(0, 57)}...` : text}`;
    }
    return `${key}: ${value}`;
  });
}
