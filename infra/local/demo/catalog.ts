import { DEMO_SPACE_ID, type Seeder } from './seed.js';

/** The demo Space's catalog: the products the demo mails ask for, and neighbours that make it realistic. */
export const DEMO_PRODUCTS = [
  { sku: 'WID-LB-001', name: 'Large Black Widget', unitAmount: 2500, currency: 'USD' },
  { sku: 'WID-SB-001', name: 'Small Black Widget', unitAmount: 1500, currency: 'USD' },
  { sku: 'WID-LR-001', name: 'Large Red Widget', unitAmount: 2600, currency: 'USD' },
  { sku: 'GAD-SR-001', name: 'Small Red Gadget', unitAmount: 1299, currency: 'USD' },
  { sku: 'GAD-PRO', name: 'Gadget Pro', aliases: ['GadgetPro'], unitAmount: 14900, currency: 'USD' },
  { sku: 'BOLT-M8', name: 'M8 Bolt', unitAmount: 35, currency: 'USD' },
  { sku: 'CAB-2M', name: '2m Cable', unitAmount: 899, currency: 'USD' },
] as const;

/** Creates the catalog through the API; products that exist already (409 duplicate-sku) are kept. */
export const demoCatalogSeeder: Seeder = async ({ stack, tokens, log }) => {
  let created = 0;
  for (const product of DEMO_PRODUCTS) {
    const res = await fetch(`${stack.apiUrl}/products`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens[DEMO_SPACE_ID]}`, 'content-type': 'application/json' },
      body: JSON.stringify(product),
    });
    if (res.status === 201) created++;
    else if (res.status !== 409) log('demo product not created', { sku: product.sku, status: res.status });
  }
  log('demo catalog ready', { created, products: DEMO_PRODUCTS.length });
};
