// The reference server's REST API (docs/rest-api.md), Bearer-token authenticated.
import { SERVER_URL } from './config.js';

async function request(path, token, init = {}) {
  const response = await fetch(`${SERVER_URL}${path}`, {
    ...init,
    headers: { ...(init.headers || {}), Authorization: `Bearer ${token}` },
  });
  const text = await response.text();
  let body = null;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
  }
  if (!response.ok) {
    const message = body && body.error ? body.error : `HTTP ${response.status} ${response.statusText}`;
    const details = body && Array.isArray(body.details) ? body.details : [];
    const error = new Error(message);
    error.status = response.status;
    error.details = details;
    throw error;
  }
  return body;
}

/** POST /api/jobs with the CSV as text/csv; answers { jobId, status, total_leads }. */
export function submitCsv(token, csvText) {
  return request('/api/jobs', token, {
    method: 'POST',
    headers: { 'Content-Type': 'text/csv' },
    body: csvText,
  });
}

/** GET /api/jobs; answers the caller's jobs, newest first as the server lists them. */
export async function listJobs(token) {
  const body = await request('/api/jobs', token);
  return body && Array.isArray(body.jobs) ? body.jobs : [];
}

/** GET /api/jobs/{jobId}/results; answers { jobId, leads, rejected }. */
export function fetchResults(token, jobId) {
  return request(`/api/jobs/${encodeURIComponent(jobId)}/results`, token);
}

/** POST /api/jobs/{jobId}/cancel */
export function cancelJob(token, jobId) {
  return request(`/api/jobs/${encodeURIComponent(jobId)}/cancel`, token, { method: 'POST' });
}

/** Renders an API error with its details, one sentence per detail. */
export function describeError(error) {
  const details = Array.isArray(error.details) ? error.details : [];
  const rendered = details.map((d) => (typeof d === 'string' ? d : JSON.stringify(d)));
  return rendered.length ? `${error.message} (${rendered.join('; ')})` : error.message;
}
