// Compares what a browser-test run printed with the example run in README.md, line for line. In the README's
// block, "…" stands for what varies from run to run (the port, job ids, event and row counts, scores and grade
// counts that depend on the server's network, the checkout's path); everything else must be printed as written.
//
//   node readme-output.mjs <file with a run's output>      (CI runs it after run.sh has passed)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const README = path.join(path.dirname(fileURLToPath(import.meta.url)), 'README.md');
const FIRST_LINE = 'browser-test: ';

/** The lines of the README's fenced block that starts with "browser-test: ", the example run. */
export function readmeBlock(readmeText) {
  const block = readmeText.split(/^```.*$/m).map((part) => part.replace(/^\n/, '').replace(/\n$/, ''))
    .find((part) => part.startsWith(FIRST_LINE));
  if (!block) throw new Error(`README.md has no fenced block starting with "${FIRST_LINE}"`);
  return block.split('\n');
}

/** A README line as a pattern: literal text, each "…" any text that is not empty. */
export function template(line) {
  const literal = line.split('…').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${literal.join('.+?')}$`);
}

/** The README lines that the run did not print in their place, each with what the run printed there. */
export function mismatches(readmeLines, printedLines) {
  const printed = printedLines.filter((line) => line.trim());
  const expected = readmeLines.filter((line) => line.trim());
  const problems = [];
  for (let i = 0; i < Math.max(expected.length, printed.length); i += 1) {
    if (i >= expected.length) problems.push(`line ${i + 1}: the run printed "${printed[i]}", the README shows no more lines`);
    else if (i >= printed.length) problems.push(`line ${i + 1}: README shows "${expected[i]}", the run printed no more lines`);
    else if (!template(expected[i]).test(printed[i])) problems.push(`line ${i + 1}: README shows "${expected[i]}", the run printed "${printed[i]}"`);
  }
  return problems;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (!file || !fs.existsSync(file)) {
    console.error(`usage: node readme-output.mjs <file with a run's output>${file ? ` (no file ${file})` : ''}`);
    process.exit(2);
  }
  const problems = mismatches(readmeBlock(fs.readFileSync(README, 'utf8')), fs.readFileSync(file, 'utf8').split(/\r?\n/));
  if (problems.length) {
    console.error(`browser-test: README.md's example run is not what the run printed ("…" stands for what varies):\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  console.log('browser-test: the run printed what README.md shows');
}
