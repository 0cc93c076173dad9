// The README's example run against run.mjs without a browser: the block names every step of every page in the
// order run.mjs runs them, and the comparison that CI applies to a real run's output refuses a changed line.
// (CI compares the block with the output of its real run: readme-output.mjs.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { README, mismatches, readmeBlock } from '../readme-output.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const block = readmeBlock(fs.readFileSync(README, 'utf8'));

/** "  PASS <page>: <label>" for every step of run.mjs, read from its scenario(...) lists in source order. */
function stepsOfRunMjs() {
  const source = fs.readFileSync(path.join(here, '..', 'run.mjs'), 'utf8');
  const steps = [];
  let page;
  for (const line of source.split('\n')) {
    const scenario = line.match(/await scenario\('(\w+)'/);
    if (scenario) page = scenario[1];
    const step = line.match(/^\s*\['((?:[^'\\]|\\.)*)', async/);
    if (step && page) steps.push(`  PASS ${page}: ${step[1].replace(/\\(.)/g, '$1')}`);
  }
  return steps;
}

test('the README\'s example run lists every step of run.mjs in order, and the count of passed steps', () => {
  const steps = stepsOfRunMjs();
  assert.ok(steps.length > 30, `expected the three pages' steps in run.mjs, found ${steps.length}`);
  const passLines = block.filter((line) => line.startsWith('  PASS '));
  assert.equal(passLines.length, steps.length, `README PASS lines:\n${passLines.join('\n')}\n--- steps of run.mjs:\n${steps.join('\n')}`);
  passLines.forEach((line, i) => {
    assert.ok(line.startsWith(steps[i]), `README line "${line}" stands where run.mjs has the step "${steps[i]}"`);
    assert.match(line.slice(steps[i].length), /^( \(.+\))?$/, `after the step, README line "${line}" has at most a note in parentheses`);
  });
  assert.equal(block[0].startsWith('browser-test: '), true, 'the block starts with the run\'s first line');
  assert.equal(block.at(-1), `${steps.length} passed, 0 failed`);
});

test('the comparison accepts any value where the README shows … and refuses any other change', () => {
  const run = block.map((line) => line.replaceAll('…', 'a varying 123'));
  assert.deepEqual(mismatches(block, run), []);

  const index = block.findIndex((line) => line.includes('760 leads'));
  const changed = run.map((line, i) => (i === index ? line.replace('760 leads', '761 leads') : line));
  assert.deepEqual(mismatches(block, changed), [`line ${index + 1}: README shows "${block[index]}", the run printed "${changed[index]}"`]);

  assert.equal(mismatches(block, run.slice(0, -1)).length, 1, 'a missing last line');
  assert.equal(mismatches(block, [...run, '  PASS Demo: a new step']).length, 1, 'a line the README does not show');
  const empty = block.map((line) => line.replaceAll('…', ''));
  assert.ok(mismatches(block, empty).length > 0, '… stands for some text, not for nothing');
});
