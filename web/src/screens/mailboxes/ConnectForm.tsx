import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ok, type Schemas } from '../../api';
import { Field } from '../../ui/field';
import { ifMatch, listOf } from '../../ui/list-input';
import { Panel } from '../../ui/panel';
import { ErrorState } from '../../ui/states';
import { mailboxFormErrors } from './advice';
import { ServerFields } from './ServerFields';

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
  const { errors, general } = mailboxFormErrors(connect.error ?? test.error);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => {
    setForm({ ...form, [key]: e.target.value });
    test.reset();
    connect.reset();
  };
  const submit = (e: FormEvent) => { e.preventDefault(); test.mutate(); };
  return (
    <Panel title={mailbox ? `Reconnect ${mailbox.username}` : 'Connect a mailbox'} onClose={onClose}>
      <form onSubmit={submit} noValidate aria-label="Mailbox connection">
        <ServerFields protocol="IMAP" host={form.host} port={form.port} security={form.security} allowInsecure={allowInsecure} errors={errors}
          onChange={set} onAllowInsecure={(allowed) => { setAllowInsecure(allowed); test.reset(); }} />
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
