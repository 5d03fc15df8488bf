import type { ScheduledEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createFunctionRuntime } from '../../../infra/local/function-runtime.js';
import { REPO_ROOT } from '../../../infra/local/local-stack.js';
import { startScheduler } from '../../../infra/local/scheduler.js';

describe('local scheduler', () => {
  it('invokes poll-mailboxes with an EventBridge Scheduled Event at start', async () => {
    const events: ScheduledEvent[] = [];
    const runtime = createFunctionRuntime(REPO_ROOT, { 'poll-mailboxes': (event: ScheduledEvent) => { events.push(event); } });

    const scheduler = startScheduler({ runtime, runAtStart: true });
    await scheduler.tick();
    await scheduler.stop();

    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ 'detail-type': 'Scheduled Event', source: 'aws.events', detail: {} });
    expect(events[0]?.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(events[0]?.id).not.toBe(events[1]?.id);
  });
});
