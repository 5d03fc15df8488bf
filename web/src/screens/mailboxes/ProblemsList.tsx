import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ok } from '../../api';
import { dateTime } from '../../ui/format';
import { ErrorState, QueryView } from '../../ui/states';

/** Mail that was not imported in full, with a retry for each. */
export function ProblemsList({ mailboxId }: { mailboxId: string }) {
  const queries = useQueryClient();
  const problems = useQuery({
    queryKey: ['mailbox-problems', mailboxId],
    queryFn: async () => ok(await api().GET('/mailboxes/{id}/problems', { params: { path: { id: mailboxId } } })),
  });
  const retry = useMutation({
    mutationFn: async (problemId: string) => ok(await api().POST('/mailboxes/{id}/problems/{problemId}/retry', { params: { path: { id: mailboxId, problemId } } })),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['mailbox-problems', mailboxId] }),
  });
  return (
    <details>
      <summary>Mail not imported in full</summary>
      <QueryView query={problems} what="problems">
        {(data) => (
          <ul className="problems">
            {data.items.map((p) => (
              <li key={p.id}>
                <strong>{p.subject ?? `UID ${p.uid ?? '?'}`}</strong> · {p.kind.replace('_', ' ')}: {p.reason} · seen {dateTime(p.lastSeenAt)}
                {p.retryRequestedAt ? <span> · retry asked {dateTime(p.retryRequestedAt)}</span>
                  : <button type="button" onClick={() => retry.mutate(p.id)}>Retry</button>}
              </li>
            ))}
          </ul>
        )}
      </QueryView>
      {retry.error && <ErrorState error={retry.error} />}
    </details>
  );
}
