import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ok, type Schemas } from '../../api';
import { Field, SelectField } from '../../ui/field';
import { FormActions } from '../../ui/form-actions';
import { ifMatch } from '../../ui/list-input';
import { Panel } from '../../ui/panel';
import { ErrorState } from '../../ui/states';
import { mailboxFormErrors } from './advice';
import { ServerFields } from './ServerFields';

type Security = 'tls' | 'starttls' | 'plain';
type Auth = 'mailbox' | 'separate';

/**
 * Save a mailbox's SMTP settings (PUT with If-Match). A problem is shown next to the field it names:
 * a validation pointer, or the kind of a failed test of the mailbox password (wrong password, refused host).
 */
export function SmtpForm({ mailbox: m, onClose }: { mailbox: Schemas['Mailbox']; onClose: () => void }) {
  const s = m.smtp;
  const [form, setForm] = useState({
    host: s?.host ?? '', port: s ? String(s.port) : '', security: (s?.security ?? 'tls') as Security, auth: (s?.auth ?? 'mailbox') as Auth,
    username: s?.auth === 'separate' ? s.username : '', password: '',
  });
  const [allowInsecure, setAllowInsecure] = useState(s?.allowInsecure ?? false);
  const [appendToSent, setAppendToSent] = useState(s?.appendToSent ?? true);
  const queries = useQueryClient();
  const save = useMutation({
    mutationFn: async () => ok(await api().PUT('/mailboxes/{id}/smtp', {
      params: { path: { id: m.id }, header: { 'If-Match': ifMatch(m.version) } },
      body: {
        host: form.host.trim(), security: form.security, auth: form.auth, appendToSent,
        allowInsecure: form.security === 'plain' && allowInsecure,
        ...(form.port.trim() ? { port: Number(form.port) } : {}),
        ...(form.auth === 'separate' ? { username: form.username.trim() } : {}),
        ...(form.password ? { password: form.password } : {}),
      },
    })),
    onSuccess: async () => { await queries.invalidateQueries({ queryKey: ['mailboxes'] }); onClose(); },
  });
  const { errors, general } = mailboxFormErrors(save.error);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => { setForm({ ...form, [key]: e.target.value }); save.reset(); };
  const submit = (e: FormEvent) => { e.preventDefault(); save.mutate(); };
  const oauthLogin = m.oauth !== undefined && form.auth === 'mailbox';
  return (
    <Panel title={`SMTP for ${m.username}`} onClose={onClose}>
      <form onSubmit={submit} noValidate aria-label="SMTP settings">
        <ServerFields protocol="SMTP" host={form.host} port={form.port} security={form.security} allowInsecure={allowInsecure} errors={errors}
          onChange={set} onAllowInsecure={(allowed) => { setAllowInsecure(allowed); save.reset(); }} portHint="Empty: 465 with TLS, else 587" />
        <SelectField label="Login" value={form.auth} onChange={set('auth')} error={errors.auth}>
          <option value="mailbox">The mailbox&apos;s own login</option><option value="separate">A separate SMTP login</option>
        </SelectField>
        {form.auth === 'separate' && <Field label="SMTP username" value={form.username} onChange={set('username')} error={errors.username} autoComplete="off" />}
        {oauthLogin
          ? <p className="hint">This mailbox signs in with {m.oauth!.provider}: its token is sent only to that provider&apos;s SMTP server.</p>
          : <Field label={form.auth === 'separate' ? 'SMTP password' : 'Mailbox password (again)'} type="password" value={form.password} onChange={set('password')}
            error={errors.password} autoComplete="new-password"
            hint={form.auth === 'separate' ? 'Needed when the server or login changes' : 'Needed when the server changes; tested against the IMAP server first'} />}
        <label className="check">
          <input type="checkbox" checked={appendToSent} onChange={(e) => { setAppendToSent(e.target.checked); save.reset(); }} />
          File a copy in Sent (turn off for Gmail and Microsoft 365, which file their own)
        </label>
        {general && <ErrorState error={general} />}
        <FormActions saving={save.isPending} onCancel={onClose} />
      </form>
    </Panel>
  );
}
