import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import axe from 'axe-core';
import { chromium, type Browser, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { REPO_ROOT } from '../../../infra/local/local-stack.js';

/** What `npm start` wrote to session.json for the browser suite's stack. */
export interface ConsoleSession {
  readonly apiUrl: string;
  readonly consoleUrl: string;
  readonly token: string;
  readonly spaceId: string;
  readonly mailViewerUrl: string;
  /** DynamoDB Local and the table of the stack, for seeding what the API cannot create. */
  readonly dynamodbUrl: string;
  readonly tableName: string;
  /** The local OAuth2 provider (provider "local") of npm start. */
  readonly oauthLocalUrl: string;
  /** An ID token for a staff-role user of the demo Space, signed with the stack's key (the local IdP lists admins only). */
  readonly staffToken: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    console: ConsoleSession;
  }
}

export const consoleSession = (): ConsoleSession => inject('console');

/** Debian's chromium (`.ci/run` installs it); CHROMIUM_PATH points elsewhere. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const DESKTOP = { width: 1280, height: 860 } as const;
export const PHONE = { width: 390, height: 844 } as const;
/** Waits for UI changes; generous because the machine may be shared and the stack is real. */
export const UI_TIMEOUT_MS = 30_000;

export interface OpenBrowser {
  readonly browser: Browser;
  /** Console messages the page reported as errors, including any CSP refusal. */
  readonly errors: string[];
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

/** Launches headless Chromium (Playwright gives each launch a fresh temporary profile directory). */
export async function openBrowser(): Promise<OpenBrowser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync',
    ],
  });
  const errors: string[] = [];
  return {
    browser,
    errors,
    async newPage(viewport = DESKTOP) {
      const page = await browser.newPage({ viewport });
      page.setDefaultTimeout(UI_TIMEOUT_MS);
      page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
      page.on('pageerror', (e) => errors.push(e.message));
      return page;
    },
    async close() {
      await browser.close();
    },
  };
}

export interface AxeFinding { id: string; impact: string; help: string; nodes: string[] }

/**
 * Runs axe-core in the page (evaluated over the DevTools protocol, so the console's CSP stays on)
 * and returns its serious and critical violations.
 */
export async function seriousA11yViolations(page: Page): Promise<AxeFinding[]> {
  // A string is evaluated as a script by the protocol itself (an eval() inside the page would be refused).
  await page.evaluate(axe.source);
  const found = await page.evaluate(async () => {
    // Runs in the page: globalThis is its window (the tests' own lib has no DOM types).
    const page = globalThis as unknown as { axe: typeof axe; document: Parameters<typeof axe.run>[0] };
    const result = await page.axe.run(page.document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact ?? '', help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Writes a screenshot for the README to docs/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = join(REPO_ROOT, 'docs', 'screenshots');
  await mkdir(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: false });
}
