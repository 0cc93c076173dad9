// The two REST calls this page needs (docs/rest-api.md), Bearer-token authenticated.
import { SERVER_URL } from './config.js';

async function request(path, token, init = {}) {
  const response = await fetch(`${SERVER_URL}${path}`, {
    ...init,
    headers: { ...(init.headers || {}), Authorization: `Bearer ${token}` },
  });
  const text = await response.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!response.ok) {
    const details = body && Array.isArray(body.details) ? body.details.map((d) => (typeof d === 'string' ? d : JSON.stringify(d))) : [];
    const message = body && body.error ? body.error : `HTTP ${response.status}`;
    throw new Error(details.length ? `${message} (${details.join('; ')})` : message);
  }
  return body;
}

export function submitCsv(token, csvText) {
  return request('/api/jobs', token, { method: 'POST', headers: { 'Content-Type': 'text/csv' }, body: csvText });
}

export function fetchResults(token, jobId) {
  return request(`/api/jobs/${encodeURIComponent(jobId)}/results`, token);
}
