import type { TodoSource } from '../domain/activities/ports.js';
import type { TodoDeps } from '../domain/activities/todo-use-cases.js';
import type { InboxThread } from '../domain/inbox/inbox-thread.js';
import type { Viewer } from '../domain/rules/mail-privacy.js';
import { once } from '../config/config.js';
import { defaultTable } from '../store/dynamo.js';
import { loadMailVisibility } from '../store/mail-visibility.js';
import { createTodoListStore } from '../store/todo-list-store.js';
import { visibleMessage, visibleThread } from './visible-mail.js';
import { activityDeps } from './workspace-deps.js';

type Caller = Viewer & { readonly spaceId: string };

/** A staff user who owns nothing and is assigned nothing: what any colleague sees at least. */
const ANY_STAFF: Viewer = { userId: '', role: 'staff' };

/** Whether every staff user may read the thread's subject (a to-do's title shows on timelines and lists). */
async function subjectIsPublic(spaceId: string, thread: InboxThread): Promise<boolean> {
  const level = (await loadMailVisibility(defaultTable(), spaceId, ANY_STAFF)).of(thread);
  return level === 'everything' || level === 'subject';
}

/** The thread or message a to-do is made from, read through the caller's visibility. @throws NotFoundError */
async function todoSource(auth: Caller, ref: { threadId: string } | { messageId: string }): Promise<TodoSource> {
  if ('threadId' in ref) {
    const { thread } = await visibleThread(auth, ref.threadId);
    const subject = await subjectIsPublic(auth.spaceId, thread) ? thread.subject : undefined;
    return { threadId: thread.id, contactIds: thread.contactIds, companyIds: thread.companyIds, ...(subject ? { subject } : {}) };
  }
  const { message } = await visibleMessage(auth, ref.messageId);
  const { thread } = await visibleThread(auth, message.threadId);
  const subject = await subjectIsPublic(auth.spaceId, thread) ? message.subject : undefined;
  return { threadId: thread.id, messageId: message.id, contactIds: message.contactIds, companyIds: message.companyIds, ...(subject ? { subject } : {}) };
}

/** To-dos and appointments for one request: the activity store, and the caller's view of the mail they come from. */
export const todoDeps = (auth: Caller): TodoDeps => ({ ...activityDeps(), source: (ref) => todoSource(auth, ref) });

export const todoLists = once(() => createTodoListStore(defaultTable()));
