// The leadjobs demo page: the REST API for uploads and results, socket.io-client for live updates, used exactly as
// websocket-api.md shows: io(url, { auth: { token } }), emit('subscribe-job', jobId), on('job-status'),
// on('job-update'), on('error').
(function () {
  'use strict';

  var TERMINAL = { completed: true, failed: true, cancelled: true };
  var el = function (id) { return document.getElementById(id); };
  var socket = null;
  var token = '';
  var jobs = {};

  function api(path, options) {
    options = options || {};
    options.headers = Object.assign({ Authorization: 'Bearer ' + token }, options.headers || {});
    return fetch(path, options).then(function (response) {
      return response.text().then(function (text) {
        var body = text ? JSON.parse(text) : {};
        if (!response.ok) {
          var details = (body.details || []).map(function (d) {
            return (d.row ? 'row ' + d.row + ': ' : '') + (d.column ? '[' + d.column + '] ' : '') + d.message;
          });
          var error = new Error([body.error || ('HTTP ' + response.status)].concat(details).join('\n'));
          error.status = response.status;
          throw error;
        }
        return body;
      });
    });
  }

  function setConnection(state, message) {
    var pill = el('connection-status');
    pill.textContent = state;
    pill.className = 'pill ' + state;
    var error = el('connection-error');
    error.hidden = !message;
    error.textContent = message || '';
  }

  function connect() {
    token = el('token-input').value.trim();
    if (!token) {
      setConnection('disconnected', 'Paste a token first.');
      return;
    }
    if (socket) {
      socket.disconnect();
    }
    socket = io(window.location.origin, { auth: { token: token } });
    socket.on('connect', function () {
      setConnection('connected');
      el('upload-button').disabled = false;
      Object.keys(jobs).forEach(function (id) {
        if (!TERMINAL[jobs[id].status]) { socket.emit('subscribe-job', id); }
      });
    });
    socket.on('connect_error', function (error) {
      setConnection('refused', error.message);
    });
    socket.on('disconnect', function (reason) {
      setConnection('disconnected', reason === 'io client disconnect' ? '' : 'Disconnected: ' + reason);
    });
    socket.on('job-status', function (status) {
      render(status.jobId, status);
      (status.recentLogs || []).forEach(function (log) { appendLog(status.jobId, log); });
    });
    socket.on('job-update', function (update) {
      var id = update.jobId;
      if (update.type === 'progress') {
        render(id, { progress: update.progress, processed_leads: update.processedLeads, total_leads: update.totalLeads });
      } else if (update.type === 'status') {
        render(id, { status: update.status });
        appendLog(id, { level: 'info', message: update.message, timestamp: new Date().toISOString() });
      } else if (update.type === 'log') {
        appendLog(id, update.log);
      } else if (update.type === 'complete') {
        render(id, Object.assign({ status: 'completed' }, update.results));
      } else if (update.type === 'error') {
        render(id, { status: 'failed', error_message: update.error });
      }
    });
    socket.on('error', function (error) {
      setConnection(socket.connected ? 'connected' : 'disconnected', error && error.message);
    });
    api('/api/jobs').then(function (body) {
      body.jobs.forEach(function (job) { render(job.jobId, job); });
    }).catch(function (error) { setConnection('refused', error.message); });
  }

  function card(id) {
    var existing = document.querySelector('[data-job-id="' + id + '"]');
    if (existing) { return existing; }
    var node = el('job-template').content.firstElementChild.cloneNode(true);
    node.setAttribute('data-job-id', id);
    node.id = 'job-' + id;
    node.querySelector('.job-id').textContent = id;
    node.querySelector('.job-cancel').addEventListener('click', function () {
      api('/api/jobs/' + id + '/cancel', { method: 'POST' })
        .then(function (job) { render(id, job); })
        .catch(function (error) { showJobError(id, error.message); });
    });
    node.querySelector('.job-results-csv').addEventListener('click', function (event) {
      event.preventDefault();
      fetch('/api/jobs/' + id + '/results?format=csv', { headers: { Authorization: 'Bearer ' + token } })
        .then(function (r) { return r.blob(); })
        .then(function (blob) {
          var a = document.createElement('a');
          a.href = URL.createObjectURL(blob);
          a.download = 'leadjobs-' + id + '.csv';
          a.click();
        });
    });
    el('jobs').prepend(node);
    el('no-jobs').hidden = true;
    return node;
  }

  function render(id, patch) {
    var job = jobs[id] = Object.assign(jobs[id] || { jobId: id }, patch);
    var node = card(id);
    if (job.name) { node.querySelector('.job-name').textContent = job.name; }
    var status = node.querySelector('.job-status');
    status.textContent = job.status || 'queued';
    status.className = 'pill job-status ' + (job.status || 'queued');
    var progress = job.progress || 0;
    node.querySelector('.job-progress').value = progress;
    node.querySelector('.job-progress-text').textContent = progress + '%';
    node.querySelector('.job-counts').textContent = (job.processed_leads || 0) + ' / ' + (job.total_leads || 0)
      + ' leads, ' + (job.high_score_leads || 0) + ' high score';
    node.querySelector('.job-cancel').hidden = !!TERMINAL[job.status];
    if (job.error_message) { showJobError(id, job.error_message); }
    if (job.status === 'completed' && !job.resultsShown) {
      job.resultsShown = true;
      loadResults(id, node);
    }
  }

  function showJobError(id, message) {
    var error = card(id).querySelector('.job-error');
    error.hidden = false;
    error.textContent = message;
  }

  function appendLog(id, log) {
    var item = document.createElement('li');
    item.className = log.level;
    item.textContent = (log.timestamp || '').replace('T', ' ').replace('Z', '') + ' ' + log.level + ' ' + log.message;
    card(id).querySelector('.job-log').appendChild(item);
  }

  function cell(row, text) {
    var td = document.createElement('td');
    td.textContent = text;
    row.appendChild(td);
  }

  function loadResults(id, node) {
    api('/api/jobs/' + id + '/results').then(function (results) {
      var body = node.querySelector('[data-testid="job-results-table"] tbody');
      body.textContent = '';
      results.leads.forEach(function (lead) {
        var tr = document.createElement('tr');
        tr.setAttribute('data-testid', 'result-row');
        cell(tr, lead.row);
        cell(tr, lead.email);
        cell(tr, lead.company);
        cell(tr, lead.score);
        cell(tr, lead.grade);
        cell(tr, lead.high_score ? 'yes' : '');
        cell(tr, lead.reasons.map(function (r) {
          return (r.detail || r.rule) + ' (' + (r.points > 0 ? '+' : '') + r.points + ')';
        }).join('; '));
        body.appendChild(tr);
      });
      var rejected = node.querySelector('[data-testid="job-rejected-table"]');
      rejected.hidden = results.rejected.length === 0;
      results.rejected.forEach(function (r) {
        var tr = document.createElement('tr');
        tr.setAttribute('data-testid', 'rejected-row');
        cell(tr, r.row);
        cell(tr, r.reason);
        rejected.querySelector('tbody').appendChild(tr);
      });
      node.querySelector('.job-results').hidden = false;
    }).catch(function (error) { showJobError(id, error.message); });
  }

  function upload() {
    var file = el('csv-file').files[0];
    var error = el('upload-error');
    error.hidden = true;
    if (!file) {
      error.hidden = false;
      error.textContent = 'Choose a CSV file first.';
      return;
    }
    var name = el('job-name').value.trim() || file.name;
    api('/api/jobs?name=' + encodeURIComponent(name), {
      method: 'POST',
      headers: { 'Content-Type': 'text/csv' },
      body: file
    }).then(function (accepted) {
      render(accepted.jobId, { status: accepted.status, total_leads: accepted.total_leads, name: name, progress: 0 });
      if (socket) { socket.emit('subscribe-job', accepted.jobId); }
    }).catch(function (e) {
      error.hidden = false;
      error.textContent = e.message;
    });
  }

  el('connect-button').addEventListener('click', connect);
  el('upload-button').addEventListener('click', upload);
}());
