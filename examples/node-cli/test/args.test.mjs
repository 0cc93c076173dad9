import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCliArgs, UsageError, DEFAULT_URL } from '../lib/args.mjs';

const env = { LEADJOBS_TOKEN: 'jwt-value' };

test('takes the CSV file, the token from LEADJOBS_TOKEN and the default server', () => {
  assert.deepEqual(parseCliArgs(['leads.csv'], env), {
    help: false, file: 'leads.csv', url: DEFAULT_URL, token: 'jwt-value', top: 10, log: true,
  });
});

test('takes the server from LEADJOBS_URL, and --url wins over it', () => {
  assert.equal(parseCliArgs(['a.csv'], { ...env, LEADJOBS_URL: 'https://jobs.example.com/' }).url, 'https://jobs.example.com');
  assert.equal(parseCliArgs(['a.csv', '--url', 'http://10.0.0.5:8080'], { ...env, LEADJOBS_URL: 'https://jobs.example.com' }).url, 'http://10.0.0.5:8080');
});

test('reads --top and --no-log', () => {
  const options = parseCliArgs(['--top', '3', '--no-log', 'a.csv'], env);
  assert.equal(options.top, 3);
  assert.equal(options.log, false);
  assert.equal(parseCliArgs(['--top', '0', 'a.csv'], env).top, 0);
});

test('answers help without needing a file or a token', () => {
  assert.deepEqual(parseCliArgs(['--help'], {}), { help: true });
  assert.deepEqual(parseCliArgs(['-h'], {}), { help: true });
});

test('refuses a missing file, several files and unknown options, saying which', () => {
  assert.throws(() => parseCliArgs([], env), { name: 'UsageError', message: 'missing the CSV file to submit' });
  assert.throws(() => parseCliArgs(['a.csv', 'b.csv'], env), { message: 'expected one CSV file, got 2: a.csv b.csv' });
  assert.throws(() => parseCliArgs(['--colour', 'a.csv'], env), (error) => error instanceof UsageError && error.message.includes('--colour'));
});

test('refuses a --top that is not a whole number, quoting it', () => {
  assert.throws(() => parseCliArgs(['--top=-1', 'a.csv'], env), { message: '--top must be a whole number from 0, was "-1"' });
  assert.throws(() => parseCliArgs(['--top', 'ten', 'a.csv'], env), { message: '--top must be a whole number from 0, was "ten"' });
});

test('refuses a server URL that is not http(s), quoting it', () => {
  assert.throws(() => parseCliArgs(['a.csv'], { ...env, LEADJOBS_URL: 'localhost:3000' }), { message: 'the server URL must be an http(s) URL, was "localhost:3000"' });
  assert.throws(() => parseCliArgs(['a.csv', '--url', 'not a url'], env), { message: 'the server URL must be an http(s) URL, was "not a url"' });
});

test('refuses to run without a token and names the variable', () => {
  assert.throws(() => parseCliArgs(['a.csv'], {}), { message: 'LEADJOBS_TOKEN is not set; export the token the server printed' });
  assert.throws(() => parseCliArgs(['a.csv'], { LEADJOBS_TOKEN: '   ' }), { message: /LEADJOBS_TOKEN is not set/ });
});
