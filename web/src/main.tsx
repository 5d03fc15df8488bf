import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { configureApi } from './api';
import { App } from './App';
import { currentSession, completeSignIn, signIn } from './auth/session';
import { loadConfig } from './config';
import { navigate } from './router';
import './styles.css';

const root = createRoot(document.getElementById('root')!);

async function boot(): Promise<void> {
  const config = await loadConfig();
  const returnTo = await completeSignIn(config);
  if (returnTo !== undefined) navigate(returnTo, { replace: true });
  const session = currentSession();
  if (session === undefined) return void (await signIn(config));
  configureApi(config.apiUrl, session.token, () => void signIn(config));
  const queries = new QueryClient({
    defaultOptions: { queries: { retry: (count, err) => count < 2 && !(err as { status?: number }).status, staleTime: 10_000 } },
  });
  root.render(
    <StrictMode>
      <QueryClientProvider client={queries}>
        <App session={session} config={config} />
      </QueryClientProvider>
    </StrictMode>,
  );
}

boot().catch((err: unknown) => {
  root.render(
    <main className="boot-error" role="alert">
      <h1>Mailbridge could not start</h1>
      <p>{err instanceof Error ? err.message : String(err)}</p>
      <p><a href={import.meta.env.BASE_URL}>Start again</a></p>
    </main>,
  );
});
