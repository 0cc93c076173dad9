// Where the leadjobs server lives. Served by the reference server, the page talks to its own origin;
// a build for another host sets VITE_LEADJOBS_URL (e.g. VITE_LEADJOBS_URL=https://jobs.example.com npm run build).
export const SERVER_URL = (import.meta.env.VITE_LEADJOBS_URL || window.location.origin).replace(/\/+$/, '');
