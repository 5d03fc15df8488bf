import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, ok } from '../../api';
import { navigate } from '../../router';
import { Panel } from '../../ui/panel';
import { ErrorState } from '../../ui/states';

interface Record { id: string; name: string }

/** Merge two or more records into the one kept: preview what moves, then merge. */
export function MergePanel({ kind, records, onClose, onMerged }: { kind: 'contact' | 'company'; records: Record[]; onClose: () => void; onMerged: () => void }) {
  const [masterId, setMasterId] = useState(records[0]!.id);
  const mergedIds = records.filter((r) => r.id !== masterId).map((r) => r.id);
  const queries = useQueryClient();
  const run = async (preview: boolean) => {
    const body = { masterId, mergedIds, preview };
    return kind === 'contact'
      ? ok(await api().POST('/contacts/merge', { body }))
      : ok(await api().POST('/companies/merge', { body }));
  };
  const preview = useMutation({ mutationFn: () => run(true) });
  const merge = useMutation({
    mutationFn: () => run(false),
    onSuccess: async (result) => {
      await queries.invalidateQueries();
      onMerged();
      navigate(`/${kind === 'contact' ? 'contacts' : 'companies'}/${result.masterId}`);
    },
  });
  return (
    <Panel title={`Merge ${records.length} ${kind === 'contact' ? 'contacts' : 'companies'}`} onClose={onClose}>
      <fieldset>
        <legend>Keep</legend>
        {records.map((r) => (
          <label key={r.id} className="check">
            <input type="radio" name="master" checked={masterId === r.id} onChange={() => { setMasterId(r.id); preview.reset(); }} /> {r.name}
          </label>
        ))}
      </fieldset>
      <p>The others are merged into it: their mail, orders and links move, and they become read-only.</p>
      <div className="actions">
        <button type="button" onClick={() => preview.mutate()} disabled={preview.isPending}>Preview</button>
        <button type="button" className="primary" disabled={!preview.data || merge.isPending} onClick={() => merge.mutate()}>Merge</button>
      </div>
      {preview.error && <ErrorState error={preview.error} />}
      {merge.error && <ErrorState error={merge.error} />}
      {preview.data && (
        <section aria-label="Merge preview" className="preview">
          <h3>After the merge</h3>
          <p><strong>{preview.data.record.name}</strong></p>
          {'emails' in preview.data.record && <p>Emails: {preview.data.record.emails.join(', ')}</p>}
          {'domains' in preview.data.record && <p>Domains: {preview.data.record.domains.join(', ')}</p>}
          <p>Tags: {preview.data.record.tags.join(', ') || '—'}</p>
          <ul>
            {Object.entries(preview.data.moved).map(([what, n]) => <li key={what}>{n} {what} move</li>)}
          </ul>
        </section>
      )}
    </Panel>
  );
}
