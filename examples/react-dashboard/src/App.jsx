import { useCallback, useEffect, useState } from 'react';
import { listJobs, submitCsv, describeError } from './api.js';
import { JobList, JobDetail } from './components.jsx';

const TOKEN_KEY = 'leadjobs.token';

function readStoredToken() {
  try {
    return window.localStorage.getItem(TOKEN_KEY) || '';
  } catch {
    return '';
  }
}

function TokenPanel({ token, onSave }) {
  const [draft, setDraft] = useState(token);
  const save = (event) => {
    event.preventDefault();
    onSave(draft.trim());
  };
  return (
    <form className="panel token" onSubmit={save}>
      <label htmlFor="token">Access token (JWT)</label>
      <input
        id="token"
        type="password"
        autoComplete="off"
        placeholder="Paste the token the server printed"
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        data-testid="token-input"
      />
      <button type="submit" data-testid="token-save">Use token</button>
      <span className="muted" data-testid="token-state">{token ? 'Token saved in this browser.' : 'No token yet.'}</span>
    </form>
  );
}

function UploadPanel({ token, onSubmitted }) {
  const [file, setFile] = useState(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState(null);
  const [error, setError] = useState(null);

  const upload = async (event) => {
    event.preventDefault();
    if (!file) return;
    setBusy(true);
    setMessage(null);
    setError(null);
    try {
      const job = await submitCsv(token, await file.text());
      setMessage(`Job ${job.jobId} ${job.status} with ${job.total_leads} leads.`);
      onSubmitted(job);
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="panel upload" onSubmit={upload}>
      <label htmlFor="csv">Leads CSV</label>
      <input
        id="csv"
        type="file"
        accept=".csv,text/csv"
        onChange={(e) => setFile(e.target.files[0] || null)}
        data-testid="csv-input"
      />
      <button type="submit" disabled={!file || !token || busy} data-testid="upload-button">
        {busy ? 'Uploading…' : 'Start job'}
      </button>
      {message && <span className="ok" data-testid="upload-result">{message}</span>}
      {error && <span className="error" data-testid="upload-error">{error}</span>}
    </form>
  );
}

export default function App() {
  const [token, setToken] = useState(readStoredToken);
  const [jobs, setJobs] = useState([]);
  const [selectedJobId, setSelectedJobId] = useState(null);
  const [loading, setLoading] = useState(false);
  const [listError, setListError] = useState(null);

  const refresh = useCallback(async () => {
    if (!token) return;
    setLoading(true);
    setListError(null);
    try {
      setJobs(await listJobs(token));
    } catch (err) {
      setListError(describeError(err));
    } finally {
      setLoading(false);
    }
  }, [token]);

  useEffect(() => { refresh(); }, [refresh]);

  const saveToken = (value) => {
    try {
      if (value) window.localStorage.setItem(TOKEN_KEY, value);
      else window.localStorage.removeItem(TOKEN_KEY);
    } catch {
      // Storage may be disabled (private mode); the token still works for this page.
    }
    setJobs([]);
    setSelectedJobId(null);
    setToken(value);
  };

  const submitted = (job) => {
    setJobs((prev) => [
      { jobId: job.jobId, status: job.status, progress: 0, total_leads: job.total_leads, processed_leads: 0 },
      ...prev.filter((j) => j.jobId !== job.jobId),
    ]);
    setSelectedJobId(job.jobId);
    refresh();
  };

  const selectedJob = jobs.find((j) => j.jobId === selectedJobId) || null;

  return (
    <main>
      <header>
        <h1>leadjobs dashboard</h1>
        <p className="muted">Lead scoring jobs with live progress over Socket.IO.</p>
      </header>
      <TokenPanel token={token} onSave={saveToken} />
      {token && <UploadPanel token={token} onSubmitted={submitted} />}
      {listError && <p className="error" data-testid="list-error">Could not list jobs: {listError}</p>}
      {token && (
        <JobList
          jobs={jobs}
          token={token}
          selectedJobId={selectedJobId}
          onSelect={setSelectedJobId}
          onFinished={refresh}
          onRefresh={refresh}
          loading={loading}
        />
      )}
      {token && selectedJobId && (
        <JobDetail key={selectedJobId} job={selectedJob} jobId={selectedJobId} token={token} />
      )}
    </main>
  );
}
