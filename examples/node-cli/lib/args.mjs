// Command-line arguments and environment for watch-job.mjs.
import { parseArgs } from 'node:util';

export const DEFAULT_URL = 'http://localhost:3000';
export const DEFAULT_TOP = 10;

export const USAGE = `usage: node watch-job.mjs [options] <file.csv>

Submits the CSV to a leadjobs server, follows the job live over Socket.IO and prints the top leads.

options:
  --top <n>     how many of the best leads to print at the end (default ${DEFAULT_TOP}, 0 for none)
  --url <url>   the server (default: $LEADJOBS_URL, else ${DEFAULT_URL})
  --no-log      do not print the job's log lines
  -h, --help    show this help

environment:
  LEADJOBS_URL    the server, e.g. http://localhost:3000
  LEADJOBS_TOKEN  the JWT the server accepts (required)`;

export class UsageError extends Error {
  constructor(message) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Turns argv (without node and the script) and the environment into options.
 * @returns {{ help: true } | { help: false, file: string, url: string, token: string, top: number, log: boolean }}
 * @throws {UsageError} naming what is wrong
 */
export function parseCliArgs(argv, env = {}) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        top: { type: 'string' },
        url: { type: 'string' },
        'no-log': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(error.message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: true };

  if (positionals.length === 0) throw new UsageError('missing the CSV file to submit');
  if (positionals.length > 1) throw new UsageError(`expected one CSV file, got ${positionals.length}: ${positionals.join(' ')}`);

  let top = DEFAULT_TOP;
  if (values.top !== undefined) {
    if (!/^\d+$/.test(values.top)) throw new UsageError(`--top must be a whole number from 0, was "${values.top}"`);
    top = Number(values.top);
  }

  const rawUrl = values.url ?? env.LEADJOBS_URL ?? DEFAULT_URL;
  let url;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new UsageError(`the server URL must be an http(s) URL, was "${rawUrl}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`the server URL must be an http(s) URL, was "${rawUrl}"`);
  }

  const token = (env.LEADJOBS_TOKEN || '').trim();
  if (!token) throw new UsageError('LEADJOBS_TOKEN is not set; export the token the server printed');

  return {
    help: false,
    file: positionals[0],
    url: url.href.replace(/\/+$/, ''),
    token,
    top,
    log: !values['no-log'],
  };
}
