import { describe, expect, it } from 'vitest';
import { mailVisibility as visibilityUnder, privateScopeSchema, redactMailView, redactThreadText, type MailFacts, type PrivateScope } from '../../../../shared/domain/rules/mail-privacy.js';

const staff = { userId: 'staff-1', role: 'staff' as const };
const admin = { userId: 'admin-1', role: 'admin' as const };
const mailVisibility = (privacy: PrivateScope[], viewer: typeof staff | typeof admin, facts: MailFacts) => visibilityUnder({ privacy, blocklist: [] }, viewer, facts);
const aThread = (over: Partial<MailFacts> = {}): MailFacts => ({ participants: ['jane@northwind.example'], mailboxIds: ['mb-1'], contactIds: ['c-1'], companyIds: ['co-1'], ...over });
const scope = (over: Partial<PrivateScope>): PrivateScope => privateScopeSchema.parse({ scope: 'mailbox', id: 'mb-1', ...over });

describe('mailVisibility', () => {
  it('shows everything when no private scope, rule or restriction applies', () => {
    expect(mailVisibility([scope({ id: 'mb-other' })], staff, aThread())).toBe('everything');
  });

  it('gives non-owners the level of a private mailbox, contact or company', () => {
    expect(mailVisibility([scope({ level: 'subject' })], staff, aThread())).toBe('subject');
    expect(mailVisibility([scope({ scope: 'contact', id: 'c-1' })], staff, aThread())).toBe('metadata');
    expect(mailVisibility([scope({ scope: 'company', id: 'co-1', level: 'subject' })], staff, aThread())).toBe('subject');
  });

  it('takes the strictest of every scope that applies', () => {
    const scopes = [scope({ level: 'subject' }), scope({ scope: 'contact', id: 'c-1', level: 'metadata' })];

    expect(mailVisibility(scopes, staff, aThread())).toBe('metadata');
  });

  it('shows everything to admins, the assignee and the owners of every scope that applies', () => {
    const scopes = [scope({ ownerIds: ['staff-1'] }), scope({ scope: 'contact', id: 'c-1', level: 'subject', ownerIds: ['staff-2'] })];

    expect(mailVisibility(scopes, admin, aThread())).toBe('everything');
    expect(mailVisibility(scopes, staff, aThread({ assigneeId: 'staff-1' }))).toBe('everything');
    expect(mailVisibility(scopes, staff, aThread())).toBe('subject');
    expect(mailVisibility(scopes, { userId: 'staff-2', role: 'staff' }, aThread())).toBe('metadata');
  });

  it('applies a private rule level to everyone but admins, the assignee and the owners of the mailbox', () => {
    expect(mailVisibility([], staff, aThread({ privacy: 'subject' }))).toBe('subject');
    expect(mailVisibility([scope({ level: 'everything', ownerIds: ['staff-1'] })], staff, aThread({ privacy: 'metadata' }))).toBe('everything');
    expect(mailVisibility([scope({ level: 'everything', ownerIds: ['staff-9'] })], staff, aThread({ privacy: 'metadata' }))).toBe('metadata');
  });

  it('hides a thread with a blocklisted participant from everyone, admins too, and shows it again without the entry', () => {
    const thread = aThread({ participants: ['jane@northwind.example', 'Promo@Spam.example'] });

    expect(visibilityUnder({ privacy: [], blocklist: ['@spam.example'] }, admin, thread)).toBe('none');
    expect(visibilityUnder({ privacy: [], blocklist: ['promo@spam.example'] }, staff, thread)).toBe('none');
    expect(visibilityUnder({ privacy: [], blocklist: ['@pam.example', '@notspam.example'] }, staff, thread)).toBe('everything');
    expect(visibilityUnder({ privacy: [], blocklist: [] }, admin, thread)).toBe('everything');
  });

  it('hides a restricted thread entirely from everyone but admins and the assignee', () => {
    expect(mailVisibility([], staff, aThread({ restricted: true }))).toBe('none');
    expect(mailVisibility([], staff, aThread({ restricted: true, assigneeId: 'staff-1' }))).toBe('everything');
    expect(mailVisibility([], admin, aThread({ restricted: true }))).toBe('everything');
  });
});

describe('redactMailView', () => {
  const view = {
    subject: 'Salary review', snippet: 'Your raise', text: 'Your raise is 5 %', html: '<p>Your raise</p>', attachments: [{ index: 0 }], attachmentCount: 1,
    sender: { address: 'pat@hr.example' }, messages: [{ subject: 'Salary review', snippet: 'Your raise', attachmentCount: 1 }],
  };

  it('blanks subject, snippet, body and attachments at metadata level, keeping who and when', () => {
    expect(redactMailView(view, 'metadata')).toEqual({
      subject: '', snippet: '', text: '', html: null, attachments: [], attachmentCount: 0, sender: { address: 'pat@hr.example' },
      messages: [{ subject: '', snippet: '', attachmentCount: 0, privacy: 'metadata' }], privacy: 'metadata',
    });
  });

  it('keeps the subject at subject level and changes nothing at everything', () => {
    expect(redactMailView(view, 'subject')).toMatchObject({ subject: 'Salary review', snippet: '', text: '', privacy: 'subject' });
    expect(redactMailView(view, 'everything')).toBe(view);
  });

  it('blanks the searchable text of a thread as the level says', () => {
    const thread = { subject: 'Salary review', lastSnippet: 'Your raise' };

    expect(redactThreadText(thread, 'metadata')).toEqual({ subject: '', lastSnippet: '' });
    expect(redactThreadText(thread, 'subject')).toEqual({ subject: 'Salary review', lastSnippet: '' });
    expect(redactThreadText({ ...thread, openingWords: ['raise'] }, 'subject')).toEqual({ subject: 'Salary review', lastSnippet: '', openingWords: [] });
  });
});
