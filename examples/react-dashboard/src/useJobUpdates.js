// The React hook from the API document (the original API document's "React Hook Example"; docs/socket-io.md),
// kept exactly as written there. The only change: the server URL comes from ./config.js instead of
// the literal 'http://localhost:3000', so the same build works wherever the server is.
import { useEffect, useState } from 'react';
import io from 'socket.io-client';
import { SERVER_URL } from './config.js';

export function useJobUpdates(jobId, token) {
  const [jobStatus, setJobStatus] = useState(null);
  const [updates, setUpdates] = useState([]);
  
  useEffect(() => {
    if (!jobId || !token) return;
    
    const socket = io(SERVER_URL, {
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

export default useJobUpdates;
