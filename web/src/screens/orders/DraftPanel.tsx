import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, ok, type Schemas } from '../../api';
import { Field, SelectField } from '../../ui/field';
import { money } from '../../ui/format';
import { Panel } from '../../ui/panel';
import { ErrorState, Loading } from '../../ui/states';
import { OrderStatus } from './OrderStatus';

type DraftLine = Schemas['DraftOrder']['lines'][number];
interface Line {
  key: string; productId: string; sku: string; description: string; unitAmount: number; quantity: number; warnings: string[];
  /** The words of the mail the parser read this line from (absent on lines staff added). */
  source?: DraftLine['source'];
  match?: DraftLine['match'];
}

const fromDraft = (l: DraftLine, i: number): Line => ({
  key: `d${i}`, productId: l.productId, sku: l.sku, description: l.description, unitAmount: l.unitAmount, quantity: l.quantity,
  warnings: l.warnings, source: l.source, match: l.match,
});
const MATCH_WORDS: Record<DraftLine['match'], string> = { sku: 'by SKU', alias: 'by alias', name_tokens: 'by name', fuzzy: 'by a close spelling' };

/** Convert to order: the parsed draft with editable lines, a catalog picker, totals and Confirm & send pay link. */
export function DraftPanel({ message, onClose }: { message: Schemas['Message']; onClose: () => void }) {
  const draft = useQuery({
    queryKey: ['draft', message.id],
    queryFn: async () => ok(await api().POST('/messages/{id}/draft-order', { params: { path: { id: message.id } } })),
    staleTime: Infinity,
  });
  const products = useQuery({ queryKey: ['products', 'active'], queryFn: async () => ok(await api().GET('/products', { params: { query: { limit: 100 } } })) });
  const [lines, setLines] = useState<Line[]>([]);
  const [customerEmail, setCustomerEmail] = useState('');
  const [memo, setMemo] = useState('');
  const [pick, setPick] = useState('');
  // One key per opened draft: a retried click returns the same order instead of a second one.
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  useEffect(() => {
    if (!draft.data) return;
    setLines(draft.data.lines.map(fromDraft));
    setCustomerEmail(draft.data.customerEmail);
    setMemo(draft.data.memo);
  }, [draft.data]);
  const currency = draft.data?.currency ?? products.data?.items.find((p) => p.id === lines[0]?.productId)?.currency ?? null;
  const total = lines.reduce((sum, l) => sum + l.unitAmount * l.quantity, 0);
  const queries = useQueryClient();
  const confirm = useMutation({
    mutationFn: async () => ok(await api().POST('/orders', {
      params: { header: { 'Idempotency-Key': idempotencyKey } },
      body: {
        messageId: message.id, customerEmail, memo, ...(currency ? { currency } : {}),
        lines: lines.map((l) => ({ productId: l.productId, sku: l.sku, description: l.description, quantity: l.quantity, unitAmount: l.unitAmount })),
      },
    })),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['message', message.id] }),
  });
  const errors = confirm.error instanceof ApiError ? confirm.error.fieldErrors() : {};
  const setQuantity = (key: string, quantity: number) => setLines((ls) => ls.map((l) => (l.key === key ? { ...l, quantity } : l)));
  const addProduct = () => {
    const p = products.data?.items.find((x) => x.id === pick);
    if (!p) return;
    setLines((ls) => [...ls, { key: `p${Date.now()}`, productId: p.id, sku: p.sku, description: p.name, unitAmount: p.unitAmount, quantity: 1, warnings: [] }]);
    setPick('');
  };
  const submit = (e: FormEvent) => { e.preventDefault(); confirm.mutate(); };
  if (confirm.data) {
    return (
      <Panel title="Order sent" onClose={onClose} wide>
        <p>The pay link went to {confirm.data.customerEmail}.</p>
        <OrderStatus orderId={confirm.data.id} />
      </Panel>
    );
  }
  return (
    <Panel title="Draft order" onClose={onClose} wide>
      {draft.isPending && <Loading what="the draft" />}
      {draft.error && <ErrorState error={draft.error} retry={() => void draft.refetch()} />}
      {draft.data && (
        <form onSubmit={submit} noValidate aria-label="Draft order">
          <blockquote className="source" aria-label="The customer's mail">{message.text.slice(0, 600)}</blockquote>
          {draft.data.warnings.length > 0 && <ul className="warnings" aria-label="Warnings">{draft.data.warnings.map((w) => <li key={w}>{w}</li>)}</ul>}
          <Field label="Customer email" type="email" value={customerEmail} onChange={(e) => setCustomerEmail(e.target.value)} error={errors.customerEmail} />
          <Field label="Memo" value={memo} onChange={(e) => setMemo(e.target.value)} error={errors.memo} />
          <table className="grid lines" aria-label="Order lines">
            <thead><tr><th scope="col">Item</th><th scope="col">Quantity</th><th scope="col">Unit</th><th scope="col">Amount</th><th scope="col"><span className="sr-only">Remove</span></th></tr></thead>
            <tbody>
              {lines.map((l, i) => (
                <tr key={l.key}>
                  <td>
                    <strong>{l.description}</strong> <small>{l.sku}</small>
                    {l.source && (
                      <div className="read-from">
                        read {l.source.start < 0 ? 'in the subject' : 'from'} <q>{l.source.text}</q>{l.match && ` (${MATCH_WORDS[l.match]})`}
                      </div>
                    )}
                    {l.warnings.map((w) => <div key={w} className="warning">{w}</div>)}
                    {errors.lines && <div className="field-error">{confirm.error instanceof ApiError && confirm.error.problem?.errors?.find((e) => e.pointer.startsWith(`#/lines/${i}`))?.detail}</div>}
                  </td>
                  <td><input type="number" min={1} step={1} aria-label={`Quantity of ${l.description}`} value={l.quantity} onChange={(e) => setQuantity(l.key, Math.max(1, Math.floor(Number(e.target.value) || 1)))} /></td>
                  <td>{money(l.unitAmount, currency)}</td>
                  <td>{money(l.unitAmount * l.quantity, currency)}</td>
                  <td><button type="button" aria-label={`Remove ${l.description}`} onClick={() => setLines((ls) => ls.filter((x) => x.key !== l.key))}>×</button></td>
                </tr>
              ))}
              {lines.length === 0 && <tr><td colSpan={5}>No line was recognized in this mail; add products from the catalog.</td></tr>}
            </tbody>
            <tfoot><tr><th scope="row" colSpan={3}>Total</th><td data-testid="order-total">{money(total, currency)}</td><td /></tr></tfoot>
          </table>
          <div className="picker">
            <SelectField label="Add from catalog" value={pick} onChange={(e) => setPick(e.target.value)}>
              <option value="">Choose a product…</option>
              {products.data?.items.filter((p) => p.active && (!currency || p.currency === currency)).map((p) => (
                <option key={p.id} value={p.id}>{p.name} ({p.sku}) {money(p.unitAmount, p.currency)}</option>
              ))}
            </SelectField>
            <button type="button" onClick={addProduct} disabled={!pick}>Add line</button>
          </div>
          {confirm.error && Object.keys(errors).length === 0 && <ErrorState error={confirm.error} />}
          <div className="actions">
            <button type="submit" className="primary" disabled={lines.length === 0 || confirm.isPending}>
              {confirm.isPending ? 'Sending…' : 'Confirm & send pay link'}
            </button>
            <button type="button" onClick={onClose}>Cancel</button>
          </div>
        </form>
      )}
    </Panel>
  );
}
