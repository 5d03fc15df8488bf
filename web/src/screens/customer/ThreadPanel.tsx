import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, ok } from '../../api';
import { addressOf, dateTime } from '../../ui/format';
import { Panel } from '../../ui/panel';
import { QueryView } from '../../ui/states';
import { DraftPanel } from '../orders/DraftPanel';
import { OrderStatus } from '../orders/OrderStatus';

/** One thread: its messages, the open one in full, and Convert to order when the mail allows it. */
export function ThreadPanel({ threadId, messageId, onClose }: { threadId: string; messageId: string; onClose: () => void }) {
  const [openId, setOpenId] = useState(messageId);
  const [drafting, setDrafting] = useState(false);
  const thread = useQuery({ queryKey: ['thread', threadId], queryFn: async () => ok(await api().GET('/threads/{id}', { params: { path: { id: threadId } } })) });
  const message = useQuery({ queryKey: ['message', openId], queryFn: async () => ok(await api().GET('/messages/{id}', { params: { path: { id: openId } } })) });
  if (drafting && message.data) return <DraftPanel message={message.data} onClose={() => setDrafting(false)} />;
  return (
    <Panel title={thread.data?.subject || 'Thread'} onClose={onClose} wide>
      <QueryView query={thread} what="the thread">
        {(t) => (
          <ul className="messages" aria-label="Messages in this thread">
            {t.messages.map((m) => (
              <li key={m.id}>
                <button type="button" aria-pressed={m.id === openId} onClick={() => setOpenId(m.id)}>
                  {dateTime(m.date)} · {m.direction === 'inbound' ? 'from' : 'to'} {addressOf(m.direction === 'inbound' ? m.sender : m.to[0])}
                </button>
              </li>
            ))}
          </ul>
        )}
      </QueryView>
      <QueryView query={message} what="the message">
        {(m) => (
          <article className="message" aria-label="Message">
            <header>
              <h3>{m.subject || '(no subject)'}</h3>
              <p>From {addressOf(m.sender)} to {m.to.map(addressOf).join(', ')} · {dateTime(m.date)}</p>
              {m.parseStatus === 'unparsed' && <p className="notice">This mail could not be read in full; only its headers were kept.</p>}
            </header>
            {m.html !== null
              // The API has sanitized the HTML already; the sandbox (no scripts, no same origin) is a second wall.
              ? <iframe className="mail-html" title={`Body of ${m.subject}`} sandbox="" srcDoc={m.html} />
              : <pre className="mail-text">{m.text}</pre>}
            {m.attachments.length > 0 && (
              <ul className="attachments" aria-label="Attachments">
                {m.attachments.map((a) => <li key={a.index}>{a.filename} ({Math.ceil(a.size / 1024)} KB)</li>)}
              </ul>
            )}
            <div className="actions">
              {m.convertible && <button type="button" className="primary" onClick={() => setDrafting(true)}>Convert to order</button>}
              {!m.convertible && m.orderId === null && m.direction === 'inbound' && m.automated && <p>Automated mail ({m.automated.replace('_', ' ')}) does not become an order.</p>}
            </div>
            {m.orderId && <OrderStatus orderId={m.orderId} />}
          </article>
        )}
      </QueryView>
    </Panel>
  );
}
