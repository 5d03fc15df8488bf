import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, ok, type Schemas } from '../../api';
import { Field, SelectField } from '../../ui/field';
import { ifMatch, listOf } from '../../ui/list-input';
import { ErrorState, QueryView } from '../../ui/states';

type Rules = Schemas['MailRulesVersion']['rules'];

/** The Space's mail rules: what is imported, blocked senders, the Space's own domains (docs/mail-rules.md). */
export function MailRulesSection() {
  const queries = useQueryClient();
  const rules = useQuery({ queryKey: ['mail-rules'], queryFn: async () => ok(await api().GET('/settings/mail-rules')) });
  const [draft, setDraft] = useState<Rules | undefined>();
  const [blocklist, setBlocklist] = useState('');
  const [internalDomains, setInternalDomains] = useState('');
  useEffect(() => {
    if (!rules.data) return;
    setDraft(rules.data.rules);
    setBlocklist(rules.data.rules.blocklist.join(', '));
    setInternalDomains(rules.data.rules.internalDomains.join(', '));
  }, [rules.data]);
  const save = useMutation({
    mutationFn: async () => ok(await api().PUT('/settings/mail-rules', {
      params: { header: { 'If-Match': ifMatch(rules.data!.version) } },
      body: { ...draft!, blocklist: listOf(blocklist), internalDomains: listOf(internalDomains) },
    })),
    onSuccess: (saved) => queries.setQueryData(['mail-rules'], saved),
  });
  const errors = save.error instanceof ApiError ? save.error.fieldErrors() : {};
  const submit = (e: FormEvent) => { e.preventDefault(); save.mutate(); };
  return (
    <section aria-labelledby="rules-title">
      <h2 id="rules-title">Mail rules</h2>
      <QueryView query={rules} what="mail rules">
        {() => draft && (
          <form onSubmit={submit} noValidate aria-label="Mail rules" className="inline-form">
            <SelectField label="Import" value={draft.importPolicy} onChange={(e) => setDraft({ ...draft, importPolicy: e.target.value as Rules['importPolicy'] })} error={errors.importPolicy}>
              <option value="all">all mail</option><option value="only_linkable">only mail of known customers</option>
            </SelectField>
            {draft.importPolicy === 'only_linkable' && (
              <SelectField label="Mail of unknown senders" value={draft.unlinkableMail} onChange={(e) => setDraft({ ...draft, unlinkableMail: e.target.value as Rules['unlinkableMail'] })} error={errors.unlinkableMail}>
                <option value="skip">not imported</option><option value="headers_only">headers only</option>
              </SelectField>
            )}
            <Field label="Blocked senders or domains" value={blocklist} onChange={(e) => setBlocklist(e.target.value)} error={errors.blocklist} />
            <Field label="Our own domains (never customers)" value={internalDomains} onChange={(e) => setInternalDomains(e.target.value)} error={errors.internalDomains} />
            <button type="submit" disabled={save.isPending}>Save rules</button>
            {save.isSuccess && <span role="status">Saved.</span>}
          </form>
        )}
      </QueryView>
      {save.error && Object.keys(errors).length === 0 && <ErrorState error={save.error} />}
    </section>
  );
}
