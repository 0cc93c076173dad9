// node watch-job.mjs <url> <token> <jobId>
// The seed's client flow: connect with auth.token, subscribe-job on connect, print every event as one line
// ("<event> <json>") until the job's complete or error update, then disconnect. Exit code 0 after complete.
import { io } from 'socket.io-client';

const [url, token, jobId] = process.argv.slice(2);
const socket = io(url, { auth: { token }, reconnection: false });
const line = (event, payload) => console.log(`${event} ${JSON.stringify(payload ?? null)}`);
const timer = setTimeout(() => { line('timeout', { after: '60s' }); process.exit(2); }, 60_000);

socket.on('connect_error', (err) => { line('connect_error', { message: err.message }); process.exit(3); });
socket.on('connect', () => socket.emit('subscribe-job', jobId, (ack) => line('subscribed', ack)));
socket.on('job-status', (status) => line('job-status', status));
socket.on('error', (error) => line('error', error));
socket.on('job-update', (update) => {
  line('job-update', update);
  if (update.type === 'complete' || update.type === 'error') {
    clearTimeout(timer);
    line('transport', { name: socket.io.engine.transport.name });
    socket.disconnect();
    process.exitCode = update.type === 'complete' ? 0 : 1;
  }
});
