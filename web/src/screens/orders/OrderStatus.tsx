import { useMutation, useQuery } from '@tanstack/react-query';
import { api, ok } from '../../api';
import { dateTime, money } from '../../ui/format';
import { ErrorState, QueryView } from '../../ui/states';

const POLL_MS = 3_000;
const LABEL: Record<string, string> = {
  awaiting_payment: 'Awaiting payment', paid: 'Paid', payment_failed: 'Payment failed', expired: 'Link expired', refunded: 'Refunded',
};

/** An order's live status (polled while it waits for payment), its lines and Resend link. */
export function OrderStatus({ orderId }: { orderId: string }) {
  const order = useQuery({
    queryKey: ['order', orderId],
    queryFn: async () => ok(await api().GET('/orders/{id}', { params: { path: { id: orderId } } })),
    refetchInterval: (q) => (q.state.data?.status === 'awaiting_payment' ? POLL_MS : false),
  });
  const resend = useMutation({
    mutationFn: async () => ok(await api().POST('/orders/{id}/resend-link', { params: { path: { id: orderId } } })),
    onSuccess: () => void order.refetch(),
  });
  return (
    <QueryView query={order} what="the order">
      {(o) => (
        <section className="order" aria-label="Order">
          <h3>Order <span className={`badge ${o.status}`} data-testid="order-status" role="status">{LABEL[o.status] ?? o.status}</span></h3>
          <ul>{o.lines.map((l, i) => <li key={i}>{l.quantity} × {l.description} — {money(l.amount, o.currency)}</li>)}</ul>
          <p>Total <strong>{money(o.total, o.currency)}</strong> · to {o.customerEmail}</p>
          {o.flag && <p className="notice" role="note">A payment did not match this order: {o.flag.reason}</p>}
          {o.checkoutUrl && o.status === 'awaiting_payment' && (
            <p>Pay link: <a href={o.checkoutUrl} target="_blank" rel="noreferrer">open checkout</a> (expires {dateTime(o.checkoutExpiresAt)})</p>
          )}
          {(o.status === 'awaiting_payment' || o.status === 'expired') && (
            <button type="button" onClick={() => resend.mutate()} disabled={resend.isPending}>Resend link</button>
          )}
          {resend.isSuccess && <p role="status">A new pay link was sent.</p>}
          {resend.error && <ErrorState error={resend.error} />}
        </section>
      )}
    </QueryView>
  );
}
