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
      body.jobs.forEach(function (job) { render(job.jobId, job, !TERMINAL[job.status]); });
    }).catch(function (error) { setConnection('refused', error.message); });
  }

  function card(id, open) {
    var existing = document.querySelector('[data-job-id="' + id + '"]');
    if (existing) { return existing; }
    var node = el('job-template').content.firstElementChild.cloneNode(true);
    node.open = !!open;
    node.setAttribute('data-job-id', id);
    node.id = 'job-' + id;
    node.querySelector('.job-id').textContent = id;
    node.querySelector('.job-cancel').addEventListener('click', function () {
      api('/api/jobs/' + id + '/cancel', { method: 'POST' })
        .then(function (job) { render(id, job); })
        .catch(function (error) { showJobError(id, error.message); });
    });
    node.addEventListener('toggle', function () {
      var job = jobs[id];
      if (node.open && job && job.status === 'completed' && !job.resultsShown) {
        job.resultsShown = true;
        loadResults(id, node);
      }
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
    node.querySelectorAll('button.sort').forEach(function (button) {
      button.addEventListener('click', function () { sortResults(id, button.getAttribute('data-sort')); });
    });
    node.querySelector('.page-prev').addEventListener('click', function () { turnPage(id, -1); });
    node.querySelector('.page-next').addEventListener('click', function () { turnPage(id, 1); });
    el('jobs').prepend(node);
    el('no-jobs').hidden = true;
    return node;
  }

  /** Folds every finished job but the one given, so a page with many jobs stays short. */
  function collapseOthers(id) {
    document.querySelectorAll('[data-testid="job-card"]').forEach(function (node) {
      var other = node.getAttribute('data-job-id');
      if (other !== id && TERMINAL[(jobs[other] || {}).status]) { node.open = false; }
    });
  }

  function render(id, patch, open) {
    var job = jobs[id] = Object.assign(jobs[id] || { jobId: id }, patch);
    var node = card(id, open);
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
    if (job.status === 'completed' && !job.resultsShown && node.open) {
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
    return td;
  }

  var PAGE_SIZE = 50;
  var GRADES = ['A', 'B', 'C', 'D', 'E', 'F'];
  var SORT_KEYS = {
    row: function (lead) { return lead.row; },
    name: function (lead) { return fullName(lead).toLowerCase(); },
    company: function (lead) { return (lead.company || '').toLowerCase(); },
    title: function (lead) { return (lead.title || '').toLowerCase(); },
    score: function (lead) { return lead.score; }
  };

  function fullName(lead) {
    return [lead.first_name, lead.last_name].filter(Boolean).join(' ');
  }

  function loadResults(id, node) {
    api('/api/jobs/' + id + '/results').then(function (results) {
      jobs[id].view = { leads: results.leads.slice(), sort: 'score', descending: true, page: 0 };
      summarize(node, results.leads);
      sortResults(id, 'score', true);
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

  /** The job's grade counts and a histogram of its scores in ten bins (0-9 ... 90-100). */
  function summarize(node, leads) {
    var grades = {};
    var bins = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    leads.forEach(function (lead) {
      grades[lead.grade] = (grades[lead.grade] || 0) + 1;
      bins[Math.min(9, Math.max(0, Math.floor(lead.score / 10)))] += 1;
    });
    var list = node.querySelector('[data-testid="grade-counts"]');
    list.textContent = '';
    GRADES.forEach(function (grade) {
      var item = document.createElement('li');
      item.className = 'grade-' + grade;
      item.setAttribute('data-testid', 'grade-count');
      item.setAttribute('data-grade', grade);
      item.setAttribute('data-count', String(grades[grade] || 0));
      item.textContent = grade + ' ' + (grades[grade] || 0);
      list.appendChild(item);
    });
    var histogram = node.querySelector('[data-testid="score-histogram"]');
    histogram.textContent = '';
    var highest = Math.max.apply(null, bins) || 1;
    histogram.setAttribute('aria-label', 'Scores: ' + bins.map(function (n, i) {
      return (i * 10) + '-' + (i === 9 ? 100 : i * 10 + 9) + ': ' + n;
    }).join(', '));
    bins.forEach(function (n, i) {
      var bar = document.createElement('div');
      bar.className = 'bar';
      bar.setAttribute('data-testid', 'histogram-bar');
      bar.setAttribute('data-count', String(n));
      bar.style.height = (100 * n / highest) + '%';
      bar.title = (i * 10) + '-' + (i === 9 ? 100 : i * 10 + 9) + ': ' + n + (n === 1 ? ' lead' : ' leads');
      histogram.appendChild(bar);
    });
  }

  /** Sorts by a column: the same column again flips the order; scores start highest first, text A to Z. */
  function sortResults(id, key, descending) {
    var view = jobs[id] && jobs[id].view;
    if (!view) { return; }
    if (descending === undefined) {
      descending = view.sort === key ? !view.descending : key === 'score';
    }
    var value = SORT_KEYS[key];
    view.sort = key;
    view.descending = descending;
    view.page = 0;
    view.leads.sort(function (a, b) {
      var x = value(a);
      var y = value(b);
      var order = x < y ? -1 : x > y ? 1 : a.row - b.row;
      return descending && x !== y ? -order : order;
    });
    card(id).querySelectorAll('button.sort').forEach(function (button) {
      var th = button.parentElement;
      if (button.getAttribute('data-sort') === key) {
        th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
      } else {
        th.removeAttribute('aria-sort');
      }
    });
    showPage(id);
  }

  function turnPage(id, delta) {
    var view = jobs[id] && jobs[id].view;
    if (!view) { return; }
    var last = Math.max(0, Math.ceil(view.leads.length / PAGE_SIZE) - 1);
    view.page = Math.min(last, Math.max(0, view.page + delta));
    showPage(id);
  }

  function showPage(id) {
    var view = jobs[id].view;
    var node = card(id);
    var body = node.querySelector('[data-testid="job-results-table"] tbody');
    body.textContent = '';
    var from = view.page * PAGE_SIZE;
    var to = Math.min(view.leads.length, from + PAGE_SIZE);
    view.leads.slice(from, to).forEach(function (lead) {
      var tr = document.createElement('tr');
      tr.setAttribute('data-testid', 'result-row');
      cell(tr, lead.row).setAttribute('data-testid', 'result-row-number');
      cell(tr, fullName(lead) || lead.email || '').setAttribute('data-testid', 'result-name');
      cell(tr, lead.company || '');
      cell(tr, lead.title || '');
      var score = cell(tr, lead.score);
      score.className = 'score';
      score.setAttribute('data-testid', 'result-score');
      cell(tr, lead.grade).setAttribute('data-testid', 'result-grade');
      var reasons = document.createElement('ul');
      reasons.className = 'reasons';
      reasons.setAttribute('data-testid', 'result-reasons');
      lead.reasons.forEach(function (reason) {
        var item = document.createElement('li');
        item.className = reason.points >= 0 ? 'plus' : 'minus';
        item.title = reason.rule;
        item.textContent = (reason.points > 0 ? '+' : '') + reason.points + ' ' + reason.detail;
        reasons.appendChild(item);
      });
      var why = document.createElement('td');
      why.appendChild(reasons);
      tr.appendChild(why);
      body.appendChild(tr);
    });
    node.querySelector('[data-testid="page-info"]').textContent = view.leads.length === 0
      ? 'No leads' : 'Leads ' + (from + 1) + '-' + to + ' of ' + view.leads.length;
    node.querySelector('.page-prev').disabled = view.page === 0;
    node.querySelector('.page-next').disabled = to >= view.leads.length;
  }

  function upload() {
    var file = el('csv-file').files[0];
    var error = el('upload-error');
    error.hidden = true;
    if (!file) {
      error.hidden = false;
      error.textContent = 'Choose a CSV or XLSX file first.';
      return;
    }
    var name = el('job-name').value.trim() || file.name;
    // the server tells CSV from XLSX (and other files) by their first bytes; the type only names a CSV's charset
    var xlsx = /\.xlsx$/i.test(file.name);
    api('/api/jobs?name=' + encodeURIComponent(name), {
      method: 'POST',
      headers: { 'Content-Type': xlsx ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv' },
      body: file
    }).then(function (accepted) {
      render(accepted.jobId, { status: accepted.status, total_leads: accepted.total_leads, name: name, progress: 0 }, true);
      collapseOthers(accepted.jobId);
      if (socket) { socket.emit('subscribe-job', accepted.jobId); }
    }).catch(function (e) {
      error.hidden = false;
      error.textContent = e.message;
    });
  }

  el('connect-button').addEventListener('click', connect);
  el('upload-button').addEventListener('click', upload);
}());
