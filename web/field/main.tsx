// The field app for cadres and grid workers on phones (/field/): React only, no component
// library, so it loads on one bar of signal; a service worker keeps it opening with none.
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import './field.css';

createRoot(document.getElementById('root')!).render(<App />);

// Service workers need a secure context (https, or localhost). On plain http over a LAN the app
// still works — the outbox is IndexedDB — but it cannot open with no signal.
if ('serviceWorker' in navigator && window.isSecureContext) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/field/sw.js', { scope: '/field/' }).catch(() => { /* the app works without it */ });
  });
}
