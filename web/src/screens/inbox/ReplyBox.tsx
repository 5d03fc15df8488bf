import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { operations } from '../../../../shared/client/api-types.js';
import { api, ok } from '../../api';
import { ErrorState } from '../../ui/states';

type SentReply = operations['replyToThread']['responses'][201]['content']['application/json'];

/** A plain-text reply to the thread's newest customer message; the API sends it and files it in Sent. */
export function ReplyBox({ threadId, onSent }: { threadId: string; onSent: (sent: SentReply) => void }) {
  const [text, setText] = useState('');
  const send = useMutation({
    mutationFn: async () => ok(await api().POST('/threads/{id}/reply', { params: { path: { id: threadId } }, body: { text } })),
    onSuccess: (sent) => { setText(''); onSent(sent); },
  });
  return (
    <form className="reply" aria-label="Reply" onSubmit={(e) => { e.preventDefault(); if (text.trim()) send.mutate(); }}>
      <label className="field">Reply
        <textarea rows={4} value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      <div className="actions">
        <button type="submit" className="primary" disabled={send.isPending || !text.trim()}>{send.isPending ? 'Sending…' : 'Send reply'}</button>
      </div>
      {send.isSuccess && <p role="status" className="ok">Sent to {send.data.to.join(', ')}.</p>}
      {send.error && <ErrorState error={send.error} />}
    </form>
  );
}
