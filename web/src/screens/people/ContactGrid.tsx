import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, ok, type Schemas } from '../../api';
import { Link } from '../../router';
import { Field, SelectField } from '../../ui/field';
import { dateTime } from '../../ui/format';
import { Empty, QueryView } from '../../ui/states';
import { useDebounced } from '../../ui/use-debounced';
import { MergePanel } from './MergePanel';

type Contact = Schemas['Contact'];
type Status = NonNullable<Contact['status']>;
type Role = Contact['roles'][number];

/** Contact views only the API's view index answers (not with a name search or one company). */
const VIEWS: Record<string, { label: string; query: { tier?: 'key_account'; segment?: 'active' | 'potential' } }> = {
  key_accounts: { label: 'Contacts of key accounts', query: { tier: 'key_account' } },
  active: { label: 'Active (has paid)', query: { segment: 'active' } },
  potential: { label: 'Potential (not paid yet)', query: { segment: 'potential' } },
};
const ROLES: Role[] = ['decision_maker', 'influencer', 'technical', 'procurement'];

/** The contacts grid with search as you type, filters, paging and multi-select for merging. */
export function ContactGrid({ query, setParam }: { query: URLSearchParams; setParam: (k: string, v: string | undefined) => void }) {
  const [text, setText] = useState(query.get('q') ?? '');
  const q = useDebounced(text.trim());
  const status = (query.get('status') ?? undefined) as Status | undefined;
  const tag = query.get('tag') ?? undefined;
  const dormantDays = query.get('dormant') ? Number(query.get('dormant')) : undefined;
  const newThisMonth = query.get('new') === '1';
  const view = VIEWS[query.get('view') ?? '']?.query ?? {};
  const role = (query.get('role') ?? undefined) as Role | undefined;
  const ownerId = query.get('owner') ?? undefined;
  // Kept untrimmed in the URL so a level of two words can be typed; the API compares it trimmed, any case.
  const levelText = query.get('level') ?? '';
  const level = levelText.trim() || undefined;
  // View-only filters read the view index, which a name search or one company's list cannot narrow.
  const viewing = Object.keys(view).length > 0 || !!role || !!level || !!ownerId;
  const companyId = viewing ? undefined : query.get('companyId') ?? undefined;
  const [selected, setSelected] = useState<Contact[]>([]);
  const [merging, setMerging] = useState(false);
  const staff = useQuery({ queryKey: ['staff', 'owners'], queryFn: async () => ok(await api().GET('/staff', { params: { query: { limit: 100 } } })).items });
  const staffName = (id: string | undefined) => (id ? staff.data?.find((s) => s.userId === id)?.email ?? id : '—');
  const filters = {
    q: viewing ? undefined : q || undefined, status, tag, dormantDays, createdSince: newThisMonth ? 'this_month' : undefined, companyId, ...view, role, level, ownerId,
  };
  const list = useInfiniteQuery({
    queryKey: ['contacts', filters],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) => ok(await api().GET('/contacts', { params: { query: { ...filters, cursor: pageParam, limit: 50 } } })),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const toggle = (c: Contact) => setSelected((s) => s.some((x) => x.id === c.id) ? s.filter((x) => x.id !== c.id) : [...s, c]);
  return (
    <>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <Field label="Search contacts" type="search" value={text} placeholder="Name, email, company or tag" disabled={viewing}
          hint={viewing ? 'Clear the view, role, level and owner to search by name' : undefined} onChange={(e) => { setText(e.target.value); setParam('q', e.target.value.trim() || undefined); }} />
        <SelectField label="Status" value={status ?? ''} onChange={(e) => setParam('status', e.target.value || undefined)}>
          <option value="">Any</option>
          {(['active', 'potential', 'dormant', 'archived'] as const).map((s) => <option key={s} value={s}>{s}</option>)}
        </SelectField>
        <Field label="Tag" value={tag ?? ''} onChange={(e) => setParam('tag', e.target.value.trim().toLowerCase() || undefined)} />
        <SelectField label="No mail for" value={dormantDays ?? ''} onChange={(e) => setParam('dormant', e.target.value || undefined)}>
          <option value="">Any time</option>
          {[30, 90, 180, 365].map((d) => <option key={d} value={d}>{d} days</option>)}
        </SelectField>
        <SelectField label="View" value={query.get('view') ?? ''} onChange={(e) => setParam('view', e.target.value || undefined)}>
          <option value="">All contacts</option>
          {Object.entries(VIEWS).map(([key, v]) => <option key={key} value={key}>{v.label}</option>)}
        </SelectField>
        <SelectField label="Role" value={role ?? ''} onChange={(e) => setParam('role', e.target.value || undefined)}>
          <option value="">Any role</option>
          {ROLES.map((r) => <option key={r} value={r}>{r.replace('_', ' ')}</option>)}
        </SelectField>
        <Field label="Level" value={levelText} placeholder="e.g. senior" onChange={(e) => setParam('level', e.target.value || undefined)} />
        <SelectField label="Owner" value={ownerId ?? ''} onChange={(e) => setParam('owner', e.target.value || undefined)}>
          <option value="">Anyone</option>
          {(staff.data ?? []).map((s) => <option key={s.userId} value={s.userId}>{s.email ?? s.userId}</option>)}
        </SelectField>
        {companyId && <button type="button" onClick={() => setParam('companyId', undefined)}>One company only ×</button>}
        <label className="check"><input type="checkbox" checked={newThisMonth} onChange={(e) => setParam('new', e.target.checked ? '1' : undefined)} /> New this month</label>
      </form>
      {selected.length >= 2 && (
        <div className="selection" role="region" aria-label="Selection">
          {selected.length} selected
          <button type="button" onClick={() => setMerging(true)}>Merge…</button>
          <button type="button" onClick={() => setSelected([])}>Clear</button>
        </div>
      )}
      <QueryView query={list} what="contacts">
        {(data) => {
          const rows = data.pages.flatMap((p) => p.items);
          if (rows.length === 0) return <Empty>No contacts match. Clear a filter or create one.</Empty>;
          return (
            <>
              <table className="grid" aria-label="Contacts">
                <thead><tr><th scope="col"><span className="sr-only">Select</span></th><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Status</th><th scope="col" className="wide-only">Tags</th><th scope="col" className="wide-only">Owner</th><th scope="col" className="wide-only">Last mail</th></tr></thead>
                <tbody>
                  {rows.map((c) => (
                    <tr key={c.id}>
                      <td><input type="checkbox" aria-label={`Select ${c.name}`} checked={selected.some((s) => s.id === c.id)} onChange={() => toggle(c)} /></td>
                      <td><Link to={`/contacts/${c.id}`}>{c.name}</Link></td>
                      <td>{c.primaryEmail ?? '—'}</td>
                      <td><span className={`badge ${c.status}`}>{c.status}</span></td>
                      <td className="wide-only">{c.tags.join(', ')}</td>
                      <td className="wide-only">{staffName(c.ownerId)}</td>
                      <td className="wide-only">{dateTime(c.lastActivityAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {list.hasNextPage && <button type="button" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>Load more</button>}
            </>
          );
        }}
      </QueryView>
      {merging && <MergePanel kind="contact" records={selected} onClose={() => setMerging(false)} onMerged={() => { setMerging(false); setSelected([]); }} />}
    </>
  );
}
