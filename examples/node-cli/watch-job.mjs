#!/usr/bin/env node
// node watch-job.mjs <file.csv>   (LEADJOBS_URL, LEADJOBS_TOKEN; --help for options)
import { main } from './lib/cli.mjs';

process.exitCode = await main(process.argv.slice(2));
