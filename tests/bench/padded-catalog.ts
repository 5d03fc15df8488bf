import type { CatalogProduct } from '../../shared/domain/orders/parse-order-lines.js';

const ADJECTIVES = ['Heavy', 'Light', 'Compact', 'Industrial', 'Premium', 'Basic', 'Marine', 'Outdoor', 'Mini', 'Ultra'];
const MATERIALS = ['Steel', 'Copper', 'Oak', 'Nylon', 'Carbon', 'Ceramic', 'Rubber', 'Glass', 'Titanium', 'Bamboo'];
const NOUNS = ['Bracket', 'Clamp', 'Valve', 'Spring', 'Pulley', 'Nozzle', 'Socket', 'Flange', 'Gasket', 'Spindle'];

/** A catalog of `size` products: the given ones plus generated "Heavy Steel Bracket"-style names. */
export function paddedCatalog(products: readonly CatalogProduct[], size = 1_000): CatalogProduct[] {
  const generated: CatalogProduct[] = [];
  for (let i = 0; generated.length < size - products.length; i++) {
    const name = `${ADJECTIVES[i % 10]} ${MATERIALS[Math.floor(i / 10) % 10]} ${NOUNS[Math.floor(i / 100) % 10]}${i >= 1000 ? ` ${i}` : ''}`;
    generated.push({ id: `gen_${i}`, sku: `GEN-${String(i).padStart(4, '0')}`, name, aliases: [], active: true });
  }
  return [...products, ...generated];
}
