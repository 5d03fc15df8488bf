import { useQuery } from '@tanstack/react-query';
import { api, ok } from '../../api';
import { Field, SelectField } from '../../ui/field';

/**
 * The owner of a contact or company: admins pick one of the Space's staff (`GET /staff`, which only
 * admins may read); staff see the owner's user id read-only and their saves leave the owner alone.
 */
export function OwnerField({ admin, value, onChange, error }: {
  admin: boolean; value: string; onChange: (e: { target: { value: string } }) => void; error?: string | undefined;
}) {
  const staff = useQuery({
    queryKey: ['staff', 'owners'], enabled: admin,
    queryFn: async () => ok(await api().GET('/staff', { params: { query: { limit: 100 } } })).items,
  });
  if (!admin) return <Field label="Owner" value={value || 'Nobody'} readOnly hint="Only an admin can change the owner" />;
  return (
    <SelectField label="Owner" value={value} onChange={onChange} error={error}>
      <option value="">Nobody</option>
      {/* The current owner stays listed while the staff list loads (or after they left the Space). */}
      {value && !staff.data?.some((s) => s.userId === value) && <option value={value}>{value}</option>}
      {(staff.data ?? []).map((s) => <option key={s.userId} value={s.userId}>{s.email ?? s.userId}</option>)}
    </SelectField>
  );
}
