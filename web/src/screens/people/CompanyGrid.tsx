import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, ok, type Schemas } from '../../api';
import { Link } from '../../router';
import { Field, SelectField } from '../../ui/field';
import { Empty, QueryView } from '../../ui/states';
import { useDebounced } from '../../ui/use-debounced';
import { MergePanel } from './MergePanel';

type Company = Schemas['Company'];

/** The companies grid: search as you type, status filter, paging and multi-select for merging. */
export function CompanyGrid({ query, setParam }: { query: URLSearchParams; setParam: (k: string, v: string | undefined) => void }) {
  const [text, setText] = useState(query.get('q') ?? '');
  const q = useDebounced(text.trim());
  const status = (query.get('status') ?? undefined) as Company['status'] | undefined;
  const [selected, setSelected] = useState<Company[]>([]);
  const [merging, setMerging] = useState(false);
  const filters = { q: q || undefined, status };
  const list = useInfiniteQuery({
    queryKey: ['companies', filters],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) => ok(await api().GET('/companies', { params: { query: { ...filters, cursor: pageParam, limit: 50 } } })),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const toggle = (c: Company) => setSelected((s) => s.some((x) => x.id === c.id) ? s.filter((x) => x.id !== c.id) : [...s, c]);
  return (
    <>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <Field label="Search companies" type="search" value={text} placeholder="Name or domain" onChange={(e) => { setText(e.target.value); setParam('q', e.target.value.trim() || undefined); }} />
        <SelectField label="Status" value={status ?? ''} onChange={(e) => setParam('status', e.target.value || undefined)}>
          <option value="">Any</option>
          <option value="active">active</option>
          <option value="archived">archived</option>
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
