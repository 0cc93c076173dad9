// The README's example output must be what the watcher prints: every line of it, read as a template (numbers,
// ids, times and the data rows' contents vary), has to match a line of a real run against the test server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../lib/cli.mjs';
import { startFakeServer } from './fake-server.mjs';

const readme = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'README.md'), 'utf8');

/** The README's first fenced block that starts with "Job ", the example run. */
function exampleOutput() {
  const block = readme.split('```').map((b) => b.replace(/^\w*\n/, '')).find((b) => b.startsWith('Job '));
  assert.ok(block, 'README.md has no example output block starting with "Job "');
  return block.split('\n').filter((line) => line.trim() && line.trim() !== '…');
}

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A line of the README as a pattern: what varies from run to run is left open. */
function template(line) {
  if (/^\s+\d+\s+[A-F]\s/.test(line)) return /^\s+\d+\s+[A-F]\s+\S.*$/; // a row of the top-leads table
  if (/^\s+row \d+: /.test(line)) return /^\s+row \d+: \S.*$/; // a rejected row
  let pattern = escape(line.replace(/[0-9a-f]{8}-…/g, '\u0001').replace(/\[[█░]+\]/g, '\u0002'))
    .replace(/…/g, '.*')
    .replace(/\d+(\\\.\d+)?/g, '\u0003')
    .replace(/ +/g, ' +')
    .replace(/\u0001/g, '[0-9a-f-]{36}')
    .replace(/\u0002/g, '\\[[█░]{30}\\]')
    .replace(/\u0003/g, '\\d+(\\.\\d+)?');
  // a log line's message is the server's own; the README shows one of them
  if (/^ +\d+:\d+:\d+ +\w+ +\S/.test(line)) pattern = '\\s+\\d+:\\d+:\\d+ +\\w+ +\\S.*';
  return new RegExp(`^${pattern}$`);
}

test('every line of the README\'s example output has the shape of a line the watcher prints', { timeout: 20000 }, async (t) => {
  const server = await startFakeServer();
  t.after(() => server.close());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'watch-job-readme-'));
  const csv = path.join(dir, 'sample-leads.csv');
  fs.writeFileSync(csv, 'email,first_name,last_name,company,title\nceo@acme.test,Ada,Lovelace,Acme,CEO\n'
    + 'bob@gmail.test,Bob,Free,,Student\nvp@globex.test,Grace,Hopper,Globex,VP Engineering\n,No,Email,Nowhere,Manager\n');
  const chunks = [];
  const out = { isTTY: false, write: (s) => { chunks.push(String(s)); return true; } };
  const code = await main([csv], { env: { LEADJOBS_URL: server.url, LEADJOBS_TOKEN: server.token }, stdout: out, stderr: out, signals: new EventEmitter() });
  assert.equal(code, 0);
  const printed = chunks.join('').split('\n');

  const missing = exampleOutput().filter((line) => !printed.some((p) => template(line).test(p)));
  assert.deepEqual(missing, [], `README lines the watcher never prints:\n${missing.join('\n')}\n--- it printed:\n${printed.join('\n')}`);
});
