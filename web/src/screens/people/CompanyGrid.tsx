import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { operations } from '../../../../shared/client/api-types.js';
import { api, ok, type Schemas } from '../../api';
import { Link } from '../../router';
import { Field, SelectField } from '../../ui/field';
import { Empty, QueryView } from '../../ui/states';
import { useDebounced } from '../../ui/use-debounced';
import { MergePanel } from './MergePanel';

type Company = Schemas['Company'];

type CompanyQuery = NonNullable<operations['listCompanies']['parameters']['query']>;
type ListQuery = Omit<CompanyQuery, 'cursor' | 'limit'>;
/** The customer views the API keeps an index for: each maps to its list filters. */
const VIEWS: Record<string, { label: string; query: Record<string, string> }> = {
  key_accounts: { label: 'Key accounts', query: { tier: 'key_account' } },
  active: { label: 'Active (has paid)', query: { segment: 'active' } },
  potential: { label: 'Potential', query: { segment: 'potential' } },
  new: { label: 'New this month', query: { createdSince: 'this_month' } },
};

/**
 * The companies grid: search as you type and status, or the customer views (key accounts, active,
 * potential, new this month, tag, dormant), which list by last activity; paging and multi-select for merging.
 */
export function CompanyGrid({ query, setParam }: { query: URLSearchParams; setParam: (k: string, v: string | undefined) => void }) {
  const [text, setText] = useState(query.get('q') ?? '');
  const q = useDebounced(text.trim());
  const status = (query.get('status') ?? undefined) as Company['status'] | undefined;
  const [selected, setSelected] = useState<Company[]>([]);
  const [merging, setMerging] = useState(false);
  const view = VIEWS[query.get('view') ?? '']?.query ?? {};
  const tag = query.get('tag') ?? '';
  const dormant = query.get('dormant') ?? '';
  const viewing = Object.keys(view).length > 0 || !!tag || !!dormant;
  // The views read their own index, which does not combine with the name search or the archived list.
  const filters: ListQuery = viewing
    ? { ...view, ...(tag ? { tag } : {}), ...(dormant ? { dormantDays: Number(dormant) } : {}) }
    : { q: q || undefined, status };
  const list = useInfiniteQuery({
    queryKey: ['companies', filters],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) => ok(await api().GET('/companies', { params: { query: { ...filters, cursor: pageParam, limit: 50 } as CompanyQuery } })),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const toggle = (c: Company) => setSelected((s) => s.some((x) => x.id === c.id) ? s.filter((x) => x.id !== c.id) : [...s, c]);
  return (
    <>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <Field label="Search companies" type="search" value={text} placeholder="Name or domain" disabled={viewing}
          hint={viewing ? 'Clear the view to search by name' : undefined}
          onChange={(e) => { setText(e.target.value); setParam('q', e.target.value.trim() || undefined); }} />
        <SelectField label="Status" value={status ?? ''} disabled={viewing} onChange={(e) => setParam('status', e.target.value || undefined)}>
          <option value="">Any</option>
          <option value="active">active</option>
          <option value="archived">archived</option>
        </SelectField>
        <SelectField label="View" value={query.get('view') ?? ''} onChange={(e) => setParam('view', e.target.value || undefined)}>
          <option value="">All companies</option>
          {Object.entries(VIEWS).map(([key, v]) => <option key={key} value={key}>{v.label}</option>)}
        </SelectField>
        <Field label="Tag" value={tag} placeholder="e.g. vip" onChange={(e) => setParam('tag', e.target.value.trim() || undefined)} />
        <SelectField label="Dormant" value={dormant} onChange={(e) => setParam('dormant', e.target.value || undefined)}>
          <option value="">Any activity</option>
          {[30, 60, 90, 180].map((d) => <option key={d} value={d}>No activity for {d} days</option>)}
        </SelectField>
      </form>
      {selected.length >= 2 && (
        <div className="selection" role="region" aria-label="Selection">
          {selected.length} selected
          <button type="button" onClick={() => setMerging(true)}>Merge…</button>
          <button type="button" onClick={() => setSelected([])}>Clear</button>
        </div>
      )}
      <QueryView query={list} what="companies">
        {(data) => {
          const rows = data.pages.flatMap((p) => p.items);
          if (rows.length === 0) return <Empty>No companies match.</Empty>;
          return (
            <>
              <table className="grid" aria-label="Companies">
                <thead><tr><th scope="col"><span className="sr-only">Select</span></th><th scope="col">Name</th><th scope="col">Domains</th><th scope="col">Tier</th><th scope="col" className="wide-only">Status</th></tr></thead>
                <tbody>
                  {rows.map((c) => (
                    <tr key={c.id}>
                      <td><input type="checkbox" aria-label={`Select ${c.name}`} checked={selected.some((s) => s.id === c.id)} onChange={() => toggle(c)} /></td>
                      <td><Link to={`/companies/${c.id}`}>{c.name}</Link></td>
                      <td>{c.domains.join(', ') || '—'}</td>
                      <td>{c.tier.replace('_', ' ')}</td>
                      <td className="wide-only"><span className={`badge ${c.status}`}>{c.status}</span></td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {list.hasNextPage && <button type="button" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>Load more</button>}
            </>
          );
        }}
      </QueryView>
      {merging && <MergePanel kind="company" records={selected} onClose={() => setMerging(false)} onMerged={() => { setMerging(false); setSelected([]); }} />}
    </>
  );
}
