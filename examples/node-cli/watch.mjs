#!/usr/bin/env node
// Watches one job as the API document's clients do, and exits when it ends.
//   TOKEN=<jwt> node watch.mjs <jobId>          (LEADJOBS_URL defaults to http://localhost:3000)
// It subscribes with lastSeq 0, so the server replays what the job already reported (or sends its status when it
// no longer holds it all): started late, or after the job ended, it still sees the end. Exit code 0 when the job
// completed, 1 when it failed, was cancelled or was refused.
import { io } from 'socket.io-client';

const jobId = process.argv[2];
if (!jobId || !process.env.TOKEN) {
  console.error('usage: TOKEN=<jwt> node watch.mjs <jobId>');
  process.exit(2);
}
const socket = io(process.env.LEADJOBS_URL ?? 'http://localhost:3000', { auth: { token: process.env.TOKEN } });

function end(status, code, detail) {
  console.log(`job ${status}${detail ? ': ' + detail : ''}`);
  socket.disconnect();
  process.exitCode = code;
}

socket.on('connect', () => socket.emit('subscribe-job', { jobId, lastSeq: 0 }));
socket.on('connect_error', (error) => { console.error(error.message); socket.disconnect(); process.exitCode = 1; });
socket.on('error', (error) => end('refused', 1, error.message));   // e.g. Job not found
socket.on('job-status', (s) => {
  console.log(`status ${s.status} ${s.progress}% (${s.processed_leads}/${s.total_leads} leads, ${s.high_score_leads} high score)`);
  if (s.status === 'completed') end('completed', 0);
  else if (s.status === 'failed' || s.status === 'cancelled') end(s.status, 1, s.error_message);
});
socket.on('job-update', (u) => {
  if (u.type === 'progress') console.log(`progress ${u.progress}% (${u.processedLeads}/${u.totalLeads})`);
  else if (u.type === 'log') console.log(`${u.log.level.padEnd(5)} ${u.log.message}`);
  else if (u.type === 'status') console.log(`status ${u.status}${u.message ? ': ' + u.message : ''}`);
  else if (u.type === 'complete') end('completed', 0, `${u.results.processed_leads} leads scored, ${u.results.high_score_leads} high score`);
  else if (u.type === 'error') end('failed', 1, u.error);
});
