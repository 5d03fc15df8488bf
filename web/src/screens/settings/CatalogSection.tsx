import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError, ok } from '../../api';
import { Field } from '../../ui/field';
import { listOf } from '../../ui/list-input';
import { money, toMinor } from '../../ui/format';
import { Empty, ErrorState, QueryView } from '../../ui/states';

/** The product catalog the order parser matches against: list, add, deactivate. */
export function CatalogSection() {
  const queries = useQueryClient();
  const products = useQuery({ queryKey: ['products', 'all'], queryFn: async () => ok(await api().GET('/products', { params: { query: { limit: 100 } } })) });
  const [form, setForm] = useState({ sku: '', name: '', price: '', currency: 'USD', aliases: '' });
  const create = useMutation({
    mutationFn: async () => ok(await api().POST('/products', { body: {
      sku: form.sku, name: form.name, currency: form.currency.toUpperCase(),
      unitAmount: toMinor(form.price, form.currency.toUpperCase() || 'USD'), aliases: listOf(form.aliases),
    } })),
    onSuccess: async () => { setForm({ ...form, sku: '', name: '', price: '', aliases: '' }); await queries.invalidateQueries({ queryKey: ['products'] }); },
  });
  const deactivate = useMutation({
    mutationFn: async (id: string) => ok(await api().DELETE('/products/{id}', { params: { path: { id } } })),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['products'] }),
  });
  const errors = create.error instanceof ApiError ? create.error.fieldErrors() : {};
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });
  const submit = (e: FormEvent) => { e.preventDefault(); create.mutate(); };
  return (
    <section aria-labelledby="catalog-title">
      <h2 id="catalog-title">Catalog</h2>
      <QueryView query={products} what="products">
        {(data) => data.items.length === 0 ? <Empty>No products yet: orders need them.</Empty> : (
          <table className="grid" aria-label="Products">
            <thead><tr><th scope="col">SKU</th><th scope="col">Name</th><th scope="col">Price</th><th scope="col" className="wide-only">Also called</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
            <tbody>
              {data.items.map((p) => (
                <tr key={p.id} className={p.active ? '' : 'inactive'}>
                  <td>{p.sku}</td><td>{p.name}</td><td>{money(p.unitAmount, p.currency)}</td>
                  <td className="wide-only">{p.aliases.join(', ')}</td>
                  <td>{p.active ? <button type="button" onClick={() => deactivate.mutate(p.id)}>Deactivate</button> : 'inactive'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryView>
      {deactivate.error && <ErrorState error={deactivate.error} />}
      <form className="inline-form" onSubmit={submit} noValidate aria-label="New product">
        <Field label="SKU" value={form.sku} onChange={set('sku')} error={errors.sku} />
        <Field label="Name" value={form.name} onChange={set('name')} error={errors.name} />
        <Field label="Price" inputMode="decimal" value={form.price} onChange={set('price')} error={errors.unitAmount} />
        <Field label="Currency" value={form.currency} onChange={set('currency')} error={errors.currency} maxLength={3} />
        <Field label="Also called" value={form.aliases} onChange={set('aliases')} error={errors.aliases} />
        <button type="submit" disabled={create.isPending}>Add product</button>
      </form>
      {create.error && Object.keys(errors).length === 0 && <ErrorState error={create.error} />}
    </section>
  );
}
