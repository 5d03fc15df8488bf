import { Field, SelectField } from '../../ui/field';

type Security = 'tls' | 'starttls' | 'plain';

/** A mail server's host, port and security, and the no-TLS consent `plain` needs; errors from the API sit under each. */
export function ServerFields({ protocol, host, port, security, allowInsecure, errors, onChange, onAllowInsecure, portHint }: {
  protocol: 'IMAP' | 'SMTP';
  host: string;
  port: string;
  security: Security;
  allowInsecure: boolean;
  errors: Record<string, string>;
  onChange: (key: 'host' | 'port' | 'security') => (e: { target: { value: string } }) => void;
  onAllowInsecure: (allowed: boolean) => void;
  portHint?: string;
}) {
  return (
    <>
      <Field label={`${protocol} host`} value={host} onChange={onChange('host')} error={errors.host} placeholder={`${protocol.toLowerCase()}.example.com`} autoFocus />
      <Field label={`${protocol} port`} type="number" value={port} onChange={onChange('port')} error={errors.port} hint={portHint} />
      <SelectField label={`${protocol} security`} value={security} onChange={onChange('security')} error={errors.security}>
        <option value="tls">TLS</option><option value="starttls">STARTTLS</option><option value="plain">None (local only)</option>
      </SelectField>
      {security === 'plain' && (
        <label className="check">
          <input type="checkbox" checked={allowInsecure} onChange={(e) => onAllowInsecure(e.target.checked)} />
          Send the {protocol === 'IMAP' ? 'password' : 'login'} without TLS (a server on this machine or network only)
        </label>
      )}
    </>
  );
}
