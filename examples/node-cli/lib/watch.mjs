// Follows one job over Socket.IO until it ends, as the API document describes: auth: { token },
// subscribe-job on every connect (with lastSeq after a reconnect, see additions.md), job-status,
// job-update and error events.
import { io } from 'socket.io-client';
import { initialState, applyStatus, applyUpdate, isTerminal } from './progress.mjs';

// After a status update to these, the server sends one more update of this type.
const FOLLOW_UPS = Object.freeze({ completed: 'complete', failed: 'error' });

export class WatchError extends Error {
  constructor(message) {
    super(message);
    this.name = 'WatchError';
  }
}

/**
 * @returns {Promise<{ outcome: 'ended' | 'interrupted', state: object }>} 'ended' once the job reaches a
 *   terminal status, 'interrupted' when `signal` aborts; rejects with WatchError when the server refuses.
 */
export function watchJob({
  url,
  token,
  jobId,
  totalLeads = 0,
  signal,
  onChange = () => {},
  onLog = () => {},
  onNotice = () => {},
  reconnectionAttempts = 5,
  reconnectionDelay = 1000,
  unsubscribeWaitMs = 1000,
  followUpWaitMs = 2000,
}) {
  return new Promise((resolve, reject) => {
    let state = initialState(jobId, totalLeads);
    let settled = false;
    let sawStatus = false;
    const socket = io(url, { auth: { token }, forceNew: true, reconnectionAttempts, reconnectionDelay });

    let followUpTimer = null;
    const finish = (settle) => {
      if (settled) return;
      settled = true;
      clearTimeout(followUpTimer);
      if (signal) signal.removeEventListener('abort', onAbort);
      socket.disconnect();
      settle();
    };
    const fail = (message) => finish(() => reject(new WatchError(message)));
    const end = () => finish(() => resolve({ outcome: 'ended', state }));
    const endIfTerminal = (update) => {
      if (!isTerminal(state.status)) return;
      const followUp = FOLLOW_UPS[state.status];
      if (update && followUp && update.type !== followUp) {
        // The server follows a completed/failed status (and its closing log line) with the complete/error
        // update (final counts, error text); wait a little for it rather than end without.
        if (!followUpTimer) followUpTimer = setTimeout(end, followUpWaitMs);
        return;
      }
      end();
    };
    function onAbort() {
      const stop = () => finish(() => resolve({ outcome: 'interrupted', state }));
      if (!socket.connected) return stop();
      // Wait (briefly) for the acknowledgement: a server may drop an event that arrives together with the
      // disconnect, and the unsubscribe should reach it.
      return socket.timeout(unsubscribeWaitMs).emit('unsubscribe-job', jobId, stop);
    }

    if (signal) {
      if (signal.aborted) {
        onAbort();
        return;
      }
      signal.addEventListener('abort', onAbort);
    }

    socket.on('connect', () => {
      const subscription = state.lastSeq > 0 ? { jobId, lastSeq: state.lastSeq } : jobId;
      socket.emit('subscribe-job', subscription, (ack) => {
        if (ack && typeof ack.error === 'string') fail(`the server refused the subscription: ${ack.error}`);
      });
    });

    socket.on('job-status', (snapshot) => {
      if (!snapshot || (snapshot.jobId && snapshot.jobId !== jobId)) return;
      if (!sawStatus && Array.isArray(snapshot.recentLogs)) snapshot.recentLogs.forEach((log) => onLog(log));
      sawStatus = true;
      state = applyStatus(state, snapshot);
      onChange(state);
      endIfTerminal();
    });

    socket.on('job-update', (update) => {
      if (!update || (update.jobId && update.jobId !== jobId)) return;
      // A replay after a reconnect may overlap what already arrived.
      if (typeof update.seq === 'number' && update.seq <= state.lastSeq) return;
      state = applyUpdate(state, update);
      if (update.type === 'log' && update.log) onLog(update.log);
      onChange(state);
      endIfTerminal(update);
    });

    socket.on('error', (error) => {
      const message = error && error.message ? error.message : JSON.stringify(error);
      fail(`the server refused: ${message}`);
    });

    socket.on('connect_error', (error) => {
      if (!socket.active) {
        // Refused during the handshake (e.g. "Authentication failed: token expired"): retrying cannot help.
        fail(error.message);
      } else {
        onNotice(`cannot connect to ${url} (${error.message}); retrying`);
      }
    });

    socket.io.on('reconnect_failed', () => {
      fail(`gave up connecting to ${url} after ${reconnectionAttempts} attempts`);
    });

    socket.on('disconnect', (reason) => {
      if (settled) return;
      if (reason === 'io server disconnect') {
        fail('the server closed the connection');
      } else {
        onNotice(`connection lost (${reason}); reconnecting`);
      }
    });
  });
}
