// The REST calls the watcher makes (docs/rest-api.md).

export class ApiError extends Error {
  constructor(status, error, details) {
    const rendered = details.map((d) => (typeof d === 'string' ? d : JSON.stringify(d)));
    super(`${error}${rendered.length ? `\n  ${rendered.join('\n  ')}` : ''}`);
    this.name = 'ApiError';
    this.status = status;
    this.details = details;
  }
}

export function createApi({ url, token, signal }) {
  async function request(path, init = {}) {
    let response;
    try {
      response = await fetch(`${url}${path}`, {
        ...init,
        signal,
        headers: { ...(init.headers || {}), Authorization: `Bearer ${token}`, Accept: 'application/json' },
      });
    } catch (error) {
      if (error.name === 'AbortError') throw error;
      const cause = error.cause && (error.cause.code || error.cause.message);
      throw new Error(`cannot reach ${url}${cause ? ` (${cause})` : ''}`);
    }
    const text = await response.text();
    let body = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = null;
    }
    if (!response.ok) {
      const error = body && typeof body.error === 'string' ? body.error : `HTTP ${response.status} ${response.statusText}`.trim();
      const details = body && Array.isArray(body.details) ? body.details : [];
      throw new ApiError(response.status, `${init.method || 'GET'} ${path} failed: ${error}`, details);
    }
    return body;
  }

  return {
    /** POST /api/jobs (text/csv) -> { jobId, status, total_leads } */
    submitCsv(csvText) {
      return request('/api/jobs', { method: 'POST', headers: { 'Content-Type': 'text/csv' }, body: csvText });
    },
    /** GET /api/jobs/{id}/results -> { jobId, leads, rejected } */
    results(jobId) {
      return request(`/api/jobs/${encodeURIComponent(jobId)}/results`);
    },
  };
}
