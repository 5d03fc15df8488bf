import { consoleSession } from './console.js';

/** Waits until the demo sync has filed a thread with this subject (the stack syncs the demo mailbox as it starts) and answers its id. */
export async function syncedThread(subject: string): Promise<string> {
  const { apiUrl, token } = consoleSession();
  for (let tries = 0; tries < 60; tries++) {
    const res = await fetch(`${apiUrl}/inbox?limit=100`, { headers: { authorization: `Bearer ${token}` } });
    const found = ((await res.json()) as { items: { id: string; subject: string }[] }).items.find((t) => t.subject === subject);
    if (found) return found.id;
    await new Promise((r) => setTimeout(r, 1_000));
  }
  throw new Error(`the demo thread "${subject}" was never synced`);
}
