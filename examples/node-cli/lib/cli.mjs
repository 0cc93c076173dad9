// watch-job: submit a CSV, follow the job live, print the best leads.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseCliArgs, UsageError, USAGE } from './args.mjs';
import { createApi } from './api.mjs';
import { watchJob } from './watch.mjs';
import { renderBar, renderTopLeads, renderSummary } from './progress.mjs';

const MAX_REJECTED_SHOWN = 10;

/** Draws the progress line in place on a terminal, or one line per change elsewhere. */
export function createRenderer(out) {
  const tty = Boolean(out.isTTY);
  const width = tty ? Math.max(10, Math.min(30, (out.columns || 100) - 85)) : 30;
  let current = null;
  let lastPrinted = null;
  const above = (text) => {
    if (tty && current !== null) out.write(`\r\x1b[2K${text}\n${current}`);
    else out.write(`${text}\n`);
  };
  return {
    update(state) {
      const line = renderBar(state, width);
      if (tty) {
        out.write(`\r\x1b[2K${line}`);
      } else if (line !== lastPrinted) {
        out.write(`${line}\n`);
        lastPrinted = line;
      }
      current = line;
    },
    log(entry) {
      const time = entry.timestamp ? `${String(entry.timestamp).replace(/^.*T(\d\d:\d\d:\d\d).*$/, '$1')} ` : '';
      above(`  ${time}${(entry.level || 'info').padEnd(5)} ${entry.message ?? ''}`);
    },
    notice(message) {
      above(`! ${message}`);
    },
    done() {
      if (tty && current !== null) out.write('\n');
      current = null;
    },
  };
}

function interruptedMessage(url, jobId) {
  if (!jobId) return 'Interrupted before the job was submitted.';
  return `Stopped watching job ${jobId}; it goes on running on the server.\n`
    + `Cancel it with: curl -X POST -H "Authorization: Bearer $LEADJOBS_TOKEN" ${url}/api/jobs/${jobId}/cancel`;
}

/**
 * Runs the command; answers the exit code (0 completed, 1 failed or refused, 2 usage, 130 interrupted).
 * `signals` is where SIGINT arrives (the process, or an EventEmitter in tests).
 */
export async function main(argv, { env = process.env, stdout = process.stdout, stderr = process.stderr, signals = process } = {}) {
  let options;
  try {
    options = parseCliArgs(argv, env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    stderr.write(`watch-job: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options.help) {
    stdout.write(`${USAGE}\n`);
    return 0;
  }

  let csv;
  try {
    csv = await readFile(options.file, 'utf8');
  } catch (error) {
    stderr.write(`watch-job: cannot read ${options.file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}\n`);
    return 2;
  }

  const controller = new AbortController();
  const onSigint = () => {
    // The first Ctrl-C stops cleanly; without our listener a second one ends the process at once.
    signals.removeListener('SIGINT', onSigint);
    controller.abort();
  };
  signals.on('SIGINT', onSigint);

  const renderer = createRenderer(stdout);
  const api = createApi({ url: options.url, token: options.token, signal: controller.signal });
  let jobId = null;
  try {
    const job = await api.submitCsv(csv);
    jobId = job.jobId;
    stdout.write(`Job ${job.jobId} ${job.status}: ${job.total_leads} leads from ${path.basename(options.file)}\n`);

    const { outcome, state } = await watchJob({
      url: options.url,
      token: options.token,
      jobId,
      totalLeads: job.total_leads,
      signal: controller.signal,
      onChange: (s) => renderer.update(s),
      onLog: options.log ? (entry) => renderer.log(entry) : () => {},
      onNotice: (message) => renderer.notice(message),
    });
    renderer.done();

    if (outcome === 'interrupted') {
      stderr.write(`${interruptedMessage(options.url, jobId)}\n`);
      return 130;
    }
    if (state.status !== 'completed') {
      stderr.write(`Job ${jobId} ${state.status}${state.error ? `: ${state.error}` : ''}\n`);
      return 1;
    }

    const results = await api.results(jobId);
    const leads = Array.isArray(results.leads) ? results.leads : [];
    const rejected = Array.isArray(results.rejected) ? results.rejected : [];
    const high = leads.filter((lead) => lead.high_score).length;
    stdout.write(`\nJob ${jobId} completed: ${leads.length} leads scored, ${high} high score, ${rejected.length} rows rejected.\n`);
    const summary = renderSummary(state.summary);
    if (summary) stdout.write(`${summary}\n`);
    if (options.top > 0 && leads.length > 0) {
      stdout.write(`\nTop ${Math.min(options.top, leads.length)} leads:\n${renderTopLeads(leads, options.top)}\n`);
    }
    if (rejected.length > 0) {
      stdout.write('\nRejected rows:\n');
      for (const r of rejected.slice(0, MAX_REJECTED_SHOWN)) stdout.write(`  row ${r.row}: ${r.reason}\n`);
      if (rejected.length > MAX_REJECTED_SHOWN) stdout.write(`  … and ${rejected.length - MAX_REJECTED_SHOWN} more\n`);
    }
    return 0;
  } catch (error) {
    renderer.done();
    if (error.name === 'AbortError') {
      stderr.write(`${interruptedMessage(options.url, jobId)}\n`);
      return 130;
    }
    stderr.write(`watch-job: ${error.message}\n`);
    return 1;
  } finally {
    signals.removeListener('SIGINT', onSigint);
  }
}
