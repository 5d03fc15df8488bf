import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError, ok, type Schemas } from '../../api';
import { Field, SelectField } from '../../ui/field';
import { ifMatch, listOf } from '../../ui/list-input';
import { Panel } from '../../ui/panel';
import { ErrorState } from '../../ui/states';
import { fieldOfKind } from './advice';

type Security = 'tls' | 'starttls' | 'plain';

/**
 * Connect (or reconnect) a mailbox: Test first, with a failure shown next to the field it concerns,
 * then Connect with the folders the test found.
 */
export function ConnectForm({ mailbox, onClose }: { mailbox?: Schemas['Mailbox']; onClose: () => void }) {
  const [form, setForm] = useState({
    host: mailbox?.host ?? '', port: String(mailbox?.port ?? 993), security: (mailbox?.security ?? 'tls') as Security,
    username: mailbox?.username ?? '', password: '', addresses: mailbox?.addresses.join(', ') ?? '',
  });
  const [allowInsecure, setAllowInsecure] = useState(mailbox?.allowInsecure ?? false);
  const body = () => ({
    host: form.host.trim(), port: Number(form.port), security: form.security, username: form.username.trim(),
    password: form.password, allowInsecure: form.security === 'plain' && allowInsecure,
    ...(form.addresses.trim() ? { addresses: listOf(form.addresses) } : {}),
  });
  const queries = useQueryClient();
  const test = useMutation({ mutationFn: async () => ok(await api().POST('/mailboxes/test', { body: body() })) });
  const connect = useMutation({
    mutationFn: async () => {
      const folders = test.data?.suggestedFolders;
      return mailbox
        ? ok(await api().PATCH('/mailboxes/{id}', { params: { path: { id: mailbox.id }, header: { 'If-Match': ifMatch(mailbox.version) } }, body: { ...body(), paused: false, ...(folders ? { folders } : {}) } }))
        : ok(await api().POST('/mailboxes', { body: { ...body(), ...(folders ? { folders } : {}) } }));
    },
    onSuccess: async () => { await queries.invalidateQueries({ queryKey: ['mailboxes'] }); onClose(); },
  });
  const failure = connect.error ?? test.error;
  const errors: Record<string, string> = failure instanceof ApiError ? failure.fieldErrors() : {};
  if (failure instanceof ApiError && failure.problem?.kind !== undefined) errors[fieldOfKind(failure.problem.kind)] = failure.message;
  const general = failure && (Object.keys(errors).length === 0 || errors.form) ? failure : undefined;
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => {
    setForm({ ...form, [key]: e.target.value });
    test.reset();
    connect.reset();
  };
  const submit = (e: FormEvent) => { e.preventDefault(); test.mutate(); };
  return (
    <Panel title={mailbox ? `Reconnect ${mailbox.username}` : 'Connect a mailbox'} onClose={onClose}>
      <form onSubmit={submit} noValidate aria-label="Mailbox connection">
        <Field label="IMAP host" value={form.host} onChange={set('host')} error={errors.host} placeholder="imap.example.com" autoFocus />
        <Field label="Port" type="number" value={form.port} onChange={set('port')} error={errors.port} />
        <SelectField label="Security" value={form.security} onChange={set('security')} error={errors.security}>
          <option value="tls">TLS</option><option value="starttls">STARTTLS</option><option value="plain">None (local only)</option>
        </SelectField>
        {form.security === 'plain' && (
          <label className="check">
            <input type="checkbox" checked={allowInsecure} onChange={(e) => { setAllowInsecure(e.target.checked); test.reset(); }} />
            Send the password without TLS (a server on this machine or network only)
          </label>
        )}
        <Field label="Username" value={form.username} onChange={set('username')} error={errors.username} autoComplete="off" />
        <Field label="App password" type="password" value={form.password} onChange={set('password')} error={errors.password} autoComplete="new-password" />
        <Field label="Your addresses" value={form.addresses} onChange={set('addresses')} error={errors.addresses} hint="Mail from these is yours (outbound); default: the username" />
        {general && <ErrorState error={general} />}
        {test.data && <p className="ok" role="status">Connection works. Folders to sync: {test.data.suggestedFolders.map((f) => f.path).join(', ')}</p>}
        <div className="actions">
          <button type="submit" disabled={test.isPending}>{test.isPending ? 'Testing…' : 'Test'}</button>
          <button type="button" className="primary" disabled={!test.data || connect.isPending} onClick={() => connect.mutate()}>{mailbox ? 'Reconnect' : 'Connect'}</button>
          <button type="button" onClick={onClose}>Cancel</button>
        </div>
      </form>
    </Panel>
  );
}
