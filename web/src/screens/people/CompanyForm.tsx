import { api, ok, type Schemas } from '../../api';
import { Field, SelectField } from '../../ui/field';
import { FormActions } from '../../ui/form-actions';
import { ifMatch, listOf } from '../../ui/list-input';
import { Panel } from '../../ui/panel';
import { useRecordForm } from '../../ui/record-form';
import { ErrorState } from '../../ui/states';
import { OwnerField } from './OwnerField';

type Company = Schemas['Company'];

/** Create or edit a company in a side panel; the API's field errors appear under their fields. */
export function CompanyForm({ company, admin, onClose, onSaved }: { company?: Company; admin: boolean; onClose: () => void; onSaved: (c: Company) => void }) {
  const { form, set, save, errors, otherError, submit } = useRecordForm({
    name: company?.name ?? '', domains: company?.domains.join(', ') ?? '', website: company?.website ?? '',
    tier: company?.tier ?? 'normal', tags: company?.tags.join(', ') ?? '', ownerId: company?.ownerId ?? '',
  }, async (form) => {
    const body = {
      name: form.name, domains: listOf(form.domains), website: form.website || null,
      tier: form.tier as Company['tier'], tags: listOf(form.tags),
      ...(admin ? { ownerId: form.ownerId || null } : {}),
    };
    return company
      ? ok(await api().PATCH('/companies/{id}', { params: { path: { id: company.id }, header: { 'If-Match': ifMatch(company.version) } }, body }))
      : ok(await api().POST('/companies', { body }));
  }, onSaved);
  return (
    <Panel title={company ? `Edit ${company.name}` : 'New company'} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <Field label="Name" required value={form.name} onChange={set('name')} error={errors.name} autoFocus />
        <Field label="Domains" value={form.domains} onChange={set('domains')} error={errors.domains} hint="Mail from these domains is linked to the company" />
        <Field label="Website" value={form.website} onChange={set('website')} error={errors.website} />
        <SelectField label="Tier" value={form.tier} onChange={set('tier')} error={errors.tier}>
          <option value="normal">normal</option><option value="important">important</option>
          <option value="vip">vip</option><option value="key_account">key account</option>
        </SelectField>
        <Field label="Tags" value={form.tags} onChange={set('tags')} error={errors.tags} />
        <OwnerField admin={admin} value={form.ownerId} onChange={set('ownerId')} error={errors.ownerId} />
        {otherError && <ErrorState error={otherError} />}
        <FormActions saving={save.isPending} onCancel={onClose} />
      </form>
    </Panel>
  );
}
