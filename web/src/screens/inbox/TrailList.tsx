import { useInfiniteQuery } from '@tanstack/react-query';
import type { operations } from '../../../../shared/client/api-types.js';
import { api, ok } from '../../api';
import { dateTime } from '../../ui/format';
import { Empty, QueryView } from '../../ui/states';

type TrailRow = operations['getThreadTrail']['responses'][200]['content']['application/json']['items'][number];

/** What happened to a thread, newest first (GET /threads/{id}/trail), loaded when staff open it. */
export function TrailList({ threadId }: { threadId: string }) {
  const trail = useInfiniteQuery({
    queryKey: ['thread-trail', threadId],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) => ok(await api().GET('/threads/{id}/trail', { params: { path: { id: threadId }, query: pageParam ? { cursor: pageParam } : {} } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  return (
    <QueryView query={trail} what="the trail">
      {(data) => {
        const rows = data.pages.flatMap((p) => p.items);
        if (rows.length === 0) return <Empty>Nothing recorded yet.</Empty>;
        return (
          <>
            <ol className="history trail" aria-label="Trail, newest first">
              {rows.map((row, i) => (
                <li key={`${row.at}-${row.event}-${i}`}>
                  <p><strong>{row.event}</strong> {row.userId ? `by ${row.userId}` : 'by Mailbridge'} · {dateTime(row.at)}</p>
                  {row.imap && <ImapPlace imap={row.imap} />}
                </li>
              ))}
            </ol>
            {trail.hasNextPage && <button type="button" onClick={() => void trail.fetchNextPage()}>Older rows</button>}
          </>
        );
      }}
    </QueryView>
  );
}

/** Where on the IMAP server: each folder with its UIDs and UIDVALIDITY, and the Trash a delete moved the mail to. */
function ImapPlace({ imap }: { imap: NonNullable<TrailRow['imap']> }) {
  return (
    <table className="changes" aria-label="On the IMAP server">
      <thead><tr><th scope="col">Folder</th><th scope="col">UID</th><th scope="col">UIDVALIDITY</th></tr></thead>
      <tbody>
        {imap.folders.map((f) => (
          <tr key={f.path}>
            <td>{f.path}</td>
            <td>{f.uids.join(', ')}{f.moreUids ? ` and ${f.moreUids} more` : ''}</td>
            <td>{f.uidValidity ?? '—'}</td>
          </tr>
        ))}
      </tbody>
      {imap.movedTo && <caption>Moved to {imap.movedTo}</caption>}
    </table>
  );
}
