import { useEffect, useRef, useState } from 'react';
import { useJobUpdates } from './useJobUpdates.js';
import { fetchResults, cancelJob, describeError } from './api.js';
import { liveView, logLines, isTerminal, rankLeads, leadName, enrichmentSummary } from './jobView.js';

export function ProgressBar({ value, testId }) {
  return (
    <div
      className="progress"
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={value}
      data-testid={testId}
      data-progress={value}
    >
      <div className="progress-fill" style={{ width: `${value}%` }} />
      <span className="progress-label">{value} %</span>
    </div>
  );
}

function StatusBadge({ status, testId }) {
  return (
    <span className={`status status-${status}`} data-testid={testId}>
      {status}
    </span>
  );
}

/** One job in the list; while the job runs, its row follows it live through the seed's hook. */
export function JobRow({ job, token, selected, onSelect, onFinished }) {
  const active = !isTerminal(job.status);
  const { jobStatus, updates } = useJobUpdates(active ? job.jobId : null, token);
  const view = liveView(job, jobStatus, updates);

  useEffect(() => {
    if (active && isTerminal(view.status)) onFinished(job.jobId);
  }, [active, view.status, job.jobId, onFinished]);

  return (
    <tr
      className={selected ? 'selected' : ''}
      data-testid="job-row"
      data-job-id={job.jobId}
      onClick={() => onSelect(job.jobId)}
    >
      <td className="mono" title={job.jobId}>{job.jobId.slice(0, 8)}</td>
      <td><StatusBadge status={view.status} testId="job-row-status" /></td>
      <td className="progress-cell"><ProgressBar value={view.progress} testId="job-row-progress" /></td>
      <td className="num">{view.processed} / {view.total}</td>
      <td className="num">{view.highScore}</td>
    </tr>
  );
}

export function JobList({ jobs, token, selectedJobId, onSelect, onFinished, onRefresh, loading }) {
  return (
    <section className="panel">
      <div className="panel-head">
        <h2>Your jobs</h2>
        <button type="button" onClick={onRefresh} disabled={loading} data-testid="refresh-jobs">
          {loading ? 'Loading…' : 'Refresh'}
        </button>
      </div>
      {jobs.length === 0 ? (
        <p className="muted" data-testid="no-jobs">No jobs yet. Upload a CSV to start one.</p>
      ) : (
        <table className="jobs" data-testid="job-list">
          <thead>
            <tr><th>Job</th><th>Status</th><th>Progress</th><th>Processed</th><th>High score</th></tr>
          </thead>
          <tbody>
            {jobs.map((job) => (
              <JobRow
                key={job.jobId}
                job={job}
                token={token}
                selected={job.jobId === selectedJobId}
                onSelect={onSelect}
                onFinished={onFinished}
              />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

const ENRICHMENT_SHOWN = 3;

/** The first few enrichment values, the rest behind a disclosure so that rows stay short. */
function Enrichment({ lines }) {
  const shown = lines.slice(0, ENRICHMENT_SHOWN);
  const rest = lines.slice(ENRICHMENT_SHOWN);
  return (
    <>
      {shown.map((line) => <div key={line}>{line}</div>)}
      {rest.length > 0 && (
        <details>
          <summary>{rest.length} more</summary>
          {rest.map((line) => <div key={line}>{line}</div>)}
        </details>
      )}
    </>
  );
}

function ResultsTable({ results }) {
  const leads = rankLeads(results.leads || []);
  const rejected = results.rejected || [];
  return (
    <div className="results">
      <h3>Results <span className="muted">({leads.length} scored, {rejected.length} rejected)</span></h3>
      <table className="results-table" data-testid="results-table">
        <thead>
          <tr><th>Score</th><th>Grade</th><th>Lead</th><th>Company / title</th><th>Reasons</th><th>Enrichment</th></tr>
        </thead>
        <tbody>
          {leads.map((lead) => (
            <tr key={lead.index} data-testid="result-row" data-row={lead.row} className={lead.high_score ? 'high' : ''}>
              <td className="num" data-testid="result-score">{lead.score}</td>
              <td><span className={`grade grade-${lead.grade}`} data-testid="result-grade">{lead.grade}</span></td>
              <td>
                <div>{leadName(lead)}</div>
                <div className="muted small">{lead.email}</div>
              </td>
              <td>
                <div>{lead.company || '–'}</div>
                <div className="muted small">{lead.title || ''}</div>
              </td>
              <td>
                <ul className="reasons" data-testid="result-reasons">
                  {(lead.reasons || []).map((reason, i) => (
                    <li key={i} title={reason.detail || ''}>
                      <span className={reason.points >= 0 ? 'plus' : 'minus'}>
                        {reason.points >= 0 ? `+${reason.points}` : reason.points}
                      </span>{' '}
                      {reason.rule}
                      {reason.detail ? <span className="muted"> – {reason.detail}</span> : null}
                    </li>
                  ))}
                </ul>
              </td>
              <td className="small">
                <Enrichment lines={enrichmentSummary(lead.enrichment)} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rejected.length > 0 && (
        <>
          <h3>Rejected rows</h3>
          <table className="rejected-table" data-testid="rejected-table">
            <thead><tr><th>Row</th><th>Reason</th></tr></thead>
            <tbody>
              {rejected.map((r) => (
                <tr key={`${r.row}-${r.reason}`} data-testid="rejected-row">
                  <td className="num">{r.row}</td>
                  <td>{r.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}

/** The selected job: live status, progress, log and, once completed, the scored leads. */
export function JobDetail({ job, jobId, token }) {
  const { jobStatus, updates } = useJobUpdates(jobId, token);
  const view = liveView(job, jobStatus, updates);
  const lines = logLines(jobStatus, updates);
  const [results, setResults] = useState(null);
  const [resultsError, setResultsError] = useState(null);
  const [cancelError, setCancelError] = useState(null);
  const logRef = useRef(null);

  // Keep the newest log line in view as the log streams.
  useEffect(() => {
    if (logRef.current) logRef.current.scrollTop = logRef.current.scrollHeight;
  }, [lines.length]);

  useEffect(() => {
    if (view.status !== 'completed' || results) return undefined;
    let stale = false;
    fetchResults(token, jobId)
      .then((body) => { if (!stale) setResults(body); })
      .catch((err) => { if (!stale) setResultsError(describeError(err)); });
    return () => { stale = true; };
  }, [view.status, results, token, jobId]);

  const cancel = () => {
    setCancelError(null);
    cancelJob(token, jobId).catch((err) => setCancelError(describeError(err)));
  };

  return (
    <section className="panel" data-testid="job-detail" data-job-id={jobId}>
      <div className="panel-head">
        <h2>Job <span className="mono">{jobId}</span></h2>
        {!isTerminal(view.status) && (
          <button type="button" onClick={cancel} data-testid="cancel-job">Cancel job</button>
        )}
      </div>
      <div className="detail-status">
        <StatusBadge status={view.status} testId="job-status" />
        {view.message && <span className="muted"> {view.message}</span>}
        {view.error && <span className="error" data-testid="job-error"> {view.error}</span>}
        {cancelError && <span className="error"> {cancelError}</span>}
      </div>
      <ProgressBar value={view.progress} testId="job-progress" />
      <dl className="counts" data-testid="job-counts">
        <div><dt>Processed</dt><dd data-testid="count-processed">{view.processed} / {view.total}</dd></div>
        <div><dt>Enriched</dt><dd data-testid="count-enriched">{view.enriched}</dd></div>
        <div><dt>High score</dt><dd data-testid="count-high-score">{view.highScore}</dd></div>
      </dl>
      <h3>Log</h3>
      <ol className="log" data-testid="job-log" ref={logRef}>
        {lines.length === 0 && <li className="muted">Waiting for the first log entry…</li>}
        {lines.map((line, i) => (
          <li key={i} className={`log-${line.kind} level-${line.level}`} data-testid="log-entry">
            {line.timestamp && <time className="muted small">{new Date(line.timestamp).toLocaleTimeString()} </time>}
            {line.message}
          </li>
        ))}
      </ol>
      {resultsError && <p className="error" data-testid="results-error">Could not load results: {resultsError}</p>}
      {results && <ResultsTable results={results} />}
    </section>
  );
}
