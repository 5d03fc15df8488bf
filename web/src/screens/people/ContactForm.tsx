import { useQuery } from '@tanstack/react-query';
import { api, ok, type Schemas } from '../../api';
import { Field, SelectField } from '../../ui/field';
import { FormActions } from '../../ui/form-actions';
import { ifMatch, listOf } from '../../ui/list-input';
import { Panel } from '../../ui/panel';
import { useRecordForm } from '../../ui/record-form';
import { ErrorState } from '../../ui/states';
import { OwnerField } from './OwnerField';

type Contact = Schemas['Contact'];

/** Create or edit a contact in a side panel; the API's field errors appear under their fields. */
export function ContactForm({ contact, admin, onClose, onSaved }: { contact?: Contact; admin: boolean; onClose: () => void; onSaved: (c: Contact) => void }) {
  const { form, set, save, errors, otherError, submit } = useRecordForm({
    name: contact?.name ?? '',
    emails: contact?.emails.join(', ') ?? '',
    phones: contact?.phones.join(', ') ?? '',
    status: contact?.status === 'archived' ? 'active' : contact?.status ?? 'active',
    tags: contact?.tags.join(', ') ?? '',
    companyId: contact?.companyId ?? '',
    notes: contact?.notes ?? '',
    ownerId: contact?.ownerId ?? '',
  }, async (form) => {
    const body = {
      name: form.name, emails: listOf(form.emails), phones: listOf(form.phones),
      status: form.status as 'active' | 'potential' | 'dormant', tags: listOf(form.tags),
      companyId: form.companyId || null, notes: form.notes || null,
      ...(admin ? { ownerId: form.ownerId || null } : {}),
    };
    return contact
      ? ok(await api().PATCH('/contacts/{id}', { params: { path: { id: contact.id }, header: { 'If-Match': ifMatch(contact.version) } }, body }))
      : ok(await api().POST('/contacts', { body }));
  }, onSaved);
  const companies = useQuery({
    queryKey: ['companies', 'picker'],
    queryFn: async () => ok(await api().GET('/companies', { params: { query: { status: 'active', limit: 100 } } })),
  });
  return (
    <Panel title={contact ? `Edit ${contact.name}` : 'New contact'} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <Field label="Name" required value={form.name} onChange={set('name')} error={errors.name} autoFocus />
        <Field label="Emails" value={form.emails} onChange={set('emails')} error={errors.emails} hint="The first is the primary address; separate with commas" />
        <Field label="Phones" value={form.phones} onChange={set('phones')} error={errors.phones} />
        <SelectField label="Status" value={form.status} onChange={set('status')} error={errors.status}>
          <option value="active">active</option><option value="potential">potential</option><option value="dormant">dormant</option>
        </SelectField>
        <Field label="Tags" value={form.tags} onChange={set('tags')} error={errors.tags} />
        <SelectField label="Company" value={form.companyId} onChange={set('companyId')} error={errors.companyId}>
          <option value="">None</option>
          {companies.data?.items.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
        </SelectField>
        <OwnerField admin={admin} value={form.ownerId} onChange={set('ownerId')} error={errors.ownerId} />
        <Field label="Notes" value={form.notes} onChange={set('notes')} error={errors.notes} />
        {otherError && <ErrorState error={otherError} />}
        <FormActions saving={save.isPending} onCancel={onClose} />
      </form>
    </Panel>
  );
}
