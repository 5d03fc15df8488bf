import type { LocalStack } from '../local-stack.js';
import { demoCatalogSeeder } from './catalog.js';
import { demoMailboxSeeder } from './mailbox.js';

/** The Spaces `npm start` prepares, with a long-lived admin token each. */
export const DEMO_SPACE_ID = 'demo';
export const OTHER_SPACE_ID = 'other';

export interface SeedContext {
  readonly stack: LocalStack;
  /** Admin tokens keyed by Space id: seeders may call the API through `stack.apiUrl`. */
  readonly tokens: Readonly<Record<string, string>>;
  readonly log: (message: string, fields?: Record<string, unknown>) => void;
}

/** One seeding step; each must be idempotent (it runs on every start, data persists). */
export type Seeder = (ctx: SeedContext) => Promise<void>;

/**
 * Steps that fill the demo Space: contacts, products, the demo mailbox. Add yours here; each runs
 * after the stack is up, and a failure is logged without stopping the others.
 */
export const SEEDERS: readonly { readonly name: string; readonly run: Seeder }[] = [
  { name: 'demo catalog', run: (ctx) => demoCatalogSeeder(ctx) },
  { name: 'demo mailbox (contacts, companies, IMAP connection, first sync)', run: (ctx) => demoMailboxSeeder(ctx) },
];

/** Runs every seeder in order; errors are logged, never fatal. */
export async function seedDemo(ctx: SeedContext): Promise<void> {
  for (const seeder of SEEDERS) {
    try {
      await seeder.run(ctx);
    } catch (err) {
      ctx.log(`demo seed step failed: ${seeder.name}`, { error: err instanceof Error ? err.message : String(err) });
    }
  }
}
