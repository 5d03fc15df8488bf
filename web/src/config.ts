/** Where the console finds the API and the identity provider; served beside the app as config.json. */
export interface ConsoleConfig {
  readonly apiUrl: string;
  readonly oidc: {
    readonly authorizeUrl: string;
    readonly tokenUrl: string;
    /** Ends the provider's session; absent when the provider has none (the local one). */
    readonly logoutUrl?: string;
    readonly clientId: string;
    readonly scope: string;
  };
}

export async function loadConfig(): Promise<ConsoleConfig> {
  const res = await fetch(`${import.meta.env.BASE_URL}config.json`, { cache: 'no-store' });
  if (!res.ok) throw new Error(`config.json: HTTP ${res.status}`);
  return (await res.json()) as ConsoleConfig;
}
