import { useInfiniteQuery } from '@tanstack/react-query';
import { api, ok } from '../../api';
import { dateTime } from '../../ui/format';
import { Empty, QueryView } from '../../ui/states';

/** Staff who have used this Space, with their role (users are managed in the identity provider). */
export function StaffSection() {
  const staff = useInfiniteQuery({
    queryKey: ['staff'],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) => ok(await api().GET('/staff', { params: { query: { cursor: pageParam } } })),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  return (
    <section aria-labelledby="staff-title">
      <h2 id="staff-title">Staff and roles</h2>
      <QueryView query={staff} what="staff">
        {(data) => {
          const rows = data.pages.flatMap((p) => p.items);
          if (rows.length === 0) return <Empty>Nobody has signed in yet.</Empty>;
          return (
            <table className="grid" aria-label="Staff">
              <thead><tr><th scope="col">User</th><th scope="col">Role</th><th scope="col">Last seen</th></tr></thead>
              <tbody>{rows.map((s) => <tr key={s.userId}><td>{s.email ?? s.userId}</td><td>{s.role}</td><td>{dateTime(s.lastSeenAt)}</td></tr>)}</tbody>
            </table>
          );
        }}
      </QueryView>
      <p>Staff accounts and roles are managed in the identity provider (Cognito in AWS).</p>
    </section>
  );
}
