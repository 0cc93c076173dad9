import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';

// The client code of the original API document (its React hook and Vue component; the contract is
// docs/socket-io.md now), copied here as written there.
// The examples promise to run it unchanged except for the server URL (and, in Vue 3, the renamed
// beforeDestroy hook); these tests keep them honest.
const SEED_REACT_HOOK = `import { useEffect, useState } from 'react';
import io from 'socket.io-client';

function useJobUpdates(jobId, token) {
  const [jobStatus, setJobStatus] = useState(null);
  const [updates, setUpdates] = useState([]);
  
  useEffect(() => {
    if (!jobId || !token) return;
    
    const socket = io('http://localhost:3000', {
      auth: { token }
    });
    
    socket.on('connect', () => {
      console.log('Connected to WebSocket');
      socket.emit('subscribe-job', jobId);
    });
    
    socket.on('job-status', (status) => {
      setJobStatus(status);
    });
    
    socket.on('job-update', (update) => {
      setUpdates(prev => [...prev, update]);
      
      if (update.type === 'progress') {
        setJobStatus(prev => ({
          ...prev,
          progress: update.progress,
          processed_leads: update.processedLeads
        }));
      } else if (update.type === 'complete') {
        setJobStatus(prev => ({
          ...prev,
          status: 'completed',
          ...update.results
        }));
      }
    });
    
    socket.on('error', (error) => {
      console.error('Job error:', error);
    });
    
    return () => {
      socket.emit('unsubscribe-job', jobId);
      socket.disconnect();
    };
  }, [jobId, token]);
  
  return { jobStatus, updates };
}
`;

const SEED_VUE_COMPONENT = `export default {
  data() {
    return {
      socket: null,
      jobStatus: null,
      updates: []
    };
  },
  
  mounted() {
    this.connectWebSocket();
  },
  
  beforeDestroy() {
    if (this.socket) {
      this.socket.emit('unsubscribe-job', this.jobId);
      this.socket.disconnect();
    }
  },
  
  methods: {
    connectWebSocket() {
      this.socket = io('http://localhost:3000', {
        auth: {
          token: this.$store.state.auth.token
        }
      });
      
      this.socket.on('connect', () => {
        this.socket.emit('subscribe-job', this.jobId);
      });
      
      this.socket.on('job-status', (status) => {
        this.jobStatus = status;
      });
      
      this.socket.on('job-update', (update) => {
        this.updates.push(update);
        this.handleUpdate(update);
      });
    },
    
    handleUpdate(update) {
      switch (update.type) {
        case 'progress':
          this.jobStatus.progress = update.progress;
          this.jobStatus.processed_leads = update.processedLeads;
          break;
        case 'complete':
          this.jobStatus.status = 'completed';
          Object.assign(this.jobStatus, update.results);
          break;
        case 'error':
          this.jobStatus.status = 'failed';
          this.jobStatus.error_message = update.error;
          break;
      }
    }
  }
};
`;

const hookSource = fs.readFileSync(new URL('../src/useJobUpdates.js', import.meta.url), 'utf8');
const vueSource = fs.readFileSync(new URL('../../vue-dashboard/src/JobUpdates.vue', import.meta.url), 'utf8');

function between(text, start, end) {
  const from = text.indexOf(start);
  assert.notEqual(from, -1, `missing ${JSON.stringify(start)}`);
  const to = text.indexOf(end, from);
  assert.notEqual(to, -1, `missing ${JSON.stringify(end)} after ${JSON.stringify(start)}`);
  return text.slice(from, to + end.length);
}

test('src/useJobUpdates.js is the seed\'s hook with only the server URL changed', () => {
  const seedFunction = between(SEED_REACT_HOOK, 'function useJobUpdates', '\n}');
  const ours = between(hookSource, 'export function useJobUpdates', '\n}')
    .replace(/^export /, '')
    .replace('io(SERVER_URL, {', "io('http://localhost:3000', {");
  assert.equal(ours, seedFunction);
  assert.match(hookSource, /^import io from 'socket\.io-client';$/m);
});

test('the Vue component keeps the seed\'s mounted hook, teardown and methods (beforeDestroy renamed beforeUnmount)', () => {
  const script = between(vueSource, '<script>', '</script>').replace("io(SERVER_URL, {", "io('http://localhost:3000', {");
  const part = (text, start, end) => between(text, start, end);
  assert.equal(part(script, '  mounted() {', '\n  },'), part(SEED_VUE_COMPONENT, '  mounted() {', '\n  },'));
  assert.equal(
    part(script, '  beforeUnmount() {', '\n  },').replace('beforeUnmount', 'beforeDestroy'),
    part(SEED_VUE_COMPONENT, '  beforeDestroy() {', '\n  },'),
  );
  assert.equal(part(script, '  methods: {', '\n  }\n};'), part(SEED_VUE_COMPONENT, '  methods: {', '\n  }\n};'));
  for (const field of ['socket: null', 'jobStatus: null', 'updates: []']) assert.ok(script.includes(field), field);
});
