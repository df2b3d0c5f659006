import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { loadLanguage, loadPrefs } from './i18n';
import './styles/base.css';

// The remembered language's shared words before the first render (one language per page).
loadLanguage(loadPrefs().lang)
  .catch(() => undefined) // the page shows its keys rather than nothing; a reload retries
  .then(() => {
    createRoot(document.getElementById('root')!).render(
      <StrictMode>
        <App />
      </StrictMode>,
    );
  });
