import { useInfiniteQuery } from '@tanstack/react-query';
import { api, ok } from '../../api';
import { dateTime } from '../../ui/format';
import { Panel } from '../../ui/panel';
import { Empty, QueryView } from '../../ui/states';

const show = (v: unknown): string => (v === undefined || v === null ? '—' : Array.isArray(v) ? v.join(', ') : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** Who changed what and when, field by field (GET /audit). */
export function HistoryPanel({ entity, id, onClose }: { entity: 'contact' | 'company' | 'order' | 'product'; id: string; onClose: () => void }) {
  const audit = useInfiniteQuery({
    queryKey: ['audit', entity, id],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) => ok(await api().GET('/audit', { params: { query: { entity, id, cursor: pageParam } } })),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  return (
    <Panel title="Change history" onClose={onClose}>
      <QueryView query={audit} what="history">
        {(data) => {
          const rows = data.pages.flatMap((p) => p.items);
          if (rows.length === 0) return <Empty>No changes recorded.</Empty>;
          return (
            <ol className="history">
              {rows.map((row) => (
                <li key={row.id}>
                  <p><strong>{row.action}</strong> by {row.userId} · {dateTime(row.at)}</p>
                  {row.changes && (
                    <table className="changes" aria-label={`Changes of ${row.action}`}>
                      <thead><tr><th scope="col">Field</th><th scope="col">Before</th><th scope="col">After</th></tr></thead>
                      <tbody>
                        {Object.entries(row.changes).map(([field, c]) => (
                          <tr key={field}><th scope="row">{field}</th><td>{show(c.old)}</td><td>{show(c.new)}</td></tr>
                        ))}
                      </tbody>
                    </table>
                  )}
                </li>
              ))}
            </ol>
          );
        }}
      </QueryView>
      {audit.hasNextPage && <button type="button" onClick={() => void audit.fetchNextPage()}>Older changes</button>}
    </Panel>
  );
}
